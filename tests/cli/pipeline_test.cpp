// The whole pipeline in process, on the user's own diagram.
#include "merrow/cli/pipeline.hpp"
#include "merrow/layout/json.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>

using namespace merrow;

namespace {

std::string tier_text() {
    return test::slurp(std::string(MERROW_SOURCE_DIR) + "/samples/tier.mmd");
}

cli::RenderResult render_as(cli::Format format, const std::string& text = tier_text()) {
    render::PangoTextMeasurer measurer;
    cli::RenderOptions options;
    options.format = format;
    return cli::render(text, options, measurer);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("the tier diagram renders to SVG with real text and its own colours", "[pipeline]") {
    const auto r = render_as(cli::Format::svg);
    REQUIRE(r.ok);
    CHECK(r.diagnostics.empty());
    const std::string& svg = r.output;
    CHECK(svg.find("foreignObject") == std::string::npos);
    for (const char* text : {"G1: HBM (High Bandwidth", "Memory)", "G2: Host Memory (DRAM)",
                             "Spill / Offload", "KV Cache Offload", "Cold / Archive"}) {
        INFO(text);
        CHECK(svg.find(std::string(">") + text + "</text>") != std::string::npos);
    }
    for (const char* fill : {"#e74c3c", "#e67e22", "#f1c40f", "#2ecc71", "#3498db"}) {
        INFO(fill);
        CHECK(svg.find(std::string("fill=\"") + fill + "\"") != std::string::npos);
    }
    CHECK(count(svg, "Spill / Offload") == 2);
    CHECK(svg.find("font-family=\"Arial") != std::string::npos);
}

TEST_CASE("rendering is deterministic for every format", "[pipeline]") {
    for (cli::Format f :
         {cli::Format::svg, cli::Format::png, cli::Format::pdf, cli::Format::json}) {
        INFO(cli::format_name(f));
        const auto a = render_as(f);
        const auto b = render_as(f);
        REQUIRE(a.ok);
        CHECK(a.output == b.output);
    }
}

TEST_CASE("the JSON output is the layout with the diagram's own ids", "[pipeline]") {
    const auto r = render_as(cli::Format::json);
    REQUIRE(r.ok);
    const auto doc = layout::json::parse(r.output);
    const auto& nodes = doc.find("nodes")->as_array();
    REQUIRE(nodes.size() == 5);
    CHECK(nodes[3].find("id")->as_string() == "G3_5");
    const auto& edges = doc.find("edges")->as_array();
    REQUIRE(edges.size() == 4);
    for (const auto& e : edges) {
        CHECK(e.find("label") != nullptr);
    }
    CHECK(edges[0].find("source")->as_string() == "G1");
    CHECK(edges[0].find("target")->as_string() == "G2");
}

TEST_CASE("syntax errors come back as diagnostics, not exceptions", "[pipeline]") {
    const auto r = render_as(cli::Format::svg, "graph TD\n  A --> \n  B[oops\n");
    CHECK_FALSE(r.ok);
    CHECK(r.output.empty());
    REQUIRE_FALSE(r.diagnostics.empty());
    CHECK(r.diagnostics.front().severity == model::Severity::error);
}

TEST_CASE("SVG ids are derived from the content unless given", "[pipeline]") {
    render::PangoTextMeasurer measurer;
    cli::RenderOptions options;
    const auto a = cli::render("graph TD\nA-->B\n", options, measurer);
    const auto b = cli::render("graph TD\nA-->C\n", options, measurer);
    auto prefix = [](const std::string& svg) {
        const auto at = svg.find("id=\"");
        return svg.substr(at, svg.find('-', at + 12) - at);
    };
    CHECK(prefix(a.output) != prefix(b.output));
    options.svg_id = "mine";
    CHECK(cli::render("graph TD\nA-->B\n", options, measurer).output.find("id=\"mine") !=
          std::string::npos);
}
