#include "detail/png_encoder.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>
#include <zlib.h>

namespace merrow::render::detail {

namespace {

// zlib level 3 is a third cheaper than the default 6 on these images, within 6 % of its size.
constexpr int compression_level = 3;
// Below this much filtered data, one part: a thread costs more than it saves.
constexpr std::size_t split_bytes = std::size_t{1} << 17;
// What the second part may refer back to in the first: deflate's whole window.
constexpr std::size_t window_bytes = std::size_t{1} << 15;
// Rows are filtered and handed to deflate about this much at a time.
constexpr std::size_t chunk_bytes = std::size_t{1} << 15;

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

struct Image {
    const unsigned char* data;
    int width;
    int height;
    int stride;
    bool opaque;

    std::uint32_t pixel(int x, int y) const {
        std::uint32_t v = 0;
        std::memcpy(&v, data + static_cast<std::ptrdiff_t>(y) * stride + 4 * x, sizeof v);
        return v;
    }
    std::size_t channels() const { return opaque ? 3 : 4; }
    std::size_t row_bytes() const { return 1 + static_cast<std::size_t>(width) * channels(); }
};

std::uint8_t unpremultiply(std::uint32_t c, std::uint32_t a) {
    if (a == 0) {
        return 0;
    }
    return static_cast<std::uint8_t>((c * 255U + a / 2U) / a);
}

/// One row of Cairo's native-endian premultiplied ARGB32 as RGB, or RGBA with straight alpha.
void convert_row(const Image& image, int y, unsigned char* out) {
    if (image.opaque) {
        for (int x = 0; x < image.width; ++x) {
            const std::uint32_t v = image.pixel(x, y);
            out[0] = static_cast<unsigned char>(v >> 16U);
            out[1] = static_cast<unsigned char>(v >> 8U);
            out[2] = static_cast<unsigned char>(v);
            out += 3;
        }
        return;
    }
    for (int x = 0; x < image.width; ++x) {
        const std::uint32_t v = image.pixel(x, y);
        const std::uint32_t a = v >> 24U;
        out[0] = unpremultiply((v >> 16U) & 0xFFU, a);
        out[1] = unpremultiply((v >> 8U) & 0xFFU, a);
        out[2] = unpremultiply(v & 0xFFU, a);
        out[3] = static_cast<unsigned char>(a);
        out += 4;
    }
}

/// Scanlines [first, last) as PNG stores them, appended to `out`: each row behind filter byte 1
/// (Sub: each byte minus the same channel one pixel left), which turns flat colour into runs of
/// zeros. `row` is scratch space of one row.
void filter_rows(const Image& image, int first, int last, Bytes& row, Bytes& out) {
    const std::size_t channels = image.channels();
    const std::size_t n = image.row_bytes() - 1;
    row.resize(n);
    for (int y = first; y < last; ++y) {
        convert_row(image, y, row.data());
        const std::size_t at = out.size();
        out.resize(at + 1 + n);
        unsigned char* o = out.data() + at;
        o[0] = 1;
        for (std::size_t i = 0; i < channels; ++i) {
            o[1 + i] = row[i];
        }
        for (std::size_t i = channels; i < n; ++i) {
            o[1 + i] = static_cast<unsigned char>(row[i] - row[i - channels]);
        }
    }
}

/// Rows [first, last) of the image's zlib stream, filtered and deflated a few rows at a time (so
/// the filtered image never exists whole), as raw deflate primed with the rows before `first`.
/// A part that is not the last ends on a byte boundary without the final-block flag
/// (Z_SYNC_FLUSH), so parts can simply be concatenated. `adler` gets the Adler-32 of the
/// part's filtered rows.
Bytes compress_rows(const Image& image, int first, int last, bool final_part, uLong& adler) {
    z_stream z{};
    if (deflateInit2(&z, compression_level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("cannot write the PNG: out of memory");
    }
    Bytes row;
    Bytes chunk;
    if (first > 0) {
        // The end of the rows before, filtered the same way: what a single stream would have
        // had in its window here.
        const int rows = static_cast<int>(window_bytes / image.row_bytes()) + 1;
        filter_rows(image, std::max(0, first - rows), first, row, chunk);
        const std::size_t size = std::min(chunk.size(), window_bytes);
        deflateSetDictionary(&z, chunk.data() + chunk.size() - size, static_cast<uInt>(size));
    }
    const int rows_per_chunk = std::max(1, static_cast<int>(chunk_bytes / image.row_bytes()));
    Bytes out(deflateBound(&z, image.row_bytes() * static_cast<std::size_t>(last - first)) + 64);
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    adler = adler32(0, nullptr, 0);
    bool ok = true;
    for (int y = first; y < last && ok; y += rows_per_chunk) {
        const int end = std::min(last, y + rows_per_chunk);
        chunk.clear();
        filter_rows(image, y, end, row, chunk);
        adler = adler32_z(adler, chunk.data(), chunk.size());
        z.next_in = chunk.data();
        z.avail_in = static_cast<uInt>(chunk.size());
        const int flush = end < last ? Z_NO_FLUSH : (final_part ? Z_FINISH : Z_SYNC_FLUSH);
        const int status = deflate(&z, flush);
        // deflateBound leaves room for everything, so one call consumes the whole chunk.
        ok = flush == Z_FINISH ? status == Z_STREAM_END : (status == Z_OK && z.avail_in == 0);
    }
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    if (!ok) {
        throw std::runtime_error("cannot write the PNG: compression failed");
    }
    return out;
}

struct Part {
    Bytes compressed;
    uLong adler = 0; ///< of the part's filtered rows
};

} // namespace

void encode_png(cairo_surface_t* surface, std::ostream& out) {
    cairo_surface_flush(surface);
    Image image{cairo_image_surface_get_data(surface), cairo_image_surface_get_width(surface),
                cairo_image_surface_get_height(surface), cairo_image_surface_get_stride(surface),
                true};
    if (image.data == nullptr || image.width <= 0 || image.height <= 0) {
        throw std::runtime_error("cannot write the PNG: empty image");
    }
    for (int y = 0; y < image.height && image.opaque; ++y) {
        for (int x = 0; x < image.width; ++x) {
            if ((image.pixel(x, y) >> 24U) != 0xFFU) {
                image.opaque = false;
                break;
            }
        }
    }
    // Filtering and compressing take most of a small diagram's PNG time. Large images are cut
    // into two parts at a row, each filtered and deflated on its own thread; the second part
    // starts with the rows before it as its dictionary, so the file is as small as in one
    // piece. The cut depends on the image only, so the bytes do not depend on the machine.
    const std::size_t total = image.row_bytes() * static_cast<std::size_t>(image.height);
    const int cut = total >= split_bytes && image.height >= 2 ? image.height / 2 : image.height;
    Part first;
    Part second;
    const auto run_first = [&] {
        first.compressed = compress_rows(image, 0, cut, cut == image.height, first.adler);
    };
    if (cut < image.height) {
        std::exception_ptr failure;
        const auto run_second = [&] {
            try {
                second.compressed = compress_rows(image, cut, image.height, true, second.adler);
            } catch (...) {
                failure = std::current_exception();
            }
        };
        std::thread helper;
        if (std::thread::hardware_concurrency() > 1) {
            try {
                helper = std::thread(run_second);
            } catch (const std::system_error&) {
                // No thread: the second part runs after the first.
            }
        }
        run_first();
        if (helper.joinable()) {
            helper.join();
        } else {
            run_second();
        }
        if (failure) {
            std::rethrow_exception(failure);
        }
    } else {
        run_first();
    }

    Bytes header;
    put_u32(header, static_cast<std::uint32_t>(image.width));
    put_u32(header, static_cast<std::uint32_t>(image.height));
    header.push_back(8);                    // bits per channel
    header.push_back(image.opaque ? 2 : 6); // RGB or RGBA
    header.push_back(0);                    // deflate
    header.push_back(0);                    // adaptive filtering (each row says which)
    header.push_back(0);                    // not interlaced

    // zlib stream: header (32 KB window, "fast" level), the parts, Adler-32 of all rows.
    Bytes data{0x78, 0x5E};
    data.insert(data.end(), first.compressed.begin(), first.compressed.end());
    data.insert(data.end(), second.compressed.begin(), second.compressed.end());
    uLong adler = first.adler;
    if (cut < image.height) {
        const std::size_t second_size =
            image.row_bytes() * static_cast<std::size_t>(image.height - cut);
        adler = adler32_combine(adler, second.adler, static_cast<z_off_t>(second_size));
    }
    put_u32(data, static_cast<std::uint32_t>(adler));

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
