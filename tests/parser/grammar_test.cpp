// The flowchart grammar: header, ids, shapes, edges, labels, chains and groups.
#include "flowchart/grammar.hpp"
#include "parse_helpers.hpp"

#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

using namespace merrow;
using merrow::test::edge_ends;
using merrow::test::node;
using merrow::test::parse_body;
using merrow::test::parse_chart;

TEST_CASE("the grammar has no cycles without progress", "[grammar]") {
    namespace g = parser::flowchart::grammar;
    CHECK(tao::pegtl::analyze<g::header>() == 0);
    CHECK(tao::pegtl::analyze<g::line>() == 0);
}

TEST_CASE("header: keywords and directions", "[grammar][header]") {
    const auto [header, direction] = GENERATE(table<std::string, model::Direction>({
        {"graph TD", model::Direction::TB},
        {"graph TB", model::Direction::TB},
        {"graph BT", model::Direction::BT},
        {"graph LR", model::Direction::LR},
        {"graph RL", model::Direction::RL},
        {"flowchart LR", model::Direction::LR},
        {"flowchart TD;", model::Direction::TB},
        {"flowchart-elk RL", model::Direction::RL},
        {"graph >", model::Direction::LR},
        {"graph <", model::Direction::RL},
        {"graph ^", model::Direction::BT},
        {"graph v", model::Direction::TB},
        {"graph", model::Direction::TB},
        {"flowchart", model::Direction::TB},
        {"flowchart   LR   ", model::Direction::LR},
        {"\n\n   graph BT", model::Direction::BT},
    }));
    INFO(header);
    CHECK(parse_chart(header + "\nA-->B").direction == direction);
}

TEST_CASE("header: the statements may follow a semicolon on the header line", "[grammar][header]") {
    const auto chart = parse_chart("graph LR;A-->B;B-->C;");
    CHECK(chart.direction == model::Direction::LR);
    CHECK(chart.nodes.size() == 3);
    CHECK(chart.edges.size() == 2);
}

TEST_CASE("header: flowchart-elk selects the ELK layout", "[grammar][header]") {
    const auto result = parser::parse("flowchart-elk TD\nA-->B");
    REQUIRE(result.ok());
    CHECK(result.diagram->config.layout == "elk");
    CHECK(parser::parse("flowchart TD\nA-->B").diagram->config.layout == "dagre");
}

TEST_CASE("shapes: every classic bracket form", "[grammar][shape]") {
    const auto [text, shape] = GENERATE(table<std::string, model::Shape>({
        {"A[x]", model::Shape::rect},
        {"A(x)", model::Shape::rounded},
        {"A([x])", model::Shape::stadium},
        {"A[[x]]", model::Shape::subroutine},
        {"A[(x)]", model::Shape::cylinder},
        {"A((x))", model::Shape::circle},
        {"A(((x)))", model::Shape::double_circle},
        {"A>x]", model::Shape::odd},
        {"A{x}", model::Shape::diamond},
        {"A{{x}}", model::Shape::hexagon},
        {"A[/x/]", model::Shape::lean_right},
        {"A[\\x\\]", model::Shape::lean_left},
        {"A[/x\\]", model::Shape::trapezoid},
        {"A[\\x/]", model::Shape::inv_trapezoid},
        {"A(-x-)", model::Shape::ellipse},
        {"A[\"x\"]", model::Shape::rect},
        {"A((\"x\"))", model::Shape::circle},
        {"A{{\"x\"}}", model::Shape::hexagon},
        {"A[/\"x\"/]", model::Shape::lean_right},
    }));
    INFO(text);
    const auto chart = parse_body(text + " --> B");
    const model::Node& a = node(chart, "A");
    CHECK(a.shape == shape);
    CHECK(a.label.text == "x");
    CHECK(a.label.format == model::LabelFormat::plain);
    CHECK(node(chart, "B").shape == model::Shape::rect);
}

TEST_CASE("shapes: a bare id is a rectangle labelled with its id", "[grammar][shape]") {
    const auto chart = parse_body("hello");
    REQUIRE(chart.nodes.size() == 1);
    CHECK(chart.nodes[0].id == "hello");
    CHECK(chart.nodes[0].label.text == "hello");
    CHECK(chart.nodes[0].shape == model::Shape::rect);
}

