#include "merrow/model/style.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

namespace merrow::model {

double hue_to_rgb(double p, double q, double t) {
    if (t < 0) {
        t += 1;
    }
    if (t > 1) {
        t -= 1;
    }
    if (t < 1.0 / 6) {
        return p + (q - p) * 6 * t;
    }
    if (t < 1.0 / 2) {
        return q;
    }
    if (t < 2.0 / 3) {
        return p + (q - p) * (2.0 / 3 - t) * 6;
    }
    return p;
}

namespace {

struct NamedColor {
    std::string_view name;
    std::uint32_t rgb;
};

// CSS Color Module Level 4 named colours, sorted by name for binary search.
constexpr std::array<NamedColor, 148> named_colors{{
    {"aliceblue", 0xf0f8ff},
    {"antiquewhite", 0xfaebd7},
    {"aqua", 0x00ffff},
    {"aquamarine", 0x7fffd4},
    {"azure", 0xf0ffff},
    {"beige", 0xf5f5dc},
    {"bisque", 0xffe4c4},
    {"black", 0x000000},
    {"blanchedalmond", 0xffebcd},
    {"blue", 0x0000ff},
    {"blueviolet", 0x8a2be2},
    {"brown", 0xa52a2a},
    {"burlywood", 0xdeb887},
    {"cadetblue", 0x5f9ea0},
    {"chartreuse", 0x7fff00},
    {"chocolate", 0xd2691e},
    {"coral", 0xff7f50},
    {"cornflowerblue", 0x6495ed},
    {"cornsilk", 0xfff8dc},
    {"crimson", 0xdc143c},
    {"cyan", 0x00ffff},
    {"darkblue", 0x00008b},
    {"darkcyan", 0x008b8b},
    {"darkgoldenrod", 0xb8860b},
    {"darkgray", 0xa9a9a9},
    {"darkgreen", 0x006400},
    {"darkgrey", 0xa9a9a9},
    {"darkkhaki", 0xbdb76b},
    {"darkmagenta", 0x8b008b},
    {"darkolivegreen", 0x556b2f},
    {"darkorange", 0xff8c00},
    {"darkorchid", 0x9932cc},
    {"darkred", 0x8b0000},
    {"darksalmon", 0xe9967a},
    {"darkseagreen", 0x8fbc8f},
    {"darkslateblue", 0x483d8b},
    {"darkslategray", 0x2f4f4f},
    {"darkslategrey", 0x2f4f4f},
    {"darkturquoise", 0x00ced1},
    {"darkviolet", 0x9400d3},
    {"deeppink", 0xff1493},
    {"deepskyblue", 0x00bfff},
    {"dimgray", 0x696969},
    {"dimgrey", 0x696969},
    {"dodgerblue", 0x1e90ff},
    {"firebrick", 0xb22222},
    {"floralwhite", 0xfffaf0},
    {"forestgreen", 0x228b22},
    {"fuchsia", 0xff00ff},
    {"gainsboro", 0xdcdcdc},
    {"ghostwhite", 0xf8f8ff},
    {"gold", 0xffd700},
    {"goldenrod", 0xdaa520},
    {"gray", 0x808080},
    {"green", 0x008000},
    {"greenyellow", 0xadff2f},
    {"grey", 0x808080},
    {"honeydew", 0xf0fff0},
    {"hotpink", 0xff69b4},
    {"indianred", 0xcd5c5c},
    {"indigo", 0x4b0082},
    {"ivory", 0xfffff0},
    {"khaki", 0xf0e68c},
    {"lavender", 0xe6e6fa},
    {"lavenderblush", 0xfff0f5},
    {"lawngreen", 0x7cfc00},
    {"lemonchiffon", 0xfffacd},
    {"lightblue", 0xadd8e6},
    {"lightcoral", 0xf08080},
    {"lightcyan", 0xe0ffff},
    {"lightgoldenrodyellow", 0xfafad2},
    {"lightgray", 0xd3d3d3},
    {"lightgreen", 0x90ee90},
    {"lightgrey", 0xd3d3d3},
    {"lightpink", 0xffb6c1},
    {"lightsalmon", 0xffa07a},
    {"lightseagreen", 0x20b2aa},
    {"lightskyblue", 0x87cefa},
    {"lightslategray", 0x778899},
    {"lightslategrey", 0x778899},
    {"lightsteelblue", 0xb0c4de},
    {"lightyellow", 0xffffe0},
    {"lime", 0x00ff00},
    {"limegreen", 0x32cd32},
    {"linen", 0xfaf0e6},
    {"magenta", 0xff00ff},
    {"maroon", 0x800000},
    {"mediumaquamarine", 0x66cdaa},
    {"mediumblue", 0x0000cd},
    {"mediumorchid", 0xba55d3},
    {"mediumpurple", 0x9370db},
    {"mediumseagreen", 0x3cb371},
    {"mediumslateblue", 0x7b68ee},
    {"mediumspringgreen", 0x00fa9a},
    {"mediumturquoise", 0x48d1cc},
    {"mediumvioletred", 0xc71585},
    {"midnightblue", 0x191970},
    {"mintcream", 0xf5fffa},
    {"mistyrose", 0xffe4e1},
    {"moccasin", 0xffe4b5},
    {"navajowhite", 0xffdead},
    {"navy", 0x000080},
    {"oldlace", 0xfdf5e6},
    {"olive", 0x808000},
    {"olivedrab", 0x6b8e23},
    {"orange", 0xffa500},
    {"orangered", 0xff4500},
    {"orchid", 0xda70d6},
    {"palegoldenrod", 0xeee8aa},
    {"palegreen", 0x98fb98},
    {"paleturquoise", 0xafeeee},
    {"palevioletred", 0xdb7093},
    {"papayawhip", 0xffefd5},
    {"peachpuff", 0xffdab9},
    {"peru", 0xcd853f},
    {"pink", 0xffc0cb},
    {"plum", 0xdda0dd},
    {"powderblue", 0xb0e0e6},
    {"purple", 0x800080},
    {"rebeccapurple", 0x663399},
    {"red", 0xff0000},
    {"rosybrown", 0xbc8f8f},
    {"royalblue", 0x4169e1},
    {"saddlebrown", 0x8b4513},
    {"salmon", 0xfa8072},
    {"sandybrown", 0xf4a460},
    {"seagreen", 0x2e8b57},
    {"seashell", 0xfff5ee},
    {"sienna", 0xa0522d},
    {"silver", 0xc0c0c0},
    {"skyblue", 0x87ceeb},
    {"slateblue", 0x6a5acd},
    {"slategray", 0x708090},
    {"slategrey", 0x708090},
    {"snow", 0xfffafa},
    {"springgreen", 0x00ff7f},
    {"steelblue", 0x4682b4},
    {"tan", 0xd2b48c},
    {"teal", 0x008080},
    {"thistle", 0xd8bfd8},
    {"tomato", 0xff6347},
    {"turquoise", 0x40e0d0},
    {"violet", 0xee82ee},
    {"wheat", 0xf5deb3},
    {"white", 0xffffff},
    {"whitesmoke", 0xf5f5f5},
    {"yellow", 0xffff00},
    {"yellowgreen", 0x9acd32},
}};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
        s.remove_suffix(1);
    }
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::optional<Color> parse_hex(std::string_view hex) {
    std::array<int, 8> d{};
    if (hex.size() != 3 && hex.size() != 4 && hex.size() != 6 && hex.size() != 8) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < hex.size(); ++i) {
        d[i] = hex_digit(hex[i]);
        if (d[i] < 0) {
            return std::nullopt;
        }
    }
    auto byte = [](int hi, int lo) {
        return static_cast<std::uint8_t>(hi * 16 + lo);
    };
    Color c;
    if (hex.size() <= 4) {
        c = {byte(d[0], d[0]), byte(d[1], d[1]), byte(d[2], d[2]), 255};
        if (hex.size() == 4) {
            c.a = byte(d[3], d[3]);
        }
    } else {
        c = {byte(d[0], d[1]), byte(d[2], d[3]), byte(d[4], d[5]), 255};
        if (hex.size() == 8) {
            c.a = byte(d[6], d[7]);
        }
    }
    return c;
}

