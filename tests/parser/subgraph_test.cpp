// Subgraphs, `direction` and `linkStyle`.
#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

using namespace merrow;
using merrow::test::at;
using merrow::test::node;
using merrow::test::parse_body;
using merrow::test::parse_chart;
using merrow::test::single_error;

namespace {

std::vector<std::string> member_ids(const model::Flowchart& chart, const model::Subgraph& sg) {
    std::vector<std::string> ids;
    for (const std::size_t n : sg.nodes) {
        ids.push_back(chart.nodes[n].id);
    }
    return ids;
}

const model::Subgraph& subgraph(const model::Flowchart& chart, std::string_view id) {
    const auto index = chart.find_subgraph(id);
    INFO("subgraph " << id);
    REQUIRE(index.has_value());
    return chart.subgraphs[*index];
}

} // namespace

TEST_CASE("subgraphs: ids and titles", "[subgraph]") {
    const auto chart = parse_body("subgraph one\n a\nend\n"
                                  "subgraph id2 [Second title]\n b\nend\n"
                                  "subgraph id3[\"Third (quoted)\"]\n c\nend\n"
                                  "subgraph \"Fourth title\"\n d\nend\n"
                                  "subgraph Fifth title\n e\nend\n"
                                  "subgraph\n f\nend\n"
                                  "subgraph id7[\"`**md**`\"]\n g\nend\n"
                                  "subgraph \"single\"\n h\nend");
    REQUIRE(chart.subgraphs.size() == 8);
    CHECK(chart.subgraphs[0].id == "one");
    CHECK(chart.subgraphs[0].title.text == "one");
    CHECK(chart.subgraphs[1].id == "id2");
    CHECK(chart.subgraphs[1].title.text == "Second title");
    CHECK(chart.subgraphs[2].id == "id3");
    CHECK(chart.subgraphs[2].title.text == "Third (quoted)");
    // A title with spaces and no separate id gets Mermaid's generated id.
    CHECK(chart.subgraphs[3].id == "subGraph3");
    CHECK(chart.subgraphs[3].title.text == "Fourth title");
    CHECK(chart.subgraphs[4].id == "subGraph4");
    CHECK(chart.subgraphs[4].title.text == "Fifth title");
    CHECK(chart.subgraphs[5].id == "subGraph5");
    CHECK(chart.subgraphs[5].title.text.empty());
    CHECK(chart.subgraphs[6].title == model::Label{"**md**", model::LabelFormat::markdown});
    CHECK(chart.subgraphs[7].id == "single");
    for (std::size_t i = 0; i < chart.subgraphs.size(); ++i) {
        CHECK(chart.subgraphs[i].nodes.size() == 1);
        CHECK(!chart.subgraphs[i].parent);
    }
}

TEST_CASE("subgraphs: members are the nodes mentioned inside, in order", "[subgraph]") {
    const auto chart = parse_body("A --> B\n"
                                  "subgraph s [S]\n"
                                  "  C --> B\n"
                                  "  D & C\n"
                                  "  style E fill:#f00\n" // a style statement names no member
                                  "end\n"
                                  "B --> D");
    const model::Subgraph& s = subgraph(chart, "s");
    CHECK(member_ids(chart, s) == std::vector<std::string>{"C", "B", "D"});
    CHECK(s.where.begin.line == 3);
}

TEST_CASE("subgraphs: nesting, and the innermost subgraph keeps a shared node", "[subgraph]") {
    const auto chart = parse_body("subgraph outer\n"
                                  "  a --> b\n"
                                  "  subgraph inner\n"
                                  "    b --> c\n"
                                  "  end\n"
                                  "  c --> d\n"
                                  "end\n"
                                  "subgraph later\n"
                                  "  d --> e\n"
                                  "end");
    REQUIRE(chart.subgraphs.size() == 3);
    // Closing order: inner, outer, later.
    const model::Subgraph& inner = subgraph(chart, "inner");
    const model::Subgraph& outer = subgraph(chart, "outer");
    const model::Subgraph& later = subgraph(chart, "later");
    CHECK(member_ids(chart, inner) == std::vector<std::string>{"b", "c"});
    CHECK(member_ids(chart, outer) == std::vector<std::string>{"a", "d"});
    CHECK(member_ids(chart, later) == std::vector<std::string>{"e"});
    REQUIRE(inner.parent.has_value());
    CHECK(chart.subgraphs[*inner.parent].id == "outer");
    REQUIRE(outer.subgraphs.size() == 1);
    CHECK(chart.subgraphs[outer.subgraphs[0]].id == "inner");
    CHECK(!outer.parent);
}

