#include "merrow/render/svg_writer.hpp"
#include "scene_fixtures.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

using namespace merrow;
using merrow::test::rgb;

namespace {

std::string svg_of(const scene::Scene& s, const render::SvgOptions& options = {}) {
    std::ostringstream out;
    render::write_svg(s, out, options);
    return out.str();
}

/// Parses the document with Python's XML parser (a real, strict one).
bool well_formed(const std::string& document, std::string_view name) {
    const auto path = test::temp_file(name);
    std::ofstream(path, std::ios::binary) << document;
    const std::string command = "python3 -c 'import sys, xml.dom.minidom; "
                                "xml.dom.minidom.parse(sys.argv[1])' '" +
                                path.string() + "'";
    const int status = std::system(command.c_str());
    std::filesystem::remove(path);
    return status == 0;
}

/// The text content of the first element matching `tag`, decoded by Python's parser.
std::string parsed_text(const std::string& document, const std::string& tag) {
    const auto in = test::temp_file("in.svg");
    const auto out = test::temp_file("out.txt");
    std::ofstream(in, std::ios::binary) << document;
    const std::string command =
        "python3 -c 'import sys, xml.dom.minidom; d = xml.dom.minidom.parse(sys.argv[1]); "
        "e = d.getElementsByTagName(sys.argv[2])[0]; "
        "open(sys.argv[3], \"w\", encoding=\"utf-8\").write(\"\".join(n.data for n in "
        "e.childNodes if n.nodeType == n.TEXT_NODE))' '" +
        in.string() + "' " + tag + " '" + out.string() + "'";
    const int status = std::system(command.c_str());
    std::string text = status == 0 ? test::read_file(out) : "<parse failed>";
    std::filesystem::remove(in);
    std::filesystem::remove(out);
    return text;
}

render::SvgOptions options_with(std::string prefix, bool declaration) {
    render::SvgOptions options;
    options.id_prefix = std::move(prefix);
    options.xml_declaration = declaration;
    return options;
}

scene::Scene text_scene(const std::string& text, scene::FontSpec font = {}) {
    scene::Scene s;
    s.width = 100;
    s.height = 50;
    scene::TextRun run;
    run.origin = {50, 30};
    run.text = text;
    run.font = std::move(font);
    run.color = rgb(0x33, 0x33, 0x33);
    s.items.push_back(scene::Item::of(run));
    return s;
}

} // namespace

TEST_CASE("the SVG document is well-formed and complete") {
    const std::string svg = svg_of(test::two_node_scene());
    CHECK(well_formed(svg, "basic.svg"));
    CHECK(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "
                    "xmlns=\"http://www.w3.org/2000/svg\" id=\"merrow\" width=\"240\" "
                    "height=\"200\" viewBox=\"0 0 240 200\" role=\"img\" "
                    "aria-roledescription=\"flowchart\">\n",
                    0) == 0);
    CHECK(svg.find("<rect width=\"240\" height=\"200\" fill=\"#ffffff\"/>") != std::string::npos);
    CHECK(svg.find("<g id=\"merrow-A\" class=\"node\">") != std::string::npos);
    CHECK(svg.find("<g id=\"merrow-L_A_B\" class=\"edge\">") != std::string::npos);
    CHECK(svg.find("fill=\"#ececff\" stroke=\"#9370db\" stroke-width=\"1\"") != std::string::npos);
    CHECK(svg.find("<path d=\"M120 64C120 90 140 100 120 122\" fill=\"none\" "
                   "stroke=\"#333333\" stroke-width=\"1\"/>") != std::string::npos);
    CHECK(svg.find("<path d=\"M115 120L125 120L120 130Z\" fill=\"#333333\"/>") !=
          std::string::npos);
    CHECK(svg.find("<text x=\"120\" y=\"42.5\" text-anchor=\"middle\" font-family=\"Arial, "
                   "&apos;Liberation Sans&apos;, Helvetica, sans-serif\" font-size=\"16\" "
                   "fill=\"#333333\">Spill / Offload</text>") != std::string::npos);
    CHECK(svg.find("foreignObject") == std::string::npos);
    CHECK(svg.find("<style") == std::string::npos);
    CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
}

TEST_CASE("the SVG output is deterministic") {
    const auto s = test::two_node_scene();
    CHECK(svg_of(s) == svg_of(s));
    CHECK(svg_of(s) == svg_of(test::two_node_scene()));
}

TEST_CASE("text and attributes are escaped") {
    scene::Scene s = text_scene("<script>alert(\"x\" & 'y')</script>");
    s.title = "Tom & \"Jerry\" <b>";
    s.description = "a > b";
    scene::Group g;
    g.id = "n\"1";
    g.css_class = "node <x>";
    g.link = "https://example.com/?a=1&b=\"2\"'><script>";
    g.link_target = "_blank";
    g.tooltip = "tip & \"quote\"";
    g.items.push_back(scene::Item::of(s.items.front().text));
    s.items.push_back(scene::Item::of(g));

    const std::string svg = svg_of(s);
    CHECK(well_formed(svg, "escape.svg"));
    CHECK(svg.find("<script") == std::string::npos);
    CHECK(svg.find("&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;") !=
          std::string::npos);
    CHECK(
        svg.find("href=\"https://example.com/?a=1&amp;b=&quot;2&quot;&apos;&gt;&lt;script&gt;\"") !=
        std::string::npos);
    CHECK(svg.find("target=\"_blank\" rel=\"noopener noreferrer\"") != std::string::npos);
    CHECK(svg.find("id=\"merrow-n&quot;1\" class=\"node &lt;x&gt;\"") != std::string::npos);
    CHECK(svg.find("<title>tip &amp; &quot;quote&quot;</title>") != std::string::npos);
    CHECK(svg.find("role=\"graphics-document document\" aria-roledescription=\"flowchart\" "
                   "aria-labelledby=\"merrow-title\" aria-describedby=\"merrow-desc\"") !=
          std::string::npos);
    CHECK(parsed_text(svg, "text") == "<script>alert(\"x\" & 'y')</script>");
    CHECK(parsed_text(svg, "title") == "Tom & \"Jerry\" <b>");
    CHECK(parsed_text(svg, "desc") == "a > b");
}

