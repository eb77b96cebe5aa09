// Building the model: repeated definitions, order, positions, classes and resolved styles.
#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

using namespace merrow;
using merrow::test::edge_ends;
using merrow::test::node;
using merrow::test::parse_body;
using merrow::test::parse_chart;

namespace {

model::Color rgb(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    return model::Color{r, g, b, 255};
}

} // namespace

TEST_CASE("nodes: the label defaults to the id", "[model]") {
    const auto chart = parse_body("A --> B");
    CHECK(node(chart, "A").label == model::Label{"A", model::LabelFormat::plain});
}

TEST_CASE("nodes: a bare mention keeps the label and shape of the definition", "[model]") {
    const auto chart = parse_body("A(Start) --> B\nB --> A\nA");
    CHECK(node(chart, "A").label.text == "Start");
    CHECK(node(chart, "A").shape == model::Shape::rounded);
}

TEST_CASE("nodes: a definition after bare mentions sets the label", "[model]") {
    const auto chart = parse_body("A --> B\nA{Decide}");
    CHECK(node(chart, "A").label.text == "Decide");
    CHECK(node(chart, "A").shape == model::Shape::diamond);
}

TEST_CASE("nodes: a second definition with text replaces the first, with a warning", "[model]") {
    // Mermaid's FlowDB overwrites text and type on every definition that has text.
    const std::string source = "graph TD\nA[first] --> B\nA(second)\nA[second]";
    const auto result = parser::parse(source);
    REQUIRE(result.ok());
    const auto& chart = *result.diagram->flowchart();
    CHECK(node(chart, "A").label.text == "second");
    CHECK(node(chart, "A").shape == model::Shape::rect);
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 2);
    CHECK(test::at(warnings[0]) == "3:1");
    CHECK(warnings[0].message.find("different label and shape") != std::string::npos);
    REQUIRE(warnings[0].notes.size() == 1);
    CHECK(warnings[0].notes[0].range.begin.line == 2);
    CHECK(warnings[1].message.find("different shape") != std::string::npos);
}

TEST_CASE("nodes: repeating the same definition is fine", "[model]") {
    CHECK(test::warnings_of("graph TD\nA[x] --> B\nB --> A[x]").empty());
}

TEST_CASE("nodes and edges keep source order, positions point at the first mention", "[model]") {
    const auto chart = parse_chart("graph TD\n  C --> B\n  B[bee] --> A\n  A --> C\n");
    REQUIRE(chart.nodes.size() == 3);
    CHECK(chart.nodes[0].id == "C");
    CHECK(chart.nodes[1].id == "B");
    CHECK(chart.nodes[2].id == "A");
    const model::Node& b = chart.nodes[1];
    CHECK(b.where.begin == model::SourcePos{2, 9, 17});
    CHECK(b.where.end == model::SourcePos{2, 10, 18});
    REQUIRE(chart.edges.size() == 3);
    CHECK(edge_ends(chart, chart.edges[1]) == "B->A");
    CHECK(chart.edges[1].where.begin.line == 3);
    CHECK(chart.edges[1].where.begin.column == 10);
    CHECK(chart.edges[1].where.end.column == 13);
}

TEST_CASE("positions count code points", "[model][unicode]") {
    const auto chart = parse_chart("graph TD\nÄÖÜ --> 日本");
    CHECK(chart.nodes[1].where.begin.column == 9);
    CHECK(chart.nodes[1].where.begin.offset == 9 + 6 + 5);
}

TEST_CASE("style: declarations become typed properties", "[model][style]") {
    const auto chart = parse_body("A --> B\nstyle A fill:#f9f,stroke:#333,stroke-width:4px,"
                                  "color:white,stroke-dasharray: 5\\, 5");
    const model::StyleProps& s = node(chart, "A").style;
    CHECK(s.fill == rgb(0xff, 0x99, 0xff));
    CHECK(s.stroke == rgb(0x33, 0x33, 0x33));
    CHECK(s.stroke_width == Approx(4));
    CHECK(s.color == rgb(255, 255, 255));
    REQUIRE(s.stroke_dasharray.has_value());
    CHECK(*s.stroke_dasharray == std::vector<double>{5, 5});
    CHECK(node(chart, "B").style.empty());
}