TEST_CASE("subgraphs: one-line subgraphs with semicolons", "[subgraph]") {
    const auto chart = parse_chart("graph TD;subgraph S1; B; C; end;A-->B");
    REQUIRE(chart.subgraphs.size() == 1);
    CHECK(member_ids(chart, chart.subgraphs[0]) == std::vector<std::string>{"B", "C"});
}

TEST_CASE("subgraphs: naming a subgraph inside another nests it", "[subgraph]") {
    // Mermaid's "nested subgraphs in reverse order".
    const auto chart = parse_chart("flowchart LR\na --> b\nsubgraph A\nB\nend\n"
                                   "subgraph B\nb\nend");
    const model::Subgraph& b = subgraph(chart, "B");
    REQUIRE(b.parent.has_value());
    CHECK(chart.subgraphs[*b.parent].id == "A");
    CHECK(member_ids(chart, subgraph(chart, "A")).empty());
    CHECK(!chart.find_node("B"));
}

TEST_CASE("subgraphs: a repeated id adds to the first declaration", "[subgraph]") {
    const auto chart = parse_body("subgraph s\n a\nend\nsubgraph s\n b\nend");
    REQUIRE(chart.subgraphs.size() == 1);
    CHECK(member_ids(chart, chart.subgraphs[0]) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("subgraphs: a repeated id around its first declaration is an error", "[subgraph]") {
    // Found by the parse fuzzer: merging such a repetition made the subgraph its own ancestor,
    // and the next walk up the parents never ended.
    const std::string source = GENERATE(
        as<std::string>{}, "graph TD\nsubgraph B\n  subgraph B\n    A\n  end\nend\n",
        "graph TD\nsubgraph A\n  subgraph B\n    subgraph A\n      x\n    end\n  end\nend\nx --> "
        "A\n",
        "graph TD\nsubgraph A\n  subgraph B\n    subgraph B\n      A\n    end\n  end\nend\n");
    INFO(source);
    const model::Diagnostic d = single_error(source);
    CHECK(d.message.find("would contain itself") != std::string::npos);
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0].message == "the first declaration");
}

TEST_CASE("subgraphs: edges to a subgraph end at the subgraph", "[subgraph]") {
    const auto chart = parse_body("subgraph one\n a1 --> a2\nend\n"
                                  "subgraph two\n b1\nend\n"
                                  "one --> two\nc --> one\nstyle two fill:#0f0");
    REQUIRE(chart.nodes.size() == 4); // a1 a2 b1 c: `one` and `two` are not nodes
    CHECK(!chart.find_node("one"));
    REQUIRE(chart.edges.size() == 3);
    const model::Edge& e = chart.edges[1];
    CHECK(e.from == model::EndRef{model::EndRef::Kind::subgraph, 0});
    CHECK(e.to == model::EndRef{model::EndRef::Kind::subgraph, 1});
    const model::Edge& f = chart.edges[2];
    CHECK(f.from.kind == model::EndRef::Kind::node);
    CHECK(chart.nodes[f.from.index].id == "c");
    CHECK(f.to == model::EndRef{model::EndRef::Kind::subgraph, 0});
    // Indices were renumbered consistently.
    CHECK(chart.nodes[chart.edges[0].from.index].id == "a1");
    CHECK(member_ids(chart, subgraph(chart, "two")) == std::vector<std::string>{"b1"});
    CHECK(subgraph(chart, "two").style.fill == model::Color{0, 255, 0, 255});
}

TEST_CASE("subgraphs: classes apply, `default` does not", "[subgraph][style]") {
    const auto chart = parse_body("subgraph s\n a\nend\n"
                                  "class s hot\n"
                                  "classDef hot fill:#f00\n"
                                  "classDef default stroke:#00f");
    const model::Subgraph& s = subgraph(chart, "s");
    CHECK(s.classes == std::vector<std::string>{"hot"});
    CHECK(s.style.fill == model::Color{255, 0, 0, 255});
    CHECK(!s.style.stroke);
    CHECK(node(chart, "a").style.stroke == model::Color{0, 0, 255, 255});
}