// Parses a CSS number with an optional '%' and returns it scaled: `percent_of` is what 100%
// means for this argument.
std::optional<double> parse_component(std::string_view s, double percent_of) {
    s = trim(s);
    bool percent = false;
    if (!s.empty() && s.back() == '%') {
        percent = true;
        s.remove_suffix(1);
    }
    for (std::string_view unit : {"deg"}) {
        if (s.size() > unit.size() && s.substr(s.size() - unit.size()) == unit) {
            s.remove_suffix(unit.size());
        }
    }
    double value = 0;
    const auto* first = s.data();
    const auto* last = s.data() + s.size();
    if (!s.empty() && *first == '+') {
        ++first;
    }
    auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || ptr != last) {
        return std::nullopt;
    }
    return percent ? value / 100.0 * percent_of : value;
}

std::uint8_t clamp_byte(double v) {
    return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 255.0)));
}

std::vector<std::string_view> split_args(std::string_view args) {
    std::vector<std::string_view> out;
    // Both the legacy comma form and the modern space / slash form.
    const bool commas = args.find(',') != std::string_view::npos;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= args.size(); ++i) {
        const bool sep = i == args.size() || (commas ? args[i] == ',' || args[i] == '/'
                                                     : args[i] == ' ' || args[i] == '/');
        if (sep) {
            std::string_view part = trim(args.substr(start, i - start));
            if (!part.empty()) {
                out.push_back(part);
            }
            start = i + 1;
        }
    }
    return out;
}

