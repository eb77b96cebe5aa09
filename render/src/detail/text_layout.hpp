// Where Pango puts one scene text run (Cairo module): shared by the Cairo painter and the text
// outlines of the SVG writer's text-as-paths mode, so both draw the same glyphs in the same place.
#pragma once

#include "detail/cairo_handles.hpp"
#include "detail/cairo_module.hpp"
#include "merrow/scene/scene.hpp"

namespace merrow::render::detail {

/// A new PangoCairo font map (on fontconfig's current configuration).
PangoFontMap* new_cairo_font_map();

/// A context for drawing with Cairo: configure_context(), 96 dpi, no hinting, grayscale
/// antialiasing. Browsers lay text out with unhinted advances; hinting would also make widths
/// depend on the output scale, so a PNG at 2x would not match the SVG. On `font_map` (a
/// PangoCairo one), or when null on the calling thread's own (Pango font maps are not safe to
/// share between threads).
GObjectPtr<PangoContext> make_cairo_context(PangoFontMap* font_map = nullptr);

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

/// The glyph outlines of `run` in scene px, one command at a time into `sink` (nothing for
/// empty text).
void text_outline_with_cairo(const scene::TextRun& run, PathSink sink, void* sink_context);

} // namespace merrow::render::detail