TEST_CASE("characters XML cannot carry are dropped, invalid UTF-8 replaced") {
    const std::string svg = svg_of(text_scene(std::string("a\x01") + "b\x1f\x0b" +
                                              std::string(1, '\0') + "c \xff \xef\xbf\xbf"));
    CHECK(well_formed(svg, "control.svg"));
    CHECK(parsed_text(svg, "text") == "abc \xef\xbf\xbd ");
}

TEST_CASE("the root is an image labelled by its title") {
    scene::Scene s = text_scene("x");
    s.title = "Tiers";
    const std::string svg = svg_of(s, options_with("fig1", true));
    CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"fig1\" ") != std::string::npos);
    CHECK(svg.find("role=\"img\" aria-roledescription=\"flowchart\" "
                   "aria-labelledby=\"fig1-title\">\n<title id=\"fig1-title\">Tiers</title>") !=
          std::string::npos);
    CHECK(svg.find("aria-describedby") == std::string::npos);
    CHECK(svg.find("xmlns:xlink") == std::string::npos);
}

TEST_CASE("numbers are short, fixed-point and never -0") {
    scene::Scene s;
    s.width = 100.0004;
    s.height = 1.0 / 3;
    scene::Shape shape;
    shape.path.move_to({-0.0001, 1e-7})
        .line_to({3.14159, -2.5})
        .line_to({1e20, -1e20})
        .line_to({0.1 + 0.2, 2.00049})
        .line_to({std::nan(""), 12345.678901});
    shape.stroke =
        scene::Stroke{rgb(1, 2, 3), 1.25, {4, 2.5}, scene::LineCap::round, scene::LineJoin::bevel};
    shape.opacity = 0.5;
    s.items.push_back(scene::Item::of(shape));
    const std::string svg = svg_of(s);
    CHECK(svg.find("width=\"100\" height=\"0.333\" viewBox=\"0 0 100 0.333\"") !=
          std::string::npos);
    const std::smatch path = [&] {
        std::smatch m;
        std::regex_search(svg, m, std::regex("<path d=\"([^\"]*)\""));
        return m;
    }();
    REQUIRE(!path.empty());
    const std::string d = path[1];
    CHECK(d == "M0 0L3.142 -2.5L1000000000000 -1000000000000L0.3 2L0 12345.679");
    CHECK(d.find('e') == std::string::npos);
    CHECK(svg.find("stroke=\"#010203\" stroke-width=\"1.25\" stroke-dasharray=\"4,2.5\" "
                   "stroke-linecap=\"round\" stroke-linejoin=\"bevel\" opacity=\"0.5\"") !=
          std::string::npos);
}

TEST_CASE("fonts, colours and whitespace reach the text element") {
    scene::FontSpec font{"\"trebuchet ms\", verdana", 14, true, true};
    scene::Scene s = text_scene("  two  spaces ", font);
    s.items.front().text.color = rgb(255, 0, 0, 128);
    s.items.front().text.anchor = scene::TextAnchor::start;
    const std::string svg = svg_of(s, options_with("merrow", false));
    CHECK(svg.rfind("<svg ", 0) == 0);
    CHECK(svg.find("<text x=\"50\" y=\"30\" text-anchor=\"start\" font-family=\"&quot;trebuchet "
                   "ms&quot;, verdana\" font-size=\"14\" font-weight=\"bold\" "
                   "font-style=\"italic\" fill=\"#ff0000\" fill-opacity=\"0.502\" "
                   "xml:space=\"preserve\">  two  spaces </text>") != std::string::npos);
    CHECK(well_formed(svg, "font.svg"));
    CHECK(parsed_text(svg, "text") == "  two  spaces ");

    const std::string plain = svg_of(text_scene("one space", scene::FontSpec{" arial "}));
    CHECK(plain.find("xml:space") == std::string::npos);
    CHECK(plain.find("font-family=\"Arial, &apos;Liberation Sans&apos;") != std::string::npos);
}

TEST_CASE("invisible shapes and empty text are skipped, bad dashes drawn solid") {
    scene::Scene s;
    s.width = 10;
    s.height = 10;
    scene::Shape nothing; // no fill, no stroke
    nothing.path = scene::Path::rectangle({0, 0, 5, 5});
    s.items.push_back(scene::Item::of(nothing));
    scene::Shape zero_width;
    zero_width.path = scene::Path::rectangle({0, 0, 5, 5});
    zero_width.stroke = scene::Stroke{};
    zero_width.stroke->width = 0;
    s.items.push_back(scene::Item::of(zero_width));
    scene::Shape bad_dash;
    bad_dash.path = scene::Path::rectangle({0, 0, 5, 5});
    bad_dash.stroke = scene::Stroke{};
    bad_dash.stroke->dash = {3, -1};
    s.items.push_back(scene::Item::of(bad_dash));
    s.items.push_back(scene::Item::of(scene::TextRun{}));
    const std::string svg = svg_of(s);
    CHECK(svg.find("<path") == svg.rfind("<path"));
    CHECK(svg.find("dasharray") == std::string::npos);
    CHECK(svg.find("<text") == std::string::npos);
}
