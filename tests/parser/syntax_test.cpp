// The rest of Mermaid's flowchart syntax: `@{ … }` shape data, edge ids and their metadata,
// `click`, accessibility, header variants and the lexer quirks Mermaid users meet.
#include "flowchart/shapes.hpp"
#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

using namespace merrow;
using merrow::test::at;
using merrow::test::edge_ends;
using merrow::test::node;
using merrow::test::parse_body;
using merrow::test::parse_chart;
using merrow::test::single_error;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::string metadata(const std::vector<std::pair<std::string, std::string>>& entries,
                     std::string_view key) {
    for (const auto& [k, v] : entries) {
        if (k == key) {
            return v;
        }
    }
    return "(none)";
}

} // namespace

// ---- Shape data

TEST_CASE("shape data: every name and alias Mermaid accepts", "[syntax][shape-data]") {
    using S = model::Shape;
    const auto [name, shape] = GENERATE(table<std::string, model::Shape>({
        {"rect", S::rect},
        {"proc", S::rect},
        {"process", S::rect},
        {"rectangle", S::rect},
        {"rounded", S::rounded},
        {"event", S::rounded},
        {"stadium", S::stadium},
        {"terminal", S::stadium},
        {"pill", S::stadium},
        {"fr-rect", S::subroutine},
        {"subprocess", S::subroutine},
        {"subproc", S::subroutine},
        {"framed-rectangle", S::subroutine},
        {"subroutine", S::subroutine},
        {"cyl", S::cylinder},
        {"db", S::cylinder},
        {"database", S::cylinder},
        {"cylinder", S::cylinder},
        {"datastore", S::datastore},
        {"data-store", S::datastore},
        {"circle", S::circle},
        {"circ", S::circle},
        {"bang", S::bang},
        {"cloud", S::cloud},
        {"diam", S::diamond},
        {"decision", S::diamond},
        {"diamond", S::diamond},
        {"question", S::diamond},
        {"hex", S::hexagon},
        {"hexagon", S::hexagon},
        {"prepare", S::hexagon},
        {"lean-r", S::lean_right},
        {"lean-right", S::lean_right},
        {"in-out", S::lean_right},
        {"lean-l", S::lean_left},
        {"lean-left", S::lean_left},
        {"out-in", S::lean_left},
        {"trap-b", S::trapezoid},
        {"priority", S::trapezoid},
        {"trapezoid-bottom", S::trapezoid},
        {"trapezoid", S::trapezoid},
        {"trap-t", S::inv_trapezoid},
        {"manual", S::inv_trapezoid},
        {"trapezoid-top", S::inv_trapezoid},
        {"inv-trapezoid", S::inv_trapezoid},
        {"dbl-circ", S::double_circle},
        {"double-circle", S::double_circle},
        {"doublecircle", S::double_circle},
        {"text", S::text},
        {"notch-rect", S::card},
        {"card", S::card},
        {"notched-rectangle", S::card},
        {"lin-rect", S::shaded_process},
        {"lined-rectangle", S::shaded_process},
        {"lined-process", S::shaded_process},
        {"lin-proc", S::shaded_process},
        {"shaded-process", S::shaded_process},
        {"sm-circ", S::small_circle},
        {"start", S::small_circle},
        {"small-circle", S::small_circle},
        {"fr-circ", S::framed_circle},
        {"stop", S::framed_circle},
        {"framed-circle", S::framed_circle},
        {"fork", S::fork},
        {"join", S::fork},
        {"hourglass", S::hourglass},
        {"collate", S::hourglass},
        {"brace", S::brace_left},
        {"comment", S::brace_left},
        {"brace-l", S::brace_left},
        {"brace-r", S::brace_right},
        {"braces", S::braces},
        {"bolt", S::bolt},
        {"com-link", S::bolt},
        {"lightning-bolt", S::bolt},
        {"doc", S::document},
        {"document", S::document},
        {"delay", S::delay},
        {"half-rounded-rectangle", S::delay},
        {"h-cyl", S::horizontal_cylinder},
        {"das", S::horizontal_cylinder},
        {"horizontal-cylinder", S::horizontal_cylinder},
        {"lin-cyl", S::lined_cylinder},
        {"disk", S::lined_cylinder},
        {"lined-cylinder", S::lined_cylinder},
        {"curv-trap", S::curved_trapezoid},
        {"curved-trapezoid", S::curved_trapezoid},
        {"display", S::curved_trapezoid},
        {"div-rect", S::divided_rect},
        {"div-proc", S::divided_rect},
        {"divided-rectangle", S::divided_rect},
        {"divided-process", S::divided_rect},
        {"tri", S::triangle},
        {"extract", S::triangle},
        {"triangle", S::triangle},
        {"win-pane", S::window_pane},
        {"internal-storage", S::window_pane},
        {"window-pane", S::window_pane},
        {"f-circ", S::filled_circle},
        {"junction", S::filled_circle},
        {"filled-circle", S::filled_circle},
        {"notch-pent", S::notched_pentagon},
        {"loop-limit", S::notched_pentagon},
        {"notched-pentagon", S::notched_pentagon},
        {"flip-tri", S::flipped_triangle},
        {"manual-file", S::flipped_triangle},
        {"flipped-triangle", S::flipped_triangle},
        {"sl-rect", S::sloped_rect},
        {"manual-input", S::sloped_rect},
        {"sloped-rectangle", S::sloped_rect},
        {"docs", S::documents},
        {"documents", S::documents},
        {"st-doc", S::documents},
        {"stacked-document", S::documents},
        {"st-rect", S::stacked_rect},
        {"procs", S::stacked_rect},
        {"processes", S::stacked_rect},
        {"stacked-rectangle", S::stacked_rect},
        {"bow-rect", S::bow_tie_rect},
        {"stored-data", S::bow_tie_rect},
        {"bow-tie-rectangle", S::bow_tie_rect},
        {"cross-circ", S::crossed_circle},
        {"summary", S::crossed_circle},
        {"crossed-circle", S::crossed_circle},
        {"tag-doc", S::tagged_document},
        {"tagged-document", S::tagged_document},
        {"tag-rect", S::tagged_rect},
        {"tagged-rectangle", S::tagged_rect},
        {"tag-proc", S::tagged_rect},
        {"tagged-process", S::tagged_rect},
        {"flag", S::paper_tape},
        {"paper-tape", S::paper_tape},
        {"odd", S::odd},
        {"lin-doc", S::lined_document},
        {"lined-document", S::lined_document},
        {"state", S::state},
        {"choice", S::choice},
        {"note", S::note},
        {"icon", S::icon},
        {"anchor", S::anchor},
    }));
    INFO(name);
    const auto chart = parse_body("A@{ shape: " + name + " } --> B");
    CHECK(node(chart, "A").shape == shape);
    CHECK(node(chart, "A").label.text == "A");
    CHECK(node(chart, "B").shape == model::Shape::rect);
}

