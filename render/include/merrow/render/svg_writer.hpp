// SVG output written directly from the scene: real <text> elements (selectable, searchable),
// no <foreignObject>, deterministic bytes.
#pragma once

#include "merrow/scene/scene.hpp"

#include <ostream>
#include <string>

namespace merrow::render {

struct SvgOptions {
    std::string id_prefix = "merrow"; ///< prefixes every id in the document
    /// The font-family list written into the SVG: Arial first (the metrics merrow measured
    /// with), then metric-compatible and generic fallbacks.
    std::string font_family = "Arial, 'Liberation Sans', Helvetica, sans-serif";
    /// Starts the document with `<?xml …?>`. Turn off for SVG inlined into HTML.
    bool xml_declaration = true;
};

void write_svg(const scene::Scene& scene, std::ostream& out, const SvgOptions& options = {});

} // namespace merrow::render
