// An independent check that an SVG merrow wrote is safe to inline into a web page: it is read
// back as XML, and every element, attribute and style sheet rule must be one the writer is
// meant to produce, with values of the expected form. Whatever a diagram's text holds, none of it
// may become live markup: no script or foreign elements, no event attributes, no link that is
// not http(s), mailto or relative, no CSS that could fetch or run anything. Used by the XSS
// tests, the conformance-corpus render test and the pipeline fuzzer (which aborts on a problem).
#pragma once

#include "merrow/model/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::test {

namespace svg_safety_detail {

inline std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

inline bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':' ||
           c == '.';
}

/// XML's character references only (the five predefined names and numeric ones); anything else
/// after `&` makes the document ill-formed, which is a problem in itself.
inline bool decode_xml(std::string_view raw, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '&') {
            out += raw[i];
            continue;
        }
        const std::size_t semi = raw.find(';', i);
        if (semi == std::string_view::npos || semi - i > 12) {
            return false;
        }
        const std::string_view name = raw.substr(i + 1, semi - i - 1);
        if (name == "amp") {
            out += '&';
        } else if (name == "lt") {
            out += '<';
        } else if (name == "gt") {
            out += '>';
        } else if (name == "quot") {
            out += '"';
        } else if (name == "apos") {
            out += '\'';
        } else if (name.size() >= 2 && name[0] == '#') {
            const bool hex = name[1] == 'x';
            const std::string digits(name.substr(hex ? 2 : 1));
            if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [&](char c) {
                    return hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0
                               : std::isdigit(static_cast<unsigned char>(c)) != 0;
                })) {
                return false;
            }
            model::append_utf8(out,
                               static_cast<char32_t>(std::stoul(digits, nullptr, hex ? 16 : 10)));
        } else {
            return false;
        }
        i = semi;
    }
    return true;
}

inline bool is_number(std::string_view s) {
    if (!s.empty() && s.front() == '-') {
        s.remove_prefix(1);
    }
    if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front()))) {
        return false;
    }
    bool dot = false;
    for (const char c : s) {
        if (c == '.' && !dot) {
            dot = true;
        } else if (!std::isdigit(static_cast<unsigned char>(c))) {
            return false;
        }
    }
    return s.back() != '.';
}

inline bool is_number_list(std::string_view s, std::string_view separators) {
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find_first_of(separators, start);
        if (end == std::string_view::npos) {
            end = s.size();
        }
        if (!is_number(s.substr(start, end - start))) {
            return false;
        }
        start = end + 1;
    }
    return true;
}

inline bool is_hex_colour(std::string_view s) {
    return s.size() == 7 && s[0] == '#' && std::all_of(s.begin() + 1, s.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0;
           });
}

/// Words that must never appear in a URL or CSS value the document carries; in a style sheet,
/// also what would end it or hide part of it.
inline std::string dangerous_word(std::string_view value, bool style_sheet = false) {
    std::string squeezed;
    for (const char c : lower(value)) {
        // Browsers drop these inside URLs and CSS tokens; `java\tscript:` is `javascript:`.
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\\') {
            squeezed += c;
        }
    }
    for (const std::string_view word :
         {"javascript:", "vbscript:", "data:", "livescript:", "file:", "url(", "expression(",
          "@import", "behavior:", "-moz-binding"}) {
        if (squeezed.find(word) != std::string::npos) {
            return std::string(word);
        }
    }
    if (style_sheet) {
        for (const std::string_view word : {"</", "<!--", "]]>", "/*"}) {
            if (squeezed.find(word) != std::string::npos) {
                return std::string(word);
            }
        }
    }
    return {};
}

inline bool is_allowed_url(std::string_view url) {
    if (url.empty()) {
        return false;
    }
    for (const char c : url) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            return false;
        }
    }
    const std::size_t colon = url.find(':');
    const std::size_t delimiter = url.find_first_of("/?#");
    if (colon == std::string_view::npos ||
        (delimiter != std::string_view::npos && delimiter < colon)) {
        return true; // relative
    }
    const std::string scheme = lower(url.substr(0, colon));
    return scheme == "http" || scheme == "https" || scheme == "mailto";
}

} // namespace svg_safety_detail