TEST_CASE("subgraphs: direction", "[subgraph]") {
    const auto chart = parse_body("subgraph s\n direction LR\n a --> b\nend\n"
                                  "subgraph t\n direction TD\n c\nend\n"
                                  "subgraph u\n d\nend");
    CHECK(subgraph(chart, "s").direction == model::Direction::LR);
    CHECK(subgraph(chart, "t").direction == model::Direction::TB);
    CHECK(!subgraph(chart, "u").direction);
    CHECK(chart.direction == model::Direction::TB);
}

TEST_CASE("subgraphs: `direction` outside a subgraph warns", "[subgraph]") {
    const auto warnings = test::warnings_of("graph TD\ndirection LR\nA-->B");
    REQUIRE(warnings.size() == 1);
    CHECK(at(warnings[0]) == "2:11");
}

TEST_CASE("subgraphs: errors", "[subgraph][diagnostics]") {
    SECTION("never closed") {
        const auto e = single_error("graph TD\nsubgraph s [Title]\n  a --> b\n");
        CHECK(at(e) == "3:10");
        CHECK(e.message == "expected `end` for the subgraph opened at 2:1");
        REQUIRE(e.notes.size() == 1);
        CHECK(e.notes[0].range.begin.line == 2);
    }
    SECTION("`end` without a subgraph") {
        const auto e = single_error("graph TD\nsubgraph s\na\nend\nend");
        CHECK(at(e) == "5:1");
        CHECK(e.message == "unexpected `end`: there is no subgraph to close");
        CHECK(e.hint.find("`End`") != std::string::npos);
    }
    SECTION("an edge in the title") {
        CHECK(!parser::parse("graph TD\nsubgraph a --> b\nend").ok());
    }
}

TEST_CASE("linkStyle: styles by edge number, over `default`", "[linkStyle][style]") {
    const auto chart = parse_body("A --> B & C\nC --> D\n"
                                  "linkStyle default stroke:#111,stroke-width:2px\n"
                                  "linkStyle 0,2 stroke:#f00\n"
                                  "linkStyle 2 color:#00f\n");
    REQUIRE(chart.edges.size() == 3);
    CHECK(chart.edges[0].style.stroke == model::Color{255, 0, 0, 255});
    CHECK(chart.edges[0].style.stroke_width == Approx(2));
    CHECK(chart.edges[1].style.stroke == model::Color{0x11, 0x11, 0x11, 255});
    // A second linkStyle for an edge replaces the first one (Mermaid's rule).
    CHECK(chart.edges[2].style.stroke == model::Color{0x11, 0x11, 0x11, 255});
    CHECK(chart.edges[2].style.color == model::Color{0, 0, 255, 255});
}

TEST_CASE("linkStyle: interpolate sets the curve", "[linkStyle]") {
    const auto chart = parse_body("A --> B --> C\n"
                                  "linkStyle 0 interpolate stepAfter stroke:#f00\n"
                                  "linkStyle default interpolate linear\n");
    CHECK(chart.edges[0].curve == "stepAfter");
    CHECK(chart.edges[0].style.stroke.has_value());
    CHECK(chart.edges[1].curve == "linear");
}

TEST_CASE("linkStyle: errors and warnings", "[linkStyle][diagnostics]") {
    SECTION("an index past the last edge") {
        const auto e = single_error("graph TD;A-->B;linkStyle 1 stroke:red");
        CHECK(at(e) == "1:26");
        CHECK(e.message == "`linkStyle` names edge 1, but only 1 edge (0 to 0) are defined "
                           "before it");
    }
    SECTION("no edge yet") {
        const auto e = single_error("graph TD\nlinkStyle 0 stroke:red\nA-->B");
        CHECK(e.message == "`linkStyle` names edge 0, but no edge is defined before it");
    }
    SECTION("missing numbers") {
        const auto e = single_error("graph TD\nA-->B\nlinkStyle stroke:red");
        CHECK(at(e) == "3:11");
    }
    SECTION("nothing after `linkStyle`") {
        const auto e = single_error("graph TD\nA-->B\nlinkStyle");
        CHECK(e.message == "`linkStyle` needs edge numbers and style declarations");
    }
    SECTION("an unknown curve") {
        const auto warnings = test::warnings_of("graph TD\nA-->B\nlinkStyle 0 interpolate wobbly");
        REQUIRE(warnings.size() == 1);
        CHECK(at(warnings[0]) == "3:25");
    }
}
