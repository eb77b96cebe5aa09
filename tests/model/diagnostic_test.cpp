#include "merrow/model/diagnostic.hpp"

#include <catch2/catch.hpp>

using namespace merrow::model;

TEST_CASE("positions count lines and code points", "[model][diagnostic]") {
    const std::string src = "graph TD\n  Ä --> B\n";
    const SourcePos p = position_of(src, src.find("-->"));
    CHECK(p.line == 2);
    CHECK(p.column == 5); // "  Ä " is four code points although five bytes
    CHECK(position_of(src, 0).column == 1);
    CHECK(position_of(src, src.size()).line == 3);
}

TEST_CASE("a diagnostic shows file, position, the line and a caret", "[model][diagnostic]") {
    const std::string src = "graph TD\n    A[Start --> B\n";
    Diagnostic d;
    d.range.begin = position_of(src, src.find("[") + 7);
    d.range.end = position_of(src, src.find("[") + 10);
    d.message = "expected `]`";
    d.hint = "quote the label";
    const std::string text = format_diagnostic(d, "x.mmd", src);
    CHECK(text == "x.mmd:2:13: error: expected `]`\n"
                  " 2 |     A[Start --> B\n"
                  "   |             ^~~\n"
                  "hint: quote the label\n");
}

TEST_CASE("a caret at the end of a line that ends the file", "[model][diagnostic]") {
    const std::string src = "graph TD\nA -->";
    Diagnostic d;
    d.range.begin = position_of(src, src.size());
    d.range.end = d.range.begin;
    d.message = "expected a node";
    const std::string text = format_diagnostic(d, "-", src);
    CHECK(text == "-:2:6: error: expected a node\n 2 | A -->\n   |      ^\n");
}

TEST_CASE("has_errors ignores warnings", "[model][diagnostic]") {
    std::vector<Diagnostic> list(1);
    list[0].severity = Severity::warning;
    CHECK_FALSE(has_errors(list));
    list.push_back({});
    CHECK(has_errors(list));
}
