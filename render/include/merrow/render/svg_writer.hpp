// SVG output written directly from the scene: real <text> elements (selectable, searchable) or
// glyph outlines, no <foreignObject>, no external resources, deterministic bytes. Themed colours
// can switch between a light and a dark palette through CSS custom properties scoped to the
// document's root id.
#pragma once

#include "merrow/scene/scene.hpp"

#include <ostream>
#include <string>

namespace merrow::render {

/// How text is written: as `<text>` (selectable, searchable, small) or as glyph outlines
/// (`<path>`, for places where no font can be assumed).
enum class SvgText { text, paths };

struct SvgOptions {
    /// The root element's id; prefixes every other id, and scopes the style sheet.
    std::string id_prefix = "merrow";
    /// The font-family list written into the SVG: Arial first (the metrics merrow measured
    /// with), then metric-compatible and generic fallbacks.
    std::string font_family = "Arial, 'Liberation Sans', Helvetica, sans-serif";
    /// Starts the document with `<?xml …?>`. Turn off for SVG inlined into HTML.
    bool xml_declaration = true;
    SvgText text = SvgText::text;
    /// With a dark palette in the scene: a selector for an ancestor (or the root itself) that
    /// switches to the dark colours, besides `prefers-color-scheme: dark`. Empty: none.
    std::string dark_selector = ".dark";
    /// A selector that forces the light colours even under a dark system preference, for
    /// sites with their own light/dark switch. Empty: none.
    std::string light_selector;
};

void write_svg(const scene::Scene& scene, std::ostream& out, const SvgOptions& options = {});

} // namespace merrow::render
