// PNG encoding of a Cairo image, tuned for diagrams.
#pragma once

#include <cairo.h>
#include <ostream>

namespace merrow::render::detail {

/// Writes `image` (ARGB32) to `out` as a PNG: RGB when every pixel is opaque, else RGBA with
/// straight alpha. Diagrams are flat colour; the default encoder tried every row filter and
/// spent two thirds of a small diagram's render time there. One cheap filter and run-length
/// friendly compression give files of about the same size several times faster.
void encode_png(cairo_surface_t* image, std::ostream& out);

} // namespace merrow::render::detail
