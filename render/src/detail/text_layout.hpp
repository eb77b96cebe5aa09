// Where Pango puts one scene text run: shared by the Cairo painter and the SVG writer's
// text-as-outlines mode, so both draw the same glyphs in the same place.
#pragma once

#include "detail/handles.hpp"
#include "merrow/scene/scene.hpp"

namespace merrow::render::detail {

using CairoPathPtr = std::unique_ptr<cairo_path_t, ReleaseWith<&cairo_path_destroy>>;

struct PlacedLine {
    GObjectPtr<PangoLayout> layout; ///< holds the line (line 0), fonts and styles applied
    PangoLayoutLine* line = nullptr;
    double x = 0; ///< the line's origin: left end of the baseline, in scene px
    double y = 0;
    double width = 0; ///< the width Pango draws
};

/// Lays out `run` (already normalised text) on `context` and anchors it at its origin the way
/// an SVG viewer anchors `text-anchor`: on the width it draws.
PlacedLine place_line(PangoContext* context, const scene::TextRun& run, const std::string& text);

/// The glyph outlines of `run` as a path in scene px (empty for empty text).
scene::Path text_outline(const scene::TextRun& run);

} // namespace merrow::render::detail