/// The problems found in `svg`, one sentence each; empty when the document is safe.
inline std::vector<std::string> svg_safety_problems(std::string_view svg) {
    using namespace svg_safety_detail;
    std::vector<std::string> problems;
    auto problem = [&](std::string what) {
        if (problems.size() < 20) {
            problems.push_back(std::move(what));
        }
    };
    static constexpr std::array<std::string_view, 10> elements{
        "svg", "g", "path", "text", "tspan", "title", "desc", "a", "rect", "style"};
    static constexpr std::array<std::string_view, 36> attributes{"xmlns",
                                                                 "xmlns:xlink",
                                                                 "id",
                                                                 "width",
                                                                 "height",
                                                                 "viewbox",
                                                                 "role",
                                                                 "aria-roledescription",
                                                                 "aria-labelledby",
                                                                 "aria-describedby",
                                                                 "aria-label",
                                                                 "d",
                                                                 "fill",
                                                                 "fill-opacity",
                                                                 "stroke",
                                                                 "stroke-opacity",
                                                                 "stroke-width",
                                                                 "stroke-dasharray",
                                                                 "stroke-linecap",
                                                                 "stroke-linejoin",
                                                                 "opacity",
                                                                 "x",
                                                                 "y",
                                                                 "text-anchor",
                                                                 "font-family",
                                                                 "font-size",
                                                                 "font-weight",
                                                                 "font-style",
                                                                 "xml:space",
                                                                 "class",
                                                                 "style",
                                                                 "href",
                                                                 "xlink:href",
                                                                 "target",
                                                                 "rel",
                                                                 "transform"};
    std::vector<std::string> open;
    std::size_t i = 0;
    std::string decoded;
    // The XML declaration, once, at the start.
    if (svg.substr(0, 5) == "<?xml") {
        const std::size_t end = svg.find("?>");
        if (end == std::string_view::npos) {
            problem("unterminated XML declaration");
            return problems;
        }
        i = end + 2;
    }
    bool seen_root = false;
    while (i < svg.size()) {
        if (svg[i] != '<') {
            const std::size_t next = std::min(svg.find('<', i), svg.size());
            const std::string_view text = svg.substr(i, next - i);
            if (!decode_xml(text, decoded)) {
                problem("text with a malformed character reference: " +
                        std::string(text.substr(0, 60)));
            }
            if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
                problem("text outside the root element");
            }
            if (!open.empty() && open.back() == "style") {
                if (const std::string w = dangerous_word(decoded, true); !w.empty()) {
                    problem("style sheet contains `" + w + "`");
                }
            }
            i = next;
            continue;
        }
        if (svg.compare(i, 4, "<!--") == 0 || svg.compare(i, 9, "<![CDATA[") == 0 ||
            svg.compare(i, 2, "<!") == 0 || svg.compare(i, 2, "<?") == 0) {
            problem("comment, CDATA, DOCTYPE or processing instruction in the document");
            return problems;
        }
        const bool closing = i + 1 < svg.size() && svg[i + 1] == '/';
        std::size_t j = i + (closing ? 2 : 1);
        const std::size_t name_begin = j;
        while (j < svg.size() && is_name_char(svg[j])) {
            ++j;
        }
        const std::string name(svg.substr(name_begin, j - name_begin));
        if (name.empty()) {
            problem("a `<` that does not start a tag");
            return problems;
        }
        if (closing) {
            if (j >= svg.size() || svg[j] != '>') {
                problem("malformed closing tag </" + name);
                return problems;
            }
            if (open.empty() || open.back() != name) {
                problem("closing tag </" + name + "> does not match");
                return problems;
            }
            open.pop_back();
            i = j + 1;
            continue;
        }
        if (std::find(elements.begin(), elements.end(), name) == elements.end()) {
            problem("element <" + name + "> is not one merrow writes");
        }
        if (open.empty()) {
            if (seen_root || name != "svg") {
                problem("the root element is not a single <svg>");
            }
            seen_root = true;
        }
        std::string href;
        std::string rel;
        bool self_closing = false;
        for (;;) {
            while (j < svg.size() && (svg[j] == ' ' || svg[j] == '\n' || svg[j] == '\t')) {
                ++j;
            }
            if (j >= svg.size()) {
                problem("unterminated tag <" + name);
                return problems;
            }
            if (svg[j] == '>') {
                ++j;
                break;
            }
            if (svg.compare(j, 2, "/>") == 0) {
                self_closing = true;
                j += 2;
                break;
            }
            const std::size_t attr_begin = j;
            while (j < svg.size() && is_name_char(svg[j])) {
                ++j;
            }
            const std::string attr = lower(svg.substr(attr_begin, j - attr_begin));
            if (attr.empty() || j + 1 >= svg.size() || svg[j] != '=' || svg[j + 1] != '"') {
                problem("malformed attribute in <" + name + ">");
                return problems;
            }
            const std::size_t value_begin = j + 2;
            const std::size_t value_end = svg.find('"', value_begin);
            if (value_end == std::string_view::npos) {
                problem("unterminated attribute value in <" + name + ">");
                return problems;
            }
            const std::string_view raw = svg.substr(value_begin, value_end - value_begin);
            j = value_end + 1;
            if (raw.find('<') != std::string_view::npos) {
                problem("`<` inside an attribute value");
            }
            if (!decode_xml(raw, decoded)) {
                problem("attribute " + attr + " has a malformed character reference");
                continue;
            }
            const std::string& v = decoded;
            if (attr.rfind("on", 0) == 0) {
                problem("event attribute " + attr + " on <" + name + ">");
                continue;
            }
            if (std::find(attributes.begin(), attributes.end(), attr) == attributes.end()) {
                problem("attribute " + attr + " is not one merrow writes");
                continue;
            }
            if (attr == "href" || attr == "xlink:href") {
                if (name != "a" || !is_allowed_url(v)) {
                    problem("link `" + v + "` on <" + name + "> is not an allowed URL");
                }
                href = v;
            } else if (attr == "rel") {
                rel = v;
            } else if (attr == "target") {
                if (v != "_blank" && v != "_self" && v != "_parent" && v != "_top") {
                    problem("target `" + v + "`");
                }
            } else if (attr == "fill" || attr == "stroke") {
                if (v != "none" && !is_hex_colour(v)) {
                    problem(attr + "=\"" + v + "\" is not a colour");
                }
            } else if (attr == "style") {
                // Only the themed colours, through merrow's custom properties.
                std::size_t start = 0;
                while (start < v.size()) {
                    std::size_t end = v.find(';', start);
                    if (end == std::string::npos) {
                        end = v.size();
                    }
                    const std::string declaration = v.substr(start, end - start);
                    const std::size_t colon = declaration.find(':');
                    const std::string value =
                        colon == std::string::npos ? "" : declaration.substr(colon + 1);
                    if (value.rfind("var(--merrow-", 0) != 0 || value.back() != ')' ||
                        value.find_first_of("(", 4) != std::string::npos) {
                        problem("style declaration `" + declaration + "`");
                    }
                    start = end + 1;
                }
            } else if (attr == "font-family") {
                if (v.find_first_of("();:\\<>{}@/") != std::string::npos) {
                    problem("font-family `" + v + "`");
                }
            } else if (attr == "d") {
                if (v.find_first_not_of("MLCZ0123456789 .-") != std::string::npos) {
                    problem("path data `" + v.substr(0, 40) + "`");
                }
            } else if (attr == "x" || attr == "y" || attr == "width" || attr == "height" ||
                       attr == "stroke-width" || attr == "font-size" || attr == "opacity" ||
                       attr == "fill-opacity" || attr == "stroke-opacity") {
                if (!is_number(v)) {
                    problem(attr + "=\"" + v + "\" is not a number");
                }
            } else if (attr == "viewbox") {
                if (!is_number_list(v, " ")) {
                    problem("viewBox `" + v + "`");
                }
            } else if (attr == "stroke-dasharray") {
                if (!is_number_list(v, ",")) {
                    problem("stroke-dasharray `" + v + "`");
                }
            } else if (attr == "id" || attr == "class" || attr == "aria-labelledby" ||
                       attr == "aria-describedby") {
                if (!std::all_of(v.begin(), v.end(), [](char c) {
                        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
                               c == '_' || c == ' ';
                    })) {
                    problem(attr + " `" + v + "`");
                }
            } else if (attr == "transform") {
                problem("transform attribute");
            }
            // Labels are text, and ids and classes have their own character check above.
            if (attr != "aria-label" && attr != "id" && attr != "class") {
                if (const std::string w = dangerous_word(v); !w.empty()) {
                    problem(attr + " on <" + name + "> contains `" + w + "`");
                }
            }
        }
        if (name == "a" && (href.empty() || rel != "noopener noreferrer")) {
            problem("<a> without an allowed href and rel=\"noopener noreferrer\"");
        }
        if (!self_closing) {
            open.push_back(name);
        }
        i = j;
    }
    if (!open.empty()) {
        problem("element <" + open.back() + "> is not closed");
    }
    if (!seen_root) {
        problem("no <svg> root element");
    }
    return problems;
}

} // namespace merrow::test
