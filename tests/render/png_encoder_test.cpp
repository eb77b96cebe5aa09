// The PNG encoder and its run coder, checked against zlib's inflate and libpng's decoder (through
// Cairo), which are what browsers and viewers use to read the files.
#include "detail/png_encoder.hpp"
#include "detail/run_deflate.hpp"
#include "png_decode.hpp"

#include <algorithm>
#include <cairo.h>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
#include <zlib.h>

using merrow::render::detail::Argb32Pixels;
using merrow::render::detail::encode_png;
using merrow::render::detail::RunDeflater;

namespace {

using Bytes = std::vector<unsigned char>;

/// Inflates a raw deflate stream; `ok` says whether it ended cleanly.
Bytes inflate_raw(const Bytes& compressed, bool& ok) {
    z_stream z{};
    REQUIRE(inflateInit2(&z, -15) == Z_OK);
    Bytes out;
    unsigned char buffer[1 << 14];
    z.next_in = const_cast<unsigned char*>(compressed.data());
    z.avail_in = static_cast<uInt>(compressed.size());
    int status = Z_OK;
    while (status == Z_OK) {
        z.next_out = buffer;
        z.avail_out = sizeof buffer;
        status = inflate(&z, Z_NO_FLUSH);
        out.insert(out.end(), buffer, buffer + (sizeof buffer - z.avail_out));
    }
    // The stream must end exactly where the encoder stopped: a final block, no trailing bytes.
    ok = status == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    return out;
}

/// Deflates `input` handed over in pieces of the given sizes (cycled), then inflates it back.
void check_round_trip(const Bytes& input, const std::vector<std::size_t>& pieces = {}) {
    Bytes compressed;
    RunDeflater deflater(compressed);
    std::size_t at = 0;
    for (std::size_t k = 0; at < input.size(); ++k) {
        std::size_t n = pieces.empty() ? input.size() : pieces[k % pieces.size()];
        n = std::min(n, input.size() - at);
        deflater.write(input.data() + at, n);
        at += n;
    }
    deflater.finish();
    bool ok = false;
    const Bytes back = inflate_raw(compressed, ok);
    CHECK(ok);
    CHECK(back.size() == input.size());
    CHECK(back == input);
}

Bytes random_bytes(std::size_t n, std::mt19937& rng) {
    std::uniform_int_distribution<int> byte(0, 255);
    Bytes out(n);
    for (unsigned char& b : out) {
        b = static_cast<unsigned char>(byte(rng));
    }
    return out;
}

/// An ARGB32 image held by the test: premultiplied native-endian words.
struct TestImage {
    int width;
    int height;
    std::vector<std::uint32_t> words;

