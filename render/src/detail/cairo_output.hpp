// The Cairo module's painter: PNG and PDF from a scene. merrow_render reaches it through the
// module boundary (cairo_module.hpp); the public functions are in merrow/render/cairo_writer.hpp,
// with the same contracts.
#pragma once

#include "merrow/render/cairo_writer.hpp"

namespace merrow::render::cairo_output {

void write_png(const scene::Scene& scene, std::ostream& out, const RasterOptions& options);
void write_pdf(const scene::Scene& scene, std::ostream& out, const RasterOptions& options);

} // namespace merrow::render::cairo_output
