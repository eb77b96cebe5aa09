// The Cairo module's painter: PNG and PDF from a scene. merrow_render reaches it through the
// module boundary (cairo_module.hpp); the public functions are in merrow/render/cairo_writer.hpp,
// with the same contracts.
#pragma once

#include "merrow/render/cairo_writer.hpp"

#include <pango/pango.h>

namespace merrow::render::cairo_output {

/// As the public functions; text is drawn on `font_map` (a PangoCairo one), or when null on the
/// calling thread's own.
void write_png(const scene::Scene& scene, std::ostream& out, const RasterOptions& options,
               PangoFontMap* font_map);
void write_pdf(const scene::Scene& scene, std::ostream& out, const RasterOptions& options,
               PangoFontMap* font_map);

} // namespace merrow::render::cairo_output
