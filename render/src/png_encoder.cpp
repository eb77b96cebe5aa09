#include "detail/png_encoder.hpp"

#include "detail/run_deflate.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>
#include <zlib.h>

namespace merrow::render::detail {

namespace {

using Bytes = std::vector<unsigned char>;

void put_u32(Bytes& out, std::uint32_t v) {
    out.push_back(static_cast<unsigned char>(v >> 24U));
    out.push_back(static_cast<unsigned char>(v >> 16U));
    out.push_back(static_cast<unsigned char>(v >> 8U));
    out.push_back(static_cast<unsigned char>(v));
}

void write_chunk(std::ostream& out, const char* type, const Bytes& data) {
    Bytes head;
    put_u32(head, static_cast<std::uint32_t>(data.size()));
    head.insert(head.end(), type, type + 4);
    uLong crc = crc32(0, head.data() + 4, 4);
    if (!data.empty()) { // zlib treats a null buffer as "start over"
        crc = crc32_z(crc, data.data(), data.size());
    }
    Bytes tail;
    put_u32(tail, static_cast<std::uint32_t>(crc));
    out.write(reinterpret_cast<const char*>(head.data()),
              static_cast<std::streamsize>(head.size()));
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    out.write(reinterpret_cast<const char*>(tail.data()),
              static_cast<std::streamsize>(tail.size()));
}

std::uint32_t pixel(const Argb32Pixels& image, int x, int y) {
    std::uint32_t v = 0;
    std::memcpy(&v, image.data + static_cast<std::ptrdiff_t>(y) * image.stride + 4 * x, sizeof v);
    return v;
}

bool all_opaque(const Argb32Pixels& image) {
    // One AND over every pixel, without an early exit, so that the loop vectorises: most
    // diagrams are opaque and need the whole scan anyway.
    std::uint32_t all = 0xFFFFFFFFU;
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            all &= pixel(image, x, y);
        }
    }
    return (all >> 24U) == 0xFFU;
}

std::uint8_t unpremultiply(std::uint32_t c, std::uint32_t a) {
    if (a == 0) {
        return 0;
    }
    return static_cast<std::uint8_t>((c * 255U + a / 2U) / a);
}

/// One row as RGB, or as RGBA with straight alpha.
void convert_row(const Argb32Pixels& image, bool opaque, int y, unsigned char* out) {
    if (opaque) {
        for (int x = 0; x < image.width; ++x) {
            const std::uint32_t v = pixel(image, x, y);
            out[0] = static_cast<unsigned char>(v >> 16U);
            out[1] = static_cast<unsigned char>(v >> 8U);
            out[2] = static_cast<unsigned char>(v);
            out += 3;
        }
        return;
    }
    for (int x = 0; x < image.width; ++x) {
        const std::uint32_t v = pixel(image, x, y);
        const std::uint32_t a = v >> 24U;
        out[0] = unpremultiply((v >> 16U) & 0xFFU, a);
        out[1] = unpremultiply((v >> 8U) & 0xFFU, a);
        out[2] = unpremultiply(v & 0xFFU, a);
        out[3] = static_cast<unsigned char>(a);
        out += 4;
    }
}

/// The cost estimate of a filtered byte: how far it is from zero, read as a signed difference.
inline unsigned byte_cost(unsigned char v) {
    return std::min<unsigned>(v, static_cast<unsigned char>(-v));
}

/// Row `current` filtered with the cheaper of Sub (each byte minus the same channel one pixel
/// left) and Up (minus the byte above; above the first row are zeros), written behind its
/// filter type byte into `out`. The sum of |difference| is the usual estimate of which one
/// compresses better. `scratch` holds the other candidate.
void filter_row(const unsigned char* current, const unsigned char* above, std::size_t size,
                std::size_t channels, unsigned char* out, unsigned char* scratch) {
    if (std::memcmp(current, above, size) == 0) {
        // The row repeats the one above (background, box interiors): Up makes it all zeros.
        out[0] = 2;
        std::memset(out + 1, 0, size);
        return;
    }
    unsigned long sub_cost = 0;
    unsigned long up_cost = 0;
    for (std::size_t i = 0; i < channels; ++i) {
        scratch[1 + i] = current[i];
        out[1 + i] = static_cast<unsigned char>(current[i] - above[i]);
        sub_cost += byte_cost(current[i]);
        up_cost += byte_cost(out[1 + i]);
    }
    for (std::size_t i = channels; i < size; ++i) {
        const auto sub = static_cast<unsigned char>(current[i] - current[i - channels]);
        const auto up = static_cast<unsigned char>(current[i] - above[i]);
        scratch[1 + i] = sub;
        out[1 + i] = up;
        sub_cost += byte_cost(sub);
        up_cost += byte_cost(up);
    }
    out[0] = 2;
    if (sub_cost <= up_cost) {
        out[0] = 1;
        std::memcpy(out + 1, scratch + 1, size);
    }
}

} // namespace

void encode_png(const Argb32Pixels& image, std::ostream& out) {
    if (image.data == nullptr || image.width <= 0 || image.height <= 0) {
        throw std::runtime_error("cannot write the PNG: empty image");
    }
    const bool opaque = all_opaque(image);
    const std::size_t channels = opaque ? 3 : 4;
    const std::size_t size = static_cast<std::size_t>(image.width) * channels;

    // zlib stream: header (32 KB window, "fastest" level), deflate, Adler-32 of the rows.
    Bytes data{0x78, 0x01};
    RunDeflater deflater(data);
    Bytes above(size, 0);
    Bytes current(size);
    Bytes row(size + 1);
    Bytes scratch(size + 1);
    const auto row_bytes = static_cast<std::size_t>(image.width) * 4;
    for (int y = 0; y < image.height; ++y) {
        const unsigned char* pixels = image.data + static_cast<std::ptrdiff_t>(y) * image.stride;
        if (y > 0 && std::memcmp(pixels, pixels - image.stride, row_bytes) == 0) {
            // The same pixels as the row above, which is already in `above`: Up filtering
            // makes the row all zeros. Over half the rows of a typical diagram.
            constexpr unsigned char up = 2;
            deflater.write(&up, 1);
            deflater.write_zeros(size);
            continue;
        }
        convert_row(image, opaque, y, current.data());
        filter_row(current.data(), above.data(), size, channels, row.data(), scratch.data());
        deflater.write(row.data(), row.size());
        std::swap(above, current);
    }
    deflater.finish();
    put_u32(data, deflater.adler32());

    Bytes header;
    put_u32(header, static_cast<std::uint32_t>(image.width));
    put_u32(header, static_cast<std::uint32_t>(image.height));
    header.push_back(8);              // bits per channel
    header.push_back(opaque ? 2 : 6); // RGB or RGBA
    header.push_back(0);              // deflate
    header.push_back(0);              // adaptive filtering (each row says which)
    header.push_back(0);              // not interlaced

    static constexpr unsigned char signature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    out.write(reinterpret_cast<const char*>(signature), sizeof signature);
    write_chunk(out, "IHDR", header);
    write_chunk(out, "IDAT", data);
    write_chunk(out, "IEND", {});
    if (!out) {
        throw std::runtime_error("cannot write the PNG: output failed");
    }
}

} // namespace merrow::render::detail
