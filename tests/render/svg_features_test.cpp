// SVG features for embedding: a light and a dark palette in one file, styled text, and text as
// glyph outlines.
#include "merrow/render/svg_writer.hpp"
#include "scene_fixtures.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace merrow;
using merrow::test::rgb;

namespace {

std::string svg_of(const scene::Scene& s, const render::SvgOptions& options = {}) {
    std::ostringstream out;
    render::write_svg(s, out, options);
    return out.str();
}

bool well_formed(const std::string& document) {
    const auto path = test::temp_file("features.svg");
    std::ofstream(path, std::ios::binary) << document;
    const std::string command = "python3 -c 'import sys, xml.dom.minidom; "
                                "xml.dom.minidom.parse(sys.argv[1])' '" +
                                path.string() + "'";
    const int status = std::system(command.c_str());
    std::filesystem::remove(path);
    return status == 0;
}

// The two-node fixture with its colours tagged as theme roles, and a dark palette.
scene::Scene themed_scene() {
    scene::Scene s = test::two_node_scene();
    s.background_role = scene::ColorRole::background;
    for (scene::Item& item : s.items) {
        for (scene::Item& inner : item.group.items) {
            if (inner.kind == scene::Item::Kind::text) {
                inner.text.color_role = scene::ColorRole::node_text;
            } else if (item.group.css_class == "node") {
                inner.shape.fill_role = scene::ColorRole::node_fill;
                inner.shape.stroke->role = scene::ColorRole::node_stroke;
            } else if (inner.shape.stroke) {
                inner.shape.stroke->role = scene::ColorRole::line;
            }
        }
    }
    s.palette[scene::ColorRole::background] = rgb(255, 255, 255);
    s.palette[scene::ColorRole::node_fill] = rgb(0xec, 0xec, 0xff);
    s.palette[scene::ColorRole::edge_label_background] = rgb(232, 232, 232, 204);
    scene::Palette dark;
    dark[scene::ColorRole::background] = rgb(0x33, 0x33, 0x33);
    dark[scene::ColorRole::node_fill] = rgb(0x1f, 0x20, 0x20);
    dark[scene::ColorRole::edge_label_background] = rgb(88, 88, 88);
    s.dark_palette = dark;
    return s;
}

} // namespace

TEST_CASE("without a dark palette there is no style sheet and no custom property") {
    const std::string svg = svg_of(test::two_node_scene());
    CHECK(svg.find("<style") == std::string::npos);
    CHECK(svg.find("var(") == std::string::npos);
}

TEST_CASE("a dark palette becomes custom properties scoped to the root id") {
    render::SvgOptions options;
    options.id_prefix = "d1";
    const std::string svg = svg_of(themed_scene(), options);
    CHECK(well_formed(svg));
    CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"d1\" ") != std::string::npos);
    // Light values on the root, dark ones under the media query and the class selector.
    CHECK(svg.find("#d1{--merrow-background:#ffffff;--merrow-node-fill:#ececff;") !=
          std::string::npos);
    CHECK(svg.find("@media (prefers-color-scheme: dark){#d1{--merrow-background:#333333;"
                   "--merrow-node-fill:#1f2020;") != std::string::npos);
    CHECK(svg.find(".dark #d1,#d1.dark{--merrow-background:#333333;") != std::string::npos);
    // Translucent roles carry their opacity separately, in both palettes.
    CHECK(svg.find("--merrow-edge-label-background-opacity:0.8;") != std::string::npos);
    CHECK(svg.find("--merrow-edge-label-background-opacity:1;") != std::string::npos);
    // Every themed paint keeps its light colour as the attribute (what viewers without custom
    // properties draw) and reads the property in its style.
    CHECK(svg.find("<rect width=\"240\" height=\"200\" fill=\"#ffffff\" "
                   "style=\"fill:var(--merrow-background)\"/>") != std::string::npos);
    CHECK(svg.find("fill=\"#ececff\" stroke=\"#9370db\" stroke-width=\"1\" "
                   "style=\"fill:var(--merrow-node-fill);stroke:var(--merrow-node-stroke)\"") !=
          std::string::npos);
    CHECK(svg.find("fill=\"#333333\" style=\"fill:var(--merrow-node-text)\">Spill") !=
          std::string::npos);
    // Every rule in the sheet is scoped to the root.
    const std::size_t start = svg.find("<style>");
    const std::size_t end = svg.find("</style>");
    std::istringstream rules(svg.substr(start + 8, end - start - 8));
    for (std::string rule; std::getline(rules, rule);) {
        INFO(rule);
        CHECK(rule.find("#d1") != std::string::npos);
    }
}

TEST_CASE("the dark and light selectors can be chosen or left out") {
    render::SvgOptions options;
    options.id_prefix = "d2";
    options.dark_selector = "[data-theme=dark]";
    options.light_selector = ".light";
    const std::string svg = svg_of(themed_scene(), options);
    CHECK(svg.find("[data-theme=dark] #d2,#d2[data-theme=dark]{") != std::string::npos);
    CHECK(svg.find(".light #d2,#d2.light{--merrow-background:#ffffff;") != std::string::npos);
    options.dark_selector.clear();
    options.light_selector.clear();
    const std::string media_only = svg_of(themed_scene(), options);
    CHECK(media_only.find("[data-theme") == std::string::npos);
    CHECK(media_only.find("@media (prefers-color-scheme: dark)") != std::string::npos);
}

TEST_CASE("styled ranges become tspans") {
    scene::Scene s;
    s.width = 200;
    s.height = 40;
    scene::TextRun run;
    run.origin = {100, 25};
    run.text = "plain bold & italic";
    run.styles = {{6, 10, true, false}, {13, 6, false, true}};
    s.items.push_back(scene::Item::of(run));
    const std::string svg = svg_of(s);
    CHECK(well_formed(svg));
    // Ranges that overlap an earlier one are skipped rather than written twice.
    CHECK(svg.find(">plain <tspan font-weight=\"bold\">bold &amp; ita</tspan>lic</text>") !=
          std::string::npos);
}

TEST_CASE("text as paths: outlines with the text kept for assistive technology") {
    render::SvgOptions options;
    options.text = render::SvgText::paths;
    const std::string svg = svg_of(test::two_node_scene(), options);
    CHECK(well_formed(svg));
    CHECK(svg.find("<text") == std::string::npos);
    CHECK(svg.find("font-family") == std::string::npos);
    CHECK(svg.find("aria-label=\"Spill / Offload\"") != std::string::npos);
    // The outline of "Spill / Offload" sits where the text does: centred on x = 120, about as
    // wide as the text (Liberation Sans at 16 px: 95 px of advance).
    const std::size_t at = svg.find("aria-label=\"Spill / Offload\"");
    const std::size_t d = svg.rfind("<path d=\"", at) + 9;
    const std::size_t d_end = svg.find('"', d);
    std::vector<double> xs;
    bool is_x = true;
    for (std::size_t i = d; i < d_end;) {
        const char c = svg[i];
        if ((c >= '0' && c <= '9') || c == '-' || c == '.') {
            char* end = nullptr;
            const double v = std::strtod(svg.c_str() + i, &end);
            if (is_x) {
                xs.push_back(v);
            }
            is_x = !is_x;
            i = static_cast<std::size_t>(end - svg.c_str());
        } else {
            ++i;
        }
    }
    REQUIRE(xs.size() > 20);
    const double left = *std::min_element(xs.begin(), xs.end());
    const double right = *std::max_element(xs.begin(), xs.end());
    CHECK((left + right) / 2 == Approx(120).margin(2));
    CHECK(right - left == Approx(95).margin(3));
}
