// merrow's limits on hostile input: text size, edges, nesting, label length, and bytes that are
// not UTF-8 text. Each is refused with an error that says which limit and where.
#include "merrow/parser/parse.hpp"
#include "parse_helpers.hpp"

#include <catch2/catch.hpp>
#include <string>

using namespace merrow;
using test::at;
using test::single_error;

namespace {

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

parser::ParseOptions site(const std::string& json) {
    const auto file = parser::parse_config_file(json, "merrow.json");
    REQUIRE(file.ok());
    parser::ParseOptions options;
    options.base_config = file.config;
    return options;
}

} // namespace

TEST_CASE("limits: invalid UTF-8 is an error at the first bad byte", "[limits][utf8]") {
    struct Case {
        std::string source;
        std::string where;
        std::string message;
    };
    const std::vector<Case> cases{
        {"graph TD\nA[caf\xE9]", "2:6", "byte 0xE9 is broken off"},          // Latin-1
        {"graph TD\nA[\xC3\xA9\xFF]", "2:4", "byte 0xFF cannot start"},      // after a valid é
        {"graph TD\nA --> B\xC3", "2:8", "byte 0xC3 is broken off"},         // cut at the end
        {"graph TD\nA[\xC0\xAF]", "2:3", "byte 0xC0 cannot start"},          // overlong '/'
        {"graph TD\nA[\xE0\x80\xAF]", "2:3", "byte 0xE0 is broken off"},     // overlong, 3 bytes
        {"graph TD\nA[\xED\xA0\x80]", "2:3", "byte 0xED is broken off"},     // a surrogate
        {"graph TD\nA[\xF4\x90\x80\x80]", "2:3", "byte 0xF4 is broken off"}, // past U+10FFFF
        {"graph TD\nA[\x80]", "2:3", "byte 0x80 cannot start"},              // a lone continuation
        {"graph TD\n\xE4\xB8\xAD[x] --> B[\xE4\xB8]", "2:12", "byte 0xE4 is broken off"},
    };
    for (const Case& c : cases) {
        INFO(c.where);
        const auto e = single_error(c.source);
        CHECK(at(e) == c.where);
        CHECK(contains(e.message, "not valid UTF-8"));
        CHECK(contains(e.message, c.message));
        CHECK(contains(e.hint, "UTF-8"));
        CHECK(e.range.end.offset == e.range.begin.offset + 1);
    }
    // Valid text of every length passes, with or without a byte order mark.
    CHECK(parser::parse("\xEF\xBB\xBFgraph TD\nA[\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 "
                        "\xF4\x8F\xBF\xBF \xEE\x80\x80]")
              .ok());
}

TEST_CASE("limits: binary input is an error at its first control byte", "[limits][utf8]") {
    auto e = single_error(std::string("graph TD\nA --> B\n\0\0\0\x01", 21));
    CHECK(at(e) == "3:1");
    CHECK(e.message == "the input contains a NUL byte: is it a binary file?");
    e = single_error("\x89PNG\r\n\x1A\n");
    CHECK(at(e) == "1:1");
    CHECK(contains(e.message, "byte 0x89 cannot start"));
    e = single_error("graph TD\nA[x\x1Fy]");
    CHECK(at(e) == "2:4");
    CHECK(e.message == "the input contains the control character U+001F: is it a binary file?");
    e = single_error(std::string("\xFF\xFEg\0r\0", 6));
    CHECK(contains(e.message, "UTF-16"));
    CHECK(e.hint == "save the file as UTF-8");
    // Tabs, form feeds, vertical tabs and both line endings are text.
    CHECK(parser::parse("graph TD\r\n\tA -->\vB\f\r\n").ok());
}