TEST_CASE("shapes: legacy vertex properties parse as a rectangle", "[grammar][shape]") {
    const auto result = parser::parse("graph TD;A-->B[|borders:lt|This is text]");
    REQUIRE(result.ok());
    const auto& b = node(*result.diagram->flowchart(), "B");
    CHECK(b.shape == model::Shape::rect);
    CHECK(b.label.text == "This is text");
    CHECK(test::of_severity(result, model::Severity::warning).size() == 1);
}

struct EdgeCase {
    std::string token;
    model::ArrowHead head_start;
    model::ArrowHead head_end;
    model::EdgeStroke stroke;
    int length;
};

TEST_CASE("edges: kinds, heads and lengths", "[grammar][edge]") {
    using H = model::ArrowHead;
    using S = model::EdgeStroke;
    const EdgeCase c = GENERATE(values<EdgeCase>({
        {"-->", H::none, H::arrow, S::normal, 1},
        {"--->", H::none, H::arrow, S::normal, 2},
        {"----->", H::none, H::arrow, S::normal, 4},
        {"---", H::none, H::none, S::normal, 1},
        {"----", H::none, H::none, S::normal, 2},
        {"--x", H::none, H::cross, S::normal, 1},
        {"--o", H::none, H::circle, S::normal, 1},
        {"---x", H::none, H::cross, S::normal, 2},
        {"<-->", H::arrow, H::arrow, S::normal, 1},
        {"<--->", H::arrow, H::arrow, S::normal, 2},
        {"x--x", H::cross, H::cross, S::normal, 1},
        {"o--o", H::circle, H::circle, S::normal, 1},
        {"-.->", H::none, H::arrow, S::dotted, 1},
        {"-..->", H::none, H::arrow, S::dotted, 2},
        {"-.-", H::none, H::none, S::dotted, 1},
        {"-...-", H::none, H::none, S::dotted, 3},
        {"-.-x", H::none, H::cross, S::dotted, 1},
        {"<-.->", H::arrow, H::arrow, S::dotted, 1},
        {"==>", H::none, H::arrow, S::thick, 1},
        {"===>", H::none, H::arrow, S::thick, 2},
        {"===", H::none, H::none, S::thick, 1},
        {"====", H::none, H::none, S::thick, 2},
        {"==o", H::none, H::circle, S::thick, 1},
        {"<==>", H::arrow, H::arrow, S::thick, 1},
        {"~~~", H::none, H::none, S::invisible, 1},
        {"~~~~~", H::none, H::none, S::invisible, 3},
        {"------------------>", H::none, H::arrow, S::normal, 10},
    }));
    for (const std::string& spacing : {std::string(" "), std::string()}) {
        if (spacing.empty() && (c.token[0] == 'x' || c.token[0] == 'o')) {
            continue; // `Ax--xB` is the node `Ax`, as in Mermaid
        }
        const std::string body = "A" + spacing + c.token + spacing + "B";
        INFO(body);
        const auto chart = parse_body(body);
        REQUIRE(chart.nodes.size() == 2);
        REQUIRE(chart.edges.size() == 1);
        const model::Edge& e = chart.edges[0];
        CHECK(edge_ends(chart, e) == "A->B");
        CHECK(e.head_start == c.head_start);
        CHECK(e.head_end == c.head_end);
        CHECK(e.stroke == c.stroke);
        CHECK(e.length == c.length);
        CHECK(e.label.empty());
    }
}

TEST_CASE("edges: `o` or `x` right after the line is a head (Mermaid's rule)", "[grammar][edge]") {
    const auto chart = parse_body("A---oB\nC--xylophone");
    CHECK(chart.edges[0].head_end == model::ArrowHead::circle);
    CHECK(edge_ends(chart, chart.edges[0]) == "A->B");
    CHECK(chart.edges[1].head_end == model::ArrowHead::cross);
    CHECK(edge_ends(chart, chart.edges[1]) == "C->ylophone");
}

TEST_CASE("edges: a start head that does not match the end is dropped, with a warning",
          "[grammar][edge]") {
    const auto result = parser::parse("graph TD\nA <--x B\nC x-- t --> D");
    REQUIRE(result.ok());
    const auto& chart = *result.diagram->flowchart();
    CHECK(chart.edges[0].head_start == model::ArrowHead::none);
    CHECK(chart.edges[0].head_end == model::ArrowHead::cross);
    CHECK(chart.edges[1].head_start == model::ArrowHead::none);
    CHECK(chart.edges[1].head_end == model::ArrowHead::arrow);
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 2);
    CHECK(test::at(warnings[0]) == "2:3");
    CHECK(test::at(warnings[1]) == "3:3");
}