TEST_CASE("shape data: names Mermaid refuses get a suggestion", "[syntax][shape-data]") {
    const auto [name, suggestion] = GENERATE(table<std::string, std::string>({
        {"recangle", "rectangle"},
        {"rect_left_inv_arrow", "odd"},
        {"squareRect", "rect"},
        {"lean_right", "lean-r"},
        {"Rounded", "rounded"},
        {"double_circle", "double-circle"},
        {"cylindr", "cylinder"},
    }));
    INFO(name);
    const auto e = single_error("flowchart TB\nA@{ shape: " + name + " }");
    CHECK(at(e) == "2:12");
    CHECK(e.message == "unknown shape `" + name + "`, did you mean `" + suggestion + "`?");
    CHECK(parser::flowchart::suggest_shape("this-shape-does-not-exist").empty());
}

TEST_CASE("shape data: labels, markdown by default, and where it may appear",
          "[syntax][shape-data]") {
    const auto chart = parse_body("A@{ shape: cyl, label: \"Orders DB\" } --> B@{ shape: circle }\n"
                                  "C[old] & D@{ label: 'Plain', labelType: string } --> E\n"
                                  "C@{ label: \"**new**\" }\n"
                                  "F:::hot@{ shape: doc }\n"
                                  "G[\"kept\"]@{ shape: hex }");
    CHECK(node(chart, "A").shape == model::Shape::cylinder);
    CHECK(node(chart, "A").label == model::Label{"Orders DB", model::LabelFormat::markdown});
    CHECK(node(chart, "B").shape == model::Shape::circle);
    CHECK(node(chart, "C").label == model::Label{"**new**", model::LabelFormat::markdown});
    CHECK(node(chart, "D").label == model::Label{"Plain", model::LabelFormat::plain});
    CHECK(node(chart, "F").shape == model::Shape::document);
    CHECK(node(chart, "F").classes == std::vector<std::string>{"hot"});
    CHECK(node(chart, "G").shape == model::Shape::hexagon);
    CHECK(node(chart, "G").label.text == "kept");
    REQUIRE(chart.edges.size() == 3);
    CHECK(edge_ends(chart, chart.edges[0]) == "A->B");
    CHECK(edge_ends(chart, chart.edges[1]) == "C->E");
    CHECK(edge_ends(chart, chart.edges[2]) == "D->E");
}

