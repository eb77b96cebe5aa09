// Syntax errors: exact positions, messages in the user's words, hints, recovery, robustness.
#include "parse_helpers.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <random>

using namespace merrow;
using merrow::test::at;
using merrow::test::errors_of;
using merrow::test::single_error;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("errors: an unclosed bracket is reported where its line ends", "[diagnostics]") {
    const auto e = single_error("graph TD\n  A[Start --> B\n  B --> C\n");
    CHECK(at(e) == "2:16");
    CHECK(e.message == "expected `]` to close the label opened at 2:4");
    REQUIRE(e.notes.size() == 1);
    CHECK(e.notes[0].range.begin.column == 4);
}

TEST_CASE("errors: an unclosed bracket at the end of the diagram", "[diagnostics]") {
    const auto e = single_error("graph TD\nA((circle");
    CHECK(at(e) == "2:10");
    CHECK(e.message == "expected `))` to close the label opened at 2:2");
}

TEST_CASE("errors: a bracket inside an unquoted label suggests quoting", "[diagnostics]") {
    SECTION("parenthesis in a rectangle") {
        const auto e = single_error("graph TD\n  A[This is a (bad) label] --> B");
        CHECK(at(e) == "2:15");
        CHECK(e.message == "unexpected `(` in a label");
        CHECK(e.hint == "to use `(` in a label, put the label in quotes: "
                        "`A[\"This is a (bad) label\"]`");
    }
    SECTION("square bracket in a diamond") {
        const auto e = single_error("graph TD\nQ{is x[0] set?} --> B");
        CHECK(at(e) == "2:7");
        CHECK(e.message == "unexpected `[` in a label");
        CHECK(contains(e.hint, "`Q{\"is x[0] set?\"}`"));
    }
    SECTION("brace in an edge label") {
        const auto e = single_error("graph TD\nA -->|a {b}| B");
        CHECK(at(e) == "2:9");
        CHECK(e.message == "unexpected `{` in a label");
        CHECK(contains(e.hint, "`|\"a {b}\"|`"));
    }
    SECTION("a closing bracket of another kind") {
        const auto e = single_error("graph TD; node[hello ) world] --> works");
        CHECK(at(e) == "1:22");
        CHECK(e.message == "unexpected `)` in a label");
    }
}

TEST_CASE("errors: quotes in labels", "[diagnostics]") {
    SECTION("a quote inside plain text") {
        const auto e = single_error("graph TD\nA[say \"hi\"] --> B");
        CHECK(at(e) == "2:7");
        CHECK(e.message == "unexpected `\"` in a label");
        CHECK(contains(e.hint, "#quot;"));
    }
    SECTION("a nested quote ends the string") {
        const auto e = single_error("graph TD; A[\"This is a \"()\" in text\"];");
        CHECK(at(e) == "1:25");
        CHECK(contains(e.message, "after the quoted label"));
        CHECK(contains(e.hint, "#quot;"));
    }
    SECTION("a string that is never closed") {
        const auto e = single_error("graph TD\nA[\"open] --> B");
        CHECK(at(e) == "2:3");
        CHECK(e.message == "this string is never closed");
    }
    SECTION("a string that runs into the next line") {
        const auto errors = errors_of("graph TD\nA[\"open] --> B\nC[\"x\"] --> D\n");
        REQUIRE(!errors.empty());
        CHECK(at(errors[0]) == "2:15");
        CHECK(errors[0].message ==
              "the string opened at 2:3 runs over several lines; is its closing `\"` missing?");
    }
    SECTION("an empty string") {
        const auto e = single_error("graph TD\nA[\"\"] --> B");
        CHECK(at(e) == "2:3");
        CHECK(e.message == "a quoted label cannot be empty");
    }
}

TEST_CASE("errors: `->` instead of `-->`", "[diagnostics]") {
    SECTION("glued") {
        const auto e = single_error("graph TD\nA->B");
        CHECK(at(e) == "2:2");
        CHECK(e.message == "`->` is not an edge");
        CHECK(contains(e.hint, "`-->`"));
    }
    SECTION("spaced") {
        const auto e = single_error("graph TD\nA -> B");
        CHECK(at(e) == "2:3");
        CHECK(e.message == "`->` is not an edge");
    }
}

