// PNG encoding of a Cairo image, tuned for diagrams.
#pragma once

#include <ostream>

namespace merrow::render::detail {

/// Pixels in Cairo's ARGB32 layout: native-endian 32-bit words, premultiplied alpha, rows
/// `stride` bytes apart.
struct Argb32Pixels {
    const unsigned char* data = nullptr;
    int width = 0;
    int height = 0;
    int stride = 0;
};

/// Writes `image` to `out` as a PNG: RGB when every pixel is opaque, else RGBA with straight
/// alpha. Diagrams are flat colour, so each row takes the cheaper of two filters (Sub for
/// flat runs, Up for rows like the one above; libpng tries all five and took two thirds of a
/// small diagram's render time) and is compressed by RunDeflater, which looks for runs first
/// and copies only outside them, instead of zlib. Throws std::runtime_error on an empty image
/// or a failed write.
void encode_png(const Argb32Pixels& image, std::ostream& out);

} // namespace merrow::render::detail
