#include "merrow/render/cairo_writer.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "png_decode.hpp"
#include "scene_fixtures.hpp"

#include <algorithm>
#include <cairo.h>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

using namespace merrow;
using merrow::test::decode_png;
using merrow::test::rgb;
using merrow::test::Surface;

namespace {

struct Pixel {
    int r, g, b, a; // premultiplied, as Cairo stores them
};

Pixel pixel(cairo_surface_t* s, int x, int y) {
    const unsigned char* row = cairo_image_surface_get_data(s) +
                               static_cast<std::ptrdiff_t>(y) * cairo_image_surface_get_stride(s);
    std::uint32_t argb = 0;
    std::memcpy(&argb, row + static_cast<std::ptrdiff_t>(x) * 4, 4);
    return {static_cast<int>((argb >> 16) & 0xFF), static_cast<int>((argb >> 8) & 0xFF),
            static_cast<int>(argb & 0xFF), static_cast<int>(argb >> 24)};
}

render::RasterOptions raster(double scale, std::optional<double> width = {},
                             std::optional<double> height = {}) {
    render::RasterOptions options;
    options.scale = scale;
    options.width = width;
    options.height = height;
    return options;
}

std::string png_of(const scene::Scene& s, const render::RasterOptions& options = {}) {
    std::ostringstream out;
    render::write_png(s, out, options);
    return out.str();
}

std::string pdf_of(const scene::Scene& s, const render::RasterOptions& options = {}) {
    std::ostringstream out;
    render::write_pdf(s, out, options);
    return out.str();
}

scene::Scene rect_scene(bool background) {
    scene::Scene s;
    s.width = 100;
    s.height = 50;
    if (background) {
        s.background = rgb(255, 255, 255);
    }
    scene::Shape box;
    box.path = scene::Path::rectangle({10, 10, 40, 30});
    box.fill = rgb(0xEC, 0xEC, 0xFF);
    s.items.push_back(scene::Item::of(box));
    return s;
}

} // namespace

TEST_CASE("PNG size follows the scene, scale and fit") {
    const auto s = rect_scene(false);
    Surface one = decode_png(png_of(s));
    CHECK(cairo_image_surface_get_width(one.get()) == 100);
    CHECK(cairo_image_surface_get_height(one.get()) == 50);

    Surface two = decode_png(png_of(s, raster(2)));
    CHECK(cairo_image_surface_get_width(two.get()) == 200);
    CHECK(cairo_image_surface_get_height(two.get()) == 100);

    Surface fit_width = decode_png(png_of(s, raster(1, 400)));
    CHECK(cairo_image_surface_get_width(fit_width.get()) == 400);
    CHECK(cairo_image_surface_get_height(fit_width.get()) == 200);

    // Both given: the largest size inside both, aspect ratio kept.
    Surface fit_box = decode_png(png_of(s, raster(1, 400, 100)));
    CHECK(cairo_image_surface_get_width(fit_box.get()) == 200);
    CHECK(cairo_image_surface_get_height(fit_box.get()) == 100);

    Surface fit_scaled = decode_png(png_of(s, raster(2, {}, 25)));
    CHECK(cairo_image_surface_get_width(fit_scaled.get()) == 100);
    CHECK(cairo_image_surface_get_height(fit_scaled.get()) == 50);

    // Fractional scene sizes round up so nothing is cut off.
    scene::Scene odd = s;
    odd.width = 100.25;
    Surface rounded = decode_png(png_of(odd));
    CHECK(cairo_image_surface_get_width(rounded.get()) == 101);
}

TEST_CASE("PNG pixels: fills, transparency, background") {
    Surface clear = decode_png(png_of(rect_scene(false)));
    const Pixel inside = pixel(clear.get(), 30, 25);
    CHECK(inside.r == 0xEC);
    CHECK(inside.g == 0xEC);
    CHECK(inside.b == 0xFF);
    CHECK(inside.a == 255);
    const Pixel outside = pixel(clear.get(), 80, 25);
    CHECK(outside.a == 0);

    Surface white = decode_png(png_of(rect_scene(true), raster(2)));
    const Pixel corner = pixel(white.get(), 190, 5);
    CHECK(corner.r == 255);
    CHECK(corner.a == 255);
    const Pixel box = pixel(white.get(), 60, 50);
    CHECK(box.r == 0xEC);
    CHECK(box.b == 0xFF);
}

TEST_CASE("PNG strokes, opacity and colour alpha") {
    scene::Scene s;
    s.width = 60;
    s.height = 20;
    scene::Shape half;
    half.path = scene::Path::rectangle({0, 0, 20, 20});
    half.fill = rgb(255, 0, 0);
    half.opacity = 0.5;
    s.items.push_back(scene::Item::of(half));
    scene::Shape stroked;
    stroked.path.move_to({30, 10}).line_to({60, 10});
    scene::Stroke stroke;
    stroke.color = rgb(0, 0, 255, 128);
    stroke.width = 4;
    stroked.stroke = stroke;
    s.items.push_back(scene::Item::of(stroked));
    Surface out = decode_png(png_of(s));
    const Pixel red = pixel(out.get(), 10, 10);
    CHECK(red.a == Approx(128).margin(1));
    CHECK(red.r == Approx(128).margin(1)); // premultiplied
    const Pixel blue = pixel(out.get(), 45, 9);
    CHECK(blue.a == Approx(128).margin(1));
    CHECK(blue.b == Approx(128).margin(1));
    CHECK(pixel(out.get(), 45, 2).a == 0);
}