TEST_CASE("style: resolution order is classDef default, classes, then style statements",
          "[model][style]") {
    const auto chart = parse_body("A:::warm --> B\n"
                                  "C\n"
                                  "class B warm,hot\n" // one class called `warm,hot`
                                  "class B hot\n"
                                  "style A stroke:#00f\n"
                                  "style A stroke:#0f0,color:#111\n"
                                  "classDef default fill:#eee,stroke:#999,stroke-width:2px\n"
                                  "classDef warm fill:#fa0\n"
                                  "classDef hot fill:#f00,stroke:#800\n");
    const model::StyleProps& a = node(chart, "A").style;
    CHECK(a.fill == rgb(0xff, 0xaa, 0x00));   // warm over default
    CHECK(a.stroke == rgb(0x00, 0xff, 0x00)); // the last style statement
    CHECK(a.stroke_width == Approx(2));       // from default
    CHECK(a.color == rgb(0x11, 0x11, 0x11));
    const model::StyleProps& b = node(chart, "B").style;
    CHECK(node(chart, "B").classes == std::vector<std::string>{"warm,hot", "hot"});
    CHECK(b.fill == rgb(0xff, 0x00, 0x00));
    CHECK(b.stroke == rgb(0x88, 0x00, 0x00));
    const model::StyleProps& c = node(chart, "C").style;
    CHECK(c.fill == rgb(0xee, 0xee, 0xee));
    CHECK(c.stroke == rgb(0x99, 0x99, 0x99));
}

TEST_CASE("style: classDef may name several classes and be repeated", "[model][style]") {
    const auto chart = parse_body("A:::one --> B:::two\n"
                                  "classDef one,two fill:#123456\n"
                                  "classDef two stroke:#654321\n");
    CHECK(chart.class_defs.size() == 2);
    CHECK(node(chart, "A").style.fill == rgb(0x12, 0x34, 0x56));
    CHECK(!node(chart, "A").style.stroke);
    CHECK(node(chart, "B").style.fill == rgb(0x12, 0x34, 0x56));
    CHECK(node(chart, "B").style.stroke == rgb(0x65, 0x43, 0x21));
    REQUIRE(chart.find_class("two") != nullptr);
    CHECK(chart.find_class("two")->style.stroke == rgb(0x65, 0x43, 0x21));
}

TEST_CASE("style: `class` lists several nodes", "[model][style]") {
    const auto chart = parse_body("A --> B --> C\nclass A,C hot\nclassDef hot fill:red");
    CHECK(node(chart, "A").style.fill == rgb(255, 0, 0));
    CHECK(!node(chart, "B").style.fill);
    CHECK(node(chart, "C").style.fill == rgb(255, 0, 0));
}

TEST_CASE("style: a trailing semicolon ends the declarations", "[model][style]") {
    const auto chart = parse_chart("graph TD;A-->B;style A fill:#f00;\nstyle B fill:#0f0;");
    CHECK(node(chart, "A").style.fill == rgb(255, 0, 0));
    CHECK(node(chart, "B").style.fill == rgb(0, 255, 0));
}

TEST_CASE("style: a colour then a semicolon mid-line is an entity code, as in Mermaid",
          "[model][style][diagnostics]") {
    // Mermaid's entity pre-encoding drops only the line's last `;` after a style colour and then
    // reads `#f00;` as an entity, so the statement does not end there.
    const auto e = test::single_error("graph TD;A-->B;style A fill:#f00;style B fill:#0f0;");
    CHECK(test::at(e) == "1:29");
    CHECK(e.message == "`#f00;` is read as an entity code, so this `;` does not end the statement");
    CHECK(e.hint.find("own line") != std::string::npos);
}

TEST_CASE("style warnings point into the declarations", "[model][style][diagnostics]") {
    const std::string source = "graph TD\nA-->B\nstyle A fill:#f00,bogus:1,stroke:notacolour\n";
    const auto result = parser::parse(source);
    REQUIRE(result.ok()); // warnings do not block
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 2);
    CHECK(test::at(warnings[0]) == "3:19");
    CHECK(warnings[0].message == "unknown style property `bogus`");
    CHECK(!warnings[0].hint.empty());
    CHECK(test::at(warnings[1]) == "3:27");
    CHECK(warnings[1].message.find("notacolour") != std::string::npos);
}

TEST_CASE("style on an id used nowhere else creates the node, with a warning", "[model][style]") {
    const auto result = parser::parse("graph TD\nA-->B\nstyle Z fill:#f00\nstyle B fill:#00f");
    REQUIRE(result.ok());
    const auto& chart = *result.diagram->flowchart();
    CHECK(node(chart, "Z").label.text == "Z");
    CHECK(node(chart, "Z").style.fill == rgb(255, 0, 0));
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(test::at(warnings[0]) == "3:7");
}