TEST_CASE("limits: maxTextSize is configurable by the site, not by the diagram", "[limits]") {
    const std::string big = "graph TD\nA[" + std::string(60000, 'x') + "]";
    CHECK(contains(single_error(big).message, "(`maxTextSize`)"));
    CHECK(parser::parse(big, site(R"({"maxTextSize": 70000, "maxLabelLength": 70000})")).ok());
    const auto from_diagram = parser::parse("---\nconfig:\n  maxTextSize: 90000\n---\n" + big);
    CHECK(!from_diagram.ok());
    // Far past the limit the text is not read at all: one error, at the start.
    const std::string huge(8 * 50000 + 65537, 'x');
    const auto e = single_error(huge);
    CHECK(at(e) == "1:1");
    CHECK(contains(e.message, "bytes long, far more than Mermaid's limit of 50000"));
}

TEST_CASE("limits: maxEdges is 500 by default and configurable", "[limits]") {
    std::string fan = "graph LR\n";
    for (int i = 0; i < 501; ++i) {
        fan += "hub --> n" + std::to_string(i) + "\n";
    }
    const auto e = single_error(fan);
    CHECK(at(e) == "502:5");
    CHECK(e.message == "this diagram has more than 500 edges, the most Mermaid draws (`maxEdges`)");
    CHECK(parser::parse(fan, site(R"({"maxEdges": 501})")).ok());
    // `&` groups multiply edges; the limit counts what they make.
    std::string product = "graph LR\n";
    for (int i = 0; i < 30; ++i) {
        product += (i ? " & a" : "a") + std::to_string(i);
    }
    product += " --> ";
    for (int i = 0; i < 30; ++i) {
        product += (i ? " & b" : "b") + std::to_string(i);
    }
    CHECK(contains(single_error(product).message, "more than 500 edges"));
}

TEST_CASE("limits: subgraphs nest at most 100 deep by default", "[limits]") {
    auto nested = [](int depth) {
        std::string s = "graph TD\n";
        for (int i = 0; i < depth; ++i) {
            s += "subgraph s" + std::to_string(i) + "\n";
        }
        s += "leaf\n";
        for (int i = 0; i < depth; ++i) {
            s += "end\n";
        }
        return s;
    };
    CHECK(parser::parse(nested(100)).ok());
    const auto e = single_error(nested(101));
    CHECK(at(e) == "102:1");
    CHECK(e.message ==
          "this subgraph is nested 101 deep, more than merrow's limit of 100 (`maxSubgraphDepth`)");
    CHECK(contains(e.hint, "{\"maxSubgraphDepth\": 101}"));
    CHECK(parser::parse(nested(150), site(R"({"maxSubgraphDepth": 150})")).ok());
    // The diagram cannot raise it.
    CHECK(!parser::parse("%%{init: {\"maxSubgraphDepth\": 500}}%%\n" + nested(101)).ok());
}

TEST_CASE("limits: a label may have at most 10,000 characters by default", "[limits]") {
    const std::string ten_thousand(10000, 'x');
    CHECK(parser::parse("graph TD\nA[" + ten_thousand + "]").ok());
    // Characters, not bytes: 10,000 CJK characters are 30,000 bytes.
    std::string cjk;
    for (int i = 0; i < 10000; ++i) {
        cjk += "\xE4\xB8\xAD";
    }
    CHECK(parser::parse("graph TD\nA[" + cjk + "]").ok());
    for (const std::string& source :
         {"graph TD\nA[" + ten_thousand + "y]", "graph TD\nA -->|" + ten_thousand + "y| B",
          "graph TD\nsubgraph s [" + ten_thousand + "y]\nend",
          "graph TD\nA@{ label: \"" + ten_thousand + "y\" }"}) {
        const auto e = single_error(source);
        CHECK(at(e).substr(0, 2) == "2:");
        CHECK(e.message == "this label is 10001 characters long, more than merrow's limit of "
                           "10000 (`maxLabelLength`)");
    }
    CHECK(parser::parse("graph TD\nA[" + ten_thousand + "y]", site(R"({"maxLabelLength": 10001})"))
              .ok());
}

TEST_CASE("limits: a configuration file that is not UTF-8 is refused the same way",
          "[limits][utf8]") {
    const auto r = parser::parse_config_file("{\"theme\": \"caf\xE9\"}", "merrow.json");
    CHECK(!r.ok());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(at(r.diagnostics[0]) == "1:15");
    CHECK(contains(r.diagnostics[0].message, "not valid UTF-8"));
}
