#include "merrow/model/style.hpp"

#include <catch2/catch.hpp>

using merrow::model::Color;
using merrow::model::parse_color;
using merrow::model::parse_style;

TEST_CASE("colours in every CSS notation Mermaid users write", "[model][style]") {
    CHECK(parse_color("#f9f") == Color{0xff, 0x99, 0xff, 255});
    CHECK(parse_color("#e74c3c") == Color{0xe7, 0x4c, 0x3c, 255});
    CHECK(parse_color("#e74c3c80") == Color{0xe7, 0x4c, 0x3c, 0x80});
    CHECK(parse_color("  #FFF ") == Color{255, 255, 255, 255});
    CHECK(parse_color("rgb(232,232,232)") == Color{232, 232, 232, 255});
    CHECK(parse_color("rgba(232, 232, 232, 0.8)") == Color{232, 232, 232, 204});
    CHECK(parse_color("rgb(100% 0% 0%)") == Color{255, 0, 0, 255});
    CHECK(parse_color("hsl(120, 100%, 50%)") == Color{0, 255, 0, 255});
    CHECK(parse_color("hsl(80, 100%, 96.2745098039%)") == Color{249, 255, 236, 255});
    CHECK(parse_color("MediumPurple") == Color{0x93, 0x70, 0xdb, 255});
    CHECK(parse_color("transparent") == Color{0, 0, 0, 0});
    CHECK_FALSE(parse_color("#12345"));
    CHECK_FALSE(parse_color("notacolour"));
    CHECK_FALSE(parse_color("url(#x)"));
    CHECK_FALSE(parse_color("expression(alert(1))"));
    CHECK_FALSE(parse_color(""));
}

TEST_CASE("every named colour is found (the table is sorted)", "[model][style]") {
    for (const char* name : {"aliceblue", "lightgoldenrodyellow", "lightgray", "yellowgreen",
                             "rebeccapurple", "darkslategrey", "white", "black"}) {
        INFO(name);
        CHECK(parse_color(name).has_value());
    }
}

TEST_CASE("colours print as hex", "[model][style]") {
    CHECK(Color{0xe7, 0x4c, 0x3c, 255}.to_hex() == "#e74c3c");
    CHECK(Color{0, 0, 0, 0x80}.to_hex() == "#00000080");
}

TEST_CASE("style declarations become typed properties", "[model][style]") {
    const auto parsed = parse_style("fill:#e74c3c,color:#fff,stroke:#c0392b,stroke-width:4px");
    CHECK(parsed.issues.empty());
    CHECK(parsed.props.fill == Color{0xe7, 0x4c, 0x3c, 255});
    CHECK(parsed.props.color == Color{255, 255, 255, 255});
    CHECK(parsed.props.stroke == Color{0xc0, 0x39, 0x2b, 255});
    CHECK(parsed.props.stroke_width == Approx(4));
}

TEST_CASE("escaped commas and semicolons in style text", "[model][style]") {
    const auto parsed = parse_style("stroke-dasharray: 5\\, 5;font-weight:bold; fill:rgb(1,2,3)");
    CHECK(parsed.issues.empty());
    REQUIRE(parsed.props.stroke_dasharray);
    CHECK(*parsed.props.stroke_dasharray == std::vector<double>{5, 5});
    CHECK(parsed.props.font_weight == merrow::model::FontWeight::bold);
    CHECK(parsed.props.fill == Color{1, 2, 3, 255});
}

TEST_CASE("unknown properties and bad values are reported, not pasted", "[model][style]") {
    const auto parsed = parse_style("fill:url(javascript:alert(1)),behavior:x,stroke-width:abc");
    REQUIRE(parsed.issues.size() == 3);
    CHECK(parsed.issues[0].message.find("not a colour") != std::string::npos);
    CHECK(parsed.issues[1].message.find("unknown style property `behavior`") != std::string::npos);
    CHECK(parsed.issues[1].offset == std::string("fill:url(javascript:alert(1)),").size());
    CHECK(parsed.props.empty());
}

TEST_CASE("font families that could escape an attribute are refused", "[model][style]") {
    // Commas separate declarations (as in Mermaid); a family list escapes them.
    CHECK(parse_style("font-family:Georgia\\, serif").props.font_family == "Georgia, serif");
    const auto bad = parse_style("font-family:x\"><script>");
    CHECK_FALSE(bad.props.font_family);
    CHECK(bad.issues.size() == 1);
}

TEST_CASE("merging style keeps the later declaration", "[model][style]") {
    auto a = parse_style("fill:#111,stroke:#222").props;
    const auto b = parse_style("fill:#333").props;
    a.merge(b);
    CHECK(a.fill == Color{0x33, 0x33, 0x33, 255});
    CHECK(a.stroke == Color{0x22, 0x22, 0x22, 255});
}
