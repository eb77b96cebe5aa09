// Golden files: every sample's SVG (compared as text) and PNG (compared per pixel with a small
// tolerance). Regenerate only on purpose: MERROW_UPDATE_GOLDEN=1, then review the diff.
#include "merrow/cli/pipeline.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "merrow/scene/theme.hpp"
#include "process.hpp"

#include <algorithm>
#include <cairo.h>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

using namespace merrow;
namespace fs = std::filesystem;

namespace {

const fs::path samples = fs::path(MERROW_SOURCE_DIR) / "samples";
const fs::path golden = fs::path(MERROW_SOURCE_DIR) / "tests" / "golden";

bool updating() {
    const char* v = std::getenv("MERROW_UPDATE_GOLDEN");
    return v != nullptr && std::string(v) == "1";
}

std::vector<fs::path> sample_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(samples)) {
        if (entry.path().extension() == ".mmd") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string render_sample(const fs::path& path, cli::Format format,
                          cli::RenderOptions options = {}) {
    render::PangoTextMeasurer measurer;
    options.format = format;
    const auto r = cli::render(test::slurp(path), options, measurer);
    INFO(path.string());
    REQUIRE(r.ok);
    return r.output;
}

void write_binary(const fs::path& p, const std::string& data) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
}

struct Image {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
        nullptr, cairo_surface_destroy};
    int width = 0;
    int height = 0;
};

Image load_png(const fs::path& p) {
    Image img;
    img.surface.reset(cairo_image_surface_create_from_png(p.c_str()));
    if (cairo_surface_status(img.surface.get()) == CAIRO_STATUS_SUCCESS) {
        img.width = cairo_image_surface_get_width(img.surface.get());
        img.height = cairo_image_surface_get_height(img.surface.get());
    }
    return img;
}

// Counts pixels whose channels differ by more than `tolerance`; writes expected | diff | actual
// next to the build tree when any do.
std::size_t compare_png(const fs::path& expected_path, const fs::path& actual_path, int tolerance,
                        const fs::path& diff_path) {
    Image expected = load_png(expected_path);
    Image actual = load_png(actual_path);
    if (expected.width != actual.width || expected.height != actual.height) {
        return static_cast<std::size_t>(std::max(1, expected.width * expected.height));
    }
    const int w = expected.width;
    const int h = expected.height;
    cairo_surface_flush(expected.surface.get());
    cairo_surface_flush(actual.surface.get());
    const unsigned char* a = cairo_image_surface_get_data(expected.surface.get());
    const unsigned char* b = cairo_image_surface_get_data(actual.surface.get());
    const int stride = cairo_image_surface_get_stride(expected.surface.get());
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> diff(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 3 * w, h), cairo_surface_destroy);
    unsigned char* d = cairo_image_surface_get_data(diff.get());
    const int dstride = cairo_image_surface_get_stride(diff.get());
    std::size_t differing = 0;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const unsigned char* pa = a + y * stride + 4 * x;
            const unsigned char* pb = b + y * stride + 4 * x;
            bool differs = false;
            for (int c = 0; c < 4; ++c) {
                differs = differs || std::abs(pa[c] - pb[c]) > tolerance;
            }
            differing += differs ? 1 : 0;
            unsigned char* left = d + y * dstride + 4 * x;
            unsigned char* middle = d + y * dstride + 4 * (x + w);
            unsigned char* right = d + y * dstride + 4 * (x + 2 * w);
            std::copy(pa, pa + 4, left);
            std::copy(pb, pb + 4, right);
            const unsigned char mark[4] = {0, 0, static_cast<unsigned char>(differs ? 255 : 0),
                                           255};
            std::copy(mark, mark + 4, middle);
        }
    }
    if (differing > 0) {
        cairo_surface_mark_dirty(diff.get());
        fs::create_directories(diff_path.parent_path());
        cairo_surface_write_to_png(diff.get(), diff_path.c_str());
    }
    return differing;
}

} // namespace

