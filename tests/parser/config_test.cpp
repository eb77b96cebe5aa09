// Configuration: YAML frontmatter, `%%{init}%%` directives and `-c` files into the typed config,
// merged in Mermaid's order, with errors where the user wrote them.
#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

using namespace merrow;
using merrow::test::at;
using merrow::test::single_error;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

model::Config config_of(std::string_view source, const model::Config& base = {}) {
    parser::ParseOptions options;
    options.base_config = base;
    const auto result = parser::parse(source, options);
    INFO(test::dump_diagnostics(result, source));
    REQUIRE(result.ok());
    return result.diagram->config;
}

std::vector<model::Diagnostic> verbose_of(const parser::ParseResult& result) {
    std::vector<model::Diagnostic> out;
    for (const auto& d : result.diagnostics) {
        if (d.verbose) {
            out.push_back(d);
        }
    }
    return out;
}

} // namespace

TEST_CASE("config: frontmatter title and config", "[config]") {
    const std::string source = "---\n"
                               "title: Orders\n"
                               "config:\n"
                               "  theme: forest\n"
                               "  look: handDrawn\n"
                               "  layout: elk\n"
                               "  fontFamily: Courier\n"
                               "  themeVariables:\n"
                               "    primaryColor: '#ff0000'\n"
                               "    fontSize: 20px\n"
                               "  flowchart:\n"
                               "    curve: stepBefore\n"
                               "    nodeSpacing: 10\n"
                               "    rankSpacing: 70.5\n"
                               "    padding: 4\n"
                               "    wrappingWidth: 120\n"
                               "    diagramPadding: 2\n"
                               "    titleTopMargin: 0\n"
                               "    inheritDir: true\n"
                               "    htmlLabels: false\n"
                               "---\n"
                               "flowchart LR\nA --> B\n";
    const auto result = parser::parse(source);
    REQUIRE(result.ok());
    CHECK(result.diagram->title == "Orders");
    const model::Config& c = result.diagram->config;
    CHECK(c.theme == "forest");
    CHECK(c.look == "handDrawn");
    CHECK(c.layout == "elk");
    CHECK(c.font_family == "Courier");
    CHECK(c.theme_variables.at("primaryColor") == "#ff0000");
    CHECK(c.theme_variables.at("fontSize") == "20px");
    CHECK(c.flowchart.curve == model::Curve::step_before);
    CHECK(c.flowchart.node_spacing == 10);
    CHECK(c.flowchart.rank_spacing == 70.5);
    CHECK(c.flowchart.padding == 4);
    CHECK(c.flowchart.wrapping_width == 120);
    CHECK(c.flowchart.diagram_padding == 2);
    CHECK(c.flowchart.title_top_margin == 0);
    CHECK(c.flowchart.inherit_dir);
    CHECK(!c.flowchart.html_labels);
    CHECK(result.diagnostics.empty());
}

TEST_CASE("config: directives, JSON with Mermaid's single quotes", "[config]") {
    const auto c = config_of("%%{init: {'theme': 'base', 'themeVariables':{ 'primaryColor': "
                             "'#ff0000'}}}%%\n"
                             "%%{initialize: {\"flowchart\": {\"curve\": \"linear\"}}}%%\n"
                             "%%{wrap}%%\n"
                             "graph TD\nA-->B");
    CHECK(c.theme == "base");
    CHECK(c.theme_variables.at("primaryColor") == "#ff0000");
    CHECK(c.flowchart.curve == model::Curve::linear);
    CHECK(c.wrap);
}

TEST_CASE("config: every directive of the corpus reads", "[config]") {
    // The directive spellings found in Mermaid's own flowchart tests.
    const std::string directive = GENERATE(
        as<std::string>{}, R"(%%{init: {"flowchart": {"htmlLabels": false}} }%%)",
        R"(%%{init: {'theme': 'base', 'themeVariables':{ 'primaryColor': '#ff0000'}}}%%)",
        R"(%%{init: { 'logLevel': 0, 'theme': 'neutral'} }%%)",
        R"(%%{init:{"theme":"base", "themeVariables": {"primaryColor":"#411d4e", "titleColor":"white", "darkMode":true}}}%%)",
        R"(%%{init: { 'themeCSS': '} * { background: red }' } }%%)",
        R"(%%{init: {"flowchart": { "inheritDir": true }}}%%)");
    INFO(directive);
    const auto result = parser::parse(directive + "\nflowchart TD\nA-->B");
    REQUIRE(result.ok());
    CHECK(test::of_severity(result, model::Severity::warning).size() ==
          verbose_of(result).size()); // at most remarks about keys merrow ignores
}

