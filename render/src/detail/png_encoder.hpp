// PNG encoding of a Cairo image, tuned for diagrams.
#pragma once

#include <cairo.h>
#include <ostream>

namespace merrow::render::detail {

/// Writes `image` (ARGB32) to `out` as a PNG: RGB when every pixel is opaque, else RGBA with
/// straight alpha. Diagrams are flat colour; libpng's default encoder tried every row filter and
/// spent two thirds of a small diagram's render time there. One cheap filter (Sub) and zlib at
/// level 3 give files of about the same size several times faster, and large images are
/// filtered and compressed in two halves at once. Throws std::runtime_error on failure.
void encode_png(cairo_surface_t* image, std::ostream& out);

} // namespace merrow::render::detail