TEST_CASE("PNG text is drawn inside its box") {
    const auto s = test::two_node_scene();
    const std::string png = png_of(s, raster(2));
    Surface out = decode_png(png);
    // "Spill / Offload" is about 95 px wide centred on x = 120, baseline at y = 42.5.
    int darkest = 255;
    for (int y = 2 * 30; y < 2 * 43; ++y) {
        for (int x = 2 * 75; x < 2 * 165; ++x) {
            darkest = std::min(darkest, pixel(out.get(), x, y).r);
        }
    }
    CHECK(darkest < 0x60);
    // Nothing dark outside the text's horizontal extent on that row band.
    int left_margin = 255;
    for (int y = 2 * 30; y < 2 * 43; ++y) {
        for (int x = 2 * 25; x < 2 * 68; ++x) {
            left_margin = std::min(left_margin, pixel(out.get(), x, y).r);
        }
    }
    CHECK(left_margin >= 0xEC - 2);
}

TEST_CASE("PNG output is deterministic") {
    const auto s = test::two_node_scene();
    CHECK(png_of(s) == png_of(s));
}

TEST_CASE("PDF page size equals the scene size times the scale") {
    const auto s = test::two_node_scene();
    const std::string pdf = pdf_of(s);
    REQUIRE(pdf.size() > 500);
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    const std::regex media_box(R"(/MediaBox \[ *0 +0 +([0-9.]+) +([0-9.]+) *\])");
    std::smatch m;
    REQUIRE(std::regex_search(pdf, m, media_box));
    CHECK(std::stod(m[1]) == 240);
    CHECK(std::stod(m[2]) == 200);

    const std::string scaled = pdf_of(s, raster(1.5));
    REQUIRE(std::regex_search(scaled, m, media_box));
    CHECK(std::stod(m[1]) == 360);
    CHECK(std::stod(m[2]) == 300);
}

TEST_CASE("PDF output is deterministic, with metadata and links") {
    auto s = test::two_node_scene();
    s.title = "Memory tiers";
    s.items.front().group.link = "https://example.com/a?b=1&c='d'";
    const std::string first = pdf_of(s);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    const std::string second = pdf_of(s);
    CHECK(first == second);
    CHECK(first.find("/CreationDate") == std::string::npos);
    CHECK(first.find("/Title (Memory tiers)") != std::string::npos);
    CHECK(first.find("/URI (https://example.com/a?b=1&c='d')") != std::string::npos);
}

TEST_CASE("invalid raster options are rejected") {
    const auto s = rect_scene(false);
    CHECK_THROWS_AS(png_of(s, raster(0)), std::invalid_argument);
    CHECK_THROWS_AS(png_of(s, raster(std::nan(""))), std::invalid_argument);
    CHECK_THROWS_AS(png_of(s, raster(1, -1)), std::invalid_argument);
    CHECK_THROWS_AS(pdf_of(s, raster(1, {}, 0)), std::invalid_argument);
    CHECK_THROWS_AS(png_of(s, raster(1000)), std::length_error);
    // An empty scene still gives a valid (1x1) image.
    Surface empty = decode_png(png_of(scene::Scene{}));
    CHECK(cairo_image_surface_get_width(empty.get()) == 1);
}

TEST_CASE("PNG writers run concurrently") {
    const auto s = test::two_node_scene();
    const std::string expected = png_of(s);
    std::string results[4];
    std::thread threads[4];
    for (int i = 0; i < 4; ++i) {
        threads[i] = std::thread([&, i] {
            for (int k = 0; k < 5; ++k) {
                results[i] = png_of(s);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (const auto& r : results) {
        CHECK(r == expected);
    }
}

TEST_CASE("text anchors on the width the measurer reports") {
    const render::PangoTextMeasurer measurer;
    const std::string label = "G2: Host Memory (DRAM)";
    const double width = measurer.measure(label, scene::FontSpec{}, 0).width;
    auto scene_with = [&](scene::TextAnchor anchor, double x) {
        scene::Scene s;
        s.width = 240;
        s.height = 30;
        scene::TextRun run;
        run.origin = {x, 20};
        run.text = label;
        run.anchor = anchor;
        s.items.push_back(scene::Item::of(run));
        return s;
    };
    // The measurer rounds up to 1/64 px, the writer anchors on the exact width: at 4x they may
    // differ by 1/16 device px, a few levels of edge coverage.
    const auto pixels_of = [&](const scene::Scene& s) {
        return png_of(s, raster(4));
    };
    const std::string end = pixels_of(scene_with(scene::TextAnchor::end, 220));
    const std::string middle = pixels_of(scene_with(scene::TextAnchor::middle, 220 - width / 2));
    const std::string start = pixels_of(scene_with(scene::TextAnchor::start, 220 - width));
    const auto max_difference = [](const std::string& a_png, const std::string& b_png) {
        Surface a = decode_png(a_png);
        Surface b = decode_png(b_png);
        int worst = 0;
        for (int y = 0; y < cairo_image_surface_get_height(a.get()); ++y) {
            for (int x = 0; x < cairo_image_surface_get_width(a.get()); ++x) {
                worst = std::max(worst, std::abs(pixel(a.get(), x, y).a - pixel(b.get(), x, y).a));
            }
        }
        return worst;
    };
    CHECK(max_difference(end, middle) <= 16);
    CHECK(max_difference(end, start) <= 16);
    // A one-pixel error would show.
    const std::string off = pixels_of(scene_with(scene::TextAnchor::start, 221 - width));
    CHECK(max_difference(end, off) > 64);
}