std::optional<Color> parse_function(std::string_view name, std::string_view args) {
    const auto parts = split_args(args);
    if (parts.size() != 3 && parts.size() != 4) {
        return std::nullopt;
    }
    double alpha = 1;
    if (parts.size() == 4) {
        auto a = parse_component(parts[3], 1.0);
        if (!a) {
            return std::nullopt;
        }
        alpha = std::clamp(*a, 0.0, 1.0);
    }
    Color c;
    if (name == "rgb" || name == "rgba") {
        std::array<double, 3> v{};
        for (std::size_t i = 0; i < 3; ++i) {
            auto x = parse_component(parts[i], 255.0);
            if (!x) {
                return std::nullopt;
            }
            v[i] = *x;
        }
        c = {clamp_byte(v[0]), clamp_byte(v[1]), clamp_byte(v[2]), 255};
    } else {
        auto h = parse_component(parts[0], 360.0);
        auto s = parse_component(parts[1], 1.0);
        auto l = parse_component(parts[2], 1.0);
        if (!h || !s || !l) {
            return std::nullopt;
        }
        const double hue = std::fmod(std::fmod(*h, 360.0) + 360.0, 360.0) / 360.0;
        const double sat = std::clamp(*s, 0.0, 1.0);
        const double lig = std::clamp(*l, 0.0, 1.0);
        const double q = lig < 0.5 ? lig * (1 + sat) : lig + sat - lig * sat;
        const double p = 2 * lig - q;
        c = {clamp_byte(255 * hue_to_rgb(p, q, hue + 1.0 / 3)),
             clamp_byte(255 * hue_to_rgb(p, q, hue)),
             clamp_byte(255 * hue_to_rgb(p, q, hue - 1.0 / 3)), 255};
    }
    c.a = clamp_byte(alpha * 255);
    return c;
}