TEST_CASE("config: merge order is base < frontmatter < directives in order", "[config]") {
    model::Config base;
    base.theme = "dark";
    base.flowchart.node_spacing = 99;
    base.flowchart.rank_spacing = 11;
    base.theme_variables["lineColor"] = "#111111";
    const auto c = config_of("---\nconfig:\n  theme: forest\n  flowchart:\n    nodeSpacing: 20\n"
                             "  themeVariables:\n    primaryColor: '#222222'\n---\n"
                             "%%{init: {\"theme\": \"neutral\"}}%%\n"
                             "%%{init: {\"flowchart\": {\"nodeSpacing\": 30}}}%%\n"
                             "graph TD\nA-->B",
                             base);
    CHECK(c.theme == "neutral");           // the directive over the frontmatter
    CHECK(c.flowchart.node_spacing == 30); // the later directive over the frontmatter
    CHECK(c.flowchart.rank_spacing == 11); // the base where nobody else set it
    CHECK(c.theme_variables.at("lineColor") == "#111111"); // merged key by key
    CHECK(c.theme_variables.at("primaryColor") == "#222222");
}

TEST_CASE("config: Mermaid 12's per-diagram appearance keys", "[config]") {
    const auto c = config_of("---\nconfig:\n  flowchart:\n    theme: dark\n    look: neo\n"
                             "  theme: forest\n---\ngraph TD\nA");
    CHECK(c.theme == "dark"); // `flowchart.theme` beats `theme` of the same layer
    CHECK(c.look == "neo");
    CHECK(
        config_of("%%{init: {\"config\": {\"curve\": \"step\"}}}%%\ngraph TD\nA").flowchart.curve ==
        model::Curve::step); // a directive's `config` is the diagram's
    CHECK(config_of("%%{init: {\"flowchart\": {\"defaultRenderer\": \"elk\"}}}%%\ngraph TD\nA")
              .layout == "elk");
}

TEST_CASE("config: wrong types are errors at the value", "[config][diagnostics]") {
    SECTION("a quoted number") {
        const auto e =
            single_error("---\nconfig:\n  flowchart:\n    nodeSpacing: \"50\"\n---\ngraph TD\nA");
        CHECK(at(e) == "4:18");
        CHECK(e.message == "`flowchart.nodeSpacing` must be a number, not a string \"50\"");
        CHECK(e.hint == "remove the quotes: `nodeSpacing: 50`");
    }
    SECTION("a word for a boolean, in a directive") {
        const auto e =
            single_error("%%{init: {\"flowchart\": {\"htmlLabels\": \"no\"}}}%%\ngraph TD\nA");
        CHECK(at(e) == "1:39");
        CHECK(e.message == "`flowchart.htmlLabels` must be true or false, not a string \"no\"");
    }
    SECTION("a mapping where text belongs") {
        const auto e = single_error("---\nconfig:\n  theme: {a: 1}\n---\ngraph TD\nA");
        CHECK(at(e) == "3:10");
        CHECK(e.message == "`theme` must be a string, not a mapping");
    }
    SECTION("a negative size") {
        const auto e = single_error("%%{init: {\"flowchart\": {\"padding\": -4}}}%%\ngraph TD\nA");
        CHECK(e.message == "`flowchart.padding` must not be negative");
    }
}

TEST_CASE("config: invalid YAML and JSON are located", "[config][diagnostics]") {
    const auto e = single_error("---\ntitle: x\nconfig: [unclosed\n---\ngraph TD\nA");
    CHECK(e.range.begin.line == 3);
    CHECK(contains(e.message, "the frontmatter is not valid YAML"));
    // Mermaid ignores a directive it cannot read as JSON: a warning, and the directive is
    // not applied.
    const auto result = parser::parse("%%{init: {theme: 'dark'}}%%\ngraph TD\nA");
    REQUIRE(result.ok());
    CHECK(result.diagram->config.theme == "default");
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(at(warnings[0]) == "1:11");
    CHECK(contains(warnings[0].message, "`theme` is not quoted"));
}

TEST_CASE("config: what the diagram may not set, and values Mermaid drops", "[config]") {
    model::Config base;
    base.max_edges = 40;
    const std::string source = "---\nconfig:\n  maxEdges: 9999\n  securityLevel: loose\n"
                               "  fontFamily: \"<script>\"\n  themeVariables:\n"
                               "    primaryColor: \"red;{}\"\n---\ngraph TD\nA";
    parser::ParseOptions options;
    options.base_config = base;
    const auto result = parser::parse(source, options);
    REQUIRE(result.ok());
    CHECK(result.diagram->config.max_edges == 40);
    CHECK(result.diagram->config.font_family.empty());
    CHECK(result.diagram->config.theme_variables.count("primaryColor") == 0);
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 4);
    CHECK(contains(warnings[0].message, "`maxEdges` can only be set by the site configuration"));
    CHECK(at(warnings[0]) == "3:3");
}

TEST_CASE("config: a `#colour` lost to a YAML comment is explained", "[config]") {
    // Mermaid's own test "if values are not quoted properly".
    const auto result = parser::parse("---\nconfig:\n  theme: base\n  themeVariables:\n"
                                      "    primaryColor: #ff0000\n---\ngraph TD\nA");
    REQUIRE(result.ok());
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(at(warnings[0]) == "5:5");
    CHECK(warnings[0].hint == "`#` starts a YAML comment, so the value is lost; quote it: "
                              "`primaryColor: '#ff0000'`");
}

