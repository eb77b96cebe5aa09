// Output that embeds cleanly: valid XML, unique ids per diagram, accessible names, nothing
// fetched from elsewhere; text in any script with a warning for what no font can draw; PNG and
// PDF sized as asked.
#include "merrow/cli/pipeline.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "process.hpp"

#include <algorithm>
#include <cairo.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

using namespace merrow;
namespace fs = std::filesystem;

namespace {

const fs::path samples = fs::path(MERROW_SOURCE_DIR) / "samples";

cli::RenderResult run(const std::string& text, cli::RenderOptions options = {}) {
    render::PangoTextMeasurer measurer;
    return cli::render(text, options, measurer);
}

// Parses with Python's strict XML parser; returns every id attribute, or nothing if invalid.
std::optional<std::vector<std::string>> xml_ids(const std::string& document) {
    test::TempDir dir;
    const fs::path in = dir.path() / "doc.svg";
    const fs::path out = dir.path() / "ids.txt";
    std::ofstream(in, std::ios::binary) << document;
    const std::string command =
        "python3 -c 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); "
        "open(sys.argv[2], \"w\").write(\"\\n\".join(e.getAttribute(\"id\") for e in "
        "d.getElementsByTagName(\"*\") if e.hasAttribute(\"id\")))' '" +
        in.string() + "' '" + out.string() + "'";
    if (std::system(command.c_str()) != 0) {
        return std::nullopt;
    }
    std::vector<std::string> ids;
    std::istringstream lines(test::slurp(out));
    for (std::string line; std::getline(lines, line);) {
        ids.push_back(line);
    }
    return ids;
}

struct Png {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
        nullptr, cairo_surface_destroy};
    int width = 0;
    int height = 0;
    unsigned alpha_at(int x, int y) const {
        const unsigned char* data = cairo_image_surface_get_data(surface.get());
        return data[y * cairo_image_surface_get_stride(surface.get()) + 4 * x + 3];
    }
};

Png decode_png(const std::string& bytes) {
    test::TempDir dir;
    const fs::path path = dir.path() / "x.png";
    std::ofstream(path, std::ios::binary) << bytes;
    Png png;
    png.surface.reset(cairo_image_surface_create_from_png(path.c_str()));
    REQUIRE(cairo_surface_status(png.surface.get()) == CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(png.surface.get());
    png.width = cairo_image_surface_get_width(png.surface.get());
    png.height = cairo_image_surface_get_height(png.surface.get());
    return png;
}

} // namespace

TEST_CASE("every sample in every SVG variant is valid XML with unique ids", "[embedding]") {
    for (const auto& entry : fs::directory_iterator(samples)) {
        if (entry.path().extension() != ".mmd") {
            continue;
        }
        const std::string text = test::slurp(entry.path());
        for (int variant = 0; variant < 3; ++variant) {
            cli::RenderOptions options;
            options.dark_theme = variant == 1 ? "dark" : "";
            options.svg_text_paths = variant == 2;
            const auto r = run(text, options);
            INFO(entry.path().filename().string() << " variant " << variant);
            REQUIRE(r.ok);
            const auto ids = xml_ids(r.output);
            REQUIRE(ids);
            const std::set<std::string> unique(ids->begin(), ids->end());
            CHECK(unique.size() == ids->size());
            // Every id starts with the root's, so two diagrams on one page never collide.
            REQUIRE_FALSE(ids->empty());
            for (const std::string& id : *ids) {
                CHECK(id.rfind(ids->front(), 0) == 0);
            }
            // Nothing is fetched: no external references, images, fonts or imports.
            CHECK(r.output.find("<image") == std::string::npos);
            CHECK(r.output.find("@import") == std::string::npos);
            CHECK(r.output.find("@font-face") == std::string::npos);
            CHECK(r.output.find("url(") == std::string::npos);
            CHECK(r.output.find("<script") == std::string::npos);
            CHECK(r.output.find("foreignObject") == std::string::npos);
        }
    }
}

TEST_CASE("two diagrams inlined in one page share no id", "[embedding]") {
    const auto a = run("flowchart LR\n  A --> B\n");
    const auto b = run("flowchart LR\n  A --> C\n");
    const auto ids_a = xml_ids(a.output);
    const auto ids_b = xml_ids(b.output);
    REQUIRE(ids_a);
    REQUIRE(ids_b);
    for (const std::string& id : *ids_a) {
        CHECK(std::find(ids_b->begin(), ids_b->end(), id) == ids_b->end());
    }
}

TEST_CASE("title, accTitle and accDescr name and describe the image", "[embedding]") {
    const auto r = run("---\ntitle: Storage tiers\n---\nflowchart LR\n"
                       "  accTitle: Where data lives\n"
                       "  accDescr: Four tiers, from fast to cheap\n"
                       "  A --> B\n");
    REQUIRE(r.ok);
    const std::string& svg = r.output;
    CHECK(svg.find("role=\"img\"") != std::string::npos);
    const std::regex labelled("aria-labelledby=\"([^\"]+)\"");
    std::smatch m;
    REQUIRE(std::regex_search(svg, m, labelled));
    CHECK(svg.find("<title id=\"" + m[1].str() + "\">Where data lives</title>") !=
          std::string::npos);
    const std::regex described("aria-describedby=\"([^\"]+)\"");
    REQUIRE(std::regex_search(svg, m, described));
    CHECK(svg.find("<desc id=\"" + m[1].str() + "\">Four tiers, from fast to cheap</desc>") !=
          std::string::npos);
    // The visible title is drawn too.
    CHECK(svg.find(">Storage tiers</text>") != std::string::npos);
}