    TestImage(int w, int h)
        : width(w), height(h), words(static_cast<std::size_t>(w) * static_cast<std::size_t>(h)) {}
    std::size_t index(int x, int y) const {
        return static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
               static_cast<std::size_t>(x);
    }
    std::uint32_t& at(int x, int y) { return words[index(x, y)]; }
    Argb32Pixels pixels() const {
        return {reinterpret_cast<const unsigned char*>(words.data()), width, height, width * 4};
    }
};

std::uint32_t argb(unsigned a, unsigned r, unsigned g, unsigned b) {
    // Premultiplied, as Cairo stores them.
    const auto pm = [a](unsigned c) {
        return (c * a + 127) / 255;
    };
    return (a << 24U) | (pm(r) << 16U) | (pm(g) << 8U) | pm(b);
}

std::string png_of(const TestImage& image) {
    std::ostringstream out;
    encode_png(image.pixels(), out);
    return out.str();
}

/// The concatenated IDAT data of a PNG (a zlib stream), and its colour type.
Bytes idat_of(const std::string& png, int& colour_type) {
    Bytes data;
    std::size_t at = 8;
    while (at + 12 <= png.size()) {
        const auto u32 = [&](std::size_t i) {
            return (static_cast<std::uint32_t>(static_cast<unsigned char>(png[i])) << 24U) |
                   (static_cast<std::uint32_t>(static_cast<unsigned char>(png[i + 1])) << 16U) |
                   (static_cast<std::uint32_t>(static_cast<unsigned char>(png[i + 2])) << 8U) |
                   static_cast<std::uint32_t>(static_cast<unsigned char>(png[i + 3]));
        };
        const std::uint32_t length = u32(at);
        const std::string type = png.substr(at + 4, 4);
        if (type == "IHDR") {
            colour_type = static_cast<unsigned char>(png[at + 8 + 9]);
        }
        if (type == "IDAT") {
            data.insert(data.end(), png.begin() + static_cast<std::ptrdiff_t>(at + 8),
                        png.begin() + static_cast<std::ptrdiff_t>(at + 8 + length));
        }
        at += 12 + length;
    }
    return data;
}

/// Decodes with libpng (through Cairo) and compares every pixel: exactly for opaque images,
/// within 1 per channel for translucent ones (straight alpha in the file loses a little).
void check_decodes_to(const TestImage& image) {
    const std::string png = png_of(image);
    int colour_type = -1;
    const Bytes idat = idat_of(png, colour_type);
    bool opaque = true;
    for (const std::uint32_t w : image.words) {
        opaque = opaque && (w >> 24U) == 0xFFU;
    }
    CHECK(colour_type == (opaque ? 2 : 6));
    // zlib checks the stream's Adler-32, which libpng does not always do.
    uLongf size = static_cast<uLongf>(image.height) *
                  (1 + static_cast<uLongf>(image.width) * (opaque ? 3 : 4));
    Bytes rows(size);
    CHECK(uncompress(rows.data(), &size, idat.data(), static_cast<uLong>(idat.size())) == Z_OK);
    CHECK(size == rows.size());

    const merrow::test::Surface decoded = merrow::test::decode_png(png);
    REQUIRE(cairo_image_surface_get_width(decoded.get()) == image.width);
    REQUIRE(cairo_image_surface_get_height(decoded.get()) == image.height);
    const unsigned char* data = cairo_image_surface_get_data(decoded.get());
    const int stride = cairo_image_surface_get_stride(decoded.get());
    int worst = 0;
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            std::uint32_t got = 0;
            std::memcpy(&got, data + static_cast<std::ptrdiff_t>(y) * stride + 4 * x, 4);
            const std::uint32_t want = image.words[image.index(x, y)];
            for (unsigned shift = 0; shift < 32; shift += 8) {
                const int d = static_cast<int>((got >> shift) & 0xFFU) -
                              static_cast<int>((want >> shift) & 0xFFU);
                worst = std::max(worst, std::abs(d));
            }
        }
    }
    CHECK(worst <= (opaque ? 0 : 1));
}

/// A diagram-like image: flat background, boxes, antialiased-looking noise in a few rows.
TestImage diagram_like(int width, int height, unsigned alpha, std::mt19937& rng) {
    TestImage image(width, height);
    std::uniform_int_distribution<unsigned> channel(0, 255);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint32_t colour = argb(alpha, 255, 255, 255);
            if (x > width / 5 && x < width / 2 && y > height / 4 && y < height / 2) {
                colour = argb(alpha, 0xEC, 0xEC, 0xFF);
            }
            if (y % 17 == 3 || x % 29 == 5) { // text and edges: anything goes
                colour = argb(alpha == 255 ? 255 : channel(rng), channel(rng), channel(rng),
                              channel(rng));
            }
            image.at(x, y) = colour;
        }
    }
    return image;
}

} // namespace

TEST_CASE("run deflate: any input inflates back to itself") {
    std::mt19937 rng(7);
    SECTION("no input, one byte, runs around the longest match") {
        check_round_trip({});
        check_round_trip({42});
        for (const std::size_t n : {2U, 3U, 4U, 257U, 258U, 259U, 260U, 261U, 516U, 517U, 1000U}) {
            check_round_trip(Bytes(n, 0));
            Bytes b(n, 9);
            b.insert(b.begin(), 1);
            check_round_trip(b);
        }
    }
    SECTION("random bytes: literals only, over many blocks") {
        check_round_trip(random_bytes(100000, rng));
    }
    SECTION("random runs, handed over in odd pieces") {
        Bytes input;
        std::uniform_int_distribution<std::size_t> run(1, 700);
        std::uniform_int_distribution<int> small(0, 3);
        for (int i = 0; i < 3000; ++i) {
            input.insert(input.end(), run(rng), static_cast<unsigned char>(small(rng)));
        }
        check_round_trip(input);
        check_round_trip(input, {1, 2, 3, 257, 4096, 7});
    }
    SECTION("skewed byte frequencies need codes cut to 15 bits") {
        // Byte k appears fib(k) times: a Huffman tree on those is as deep as there are
        // symbols, so the length limit and its repair are exercised.
        Bytes input;
        std::size_t a = 1;
        std::size_t b = 1;
        for (int k = 0; k < 24; ++k) {
            input.insert(input.end(), a, static_cast<unsigned char>(k * 2 + 1));
            const std::size_t next = a + b;
            a = b;
            b = next;
        }
        std::shuffle(input.begin(), input.end(), rng);
        check_round_trip(input);
    }
    SECTION("write_zeros is write() of zeros") {
        Bytes expected;
        Bytes compressed;
        RunDeflater deflater(compressed);
        std::uniform_int_distribution<std::size_t> count(0, 600);
        for (int i = 0; i < 500; ++i) {
            const Bytes some = random_bytes(count(rng) % 5, rng);
            deflater.write(some.data(), some.size());
            expected.insert(expected.end(), some.begin(), some.end());
            const std::size_t zeros = count(rng);
            deflater.write_zeros(zeros);
            expected.insert(expected.end(), zeros, 0);
        }
        deflater.finish();
        bool ok = false;
        CHECK(inflate_raw(compressed, ok) == expected);
        CHECK(ok);
    }
}