TEST_CASE("config: keys merrow does not use are remarks for -v", "[config]") {
    const auto result = parser::parse("---\nconfig:\n  logLevel: 0\n  flowchart:\n"
                                      "    nodeSpcing: 5\n---\ngraph TD\nA");
    REQUIRE(result.ok());
    const auto remarks = verbose_of(result);
    REQUIRE(remarks.size() == 2);
    CHECK(remarks[0].message == "merrow ignores the configuration key `logLevel`");
    CHECK(remarks[1].message == "merrow ignores the configuration key `flowchart.nodeSpcing`");
    CHECK(remarks[1].hint == "did you mean `nodeSpacing`?");
    CHECK(at(remarks[1]) == "5:5");
}

TEST_CASE("config: directives that are not init are reported", "[config]") {
    const auto result = parser::parse("%%{config: {}}%%\ngraph TD\nA");
    REQUIRE(result.ok());
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].message == "unknown directive `config`; Mermaid ignores it");
    CHECK(single_error("%%{init: {}\ngraph TD\nA").message == "this directive is never closed");
}

TEST_CASE("config: frontmatter placement (Mermaid 12)", "[config]") {
    // Indented fences are allowed when both have the same indentation.
    CHECK(parser::parse("  ---\n  title: T\n  ---\ngraph TD\nA").diagram->title == "T");
    // A blank line before the frontmatter is an error in Mermaid 12.
    const auto e = single_error("\n---\ntitle: T\n---\ngraph TD\nA");
    CHECK(at(e) == "2:1");
    CHECK(contains(e.hint, "very first line"));
}

TEST_CASE("config: -c files, JSON and YAML", "[config]") {
    SECTION("JSON") {
        const auto r = parser::parse_config_file(
            "{\n  \"theme\": \"dark\",\n  \"maxEdges\": 1000,\n  \"flowchart\": {\"curve\": "
            "\"natural\"}\n}\n",
            "mermaid.json");
        CHECK(r.ok());
        CHECK(r.config.theme == "dark");
        CHECK(r.config.max_edges == 1000); // the site configuration may
        CHECK(r.config.flowchart.curve == model::Curve::natural);
    }
    SECTION("YAML, over a base") {
        model::Config base;
        base.theme = "forest";
        base.flowchart.padding = 3;
        const auto r = parser::parse_config_file("flowchart:\n  nodeSpacing: 12\n", "m.yaml", base);
        CHECK(r.ok());
        CHECK(r.config.theme == "forest");
        CHECK(r.config.flowchart.padding == 3);
        CHECK(r.config.flowchart.node_spacing == 12);
    }
    SECTION("errors are located in the file") {
        const auto r = parser::parse_config_file("{\n  \"maxEdges\": \"many\"\n}", "m.json");
        CHECK(!r.ok());
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(at(r.diagnostics[0]) == "2:15");
        const auto broken = parser::parse_config_file("{\"theme\": ", "m.json");
        CHECK(!broken.ok());
        CHECK(contains(broken.diagnostics[0].message, "the JSON is not valid YAML"));
    }
    SECTION("the diagram's configuration goes over it") {
        const auto site = parser::parse_config_file("theme: dark\n", "m.yaml");
        const auto c = config_of("---\nconfig:\n  theme: forest\n---\ngraph TD\nA", site.config);
        CHECK(c.theme == "forest");
    }
}

TEST_CASE("config: inheritDir gives undirected subgraphs the diagram's direction", "[config]") {
    const auto result =
        parser::parse("%%{init: {\"flowchart\": {\"inheritDir\": true}}}%%\n"
                      "graph LR\nsubgraph A\na\nend\nsubgraph B\ndirection TB\nb\nend");
    REQUIRE(result.ok());
    const auto& chart = *result.diagram->flowchart();
    CHECK(chart.subgraphs[0].direction == model::Direction::LR);
    CHECK(chart.subgraphs[1].direction == model::Direction::TB);
    CHECK(!test::parse_chart("graph LR\nsubgraph A\na\nend").subgraphs[0].direction);
}

TEST_CASE("config: deeply nested YAML is refused, not a crash", "[config][robustness]") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const auto result = parser::parse("%%{init: {\"a\": " + deep + "}}%%\ngraph TD\nA");
    CHECK(result.ok()); // Mermaid ignores a directive it cannot read: a warning
    const auto file = parser::parse_config_file("a: " + deep, "x.yaml");
    CHECK(!file.ok());
    // YAML aliases could expand exponentially; JSON has none, so Mermaid ignores them.
    std::string laughs = "{\"a\": &a [1, 1, 1, 1, 1, 1, 1, 1]";
    for (char c = 'b'; c <= 'z'; ++c) {
        laughs += std::string(", \"") + c + "\": &" + c + " [*" + static_cast<char>(c - 1) + ", *" +
                  static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + "]";
    }
    const auto bomb = parser::parse("%%{init: " + laughs + "}}%%\ngraph TD\nA");
    CHECK(bomb.ok());
    CHECK(test::of_severity(bomb, model::Severity::warning).size() == 1);
}
