// Reading PNG bytes back with libpng (through Cairo), for the render tests.
#pragma once

#include <cairo.h>
#include <catch2/catch.hpp>
#include <cstring>
#include <memory>
#include <string>

namespace merrow::test {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

struct PngReader {
    const std::string& data;
    std::size_t offset = 0;
};

inline cairo_status_t read_png(void* closure, unsigned char* out, unsigned int length) {
    auto* reader = static_cast<PngReader*>(closure);
    if (reader->offset + length > reader->data.size()) {
        return CAIRO_STATUS_READ_ERROR;
    }
    std::memcpy(out, reader->data.data() + reader->offset, length);
    reader->offset += length;
    return CAIRO_STATUS_SUCCESS;
}

/// The decoded image (ARGB32, premultiplied); fails the test if libpng rejects the bytes.
inline Surface decode_png(const std::string& png) {
    PngReader reader{png};
    Surface s{cairo_image_surface_create_from_png_stream(read_png, &reader)};
    REQUIRE(cairo_surface_status(s.get()) == CAIRO_STATUS_SUCCESS);
    return s;
}

} // namespace merrow::test