struct LabelCase {
    std::string body;
    std::string label;
    model::ArrowHead head_start;
    model::ArrowHead head_end;
    model::EdgeStroke stroke;
    int length;
};

TEST_CASE("edges: labels between bars and inside the line", "[grammar][edge][label]") {
    using H = model::ArrowHead;
    using S = model::EdgeStroke;
    const LabelCase c = GENERATE(values<LabelCase>({
        {"A-->|yes|B", "yes", H::none, H::arrow, S::normal, 1},
        {"A --> |yes| B", "yes", H::none, H::arrow, S::normal, 1},
        {"A---|a line|B", "a line", H::none, H::none, S::normal, 1},
        {"A-.->|dots|B", "dots", H::none, H::arrow, S::dotted, 1},
        {"A==>|thick|B", "thick", H::none, H::arrow, S::thick, 1},
        {"A--->|long|B", "long", H::none, H::arrow, S::normal, 2},
        {"A-->|\"a (b) [c]\"|B", "a (b) [c]", H::none, H::arrow, S::normal, 1},
        {"A-- yes -->B", "yes", H::none, H::arrow, S::normal, 1},
        {"A -- two words --> B", "two words", H::none, H::arrow, S::normal, 1},
        {"A -- open --- B", "open", H::none, H::none, S::normal, 1},
        {"A -- longer ---> B", "longer", H::none, H::arrow, S::normal, 2},
        {"A -- cross --x B", "cross", H::none, H::cross, S::normal, 1},
        {"A -. dotted .-> B", "dotted", H::none, H::arrow, S::dotted, 1},
        {"A -. dotted -.-> B", "dotted", H::none, H::arrow, S::dotted, 1},
        {"A -. dotted ..-> B", "dotted", H::none, H::arrow, S::dotted, 2},
        {"A -. dots.in.text .- B", "dots.in.text", H::none, H::none, S::dotted, 1},
        {"A == thick ==> B", "thick", H::none, H::arrow, S::thick, 1},
        {"A == a=b ===> B", "a=b", H::none, H::arrow, S::thick, 2},
        {"A <-- both --> B", "both", H::arrow, H::arrow, S::normal, 1},
        {"A x-- both --x B", "both", H::cross, H::cross, S::normal, 1},
        {"A o== both ==o B", "both", H::circle, H::circle, S::thick, 1},
        {"A -- a-b (c) [d] {e} -->B", "a-b (c) [d] {e}", H::none, H::arrow, S::normal, 1},
        {"A -- \"quoted -- text\" --> B", "quoted -- text", H::none, H::arrow, S::normal, 1},
    }));
    INFO(c.body);
    const auto chart = parse_body(c.body);
    REQUIRE(chart.edges.size() == 1);
    const model::Edge& e = chart.edges[0];
    CHECK(edge_ends(chart, e) == "A->B");
    CHECK(e.label.text == c.label);
    CHECK(e.label.format == model::LabelFormat::plain);
    CHECK(e.head_start == c.head_start);
    CHECK(e.head_end == c.head_end);
    CHECK(e.stroke == c.stroke);
    CHECK(e.length == c.length);
}

TEST_CASE("edges: markdown labels keep their markers", "[grammar][edge][label]") {
    const auto chart = parse_body("A-- \"`**bold** text`\" -->B\nB-->|\"`_it_`\"|C");
    CHECK(chart.edges[0].label == model::Label{"**bold** text", model::LabelFormat::markdown});
    CHECK(chart.edges[1].label == model::Label{"_it_", model::LabelFormat::markdown});
}

TEST_CASE("edges: an edge may continue on the next line", "[grammar][edge]") {
    const auto chart = parse_body("a{{\"x\"}}\n--> b\nb -->\n  c");
    REQUIRE(chart.edges.size() == 2);
    CHECK(edge_ends(chart, chart.edges[0]) == "a->b");
    CHECK(edge_ends(chart, chart.edges[1]) == "b->c");
}