TEST_CASE("every sample's SVG matches its golden file", "[golden]") {
    const auto files = sample_files();
    REQUIRE_FALSE(files.empty());
    for (const fs::path& sample : files) {
        const fs::path expected = golden / (sample.stem().string() + ".svg");
        const std::string svg = render_sample(sample, cli::Format::svg);
        if (updating()) {
            write_binary(expected, svg);
            WARN("regenerated " << expected.string());
            continue;
        }
        INFO(sample.filename().string() << ": no golden file; run with MERROW_UPDATE_GOLDEN=1 "
                                           "and review it");
        REQUIRE(fs::exists(expected));
        INFO(sample.filename().string() << " differs from " << expected.string());
        CHECK(svg == test::slurp(expected));
    }
}

TEST_CASE("every sample's PNG matches its golden image within a small tolerance", "[golden]") {
    const fs::path work = fs::temp_directory_path() / "merrow-golden";
    for (const fs::path& sample : sample_files()) {
        const fs::path expected = golden / (sample.stem().string() + ".png");
        const std::string png = render_sample(sample, cli::Format::png);
        if (updating()) {
            write_binary(expected, png);
            WARN("regenerated " << expected.string());
            continue;
        }
        REQUIRE(fs::exists(expected));
        const fs::path actual = work / (sample.stem().string() + ".png");
        write_binary(actual, png);
        const fs::path diff = work / (sample.stem().string() + ".diff.png");
        const std::size_t differing = compare_png(expected, actual, 2, diff);
        INFO(sample.filename().string() << ": " << differing << " pixels differ; see "
                                        << diff.string() << " (expected | diff | actual)");
        // Antialiasing may move a handful of edge pixels between library builds; nothing more.
        Image img = load_png(expected);
        CHECK(differing <= static_cast<std::size_t>(img.width * img.height) / 1000);
    }
}

namespace {

// Golden SVG and PNG of one rendering of a sample, named `name`.
void check_golden(const std::string& name, const fs::path& sample,
                  const cli::RenderOptions& options, bool with_png = true) {
    const fs::path svg_path = golden / (name + ".svg");
    const fs::path png_path = golden / (name + ".png");
    const std::string svg = render_sample(sample, cli::Format::svg, options);
    const std::string png = with_png ? render_sample(sample, cli::Format::png, options) : "";
    if (updating()) {
        write_binary(svg_path, svg);
        if (with_png) {
            write_binary(png_path, png);
        }
        WARN("regenerated " << name);
        return;
    }
    INFO(name << ": no golden file? run with MERROW_UPDATE_GOLDEN=1 after reviewing it");
    REQUIRE(fs::exists(svg_path));
    CHECK(svg == test::slurp(svg_path));
    if (!with_png) {
        return;
    }
    REQUIRE(fs::exists(png_path));
    const fs::path work = fs::temp_directory_path() / "merrow-golden";
    const fs::path actual = work / (name + ".png");
    write_binary(actual, png);
    const fs::path diff = work / (name + ".diff.png");
    const std::size_t differing = compare_png(png_path, actual, 2, diff);
    INFO(name << ": " << differing << " pixels differ; see " << diff.string()
              << " (expected | diff | actual)");
    Image img = load_png(png_path);
    CHECK(differing <= static_cast<std::size_t>(img.width * img.height) / 1000);
}

} // namespace

// samples/gallery.mmd has every shape, edge kind, arrowhead and curve; the default theme is
// covered above with the other samples.
TEST_CASE("the gallery matches its golden files in every other theme", "[golden]") {
    const fs::path gallery = samples / "gallery.mmd";
    REQUIRE(fs::exists(gallery));
    for (std::string_view theme : scene::theme_names()) {
        if (theme == "default") {
            continue;
        }
        cli::RenderOptions options;
        options.config.theme = std::string(theme);
        if (theme == "redux-color") {
            options.config.look = "neo"; // Mermaid 12's flowchart default
        }
        check_golden("gallery." + std::string(theme), gallery, options);
    }
}

TEST_CASE("the gallery with a dark palette matches its golden SVG", "[golden]") {
    cli::RenderOptions options;
    options.dark_theme = "dark";
    check_golden("gallery.light-dark", samples / "gallery.mmd", options, false);
    cli::RenderOptions paths;
    paths.svg_text_paths = true;
    check_golden("gallery.text-paths", samples / "gallery.mmd", paths, false);
}