TEST_CASE("errors: node ids starting with lowercase `end`", "[diagnostics]") {
    SECTION("as an edge target") {
        const auto e = single_error("graph TD\nA --> end");
        CHECK(at(e) == "2:7");
        CHECK(e.message == "a node id cannot start with lowercase `end`");
        CHECK(contains(e.hint, "`End`"));
    }
    SECTION("glued to punctuation at the start of a statement") {
        const auto e = single_error("graph TD\nend-node --> A");
        CHECK(at(e) == "2:1");
        CHECK(e.message == "a node id cannot start with lowercase `end`");
    }
    SECTION("alone") {
        const auto e = single_error("graph TD\nA --> B\nend");
        CHECK(at(e) == "3:1");
        CHECK(contains(e.message, "no subgraph to close"));
        CHECK(contains(e.hint, "`End`"));
    }
}

TEST_CASE("errors: other keywords at the start of an id", "[diagnostics]") {
    const auto errors = errors_of("graph TD;style.node;class-node;graph/node;_self.x");
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].message == "a node id cannot start with the keyword `style`");
    CHECK(at(errors[0]) == "1:10");
    CHECK(errors[1].message == "a node id cannot start with the keyword `class`");
    CHECK(at(errors[1]) == "1:21");
    CHECK(errors[2].message == "a node id cannot start with the keyword `graph`");
    CHECK(errors[3].message == "a node id cannot start with `_self`");
}

TEST_CASE("errors: edges without a target or source", "[diagnostics]") {
    SECTION("no target at the end") {
        const auto e = single_error("graph TD\nA -->\n");
        CHECK(at(e) == "2:3");
        CHECK(e.message == "the edge `-->` has no target node");
    }
    SECTION("no target before `;`") {
        const auto e = single_error("graph TD;A ==>;B-->C");
        CHECK(at(e) == "1:12");
        CHECK(e.message == "the edge `==>` has no target node");
    }
    SECTION("no source") {
        const auto e = single_error("graph TD\n--> B");
        CHECK(at(e) == "2:1");
        CHECK(e.message == "an edge needs a node before `-->`");
    }
    SECTION("a shape without an id") {
        const auto e = single_error("graph TD\nA --> [label]");
        CHECK(at(e) == "2:7");
        CHECK(e.message == "expected a node id before `[`");
    }
}

TEST_CASE("errors: edge labels", "[diagnostics]") {
    SECTION("an inline label that is never closed") {
        const auto e = single_error("graph TD\nA -- text\n");
        CHECK(at(e) == "2:10");
        CHECK(e.message == "expected `-->` or `---` to end the edge label started at 2:3");
    }
    SECTION("an unclosed inline label is reported where its line ends") {
        const auto errors = errors_of("graph TD\nA -- yes B\nC\nD\n");
        REQUIRE(errors.size() == 1);
        CHECK(at(errors[0]) == "2:11");
    }
    SECTION("an inline label closed on a later line is Mermaid's, but gets a warning") {
        const auto result = parser::parse("graph TD\nA -- yes B\nC --- D\n");
        REQUIRE(result.ok());
        const auto warnings = test::of_severity(result, model::Severity::warning);
        REQUIRE(warnings.size() == 1);
        CHECK(at(warnings[0]) == "2:3");
        CHECK(contains(warnings[0].message, "runs over a line break"));
    }
    SECTION("`--` alone") {
        const auto e = single_error("graph TD\nA --");
        CHECK(at(e) == "2:3");
        CHECK(e.message == "`--` is not a complete edge");
    }
    SECTION("an empty bar label") {
        const auto e = single_error("graph TD\nA -->|| B");
        CHECK(at(e) == "2:6");
        CHECK(e.message == "the edge label between `|` and `|` is empty");
    }
    SECTION("both label forms") {
        const auto e = single_error("graph TD\nA -- a -->|b| B");
        CHECK(at(e) == "2:11");
        CHECK(contains(e.message, "cannot also have `|text|`"));
    }
}