TEST_CASE("chains: one edge per link, labels stay with their link", "[grammar][chain]") {
    const auto chart = parse_body("A -- t --> B -->|u| C --- D");
    REQUIRE(chart.nodes.size() == 4);
    REQUIRE(chart.edges.size() == 3);
    CHECK(edge_ends(chart, chart.edges[0]) == "A->B");
    CHECK(chart.edges[0].label.text == "t");
    CHECK(edge_ends(chart, chart.edges[1]) == "B->C");
    CHECK(chart.edges[1].label.text == "u");
    CHECK(edge_ends(chart, chart.edges[2]) == "C->D");
    CHECK(chart.edges[2].head_end == model::ArrowHead::none);
}

TEST_CASE("chains: shapes and classes inside a chain", "[grammar][chain]") {
    const auto chart = parse_body("A[a] --> B(b):::hot --> C{c}");
    CHECK(node(chart, "A").shape == model::Shape::rect);
    CHECK(node(chart, "B").shape == model::Shape::rounded);
    CHECK(node(chart, "B").classes == std::vector<std::string>{"hot"});
    CHECK(node(chart, "C").shape == model::Shape::diamond);
    CHECK(chart.edges.size() == 2);
}

TEST_CASE("groups: `&` on both sides makes every pair, in Mermaid's order", "[grammar][group]") {
    const auto chart = parse_body("A & B --> C & D");
    REQUIRE(chart.edges.size() == 4);
    CHECK(edge_ends(chart, chart.edges[0]) == "A->C");
    CHECK(edge_ends(chart, chart.edges[1]) == "A->D");
    CHECK(edge_ends(chart, chart.edges[2]) == "B->C");
    CHECK(edge_ends(chart, chart.edges[3]) == "B->D");
    std::vector<std::string> ids;
    for (const auto& n : chart.nodes) {
        ids.push_back(n.id);
    }
    CHECK(ids == std::vector<std::string>{"A", "B", "C", "D"});
}

TEST_CASE("groups: in a chain", "[grammar][group]") {
    const auto chart = parse_body("A --> B[b] & C(c) -->|x| D");
    REQUIRE(chart.edges.size() == 4);
    CHECK(edge_ends(chart, chart.edges[0]) == "A->B");
    CHECK(edge_ends(chart, chart.edges[1]) == "A->C");
    CHECK(edge_ends(chart, chart.edges[2]) == "B->D");
    CHECK(edge_ends(chart, chart.edges[3]) == "C->D");
    CHECK(chart.edges[3].label.text == "x");
    CHECK(node(chart, "C").shape == model::Shape::rounded);
}

TEST_CASE("groups: without spaces `&` belongs to the id", "[grammar][group][id]") {
    const auto chart = parse_body("A&B --> C");
    REQUIRE(chart.nodes.size() == 2);
    CHECK(chart.nodes[0].id == "A&B");
}

TEST_CASE("ids: Mermaid's character set", "[grammar][id]") {
    const std::string id =
        GENERATE(as<std::string>{}, "a.b", "a-b", "a_b", "a/b", "a!b", "a#b", "a$b", "a%b", "a*b",
                 "a+b", "a?b", "a\\b", "a'b", "a`b", "a:b", "a,b", "a=b", "1", "42abc", "-x", "x-",
                 "v", "vertex", "default", "a::b");
    INFO(id);
    const auto chart = parse_body(id + " --> other");
    REQUIRE(chart.nodes.size() == 2);
    CHECK(chart.nodes[0].id == id);
    CHECK(chart.nodes[0].label.text == id);
}

TEST_CASE("ids: keywords glued to word characters are ordinary ids", "[grammar][id]") {
    const std::string id =
        GENERATE(as<std::string>{}, "endpoint", "end_x", "End", "styles", "classy", "graphQL",
                 "subgraphs", "x.subgraph", "a-end-b", "_selfish", "linkStyles");
    INFO(id);
    const auto chart = parse_body("A --> " + id);
    CHECK(chart.nodes[1].id == id);
}

TEST_CASE("ids: letters of other scripts", "[grammar][id][unicode]") {
    const auto chart = parse_body("Начало --> Конец\n日本語 --> 中文\nÆøå --> ñ");
    REQUIRE(chart.nodes.size() == 6);
    CHECK(chart.nodes[0].id == "Начало");
    CHECK(chart.nodes[1].id == "Конец");
    CHECK(chart.nodes[2].id == "日本語");
    CHECK(chart.nodes[4].id == "Æøå");
}