TEST_CASE("shape data: over several lines, line breaks in strings become <br>",
          "[syntax][shape-data]") {
    const auto chart = parse_body("A@{\n  shape: doc\n  label: \"two\n          lines\"\n}\n"
                                  "A --> B");
    CHECK(node(chart, "A").shape == model::Shape::document);
    CHECK(node(chart, "A").label.text == "two\nlines");
    CHECK(chart.edges.size() == 1);
}

TEST_CASE("shape data: icons and images", "[syntax][shape-data]") {
    const auto chart =
        parse_body("A@{ icon: \"fa:user\", form: \"square\", label: \"User\", pos: \"t\", h: 60 }\n"
                   "B@{ img: \"https://x/y.png\", w: 60, h: 40, constraint: \"on\" }\n"
                   "C@{ icon: \"fa:bell\" }");
    const model::Node& a = node(chart, "A");
    CHECK(a.shape == model::Shape::icon);
    CHECK(a.label.text == "User");
    CHECK(metadata(a.metadata, "icon") == "fa:user");
    CHECK(metadata(a.metadata, "form") == "square");
    CHECK(metadata(a.metadata, "pos") == "t");
    CHECK(metadata(a.metadata, "h") == "60");
    const model::Node& b = node(chart, "B");
    CHECK(b.shape == model::Shape::image);
    CHECK(b.label.text.empty()); // no label of its own
    CHECK(metadata(b.metadata, "img") == "https://x/y.png");
    CHECK(metadata(b.metadata, "constraint") == "on");
    CHECK(node(chart, "C").label.text.empty());
}

TEST_CASE("shape data: a `,` in an unquoted label is explained", "[syntax][shape-data]") {
    const auto result = parser::parse("flowchart TB\nA@{ shape: rect, label: Hello, world }");
    REQUIRE(result.ok());
    CHECK(node(*result.diagram->flowchart(), "A").label.text == "Hello"); // as in Mermaid
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(at(warnings[0]) == "2:32");
    CHECK(contains(warnings[0].hint, "put the label in quotes"));
}

TEST_CASE("shape data: errors", "[syntax][shape-data][diagnostics]") {
    SECTION("never closed") {
        const auto e = single_error("flowchart TB\nA@{ shape: rect\nB --> C");
        CHECK(e.message == "expected `}` to close the shape data opened at 2:2");
    }
    SECTION("`^` is refused by Mermaid's lexer") {
        const auto e = single_error("flowchart TB\nA@{ label: x^y }");
        CHECK(at(e) == "2:13");
        CHECK(e.message == "unexpected `^` in shape data");
    }
    SECTION("not YAML") {
        const auto e = single_error("flowchart TB\nA@{ label: [unclosed }");
        CHECK(e.range.begin.line == 2);
        CHECK(contains(e.message, "the shape data is not valid YAML"));
    }
    SECTION("a space before `@{`") {
        const auto e = single_error("flowchart TB\nA @{ shape: rect }");
        CHECK(at(e) == "2:3");
        CHECK(e.message == "`@{` must follow a node id directly");
    }
}

// ---- Edge ids and edge metadata

TEST_CASE("edge ids: on plain and labelled edges, with metadata", "[syntax][edge-id]") {
    const auto chart = parse_body("A e1@--> B\nB e2@-- text --> C\nC e3@ ==> D\n"
                                  "e1@{ animate: true }\ne2@{ animation: fast, curve: linear }\n"
                                  "class e3 dashed\nclassDef dashed stroke-dasharray:5");
    REQUIRE(chart.nodes.size() == 4); // edge ids are not nodes
    REQUIRE(chart.edges.size() == 3);
    CHECK(chart.edges[0].id == "e1");
    CHECK(metadata(chart.edges[0].metadata, "animate") == "true");
    CHECK(chart.edges[1].id == "e2");
    CHECK(chart.edges[1].label.text == "text");
    CHECK(metadata(chart.edges[1].metadata, "animation") == "fast");
    CHECK(chart.edges[1].curve == "linear");
    CHECK(chart.edges[2].id == "e3");
    CHECK(chart.edges[2].stroke == model::EdgeStroke::thick);
    CHECK(chart.edges[2].classes == std::vector<std::string>{"dashed"});
}