TEST_CASE("errors: statements that do not end where they should", "[diagnostics]") {
    SECTION("a space inside an id") {
        const auto e = single_error("graph TD\nA --> B C");
        CHECK(at(e) == "2:9");
        CHECK(e.message == "unexpected `C`: a node id cannot contain spaces");
    }
    SECTION("a space before a shape") {
        const auto e = single_error("graph TD\nA [text]");
        CHECK(at(e) == "2:3");
        CHECK(e.message == "unexpected `[` after a space");
        CHECK(contains(e.hint, "`A[…`"));
    }
    SECTION("a comment after code") {
        const auto e = single_error("graph TD\nA --> B %% why\n");
        CHECK(at(e) == "2:9");
        CHECK(e.message == "a comment must be on a line of its own");
    }
    SECTION("an empty label") {
        const auto e = single_error("graph TD\nA[] --> B");
        CHECK(at(e) == "2:2");
        CHECK(e.message == "the label is empty");
    }
}

TEST_CASE("errors: shapes that need a quoted label", "[diagnostics]") {
    const auto slash = single_error("graph TD\nA[/api/users] --> B");
    CHECK(at(slash) == "2:13");
    CHECK(slash.message == "unexpected `]` in a label");
    CHECK(contains(slash.hint, "slanted shape"));
    const auto odd = single_error("graph TD\nA>flag --> B");
    CHECK(contains(odd.message, "expected `]`"));
    CHECK(contains(odd.hint, "flag shape"));
}

TEST_CASE("errors: the header", "[diagnostics][header]") {
    SECTION("unknown direction") {
        const auto e = single_error("graph XY\nA-->B");
        CHECK(at(e) == "1:7");
        CHECK(e.message == "unknown direction `XY`");
    }
    SECTION("lower-case direction") {
        const auto e = single_error("flowchart lr\nA-->B");
        CHECK(e.message == "unknown direction `lr`");
        CHECK(e.hint == "directions are written in capitals: `LR`");
    }
    SECTION("direction glued to more letters") {
        const auto e = single_error("graph TDX\nA-->B");
        CHECK(at(e) == "1:7");
        CHECK(e.message == "unknown direction `TDX`");
    }
    SECTION("statements on the header line need a `;`") {
        const auto e = single_error("graph TD A-->B");
        CHECK(at(e) == "1:10");
        CHECK(contains(e.message, "after the diagram header"));
    }
    SECTION("a second header") {
        const auto e = single_error("graph TD\nA-->B\ngraph LR");
        CHECK(at(e) == "3:1");
        CHECK(contains(e.message, "only one header"));
    }
    SECTION("not a flowchart") {
        const auto e = single_error("sequenceDiagram\nA->>B: hi");
        CHECK(e.message == "`sequenceDiagram` diagrams are not supported yet");
    }
    SECTION("no header") {
        const auto e = single_error("A --> B");
        CHECK(at(e) == "1:1");
        CHECK(e.message == "expected `flowchart` or `graph` at the start of the diagram");
    }
    SECTION("direction glued to the keyword") {
        const auto e = single_error("graphTD\nA-->B");
        CHECK(e.hint == "separate the direction from the keyword: `graph TD`");
    }
    SECTION("nothing at all") {
        CHECK(single_error("").message == "the diagram is empty");
        CHECK(single_error(" \n%% just a comment\n").message == "the diagram is empty");
    }
}

TEST_CASE("errors: several independent errors are all reported", "[diagnostics][recovery]") {
    const std::string source = "graph TD\n"
                               "  A[one (1)] --> B\n" // bracket in a label
                               "  B --> C\n"          // fine
                               "  C -> D\n"           // `->`
                               "  D --> end\n"        // keyword id
                               "  E --> F G\n"        // space in an id
                               "  G --> H\n";         // fine
    const auto result = parser::parse(source);
    CHECK(!result.ok());
    const auto errors = test::of_severity(result, model::Severity::error);
    REQUIRE(errors.size() == 4);
    CHECK(at(errors[0]) == "2:9");
    CHECK(at(errors[1]) == "4:5");
    CHECK(at(errors[2]) == "5:9");
    CHECK(at(errors[3]) == "6:11");
}