std::optional<double> parse_length(std::string_view s) {
    s = trim(s);
    if (s.size() > 2 && s.substr(s.size() - 2) == "px") {
        s.remove_suffix(2);
    } else if (s.size() > 2 && s.substr(s.size() - 2) == "pt") {
        auto v = parse_length(s.substr(0, s.size() - 2));
        return v ? std::optional<double>(*v * 4.0 / 3.0) : std::nullopt;
    } else if (s.size() > 2 && s.substr(s.size() - 2) == "em") {
        auto v = parse_length(s.substr(0, s.size() - 2));
        return v ? std::optional<double>(*v * 16.0) : std::nullopt;
    }
    double value = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

// "`text`" followed by `rest`. (Built by appending: GCC 12 misreports `"…" + std::string`
// under -Wrestrict.)
std::string backticked(std::string_view text, std::string_view rest) {
    std::string out;
    out.reserve(text.size() + rest.size() + 2);
    out += '`';
    out += text;
    out += '`';
    out += rest;
    return out;
}

// One declaration `name: value`; records an issue for anything not understood.
void apply_declaration(std::string_view name, std::string_view value, std::size_t offset,
                       std::size_t length, StyleParse& out) {
    const std::string key = lower(trim(name));
    value = trim(value);
    if (value.size() > 10 && lower(value.substr(value.size() - 10)) == "!important") {
        value = trim(value.substr(0, value.size() - 10));
    }
    auto issue = [&](std::string message) {
        out.issues.push_back({offset, length, std::move(message)});
    };
    auto color_prop = [&](std::optional<Color>& target) {
        if (auto c = parse_color(value)) {
            target = c;
        } else {
            issue(backticked(value, " is not a colour"));
        }
    };
    auto length_prop = [&](std::optional<double>& target) {
        if (auto v = parse_length(value); v && *v >= 0) {
            target = v;
        } else {
            issue(backticked(value, " is not a length"));
        }
    };
    StyleProps& p = out.props;
    if (key == "fill" || key == "background" || key == "background-color") {
        color_prop(p.fill);
    } else if (key == "stroke" || key == "border-color") {
        color_prop(p.stroke);
    } else if (key == "color") {
        color_prop(p.color);
    } else if (key == "stroke-width" || key == "border-width") {
        length_prop(p.stroke_width);
    } else if (key == "font-size") {
        length_prop(p.font_size);
    } else if (key == "opacity" || key == "fill-opacity") {
        auto v = parse_component(value, 1.0);
        if (v && *v >= 0 && *v <= 1) {
            p.opacity = v;
        } else {
            issue(backticked(value, " is not an opacity between 0 and 1"));
        }
    } else if (key == "stroke-dasharray") {
        std::vector<double> dashes;
        std::string normalised(value);
        std::replace(normalised.begin(), normalised.end(), ',', ' ');
        std::size_t pos = 0;
        bool ok = true;
        while (pos < normalised.size()) {
            const std::size_t next = normalised.find(' ', pos);
            std::string_view part =
                trim(std::string_view(normalised)
                         .substr(pos, next == std::string::npos ? std::string::npos : next - pos));
            if (!part.empty()) {
                auto v = parse_length(part);
                if (!v || *v < 0) {
                    ok = false;
                    break;
                }
                dashes.push_back(*v);
            }
            if (next == std::string::npos) {
                break;
            }
            pos = next + 1;
        }
        if (ok) {
            p.stroke_dasharray = std::move(dashes);
        } else {
            issue(backticked(value, " is not a dash pattern"));
        }
    } else if (key == "font-weight") {
        const std::string v = lower(value);
        if (v == "bold" || v == "bolder" || v == "600" || v == "700" || v == "800" || v == "900") {
            p.font_weight = FontWeight::bold;
        } else if (v == "normal" || v == "lighter" || v == "100" || v == "200" || v == "300" ||
                   v == "400" || v == "500") {
            p.font_weight = FontWeight::normal;
        } else {
            issue(backticked(value, " is not a font weight"));
        }
    } else if (key == "font-style") {
        const std::string v = lower(value);
        if (v == "italic" || v == "oblique") {
            p.font_style = FontStyle::italic;
        } else if (v == "normal") {
            p.font_style = FontStyle::normal;
        } else {
            issue(backticked(value, " is not a font style"));
        }
    } else if (key == "font-family") {
        // Only plain family names: anything that could break out of an attribute is refused.
        const bool safe = std::all_of(value.begin(), value.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == ',' ||
                   c == '-' || c == '_' || c == '\'' || c == '"' ||
                   static_cast<unsigned char>(c) >= 0x80;
        });
        if (safe && !value.empty()) {
            p.font_family = std::string(value);
        } else {
            issue(backticked(value, " is not a font family list"));
        }
    } else {
        issue("unknown style property " + backticked(key, ""));
    }
}

} // namespace