TEST_CASE("CJK, emoji and right-to-left labels are drawn with fallback fonts", "[embedding]") {
    const std::string text = "flowchart LR\n  A[\"中文标签\"] --> B[\"שלום עולם\"] --> "
                             "C[\"مرحبا بالعالم\"] --> D[\"ship it 🚀\"]\n";
    const auto svg = run(text);
    REQUIRE(svg.ok);
    for (const model::Diagnostic& d : svg.diagnostics) {
        INFO(d.message);
        CHECK(d.severity != model::Severity::warning);
    }
    CHECK(svg.output.find(">中文标签</text>") != std::string::npos);
    cli::RenderOptions png_options;
    png_options.format = cli::Format::png;
    const auto png = run(text, png_options);
    REQUIRE(png.ok);
    CHECK(decode_png(png.output).width > 300);
}

TEST_CASE("a character no installed font can draw is named in a warning", "[embedding]") {
    // U+10000, LINEAR B SYLLABLE B008 A: in none of the fonts scripts/setup.sh installs.
    const auto r = run("flowchart LR\n  A[\"Linear B \xF0\x90\x80\x80\"] --> B[\"again "
                       "\xF0\x90\x80\x80\"]\n");
    REQUIRE(r.ok);
    std::size_t warnings = 0;
    for (const model::Diagnostic& d : r.diagnostics) {
        if (d.severity == model::Severity::warning &&
            d.message.find("U+10000") != std::string::npos) {
            ++warnings;
            CHECK(d.range.begin.line == 2);
        }
    }
    CHECK(warnings == 1); // once per character, at its first use
}

TEST_CASE("PNG scale, fit and transparent background, and PDF pages the size of the diagram",
          "[embedding]") {
    const std::string text = test::slurp(samples / "tier.mmd");
    cli::RenderOptions svg_options;
    const auto svg = run(text, svg_options);
    const std::regex size("width=\"([0-9.]+)\" height=\"([0-9.]+)\"");
    std::smatch m;
    REQUIRE(std::regex_search(svg.output, m, size));
    const double width = std::stod(m[1].str());
    const double height = std::stod(m[2].str());

    cli::RenderOptions png;
    png.format = cli::Format::png;
    png.scale = 2;
    const Png doubled = decode_png(run(text, png).output);
    CHECK(doubled.width == static_cast<int>(std::ceil(width * 2 - 1e-6)));
    CHECK(doubled.height == static_cast<int>(std::ceil(height * 2 - 1e-6)));
    CHECK(doubled.alpha_at(1, 1) == 255);

    png.scale = 1;
    png.width = 150;
    const Png fitted = decode_png(run(text, png).output);
    CHECK(fitted.width == 150);
    png.width.reset();
    png.height = 300;
    CHECK(decode_png(run(text, png).output).height == 300);

    png.height.reset();
    png.background = "transparent";
    const Png clear = decode_png(run(text, png).output);
    CHECK(clear.alpha_at(1, 1) == 0);

    cli::RenderOptions pdf;
    pdf.format = cli::Format::pdf;
    const std::string document = run(text, pdf).output;
    const std::regex media("/MediaBox \\[ ?0 0 ([0-9.]+) ([0-9.]+) ?\\]");
    REQUIRE(std::regex_search(document, m, media));
    CHECK(std::stod(m[1].str()) == Approx(width).margin(1));
    CHECK(std::stod(m[2].str()) == Approx(height).margin(1));
}

TEST_CASE("the SVG options on the command line", "[embedding][cli]") {
    const std::string bin = MERROW_BINARY;
    const std::string diagram = "flowchart LR\n  A[Start] --> B[End]\n";
    const auto dark = test::run_command(bin + " -i - -o - -e svg --dark-theme dark", &diagram);
    REQUIRE(dark.exit_code == 0);
    CHECK(dark.out.find("@media (prefers-color-scheme: dark)") != std::string::npos);
    CHECK(dark.out.find(".dark #") != std::string::npos);
    const auto selector = test::run_command(
        bin + " -i - -o - -e svg --dark-theme dark --dark-selector '[data-theme=dark]' "
              "--light-selector .light",
        &diagram);
    REQUIRE(selector.exit_code == 0);
    CHECK(selector.out.find("[data-theme=dark] #") != std::string::npos);
    CHECK(selector.out.find(".light #") != std::string::npos);
    const auto paths = test::run_command(bin + " -i - -o - -e svg --svg-text paths", &diagram);
    REQUIRE(paths.exit_code == 0);
    CHECK(paths.out.find("<text") == std::string::npos);
    CHECK(paths.out.find("aria-label=\"Start\"") != std::string::npos);
    const auto neo =
        test::run_command(bin + " -i - -o - -e svg -t redux-color --look neo", &diagram);
    REQUIRE(neo.exit_code == 0);
    CHECK(neo.out.find("stroke=\"#28253d\" stroke-width=\"2\"") != std::string::npos);
    CHECK(test::run_command(bin + " -i - -o - -e svg --dark-theme nope", &diagram).exit_code == 2);
    CHECK(test::run_command(bin + " -i - -o - -e svg --svg-text glyphs", &diagram).exit_code == 2);
    CHECK(test::run_command(bin + " -i - -o - -e svg --look sketchy", &diagram).exit_code == 2);
    CHECK(test::run_command(bin + " -i - -o - -e pdf -f", &diagram).exit_code == 0);
}