TEST_CASE("errors: recovery resumes after a semicolon in one-line diagrams",
          "[diagnostics][recovery]") {
    const auto errors = errors_of("graph TD;A-->;B->C;D-->E;F[x;G-->H");
    REQUIRE(errors.size() == 3);
    CHECK(at(errors[0]) == "1:11");
    CHECK(at(errors[1]) == "1:16");
    CHECK(at(errors[2]) == "1:35");
}

TEST_CASE("errors: parsing stops after 20 errors", "[diagnostics][recovery]") {
    std::string source = "graph TD\n";
    for (int i = 0; i < 50; ++i) {
        source += "A -> B\n";
    }
    const auto result = parser::parse(source);
    CHECK(test::of_severity(result, model::Severity::error).size() == 20);
    const auto notes = test::of_severity(result, model::Severity::note);
    REQUIRE(notes.size() == 1);
    CHECK(contains(notes[0].message, "too many errors"));
}

TEST_CASE("errors: positions are in the original text", "[diagnostics][positions]") {
    SECTION("CRLF line ends") {
        const auto errors = errors_of("graph TD\r\nA --> B\r\nC -> D\r\nE[x\r\nF --> G\r\n");
        REQUIRE(errors.size() == 2);
        CHECK(at(errors[0]) == "3:3");
        CHECK(errors[0].range.begin.offset == 21);
        CHECK(at(errors[1]) == "4:4");
        CHECK(errors[1].message == "expected `]` to close the label opened at 4:2");
    }
    SECTION("after stripped comments and frontmatter") {
        const auto errors = errors_of("%% comment\n%% another\ngraph TD\n  %% x\n  A -> B");
        REQUIRE(errors.size() == 1);
        CHECK(at(errors[0]) == "5:5");
        CHECK(errors[0].range.begin.offset == 42);
    }
    SECTION("columns count code points") {
        const auto e = single_error("graph TD\nÄ[Größe (m²)] --> B");
        CHECK(at(e) == "2:9");
        CHECK(e.range.begin.offset == 9 + 11);
    }
    SECTION("tabs are one column") {
        const auto e = single_error("graph TD\n\tA -> B");
        CHECK(at(e) == "2:4");
    }
}

TEST_CASE("errors: the formatted diagnostic", "[diagnostics]") {
    const std::string source = "graph TD\n  A[This is a (bad) label] --> B\n";
    const auto result = parser::parse(source);
    CHECK(test::dump_diagnostics(result, source) ==
          "input:2:15: error: unexpected `(` in a label\n"
          " 2 |   A[This is a (bad) label] --> B\n"
          "   |               ^\n"
          "hint: to use `(` in a label, put the label in quotes: `A[\"This is a (bad) "
          "label\"]`\n"
          "input:2:4: note: the label was opened here\n");
}

TEST_CASE("errors: no diagram is returned when there are errors", "[diagnostics]") {
    const auto result = parser::parse("graph TD\nA --> B\nC -> D");
    CHECK(!result.ok());
    CHECK(model::has_errors(result.diagnostics));
}

TEST_CASE("Mermaid's invalid corpus cases are rejected", "[diagnostics]") {
    const std::string source = GENERATE(
        as<std::string>{}, "graph TD;graph.node;graph-node;graph/node",
        "graph TD;flowchart-elk.node;flowchart-elk-node;flowchart-elk/node",
        "graph TD;linkStyle.node;linkStyle-node;linkStyle/node",
        "graph TD;interpolate.node;interpolate-node;interpolate/node",
        "graph TD;classDef.node;classDef-node;classDef/node",
        "graph TD;_blank.node;_blank-node;_blank/node",
        "graph TD;subgraph.node;subgraph-node;subgraph/node", "graph\nX(- My Text (\n",
        "graph TD; A[This is a () in text];",
        "graph TD;A(this node has \"string\" and text)-->|this link has \"string\" and text|C;",
        "graph TD; A[This is a \"()\" in text];");
    INFO(source);
    CHECK(!parser::parse(source).ok());
}

