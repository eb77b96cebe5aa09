// PNG and PDF output through Cairo, painting the same scene as the SVG writer.
//
// Thread safety: both functions may run concurrently in different threads. Each thread draws
// text through its own Pango font map (created on the thread's first call, released when it
// ends); Cairo and fontconfig are internally locked.
#pragma once

#include "merrow/scene/scene.hpp"

#include <optional>
#include <ostream>
#include <stdexcept>

namespace merrow::render {

class PangoTextMeasurer;

/// Output size. The drawing is first fitted into `width` × `height` (whichever are given; both:
/// the largest size inside both, aspect ratio kept), then multiplied by `scale`. So
/// {width = 800, scale = 2} gives a 1600 px wide PNG, like mmdc's -w and -s.
struct RasterOptions {
    double scale = 1;             ///< device pixels per px (PNG) or points per px (PDF)
    std::optional<double> width;  ///< fit into this width (keeps the aspect ratio)
    std::optional<double> height; ///< fit into this height (keeps the aspect ratio)
    /// Draw text with this measurer's fonts (one made with FontBackend::cairo; ignored
    /// otherwise), so that what was loaded to measure the labels is not loaded again. It must
    /// not be in use on another thread during the call.
    const PangoTextMeasurer* fonts = nullptr;
};

/// Thrown when the Cairo module cannot be loaded (missing, or from another build): a problem of
/// the installation, not of the diagram.
class CairoUnavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// PNG and PDF output (and SvgText::paths) go through Cairo, in a module (merrow-cairo.so)
// loaded on first use: an SVG-only run never pays for loading Cairo.

/// An 8-bit PNG (RGBA; RGB when every pixel is opaque), transparent where the scene has no
/// background; each side rounded up to whole pixels. Text: grayscale antialiasing, no hinting.
/// Throws std::invalid_argument for non-positive or non-finite options, std::length_error above
/// 32767 px a side or 2^28 pixels, std::runtime_error when Cairo or the stream fails, and
/// CairoUnavailable when the Cairo module cannot be loaded.
void write_png(const scene::Scene& scene, std::ostream& out, const RasterOptions& options = {});

/// One PDF page exactly the drawing's size (in pt), text embedded as subsetted fonts, links as
/// link annotations. The bytes depend on the scene only (no creation date is written).
/// Throws as write_png() does (except the size limit).
void write_pdf(const scene::Scene& scene, std::ostream& out, const RasterOptions& options = {});

} // namespace merrow::render