TEST_CASE("style before the node's definition is fine", "[model][style]") {
    const auto result = parser::parse("graph TD\nstyle A fill:#f00\nA[a] --> B");
    REQUIRE(result.ok());
    CHECK(result.diagnostics.empty());
    CHECK(node(*result.diagram->flowchart(), "A").label.text == "a");
}

TEST_CASE("class before the node exists is ignored, as Mermaid does, with a warning",
          "[model][style]") {
    const auto result = parser::parse("graph TD\nclass A hot\nA --> B\nclassDef hot fill:#f00");
    REQUIRE(result.ok());
    CHECK(node(*result.diagram->flowchart(), "A").classes.empty());
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(test::at(warnings[0]) == "2:7");
    CHECK(warnings[0].hint.find("A:::hot") != std::string::npos);
}

TEST_CASE("a class nobody defines is reported once", "[model][style]") {
    const auto warnings = test::warnings_of("graph TD\nA:::ghost --> B:::ghost");
    REQUIRE(warnings.size() == 1);
    CHECK(test::at(warnings[0]) == "2:5");
    CHECK(warnings[0].message == "class `ghost` is not defined by any `classDef`");
}

TEST_CASE("the configuration given by the caller is kept", "[model]") {
    parser::ParseOptions options;
    options.base_config.theme = "forest";
    options.base_config.flowchart.node_spacing = 80;
    const auto result = parser::parse("graph TD\nA-->B", options);
    REQUIRE(result.ok());
    CHECK(result.diagram->config.theme == "forest");
    CHECK(result.diagram->config.flowchart.node_spacing == Approx(80));
}

TEST_CASE("samples/tier.mmd", "[model][sample]") {
    const std::string source = R"mmd(graph TD
    G1["G1: HBM (High Bandwidth Memory)"]
    G2["G2: Host Memory (DRAM)"]
    G3["G3: Host NVMe (Local SSD)"]
    G3_5["G3.5: CMX (Context KV Cache)"]
    G4["G4: High Performance Shared Storage"]
    G1 -->|"Spill / Offload"| G2
    G2 -->|"Spill / Offload"| G3
    G3 -->|"KV Cache Offload"| G3_5
    G3_5 -->|"Cold / Archive"| G4
    style G1 fill:#e74c3c,color:#fff,stroke:#c0392b
    style G2 fill:#e67e22,color:#fff,stroke:#d35400
    style G3 fill:#f1c40f,color:#333,stroke:#d4ac0f
    style G3_5 fill:#2ecc71,color:#fff,stroke:#27ae60
    style G4 fill:#3498db,color:#fff,stroke:#2980b9
)mmd";
    const auto result = parser::parse(source);
    INFO(test::dump_diagnostics(result, source));
    REQUIRE(result.ok());
    CHECK(result.diagnostics.empty());
    const auto& chart = *result.diagram->flowchart();
    CHECK(chart.direction == model::Direction::TB);
    REQUIRE(chart.nodes.size() == 5);
    CHECK(node(chart, "G3_5").label.text == "G3.5: CMX (Context KV Cache)");
    CHECK(node(chart, "G1").label.text == "G1: HBM (High Bandwidth Memory)");
    REQUIRE(chart.edges.size() == 4);
    const std::vector<std::pair<std::string, std::string>> edges{
        {"G1->G2", "Spill / Offload"},
        {"G2->G3", "Spill / Offload"},
        {"G3->G3_5", "KV Cache Offload"},
        {"G3_5->G4", "Cold / Archive"},
    };
    for (std::size_t i = 0; i < edges.size(); ++i) {
        CHECK(edge_ends(chart, chart.edges[i]) == edges[i].first);
        CHECK(chart.edges[i].label.text == edges[i].second);
        CHECK(chart.edges[i].head_end == model::ArrowHead::arrow);
    }
    const std::vector<std::pair<std::string, std::string>> fills{
        {"G1", "#e74c3c"},   {"G2", "#e67e22"}, {"G3", "#f1c40f"},
        {"G3_5", "#2ecc71"}, {"G4", "#3498db"},
    };
    for (const auto& [id, fill] : fills) {
        const model::StyleProps& s = node(chart, id).style;
        REQUIRE(s.fill.has_value());
        CHECK(s.fill->to_hex() == fill);
        CHECK(s.stroke.has_value());
        CHECK(s.color.has_value());
    }
    CHECK(node(chart, "G3").style.color == rgb(0x33, 0x33, 0x33));
}