TEST_CASE("robustness: a 200,000-character label", "[robustness]") {
    const std::string label(200000, 'x');
    const auto start = std::chrono::steady_clock::now();
    const auto chart =
        test::parse_chart("graph TD\nA[" + label + "] -->|" + label + "| B", test::unlimited());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(test::node(chart, "A").label.text.size() == 200000);
    CHECK(chart.edges[0].label.text.size() == 200000);
    // A guard against quadratic work (minutes at this size), not a timing: loose enough for a
    // loaded machine under sanitizers.
    CHECK(elapsed < std::chrono::seconds(10));
}

TEST_CASE("robustness: long inputs stay linear", "[robustness]") {
    const auto start = std::chrono::steady_clock::now();
    SECTION("a chain of 20,000 nodes on one line") {
        std::string source = "graph LR\nn0";
        for (int i = 1; i < 20000; ++i) {
            source += " --> n" + std::to_string(i);
        }
        const auto result = parser::parse(source, test::unlimited());
        REQUIRE(result.ok());
        const auto& chart = *result.diagram->flowchart();
        CHECK(chart.nodes.size() == 20000);
        CHECK(chart.edges.size() == 19999);
        CHECK(chart.nodes.back().where.begin.line == 2);
    }
    SECTION("an unclosed label over 100,000 lines") {
        std::string source = "graph TD\nA[";
        for (int i = 0; i < 100000; ++i) {
            source += "x\n";
        }
        CHECK(errors_of(source, test::unlimited()).size() == 1);
    }
    SECTION("200,000 opening brackets") {
        CHECK(!errors_of("graph TD\nA" + std::string(200000, '('), test::unlimited()).empty());
        CHECK(!errors_of("graph TD\nA" + std::string(200000, '['), test::unlimited()).empty());
    }
    SECTION("long runs of edge characters and dots") {
        const auto big = test::unlimited();
        CHECK(!errors_of("graph TD\nA -. " + std::string(200000, '.') + " B", big).empty());
        CHECK(!errors_of("graph TD\nA -- " + std::string(200000, '-') + "x", big).empty());
        CHECK(errors_of("graph TD\nA " + std::string(200000, ' ') + "\n", big).empty());
    }
    SECTION("many statements with errors") {
        std::string source = "graph TD\n";
        for (int i = 0; i < 100000; ++i) {
            source += "A[(\n";
        }
        CHECK(errors_of(source, test::unlimited()).size() == 20);
    }
    // As above: only quadratic work could come near this.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("robustness: random input never crashes", "[robustness]") {
    std::mt19937 rng(12345);
    const std::string alphabet = "AB xo-=.~<>|[](){}\"`#;:&\n\t%@/\\!,*vé日";
    for (int round = 0; round < 3000; ++round) {
        std::string source = round % 2 == 0 ? "graph TD\n" : "flowchart LR;";
        const int length = static_cast<int>(rng() % 60);
        for (int i = 0; i < length; ++i) {
            source += alphabet[rng() % alphabet.size()];
        }
        const auto result = parser::parse(source);
        // Either a diagram or at least one error, never both.
        CHECK(result.ok() != model::has_errors(result.diagnostics));
        for (const auto& d : result.diagnostics) {
            REQUIRE(d.range.begin.offset <= source.size());
            REQUIRE(d.range.end.offset <= source.size());
            REQUIRE(d.range.begin.offset <= d.range.end.offset);
        }
    }
}

TEST_CASE("errors: a diagram whose line breaks were lost", "[diagnostics]") {
    SECTION("after the header") {
        const auto e = single_error("flowchart LR A-->B B-->C C-->D");
        CHECK(at(e) == "1:14");
        CHECK(e.message == "expected a line break or `;` after the diagram header");
        CHECK(contains(e.hint, "were the line breaks lost?"));
    }
    SECTION("between statements") {
        const auto e = single_error("graph TD\nA-->B B-->C C-->D");
        CHECK(at(e) == "2:7");
        CHECK(e.message == "expected a line break or `;` before `B`");
        CHECK(contains(e.hint, "were the line breaks lost?"));
    }
}