TEST_CASE("edge ids: Mermaid's generated ids reach edges without one", "[syntax][edge-id]") {
    const auto chart = parse_body("A --> B\nA --> B\nA --> B\nL_A_B_0@{ animate: true }\n"
                                  "L_A_B_2@{ animation: slow }\nL_A_B_3@{ curve: step }");
    REQUIRE(chart.edges.size() == 3);
    CHECK(chart.nodes.size() == 2);
    CHECK(metadata(chart.edges[0].metadata, "animate") == "true");
    CHECK(metadata(chart.edges[1].metadata, "animation") == "slow");
    CHECK(chart.edges[2].curve == "step");
}

TEST_CASE("edge ids: in a group only the last start and first end edge has it",
          "[syntax][edge-id]") {
    const auto chart = parse_body("A & B e1@--> C & D");
    REQUIRE(chart.edges.size() == 4);
    CHECK(edge_ends(chart, chart.edges[2]) == "B->C");
    CHECK(chart.edges[2].id == "e1");
    CHECK(chart.edges[0].id.empty());
    CHECK(chart.edges[3].id.empty());
}

TEST_CASE("edge ids: a repeated id and an edge id used as a node", "[syntax][edge-id]") {
    const auto result = parser::parse("graph TD\nA e1@--> B\nB e1@--> C");
    REQUIRE(result.ok());
    CHECK(result.diagram->flowchart()->edges[1].id.empty());
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(at(warnings[0]) == "3:3");
    const auto e = single_error("graph TD\nA e1@--> B\ne1 --> C");
    CHECK(at(e) == "3:1");
    CHECK(contains(e.message, "is the id of an edge"));
}

// ---- click

TEST_CASE("click: links and callbacks in every form", "[syntax][click]") {
    const auto chart = parse_body("A --> B --> C --> D --> E --> F\n"
                                  "click A callback\n"
                                  "click B callback \"Tip\"\n"
                                  "click C call cb(\"x\", 2) \"Args\"\n"
                                  "click D href \"https://x.org/a#b\" \"Tip D\" _blank\n"
                                  "click E \"https://e.org\" _self\n"
                                  "click F call done()");
    using K = model::ClickAction::Kind;
    const auto& a = *node(chart, "A").click;
    CHECK(a.kind == K::callback);
    CHECK(a.target == "callback");
    const auto& b = *node(chart, "B").click;
    CHECK(b.tooltip == "Tip");
    const auto& c = *node(chart, "C").click;
    CHECK(c.target == "cb");
    CHECK(c.args == "\"x\", 2");
    CHECK(c.tooltip == "Args");
    const auto& d = *node(chart, "D").click;
    CHECK(d.kind == K::link);
    CHECK(d.target == "https://x.org/a#b");
    CHECK(d.tooltip == "Tip D");
    CHECK(d.window == "_blank");
    const auto& e = *node(chart, "E").click;
    CHECK(e.target == "https://e.org");
    CHECK(e.window == "_self");
    CHECK(node(chart, "F").click->target == "done");
    CHECK(node(chart, "F").click->args.empty());
}

TEST_CASE("click: several ids, and a node defined later is ignored as Mermaid does",
          "[syntax][click]") {
    const auto result = parser::parse("graph TD\nA --> B\nclick A,B href \"u\"\nclick Z cb\nZ");
    REQUIRE(result.ok());
    const auto& chart = *result.diagram->flowchart();
    CHECK(node(chart, "A").click->target == "u");
    CHECK(node(chart, "B").click->target == "u");
    CHECK(!node(chart, "Z").click);
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(at(warnings[0]) == "4:7");
}

TEST_CASE("click: errors", "[syntax][click][diagnostics]") {
    CHECK(single_error("graph TD\nA\nclick A").message ==
          "expected a link or a callback after the node id, found the end of the diagram");
    const auto e = single_error("graph TD\nA\nclick A call cb(\"x\"");
    CHECK(e.message == "expected `)` to close the callback's arguments");
    CHECK(single_error("graph TD\nA --> click\n").message ==
          "a node id cannot be `click` followed by a space");
}

// ---- Accessibility and title

