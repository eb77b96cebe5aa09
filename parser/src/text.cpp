#include "text.hpp"

#include "merrow/model/utf8.hpp"
#include "preprocess.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace merrow::parser {

namespace {

struct Entity {
    std::string_view name;
    char32_t code_point;
};

// HTML named character references that show up in diagrams, sorted by name (byte order) for
// binary search. Not the full HTML table: unknown names stay as written, which is visible and
// easy to fix by using the numeric form.
constexpr auto entities = std::to_array<Entity>({
    {"AElig", 0xC6},    {"Aacute", 0xC1},   {"Agrave", 0xC0},   {"Alpha", 0x391},
    {"Aring", 0xC5},    {"Auml", 0xC4},     {"Beta", 0x392},    {"Ccedil", 0xC7},
    {"Delta", 0x394},   {"Eacute", 0xC9},   {"Gamma", 0x393},   {"Lambda", 0x39B},
    {"Ntilde", 0xD1},   {"Omega", 0x3A9},   {"Ouml", 0xD6},     {"Phi", 0x3A6},
    {"Pi", 0x3A0},      {"Psi", 0x3A8},     {"Sigma", 0x3A3},   {"Theta", 0x398},
    {"Uuml", 0xDC},     {"aacute", 0xE1},   {"acirc", 0xE2},    {"aelig", 0xE6},
    {"agrave", 0xE0},   {"alpha", 0x3B1},   {"amp", 0x26},      {"and", 0x2227},
    {"ang", 0x2220},    {"apos", 0x27},     {"aring", 0xE5},    {"asymp", 0x2248},
    {"auml", 0xE4},     {"bdquo", 0x201E},  {"beta", 0x3B2},    {"bull", 0x2022},
    {"cap", 0x2229},    {"ccedil", 0xE7},   {"cent", 0xA2},     {"check", 0x2713},
    {"chi", 0x3C7},     {"clubs", 0x2663},  {"colon", 0x3A},    {"comma", 0x2C},
    {"copy", 0xA9},     {"cross", 0x2717},  {"cup", 0x222A},    {"dagger", 0x2020},
    {"darr", 0x2193},   {"deg", 0xB0},      {"delta", 0x3B4},   {"diams", 0x2666},
    {"divide", 0xF7},   {"eacute", 0xE9},   {"ecirc", 0xEA},    {"egrave", 0xE8},
    {"empty", 0x2205},  {"epsilon", 0x3B5}, {"equiv", 0x2261},  {"eta", 0x3B7},
    {"euro", 0x20AC},   {"exist", 0x2203},  {"forall", 0x2200}, {"frac12", 0xBD},
    {"frac14", 0xBC},   {"frac34", 0xBE},   {"gamma", 0x3B3},   {"ge", 0x2265},
    {"gt", 0x3E},       {"hArr", 0x21D4},   {"harr", 0x2194},   {"hearts", 0x2665},
    {"hellip", 0x2026}, {"iacute", 0xED},   {"iexcl", 0xA1},    {"infin", 0x221E},
    {"iquest", 0xBF},   {"isin", 0x2208},   {"kappa", 0x3BA},   {"lArr", 0x21D0},
    {"lambda", 0x3BB},  {"laquo", 0xAB},    {"larr", 0x2190},   {"ldquo", 0x201C},
    {"le", 0x2264},     {"lowast", 0x2217}, {"lpar", 0x28},     {"lsaquo", 0x2039},
    {"lsqb", 0x5B},     {"lsquo", 0x2018},  {"lt", 0x3C},       {"mdash", 0x2014},
    {"micro", 0xB5},    {"middot", 0xB7},   {"minus", 0x2212},  {"mu", 0x3BC},
    {"nabla", 0x2207},  {"nbsp", 0xA0},     {"ndash", 0x2013},  {"ne", 0x2260},
    {"not", 0xAC},      {"ntilde", 0xF1},   {"num", 0x23},      {"oacute", 0xF3},
    {"omega", 0x3C9},   {"ouml", 0xF6},     {"para", 0xB6},     {"phi", 0x3C6},
    {"pi", 0x3C0},      {"plusmn", 0xB1},   {"pound", 0xA3},    {"quot", 0x22},
    {"rArr", 0x21D2},   {"raquo", 0xBB},    {"rarr", 0x2192},   {"rdquo", 0x201D},
    {"reg", 0xAE},      {"rpar", 0x29},     {"rsqb", 0x5D},     {"rsquo", 0x2019},
    {"sect", 0xA7},     {"semi", 0x3B},     {"sigma", 0x3C3},   {"spades", 0x2660},
    {"sum", 0x2211},    {"sup2", 0xB2},     {"sup3", 0xB3},     {"szlig", 0xDF},
    {"tau", 0x3C4},
});

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

bool equals_ignoring_case(char a, char lower) {
    return std::tolower(static_cast<unsigned char>(a)) == lower;
}

// Length of a `<br>` tag at the start of `s` (`<br>`, `<br/>`, `<br />`, any case), or 0.
std::size_t br_tag_length(std::string_view s) {
    if (s.size() < 4 || s[0] != '<' || !equals_ignoring_case(s[1], 'b') ||
        !equals_ignoring_case(s[2], 'r')) {
        return 0;
    }
    std::size_t i = 3;
    while (i < s.size() && is_space(s[i])) {
        ++i;
    }
    if (i < s.size() && s[i] == '/') {
        ++i;
    }
    return (i < s.size() && s[i] == '>') ? i + 1 : 0;
}

struct FormattingTag {
    std::size_t length = 0; ///< 0: not one
    bool closing = false;
    bool bold = false; ///< else italic
};

// An inline formatting tag at the start of `s`: `<b>`, `</strong >`, `<EM>`…, without attributes.
FormattingTag formatting_tag(std::string_view s) {
    if (s.size() < 3 || s[0] != '<') {
        return {};
    }
    FormattingTag tag;
    std::size_t i = 1;
    if (s[i] == '/') {
        tag.closing = true;
        ++i;
    }
    std::string name;
    while (i < s.size() && name.size() <= 6 && std::isalpha(static_cast<unsigned char>(s[i]))) {
        name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
        ++i;
    }
    while (i < s.size() && is_space(s[i])) {
        ++i;
    }
    if (i >= s.size() || s[i] != '>') {
        return {};
    }
    if (name == "b" || name == "strong") {
        tag.bold = true;
    } else if (name != "i" && name != "em") {
        return {};
    }
    tag.length = i + 1;
    return tag;
}

// Decodes the reference starting at `s[0]` (`#…;` or `&…;`); returns the bytes consumed, or 0
// if it is not a reference merrow knows.
std::size_t decode_reference(std::string_view s, std::string& out) {
    // The `;` may be the one preprocessing protected (see protected_semicolon).
    const char ends[] = {';', protected_semicolon, '\0'};
    const std::size_t semi = s.find_first_of(ends, 1);
    if (semi == std::string_view::npos || semi == 1 || semi > 40) {
        return 0;
    }
    std::string_view body = s.substr(1, semi - 1);
    const bool html = s[0] == '&';
    if (html && !body.empty() && body[0] == '#') {
        body.remove_prefix(1);
        if (!body.empty() && (body[0] == 'x' || body[0] == 'X')) {
            body.remove_prefix(1);
            if (body.empty() || body.size() > 6 ||
                !std::all_of(body.begin(), body.end(),
                             [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
                return 0;
            }
            append_utf8(out, static_cast<char32_t>(std::stoul(std::string(body), nullptr, 16)));
            return semi + 1;
        }
        if (body.empty() || body.size() > 7 || !std::all_of(body.begin(), body.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            })) {
            return 0;
        }
        append_utf8(out, static_cast<char32_t>(std::stoul(std::string(body))));
        return semi + 1;
    }
    if (!std::all_of(body.begin(), body.end(), is_word_char)) {
        return 0;
    }
    // Mermaid: `#123;` is numeric, any other `#word;` is a name.
    if (!html && body.size() <= 7 && std::all_of(body.begin(), body.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        })) {
        append_utf8(out, static_cast<char32_t>(std::stoul(std::string(body))));
        return semi + 1;
    }
    const char32_t cp = named_entity(body);
    if (cp == 0) {
        return 0;
    }
    append_utf8(out, cp);
    return semi + 1;
}

} // namespace