TEST_CASE("run deflate: earlier copies within the window are found, none beyond it") {
    std::mt19937 rng(3);
    SECTION("a block repeated 50 times costs little more than the block") {
        const Bytes block = random_bytes(300, rng);
        Bytes input;
        for (int i = 0; i < 50; ++i) {
            input.insert(input.end(), block.begin(), block.end());
        }
        Bytes compressed;
        RunDeflater deflater(compressed);
        deflater.write(input.data(), input.size());
        deflater.finish();
        CHECK(compressed.size() < 2 * block.size());
        check_round_trip(input);
    }
    SECTION("copies 20 KB back are used, 40 KB back cannot be") {
        const Bytes near = random_bytes(20000, rng);
        Bytes twice = near;
        twice.insert(twice.end(), near.begin(), near.end());
        Bytes compressed;
        RunDeflater deflater(compressed);
        deflater.write(twice.data(), twice.size());
        deflater.finish();
        CHECK(compressed.size() < near.size() + near.size() / 4);
        check_round_trip(twice);
        // Beyond deflate's 32 KB window a copy would not inflate: the stream must still work.
        const Bytes far = random_bytes(40000, rng);
        Bytes far_twice = far;
        far_twice.insert(far_twice.end(), far.begin(), far.end());
        check_round_trip(far_twice, {1000, 777});
    }
}

TEST_CASE("run deflate: runs cost a few bits") {
    Bytes compressed;
    RunDeflater deflater(compressed);
    const Bytes zeros(1 << 20, 0);
    deflater.write(zeros.data(), zeros.size());
    deflater.finish();
    // 4,065 matches of 258 at a few bits each, plus one block header.
    CHECK(compressed.size() < 2000);
}

TEST_CASE("PNG encoder: files decode to the pixels given") {
    std::mt19937 rng(11);
    SECTION("opaque diagram-like images of several shapes") {
        for (const auto& [w, h] : {std::pair{1, 1}, {1, 40}, {40, 1}, {97, 61}, {300, 200}}) {
            check_decodes_to(diagram_like(w, h, 255, rng));
        }
    }
    SECTION("translucent images (RGBA with straight alpha)") {
        for (const auto& [w, h] : {std::pair{1, 1}, {64, 33}, {250, 120}}) {
            check_decodes_to(diagram_like(w, h, 128, rng));
        }
        TestImage clear(20, 10); // all zero: fully transparent
        check_decodes_to(clear);
    }
    SECTION("noise: every row differs and no filter helps") {
        TestImage noise(123, 77);
        std::uniform_int_distribution<unsigned> channel(0, 255);
        for (std::uint32_t& w : noise.words) {
            w = argb(255, channel(rng), channel(rng), channel(rng));
        }
        check_decodes_to(noise);
    }
}

TEST_CASE("PNG encoder: a flat image is a small file") {
    TestImage white(2000, 1500);
    for (std::uint32_t& w : white.words) {
        w = argb(255, 255, 255, 255);
    }
    const std::string png = png_of(white);
    // 9 MB of RGB rows; a run coder needs about 2 bits per 258 bytes of them.
    CHECK(png.size() < 20000);
    check_decodes_to(white);
}

TEST_CASE("PNG encoder: an empty image is refused") {
    CHECK_THROWS_AS(
        [] {
            std::ostringstream out;
            encode_png({}, out);
        }(),
        std::runtime_error);
}