std::string Color::to_hex() const {
    static constexpr std::string_view digits = "0123456789abcdef";
    std::string out = "#";
    auto put = [&](std::uint8_t v) {
        out += digits[v >> 4U];
        out += digits[v & 0xFU];
    };
    put(r);
    put(g);
    put(b);
    if (a != 255) {
        put(a);
    }
    return out;
}

std::optional<Color> parse_color(std::string_view text) {
    text = trim(text);
    if (text.empty()) {
        return std::nullopt;
    }
    if (text.front() == '#') {
        return parse_hex(text.substr(1));
    }
    const std::string name = lower(text);
    if (name == "transparent") {
        return Color{0, 0, 0, 0};
    }
    const std::size_t paren = name.find('(');
    if (paren != std::string::npos && name.back() == ')') {
        const std::string_view fn = trim(std::string_view(name).substr(0, paren));
        if (fn == "rgb" || fn == "rgba" || fn == "hsl" || fn == "hsla") {
            return parse_function(
                fn, std::string_view(name).substr(paren + 1, name.size() - paren - 2));
        }
        return std::nullopt;
    }
    const auto it = std::lower_bound(
        named_colors.begin(), named_colors.end(), name,
        [](const NamedColor& c, const std::string& n) { return c.name < std::string_view(n); });
    if (it != named_colors.end() && it->name == name) {
        return Color{static_cast<std::uint8_t>(it->rgb >> 16U),
                     static_cast<std::uint8_t>((it->rgb >> 8U) & 0xFFU),
                     static_cast<std::uint8_t>(it->rgb & 0xFFU), 255};
    }
    return std::nullopt;
}

void StyleProps::merge(const StyleProps& over) {
    auto take = [](auto& mine, const auto& theirs) {
        if (theirs) {
            mine = theirs;
        }
    };
    take(fill, over.fill);
    take(stroke, over.stroke);
    take(color, over.color);
    take(stroke_width, over.stroke_width);
    take(stroke_dasharray, over.stroke_dasharray);
    take(opacity, over.opacity);
    take(font_size, over.font_size);
    take(font_family, over.font_family);
    take(font_weight, over.font_weight);
    take(font_style, over.font_style);
}

bool StyleProps::empty() const {
    return *this == StyleProps{};
}

StyleParse parse_style(std::string_view text) {
    StyleParse out;
    std::size_t start = 0;
    // Split at unescaped ',' or ';' — but not inside parentheses, so rgb(1,2,3) stays whole.
    int depth = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ';';
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            depth = std::max(0, depth - 1);
        }
        const bool escaped = i > 0 && i < text.size() && text[i - 1] == '\\';
        if ((c == ',' || c == ';') && depth == 0 && !escaped) {
            std::string declaration(text.substr(start, i - start));
            // `\,` is Mermaid's way to put a comma in a value.
            for (std::size_t k = declaration.find("\\,"); k != std::string::npos;
                 k = declaration.find("\\,", k)) {
                declaration.erase(k, 1);
            }
            if (!trim(declaration).empty()) {
                const std::size_t colon = declaration.find(':');
                if (colon == std::string::npos) {
                    out.issues.push_back(
                        {start, i - start,
                         "expected `property:value`, got " + backticked(trim(declaration), "")});
                } else {
                    apply_declaration(std::string_view(declaration).substr(0, colon),
                                      std::string_view(declaration).substr(colon + 1), start,
                                      i - start, out);
                }
            }
            start = i + 1;
        }
    }
    return out;
}

} // namespace merrow::model