TEST_CASE("accessibility: title and descriptions", "[syntax][acc]") {
    const auto result = parser::parse("---\ntitle: The title\n---\nflowchart LR\n"
                                      "accTitle: Big; title #35;1\n"
                                      "accDescr {\n  over\n  two lines\n}\nA --> B");
    REQUIRE(result.ok());
    CHECK(result.diagram->title == "The title");
    CHECK(result.diagram->acc_title == "Big; title #1");
    CHECK(result.diagram->acc_descr == "over\n  two lines");
    CHECK(result.diagram->flowchart()->edges.size() == 1);
    const auto single = parser::parse("flowchart LR\naccDescr: one line\nA");
    REQUIRE(single.ok());
    CHECK(single.diagram->acc_descr == "one line");
    CHECK(single_error("flowchart LR\naccDescr {\nnever closed\n").message ==
          "expected `}` to close the description opened at 2:1");
}

// ---- Header, statements and lexer quirks

TEST_CASE("header: swimlane-beta is a flowchart laid out in lanes", "[syntax][header]") {
    const auto result = parser::parse("swimlane-beta LR\nA --> B");
    REQUIRE(result.ok());
    CHECK(result.diagram->config.layout == "swimlane");
    CHECK(result.diagram->flowchart()->direction == model::Direction::LR);
}

TEST_CASE("header: a header ending in a semicolon needs a direction, as in Mermaid",
          "[syntax][header]") {
    const auto e = single_error("graph;\nA-->B");
    CHECK(at(e) == "1:6");
    CHECK(e.message == "expected a direction before `;`");
}

TEST_CASE("direction: a line containing `direction XX` is a direction statement",
          "[syntax][direction]") {
    const auto result = parser::parse("graph TD\nsubgraph S\n  A[\"the direction LR\"]\n  B\nend");
    REQUIRE(result.ok());
    const auto& chart = *result.diagram->flowchart();
    CHECK(chart.subgraphs[0].direction == model::Direction::LR);
    CHECK(!chart.find_node("A")); // Mermaid loses the node too
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(at(warnings[0]) == "3:3");
    CHECK(contains(warnings[0].message, "whole line as `direction LR`"));
    // An ordinary direction statement gets no warning.
    CHECK(test::warnings_of("graph TD\nsubgraph S\ndirection RL\nA\nend").empty());
    // The rest of the line goes too, `;` or not: here the subgraph's `end`.
    const auto e = single_error("graph TD;subgraph S;direction BT;A;end");
    CHECK(e.message == "expected `end` for the subgraph opened at 1:10");
}

TEST_CASE("statements: `end` needs nothing after it, `&` needs spaces", "[syntax]") {
    const auto chart = parse_body("subgraph S\nA\nend B --> C\nD & E --> F");
    CHECK(chart.subgraphs[0].nodes.size() == 1);
    CHECK(chart.edges.size() == 3);
    const auto e = single_error("graph TD\nA &B --> C");
    CHECK(at(e) == "2:3");
    CHECK(e.message == "`&` needs a space after it");
}

TEST_CASE("edges: Mermaid's exact lengths and head rules", "[syntax][edge]") {
    const auto [body, length, stroke, start,
                end] = GENERATE(table<std::string, int, model::EdgeStroke, model::ArrowHead,
                                      model::ArrowHead>({
        // An unmatched start head stays in the line and lengthens it.
        {"A x--> B", 2, model::EdgeStroke::normal, model::ArrowHead::none, model::ArrowHead::arrow},
        {"A o---x B", 3, model::EdgeStroke::normal, model::ArrowHead::none,
         model::ArrowHead::cross},
        // ...and decides the stroke: `x==>` is not thick for Mermaid.
        {"A x==> B", 2, model::EdgeStroke::normal, model::ArrowHead::none, model::ArrowHead::arrow},
        {"A .-> B", 1, model::EdgeStroke::dotted, model::ArrowHead::none, model::ArrowHead::arrow},
        {"A -- t <--> B", 1, model::EdgeStroke::normal, model::ArrowHead::arrow,
         model::ArrowHead::arrow},
    }));
    INFO(body);
    const auto chart = parse_body(body);
    REQUIRE(chart.edges.size() == 1);
    CHECK(chart.edges[0].length == length);
    CHECK(chart.edges[0].stroke == stroke);
    CHECK(chart.edges[0].head_start == start);
    CHECK(chart.edges[0].head_end == end);
}

TEST_CASE("edges: an `x`, `o` or `<` before the closing line belongs to it", "[syntax][edge]") {
    // Mermaid's lexer takes `x-->` as the closing token: the text is `bo`.
    const auto chart = parse_body("A-- box--> B");
    REQUIRE(chart.edges.size() == 1);
    CHECK(chart.edges[0].label.text == "bo");
    CHECK(chart.edges[0].head_end == model::ArrowHead::arrow);
}