TEST_CASE("errors: characters Mermaid's style syntax refuses", "[diagnostics][style]") {
    const auto result = parser::parse("graph TD\nA\nstyle A fill:rgb(1,2,3)\n"
                                      "classDef c font-family:\"Comic Sans\"\n");
    const auto errors = test::of_severity(result, model::Severity::error);
    REQUIRE(errors.size() == 2);
    CHECK(at(errors[0]) == "3:17");
    CHECK(errors[0].message == "`(` is not allowed in style declarations");
    CHECK(contains(errors[0].hint, "#rrggbb"));
    CHECK(at(errors[1]) == "4:24");
    // A refused statement changes nothing, so it brings no follow-up warnings.
    CHECK(test::of_severity(result, model::Severity::warning).empty());
}

TEST_CASE("robustness: 2,000 nested subgraphs", "[robustness]") {
    std::string source = "graph TD\n";
    for (int i = 0; i < 2000; ++i) {
        source += "subgraph s" + std::to_string(i) + "\n";
    }
    source += "leaf\n";
    for (int i = 0; i < 2000; ++i) {
        source += "end\n";
    }
    const auto start = std::chrono::steady_clock::now();
    // Past merrow's default nesting limit (limits_test.cpp), to see the parser itself cope.
    const auto chart = test::parse_chart(source, test::unlimited());
    CHECK(chart.subgraphs.size() == 2000);
    CHECK(chart.subgraphs.back().id == "s0");
    CHECK(!chart.subgraphs.back().parent);
    CHECK(chart.subgraphs.front().nodes.size() == 1);
    // A guard against quadratic work, loose enough for a loaded machine under sanitizers.
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    // Unclosed, they make one error that says how many.
    std::string open = "graph TD\n";
    for (int i = 0; i < 2000; ++i) {
        open += "subgraph\n";
    }
    const auto errors = test::errors_of(open, test::unlimited());
    REQUIRE(errors.size() == 1);
    const auto& e = errors.front();
    CHECK(e.message == "expected `end` for the subgraph opened at 2001:1");
    CHECK(e.hint == "2000 subgraphs are open here; each needs its own `end`");
}

TEST_CASE("robustness: a 200,000-character label in shape data", "[robustness]") {
    const std::string label(200000, 'y');
    const auto chart = test::parse_chart("flowchart TB\nA@{ shape: doc, label: \"" + label + "\" }",
                                         test::unlimited());
    CHECK(test::node(chart, "A").label.text.size() == 200000);
}

TEST_CASE("limits: a text longer than maxTextSize is refused, as Mermaid does", "[robustness]") {
    const std::string label(50000, 'x');
    const auto e = single_error("graph TD\nA[" + label + "]");
    CHECK(at(e) == "1:1");
    CHECK(
        e.message ==
        "the diagram is 50012 characters long, more than Mermaid's limit of 50000 (`maxTextSize`)");
    // Mermaid measures what is left without frontmatter, directives and comments, in UTF-16.
    // (The label is longer than merrow's own label limit, which is not what this is about.)
    parser::ParseOptions long_labels;
    long_labels.base_config.max_label_length = 100000;
    const std::string padding = "%% " + std::string(60000, 'c') + "\n";
    CHECK(parser::parse("---\ntitle: " + std::string(60000, 't') + "\n---\n" + padding +
                            "%%{init: {\"theme\": \"" + std::string(60000, 'd') + "\"}}%%\n" +
                            "graph TD\nA[" + std::string(49000, 'x') + "]",
                        long_labels)
              .ok());
    std::string wide;
    for (int i = 0; i < 25000; ++i) {
        wide += "\U0001F600"; // two UTF-16 units each
    }
    CHECK(!parser::parse("graph TD\nA[\"" + wide + "\"]").ok());
}