char32_t named_entity(std::string_view name) {
    const auto it =
        std::lower_bound(entities.begin(), entities.end(), name,
                         [](const Entity& e, std::string_view n) { return e.name < n; });
    return (it != entities.end() && it->name == name) ? it->code_point : 0;
}

void append_utf8(std::string& out, char32_t cp) {
    // A NUL from an entity code (`#0;`) is not text either.
    model::append_utf8(out, cp == 0 ? char32_t{0xFFFD} : cp);
}

std::string decode_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '#' || text[i] == '&') {
            if (const std::size_t used = decode_reference(text.substr(i), out); used > 0) {
                i += used;
                continue;
            }
        }
        out.push_back(text[i] == protected_semicolon ? ';' : text[i]);
        ++i;
    }
    return out;
}

std::string decode_label(std::string_view raw) {
    raw = trim(raw);
    std::string broken;
    broken.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size();) {
        if (raw[i] == '<') {
            if (const std::size_t n = br_tag_length(raw.substr(i)); n > 0) {
                broken.push_back('\n');
                i += n;
                continue;
            }
        }
        broken.push_back(raw[i]);
        ++i;
    }
    return decode_entities(broken);
}

DecodedLabel decode_label_markup(std::string_view raw) {
    raw = trim(raw);
    DecodedLabel out;
    out.text.reserve(raw.size());
    int bold = 0;
    int italic = 0;
    std::string pending; // raw text since the last tag, entity codes not yet decoded
    auto flush = [&] {
        const std::size_t begin = out.text.size();
        out.text += decode_entities(pending);
        pending.clear();
        const std::size_t length = out.text.size() - begin;
        if (length == 0 || (bold == 0 && italic == 0)) {
            return;
        }
        if (!out.styles.empty()) {
            model::LabelStyle& last = out.styles.back();
            if (last.start + last.length == begin && last.bold == (bold > 0) &&
                last.italic == (italic > 0)) {
                last.length += length;
                return;
            }
        }
        out.styles.push_back({begin, length, bold > 0, italic > 0});
    };
    for (std::size_t i = 0; i < raw.size();) {
        if (raw[i] == '<') {
            if (const std::size_t n = br_tag_length(raw.substr(i)); n > 0) {
                pending.push_back('\n');
                i += n;
                continue;
            }
            if (const FormattingTag tag = formatting_tag(raw.substr(i)); tag.length > 0) {
                flush();
                int& depth = tag.bold ? bold : italic;
                if (!tag.closing) {
                    ++depth;
                } else if (depth > 0) {
                    --depth;
                }
                i += tag.length;
                continue;
            }
        }
        pending.push_back(raw[i]);
        ++i;
    }
    flush();
    return out;
}

} // namespace merrow::parser