TEST_CASE("edges: `---oval` warns that `o` is a head", "[syntax][edge][diagnostics]") {
    const auto result = parser::parse("graph TD\nA---oval\nB---oB");
    REQUIRE(result.ok());
    CHECK(edge_ends(*result.diagram->flowchart(), result.diagram->flowchart()->edges[0]) ==
          "A->val");
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(at(warnings[0]) == "2:5");
    CHECK(contains(warnings[0].hint, "`A --- oval`"));
}

TEST_CASE("labels: no space between a bracket and a quoted label, as in Mermaid",
          "[syntax][label][diagnostics]") {
    const auto before = single_error("graph TD\nA[ \"x\"] --> B");
    CHECK(at(before) == "2:3");
    CHECK(before.message == "a quoted label must start right after `[`");
    const auto after = single_error("graph TD\nA-->|\"x\" |B");
    CHECK(at(after) == "2:9");
    CHECK(after.message == "a quoted label must end right at `|`");
    // The inline edge form allows it: the spaces belong to the edge tokens.
    CHECK(parse_body("A -- \"x\" --> B").edges[0].label.text == "x");
}

TEST_CASE("labels: the ellipse also closes with `/)` and `))`", "[syntax][label]") {
    const auto chart = parse_body("A(-one/) --> B(-two))");
    CHECK(node(chart, "A").shape == model::Shape::ellipse);
    CHECK(node(chart, "A").label.text == "one");
    CHECK(node(chart, "B").shape == model::Shape::ellipse);
    CHECK(node(chart, "B").label.text == "two");
}

TEST_CASE("entities: Mermaid protects entity codes before parsing", "[syntax][entity]") {
    // The `;` of an entity is not a statement separator.
    const auto chart = parse_chart("graph TD;A[x #35; y];B-- a #59; b -->C;");
    CHECK(node(chart, "A").label.text == "x # y");
    CHECK(chart.edges[0].label.text == "a ; b");
    CHECK(node(chart, "C").label.text == "C");
}

TEST_CASE("comments: a bare `%%` line is a node for Mermaid, with a warning", "[syntax]") {
    const auto result = parser::parse("graph TD\nA --> B\n%%\n%% a comment\n");
    REQUIRE(result.ok());
    CHECK(result.diagram->flowchart()->nodes.size() == 3);
    const auto warnings = test::of_severity(result, model::Severity::warning);
    REQUIRE(warnings.size() == 1);
    CHECK(at(warnings[0]) == "3:1");
}

TEST_CASE("ids: `call`, `href` and `click` followed by a space are keywords", "[syntax][id]") {
    CHECK(single_error("graph TD\nA --> call\n").message ==
          "a node id cannot be `call` followed by a space");
    CHECK(parse_body("A --> callback & hrefs & clicks").nodes.size() == 4);
}

TEST_CASE("subgraphs: Mermaid counts a node named like a subgraph", "[syntax][subgraph]") {
    const auto chart = parse_body("A --> S\nsubgraph S\n  B\nend\nsubgraph T\n  C\nend");
    REQUIRE(chart.subgraphs.size() == 2);
    CHECK(chart.subgraphs[0].referenced_as_node);
    CHECK(!chart.subgraphs[1].referenced_as_node);
    CHECK(chart.edges[0].to.kind == model::EndRef::Kind::subgraph);
}

TEST_CASE("subgraphs: `@{ … }` after a subgraph describes it (Mermaid 12)", "[syntax][subgraph]") {
    const auto chart = parse_body("subgraph S\n  A\nend\nS@{ view: collapsed }");
    REQUIRE(chart.subgraphs.size() == 1);
    CHECK(metadata(chart.subgraphs[0].metadata, "view") == "collapsed");
}

TEST_CASE("limits: more than maxEdges edges is an error, as in Mermaid", "[syntax][limits]") {
    std::string source = "graph LR\n";
    for (int i = 0; i < 501; ++i) {
        source += "a" + std::to_string(i) + " --> b\n";
    }
    const auto e = single_error(source);
    CHECK(at(e) == "502:6");
    CHECK(contains(e.message, "more than 500 edges"));
    parser::ParseOptions options;
    options.base_config.max_edges = 1000;
    CHECK(parser::parse(source, options).ok());
}