TEST_CASE("ids: a `-` before `>` stays in the id, then `>` opens an odd shape", "[grammar][id]") {
    // Mermaid's own edge case: the node is `odd-`.
    const auto chart = parse_chart("graph TD;A_node-->odd->Vertex Text];");
    REQUIRE(chart.nodes.size() == 2);
    CHECK(chart.nodes[1].id == "odd-");
    CHECK(chart.nodes[1].shape == model::Shape::odd);
    CHECK(chart.nodes[1].label.text == "Vertex Text");
}

TEST_CASE("labels: plain text is trimmed and may hold most punctuation", "[grammar][label]") {
    const auto chart = parse_body("A[  Hello, world: 1 + 2 = 3 & a/b <ok>! ] --> B( )");
    CHECK(node(chart, "A").label.text == "Hello, world: 1 + 2 = 3 & a/b <ok>!");
    CHECK(node(chart, "B").label.text.empty());
}

TEST_CASE("labels: quoted text may hold brackets, bars and unicode", "[grammar][label]") {
    const auto chart = parse_body("A[\"Label (x) [y] {z} |w| ✓ 日本\"] --> B{\" spaced \"}");
    CHECK(node(chart, "A").label.text == "Label (x) [y] {z} |w| ✓ 日本");
    CHECK(node(chart, "A").label.format == model::LabelFormat::plain);
    CHECK(node(chart, "B").label.text == "spaced");
}

TEST_CASE("labels: unquoted unicode text", "[grammar][label][unicode]") {
    const auto chart = parse_body("A[Größe – 日本語 ♥] --> B");
    CHECK(node(chart, "A").label.text == "Größe – 日本語 ♥");
}

TEST_CASE("labels: markdown strings keep their markers", "[grammar][label]") {
    const auto chart = parse_body("A[\"`**Bold** and _it_\nsecond line`\"]");
    CHECK(node(chart, "A").label ==
          model::Label{"**Bold** and _it_\nsecond line", model::LabelFormat::markdown});
}

TEST_CASE("labels: entity codes are decoded", "[grammar][label]") {
    const auto chart =
        parse_body("A[\"say #quot;hi#quot;\"] --> B[#35; #9829; #amp; #lt;tag#gt; #copy;]\n"
                   "C[&amp; &#35; &#x2665; &lt;] --> D[#nosuchentity; #x;]");
    CHECK(node(chart, "A").label.text == "say \"hi\"");
    CHECK(node(chart, "B").label.text == "# \u2665 & <tag> \u00a9");
    CHECK(node(chart, "C").label.text == "& # \u2665 <");
    CHECK(node(chart, "D").label.text == "#nosuchentity; #x;");
}

TEST_CASE("labels: <br> variants become line breaks", "[grammar][label]") {
    const auto chart =
        parse_body("A[one<br>two<br/>three<br />four<BR>five] -->|a<br>b| B[\"q<br/>r\"]");
    CHECK(node(chart, "A").label.text == "one\ntwo\nthree\nfour\nfive");
    CHECK(chart.edges[0].label.text == "a\nb");
    CHECK(node(chart, "B").label.text == "q\nr");
}

TEST_CASE("labels: quotes inside HTML tags are accepted", "[grammar][label]") {
    const auto chart = parse_body("A[<span style=\"color:red\">red</span>]");
    CHECK(node(chart, "A").label.text == "<span style='color:red'>red</span>");
}

TEST_CASE("labels: a label may span lines", "[grammar][label]") {
    const auto chart = parse_body("A[\"first\nsecond\"] --> B");
    CHECK(node(chart, "A").label.text == "first\nsecond");
}

TEST_CASE("separators: semicolons, line breaks, blank lines, indentation and comments",
          "[grammar][separator]") {
    const auto chart = parse_chart("%% a comment before the header\n"
                                   "graph TD;\n"
                                   "  A-->B;  B-->C ;\n"
                                   "\n"
                                   "\t%% a comment\n"
                                   "    %% another one --> X\n"
                                   "C-->D;;\n");
    REQUIRE(chart.nodes.size() == 4);
    CHECK(chart.edges.size() == 3);
}

TEST_CASE("separators: CRLF line ends", "[grammar][separator]") {
    const auto chart = parse_chart("graph LR\r\nA[a] --> B\r\n%% note\r\nB --> C\r\n");
    CHECK(chart.direction == model::Direction::LR);
    CHECK(chart.nodes.size() == 3);
    CHECK(node(chart, "A").label.text == "a");
    CHECK(chart.edges.size() == 2);
}
