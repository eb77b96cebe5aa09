#include "detail/png_encoder.hpp"

#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <png.h>
#include <stdexcept>
#include <vector>

namespace merrow::render::detail {

namespace {

void write_data(png_structp png, png_bytep data, png_size_t length) {
    auto* out = static_cast<std::ostream*>(png_get_io_ptr(png));
    out->write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(length));
}

void flush_data(png_structp png) {
    static_cast<std::ostream*>(png_get_io_ptr(png))->flush();
}

[[noreturn]] void fail(png_structp png, png_const_charp message) {
    // Leave through libpng's own jump buffer; the message is reported by the caller.
    (void)message;
    png_longjmp(png, 1);
}

// One pixel of Cairo's native-endian, premultiplied ARGB32.
struct Pixel {
    std::uint8_t r;
    std::uint8_t g;
    std::uint8_t b;
    std::uint8_t a;
};

Pixel read_pixel(const unsigned char* p) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return {static_cast<std::uint8_t>((v >> 16U) & 0xFFU),
            static_cast<std::uint8_t>((v >> 8U) & 0xFFU), static_cast<std::uint8_t>(v & 0xFFU),
            static_cast<std::uint8_t>(v >> 24U)};
}

std::uint8_t unpremultiply(std::uint8_t c, std::uint8_t a) {
    if (a == 0) {
        return 0;
    }
    return static_cast<std::uint8_t>((c * 255U + a / 2U) / a);
}

} // namespace

void encode_png(cairo_surface_t* image, std::ostream& out) {
    cairo_surface_flush(image);
    const int width = cairo_image_surface_get_width(image);
    const int height = cairo_image_surface_get_height(image);
    const int stride = cairo_image_surface_get_stride(image);
    const unsigned char* data = cairo_image_surface_get_data(image);
    if (data == nullptr || width <= 0 || height <= 0) {
        throw std::runtime_error("cannot write the PNG: empty image");
    }
    bool opaque = true;
    for (int y = 0; y < height && opaque; ++y) {
        const unsigned char* row = data + static_cast<std::ptrdiff_t>(y) * stride;
        for (int x = 0; x < width; ++x) {
            if (read_pixel(row + 4 * x).a != 255) {
                opaque = false;
                break;
            }
        }
    }
    const int channels = opaque ? 3 : 4;
    std::vector<unsigned char> rows(static_cast<std::size_t>(width) *
                                    static_cast<std::size_t>(channels) *
                                    static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) {
        const unsigned char* in = data + static_cast<std::ptrdiff_t>(y) * stride;
        unsigned char* row = rows.data() + static_cast<std::size_t>(y) *
                                               static_cast<std::size_t>(width) *
                                               static_cast<std::size_t>(channels);
        for (int x = 0; x < width; ++x) {
            const Pixel p = read_pixel(in + 4 * x);
            unsigned char* o = row + static_cast<std::ptrdiff_t>(x) * channels;
            if (opaque) {
                o[0] = p.r;
                o[1] = p.g;
                o[2] = p.b;
            } else {
                o[0] = unpremultiply(p.r, p.a);
                o[1] = unpremultiply(p.g, p.a);
                o[2] = unpremultiply(p.b, p.a);
                o[3] = p.a;
            }
        }
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, fail, nullptr);
    if (png == nullptr) {
        throw std::runtime_error("cannot write the PNG: out of memory");
    }
    png_infop info = png_create_info_struct(png);
    std::vector<png_bytep> pointers(static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) {
        pointers[static_cast<std::size_t>(y)] =
            rows.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width) *
                              static_cast<std::size_t>(channels);
    }
    // libpng reports errors by longjmp: nothing below may own resources that need unwinding.
    if (info == nullptr || setjmp(png_jmpbuf(png)) != 0) {
        png_destroy_write_struct(&png, &info);
        throw std::runtime_error("cannot write the PNG");
    }
    png_set_write_fn(png, &out, write_data, flush_data);
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
                 opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    // Level 3 is a third cheaper than the default 6 for these images, within 6 % of its size.
    png_set_compression_level(png, 3);
    png_write_info(png, info);
    png_write_image(png, pointers.data());
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    if (!out) {
        throw std::runtime_error("cannot write the PNG: output failed");
    }
}

} // namespace merrow::render::detail
