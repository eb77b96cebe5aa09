#include "merrow/scene/theme.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

namespace merrow::scene {

namespace {

using Vars = std::map<std::string, std::string, std::less<>>;
using model::Color;

// --- khroma, the colour library Mermaid's themes use ---------------------------------------
//
// Colours travel between theme variables as CSS strings, exactly as in Mermaid: each function
// parses its input, changes channels, and prints the result (hsl() when a hue, saturation or
// lightness changed, rgb()/rgba() for fractional channels, hex otherwise). Keeping khroma's
// rounding (10 decimals) and clamping reproduces Mermaid's values to the last digit.

struct Channels {
    // Either representation may be the "source"; the other is computed on demand.
    double r = 0;
    double g = 0;
    double b = 0;
    double h = 0;
    double s = 0;
    double l = 0;
    double a = 1;
    bool hsl = false;     ///< h/s/l are the source (an hsl() string, or a changed hue…)
    bool changed = false; ///< printing returns the original text when nothing changed
    std::string text;
};

double round10(double v) {
    return std::round(v * 1e10) / 1e10;
}

void hsl_to_rgb(Channels& c) {
    if (c.s == 0) {
        c.r = c.g = c.b = c.l * 2.55;
        return;
    }
    const double h = c.h / 360;
    const double s = c.s / 100;
    const double l = c.l / 100;
    const double q = l < 0.5 ? l * (1 + s) : (l + s) - (l * s);
    const double p = 2 * l - q;
    c.r = model::hue_to_rgb(p, q, h + 1.0 / 3) * 255;
    c.g = model::hue_to_rgb(p, q, h) * 255;
    c.b = model::hue_to_rgb(p, q, h - 1.0 / 3) * 255;
}

void rgb_to_hsl(Channels& c) {
    const double r = c.r / 255;
    const double g = c.g / 255;
    const double b = c.b / 255;
    const double max = std::max({r, g, b});
    const double min = std::min({r, g, b});
    c.l = (max + min) / 2 * 100;
    if (max == min) {
        c.h = 0;
        c.s = 0;
        return;
    }
    const double d = max - min;
    const double l = (max + min) / 2;
    c.s = (l > 0.5 ? d / (2 - max - min) : d / (max + min)) * 100;
    if (max == r) {
        c.h = ((g - b) / d + (g < b ? 6 : 0)) * 60;
    } else if (max == g) {
        c.h = ((b - r) / d + 2) * 60;
    } else {
        c.h = ((r - g) / d + 4) * 60;
    }
}

double clamp_channel(char channel, double v) {
    switch (channel) {
    case 'h':
        return std::fmod(v, 360); // keeps the sign, like JavaScript's %
    case 's':
    case 'l':
        return std::clamp(v, 0.0, 100.0);
    case 'a':
        return std::clamp(v, 0.0, 1.0);
    default:
        return std::clamp(v, 0.0, 255.0);
    }
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

// The numbers inside rgb()/hsl(): comma, space or slash separated, with optional % signs.
std::vector<std::pair<double, bool>> function_arguments(std::string_view inside) {
    std::vector<std::pair<double, bool>> out;
    std::size_t i = 0;
    while (i < inside.size()) {
        while (i < inside.size() &&
               (inside[i] == ' ' || inside[i] == ',' || inside[i] == '/' || inside[i] == '+')) {
            ++i;
        }
        if (i >= inside.size()) {
            break;
        }
        const std::string rest(inside.substr(i));
        char* end = nullptr;
        const double v = std::strtod(rest.c_str(), &end);
        const auto used = static_cast<std::size_t>(end - rest.c_str());
        if (used == 0) {
            return {};
        }
        i += used;
        while (i < inside.size() && std::isalpha(static_cast<unsigned char>(inside[i])) != 0) {
            ++i; // units such as deg
        }
        bool percent = false;
        if (i < inside.size() && inside[i] == '%') {
            percent = true;
            ++i;
        }
        out.emplace_back(v, percent);
    }
    return out;
}

std::optional<Channels> parse(std::string_view text) {
    text = trim(text);
    Channels c;
    c.text = std::string(text);
    const std::size_t open = text.find('(');
    if (open != std::string_view::npos && text.back() == ')') {
        std::string name(text.substr(0, open));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](char ch) { return static_cast<char>(std::tolower(ch)); });
        const auto args = function_arguments(text.substr(open + 1, text.size() - open - 2));
        if (args.size() < 3) {
            return std::nullopt;
        }
        if (args.size() > 3) {
            c.a = clamp_channel('a', args[3].second ? args[3].first / 100 : args[3].first);
        }
        if (name == "rgb" || name == "rgba") {
            const auto channel = [](std::pair<double, bool> v) {
                return clamp_channel('r', v.second ? v.first * 2.55 : v.first);
            };
            c.r = channel(args[0]);
            c.g = channel(args[1]);
            c.b = channel(args[2]);
            rgb_to_hsl(c);
            return c;
        }
        if (name == "hsl" || name == "hsla") {
            c.h = clamp_channel('h', args[0].first);
            c.s = clamp_channel('s', args[1].first);
            c.l = clamp_channel('l', args[2].first);
            c.hsl = true;
            hsl_to_rgb(c);
            return c;
        }
        return std::nullopt;
    }
    // Hex and keywords are whole numbers; model's parser knows both.
    const std::optional<Color> color = model::parse_color(text);
    if (!color) {
        return std::nullopt;
    }
    c.r = color->r;
    c.g = color->g;
    c.b = color->b;
    c.a = color->a / 255.0;
    rgb_to_hsl(c);
    return c;
}

std::string number(double v) {
    v = round10(v);
    if (v == 0) {
        return "0"; // also for -0
    }
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
    return std::string(buffer.data(), result.ptr);
}

bool is_integer(double v) {
    return std::floor(v) == v;
}

std::string hex2(double v) {
    static constexpr std::string_view digits = "0123456789abcdef";
    const auto n = static_cast<unsigned>(std::clamp(std::round(v), 0.0, 255.0));
    return {digits[n >> 4U], digits[n & 0xFU]};
}

std::string stringify(const Channels& c) {
    if (!c.changed && !c.text.empty()) {
        return c.text;
    }
    if (c.hsl) {
        std::string out = c.a < 1 ? "hsla(" : "hsl(";
        out += number(c.h) + ", " + number(c.s) + "%, " + number(c.l) + "%";
        if (c.a < 1) {
            out += ", " + number(c.a);
        }
        return out + ")";
    }
    if (c.a < 1 || !is_integer(c.r) || !is_integer(c.g) || !is_integer(c.b)) {
        std::string out = c.a < 1 ? "rgba(" : "rgb(";
        out += number(c.r) + ", " + number(c.g) + ", " + number(c.b);
        if (c.a < 1) {
            out += ", " + number(c.a);
        }
        return out + ")";
    }
    return "#" + hex2(c.r) + hex2(c.g) + hex2(c.b);
}

// khroma.adjust: adds to the given HSL channels (zero deltas are skipped).
std::string adjust(const std::string& color, double dh, double ds, double dl) {
    std::optional<Channels> c = parse(color);
    if (!c) {
        return color;
    }
    const auto set = [&](char channel, double delta) {
        if (delta == 0) {
            return;
        }
        double& target = channel == 'h' ? c->h : channel == 's' ? c->s : c->l;
        target = clamp_channel(channel, target + delta);
        c->hsl = true;
        c->changed = true;
    };
    set('h', dh);
    set('s', ds);
    set('l', dl);
    return stringify(*c);
}

// khroma.lighten / darken: one channel, and no change (the original text) when clamping makes
// it a no-op.
std::string lighten(const std::string& color, double amount) {
    std::optional<Channels> c = parse(color);
    if (!c) {
        return color;
    }
    const double next = clamp_channel('l', c->l + amount);
    if (next != c->l) {
        c->l = next;
        c->hsl = true;
        c->changed = true;
    }
    return stringify(*c);
}

std::string darken(const std::string& color, double amount) {
    return lighten(color, -amount);
}

// khroma.invert: 255 minus each channel, alpha kept.
std::string invert(const std::string& color) {
    std::optional<Channels> c = parse(color);
    if (!c) {
        return color;
    }
    Channels out;
    out.r = 255 - c->r;
    out.g = 255 - c->g;
    out.b = 255 - c->b;
    out.a = c->a;
    out.changed = true;
    return stringify(out);
}

std::string rgba(double r, double g, double b, double a) {
    Channels c;
    c.r = r;
    c.g = g;
    c.b = b;
    c.a = a;
    c.changed = true;
    return stringify(c);
}

// theme-helpers.js
std::string mk_border(const std::string& color, bool dark) {
    return adjust(color, 0, -40, dark ? 10 : -10);
}

// --- the themes ------------------------------------------------------------------------------

constexpr std::string_view mermaid_font = "\"trebuchet ms\", verdana, arial, sans-serif";

// A theme object: JavaScript's `this`, where unset and empty both read as false.
class ThemeObject {
  public:
    explicit ThemeObject(Vars& v) : v_(v) {}
    std::string get(std::string_view key) const {
        auto it = v_.find(key);
        return it == v_.end() ? std::string() : it->second;
    }
    bool has(std::string_view key) const { return !get(key).empty(); }
    void set(std::string_view key, std::string value) { v_[std::string(key)] = std::move(value); }
    /// `this.key = this.key || value()`
    void or_set(std::string_view key, const std::function<std::string()>& value) {
        if (!has(key)) {
            set(key, value());
        }
    }
    bool dark_mode() const {
        const std::string d = get("darkMode");
        return !d.empty() && d != "false" && d != "0";
    }

  private:
    Vars& v_;
};

// theme-base.js and theme-redux-color.js share updateColors(); only the defaults differ.
void base_update(ThemeObject& t, std::string_view default_text) {
    const bool dark = t.dark_mode();
    t.or_set("primaryTextColor", [&] { return std::string(dark ? "#eee" : default_text); });
    t.or_set("secondaryColor", [&] { return adjust(t.get("primaryColor"), -120, 0, 0); });
    t.or_set("tertiaryColor", [&] { return adjust(t.get("primaryColor"), 180, 0, 5); });
    t.or_set("primaryBorderColor", [&] { return mk_border(t.get("primaryColor"), dark); });
    t.or_set("secondaryBorderColor", [&] { return mk_border(t.get("secondaryColor"), dark); });
    t.or_set("tertiaryBorderColor", [&] { return mk_border(t.get("tertiaryColor"), dark); });
    t.or_set("noteBorderColor", [&] { return mk_border(t.get("noteBkgColor"), dark); });
    t.or_set("noteBkgColor", [] { return std::string("#fff5ad"); });
    t.or_set("noteTextColor", [&] { return std::string(default_text); });
    t.or_set("secondaryTextColor", [&] { return invert(t.get("secondaryColor")); });
    t.or_set("tertiaryTextColor", [&] { return invert(t.get("tertiaryColor")); });
    t.or_set("lineColor", [&] { return invert(t.get("background")); });
    t.or_set("arrowheadColor", [&] { return invert(t.get("background")); });
    t.or_set("textColor", [&] { return t.get("primaryTextColor"); });
    t.or_set("border2", [&] { return t.get("tertiaryBorderColor"); });
    t.or_set("nodeBkg", [&] { return t.get("primaryColor"); });
    t.or_set("mainBkg", [&] { return t.get("primaryColor"); });
    t.or_set("nodeBorder", [&] { return t.get("primaryBorderColor"); });
    t.or_set("clusterBkg", [&] { return t.get("tertiaryColor"); });
    t.or_set("clusterBorder", [&] { return t.get("tertiaryBorderColor"); });
    t.or_set("defaultLinkColor", [&] { return t.get("lineColor"); });
    t.or_set("titleColor", [&] { return t.get("tertiaryTextColor"); });
    t.or_set("edgeLabelBackground",
             [&] { return dark ? darken(t.get("secondaryColor"), 30) : t.get("secondaryColor"); });
    t.or_set("nodeTextColor", [&] { return t.get("primaryTextColor"); });
}

void base_theme(ThemeObject& t) {
    t.set("background", "#f4f4f4");
    t.set("primaryColor", "#fff4dd");
    t.set("noteBkgColor", "#fff5ad");
    t.set("noteTextColor", "#333");
    t.set("radius", "5");
    t.set("strokeWidth", "1");
    t.set("fontFamily", std::string(mermaid_font));
    t.set("fontSize", "16px");
}

void redux_color_theme(ThemeObject& t) {
    t.set("background", "#ffffff");
    t.set("primaryColor", "#cccccc");
    t.set("mainBkg", "#ffffff");
    t.set("noteBkgColor", "#fff5ad");
    t.set("noteTextColor", "#28253D");
    t.set("radius", "12");
    t.set("strokeWidth", "2");
    t.set("primaryBorderColor", mk_border(t.get("primaryColor"), t.dark_mode()));
    t.set("fontFamily", "\"Recursive Variable\", arial, sans-serif");
    t.set("fontSize", "14px");
    t.set("nodeBorder", "#28253D");
    t.set("tertiaryColor", "#ffffff");
    t.set("noteBorderColor", "#FACC15");
}

void default_theme(ThemeObject& t) {
    t.set("background", "#f4f4f4");
    t.set("primaryColor", "#ECECFF");
    t.set("secondaryColor", "#ffffde");
    t.set("tertiaryColor", adjust(t.get("primaryColor"), -160, 0, 0));
    t.set("primaryBorderColor", mk_border(t.get("primaryColor"), false));
    t.set("secondaryBorderColor", mk_border(t.get("secondaryColor"), false));
    t.set("tertiaryBorderColor", mk_border(t.get("tertiaryColor"), false));
    t.set("primaryTextColor", invert(t.get("primaryColor")));
    t.set("secondaryTextColor", invert(t.get("secondaryColor")));
    t.set("tertiaryTextColor", invert(t.get("tertiaryColor")));
    t.set("background", "white");
    t.set("mainBkg", "#ECECFF");
    t.set("secondBkg", "#ffffde");
    t.set("lineColor", "#333333");
    t.set("border1", "#9370DB");
    t.set("border2", "#aaaa33");
    t.set("arrowheadColor", "#333333");
    t.set("fontFamily", std::string(mermaid_font));
    t.set("fontSize", "16px");
    t.set("labelBackground", "rgba(232,232,232, 0.8)");
    t.set("textColor", "#333");
    t.set("radius", "5");
    t.set("strokeWidth", "1");
    t.set("actorTextColor", "black");
    t.set("noteBkgColor", "#fff5ad");
}

void default_update(ThemeObject& t) {
    t.set("nodeBkg", t.get("mainBkg"));
    t.set("nodeBorder", t.get("border1"));
    t.set("clusterBkg", t.get("secondBkg"));
    t.set("clusterBorder", t.get("border2"));
    t.set("defaultLinkColor", t.get("lineColor"));
    t.set("titleColor", t.get("textColor"));
    t.set("edgeLabelBackground", t.get("labelBackground"));
    t.set("noteBorderColor", t.get("border2"));
    t.set("noteTextColor", t.get("actorTextColor"));
}

void dark_theme(ThemeObject& t) {
    t.set("background", "#333");
    t.set("primaryColor", "#1f2020");
    t.set("secondaryColor", lighten(t.get("primaryColor"), 16));
    t.set("tertiaryColor", adjust(t.get("primaryColor"), -160, 0, 0));
    t.set("primaryBorderColor", invert(t.get("background")));
    t.set("secondaryBorderColor", mk_border(t.get("secondaryColor"), false));
    t.set("tertiaryBorderColor", mk_border(t.get("tertiaryColor"), false));
    t.set("primaryTextColor", invert(t.get("primaryColor")));
    t.set("secondaryTextColor", invert(t.get("secondaryColor")));
    t.set("tertiaryTextColor", invert(t.get("tertiaryColor")));
    t.set("mainBkg", "#1f2020");
    t.set("mainContrastColor", "lightgrey");
    t.set("border1", "#ccc");
    t.set("border2", rgba(255, 255, 255, 0.25));
    t.set("fontFamily", std::string(mermaid_font));
    t.set("fontSize", "16px");
    t.set("labelBackground", "#181818");
    t.set("textColor", "#ccc");
    t.set("radius", "5");
    t.set("strokeWidth", "1");
    t.set("titleColor", "#F9FFFE");
    t.set("noteBkgColor", "#fff5ad");
}

void dark_update(ThemeObject& t) {
    t.set("secondBkg", lighten(t.get("mainBkg"), 16));
    t.set("lineColor", t.get("mainContrastColor"));
    t.set("arrowheadColor", t.get("mainContrastColor"));
    t.set("nodeBkg", t.get("mainBkg"));
    t.set("nodeBorder", t.get("border1"));
    t.set("clusterBkg", t.get("secondBkg"));
    t.set("clusterBorder", t.get("border2"));
    t.set("defaultLinkColor", t.get("lineColor"));
    t.set("edgeLabelBackground", lighten(t.get("labelBackground"), 25));
    t.set("noteBorderColor", t.get("secondaryBorderColor"));
    t.set("noteBkgColor", t.get("secondBkg"));
    t.set("noteTextColor", t.get("secondaryTextColor"));
    t.or_set("nodeBorder", [] { return std::string("#999"); });
}

void forest_theme(ThemeObject& t) {
    t.set("background", "#f4f4f4");
    t.set("primaryColor", "#cde498");
    t.set("secondaryColor", "#cdffb2");
    t.set("background", "white");
    t.set("mainBkg", "#cde498");
    t.set("secondBkg", "#cdffb2");
    t.set("lineColor", "green");
    t.set("border1", "#13540c");
    t.set("border2", "#6eaa49");
    t.set("arrowheadColor", "green");
    t.set("fontFamily", std::string(mermaid_font));
    t.set("fontSize", "16px");
    t.set("tertiaryColor", lighten("#cde498", 10));
    t.set("primaryBorderColor", mk_border(t.get("primaryColor"), false));
    t.set("secondaryBorderColor", mk_border(t.get("secondaryColor"), false));
    t.set("tertiaryBorderColor", mk_border(t.get("tertiaryColor"), false));
    t.set("primaryTextColor", invert(t.get("primaryColor")));
    t.set("secondaryTextColor", invert(t.get("secondaryColor")));
    t.set("tertiaryTextColor", invert(t.get("primaryColor")));
    t.set("lineColor", invert(t.get("background")));
    t.set("textColor", invert(t.get("background")));
    t.set("radius", "5");
    t.set("strokeWidth", "1");
    t.set("titleColor", "#333");
    t.set("edgeLabelBackground", "#e8e8e8");
    t.set("actorTextColor", "black");
    t.set("noteBkgColor", "#fff5ad");
}

void forest_update(ThemeObject& t) {
    t.set("noteBorderColor", t.get("border2"));
    t.set("noteTextColor", t.get("actorTextColor"));
    t.set("nodeBkg", t.get("mainBkg"));
    t.set("nodeBorder", t.get("border1"));
    t.set("clusterBkg", t.get("secondBkg"));
    t.set("clusterBorder", t.get("border2"));
    t.set("defaultLinkColor", t.get("lineColor"));
}

void neutral_theme(ThemeObject& t) {
    t.set("primaryColor", "#eee");
    t.set("contrast", "#707070");
    t.set("secondaryColor", lighten(t.get("contrast"), 55));
    t.set("background", "#ffffff");
    t.set("tertiaryColor", adjust(t.get("primaryColor"), -160, 0, 0));
    t.set("primaryBorderColor", mk_border(t.get("primaryColor"), false));
    t.set("secondaryBorderColor", mk_border(t.get("secondaryColor"), false));
    t.set("tertiaryBorderColor", mk_border(t.get("tertiaryColor"), false));
    t.set("primaryTextColor", invert(t.get("primaryColor")));
    t.set("secondaryTextColor", invert(t.get("secondaryColor")));
    t.set("tertiaryTextColor", invert(t.get("tertiaryColor")));
    t.set("lineColor", invert(t.get("background")));
    t.set("textColor", invert(t.get("background")));
    t.set("mainBkg", "#eee");
    t.set("lineColor", "#666");
    t.set("border1", "#999");
    t.set("text", "#333");
    t.set("arrowheadColor", "#333333");
    t.set("fontFamily", std::string(mermaid_font));
    t.set("fontSize", "16px");
    t.set("radius", "5");
    t.set("strokeWidth", "1");
    t.set("edgeLabelBackground", "white");
}

void neutral_update(ThemeObject& t) {
    t.set("secondBkg", lighten(t.get("contrast"), 55));
    t.set("border2", t.get("contrast"));
    t.set("noteBorderColor", "#999");
    t.set("noteBkgColor", "#666");
    t.set("noteTextColor", "#fff");
    t.set("nodeBkg", t.get("mainBkg"));
    t.set("nodeBorder", t.get("border1"));
    t.set("clusterBkg", t.get("secondBkg"));
    t.set("clusterBorder", t.get("border2"));
    t.set("defaultLinkColor", t.get("lineColor"));
    t.set("titleColor", t.get("text"));
}

struct ThemeDef {
    std::string_view name;
    void (*construct)(ThemeObject&);
    void (*update)(ThemeObject&);
};

void base_update_333(ThemeObject& t) {
    base_update(t, "#333");
}

void redux_update(ThemeObject& t) {
    base_update(t, "#28253D");
}

const std::array<ThemeDef, 6> themes{{
    {"default", default_theme, default_update},
    {"base", base_theme, base_update_333},
    {"dark", dark_theme, dark_update},
    {"forest", forest_theme, forest_update},
    {"neutral", neutral_theme, neutral_update},
    {"redux-color", redux_color_theme, redux_update},
}};

Color to_color(const std::string& css, Color fallback) {
    const std::optional<Channels> c = parse(css);
    if (!c) {
        return fallback;
    }
    // khroma rounds channels to 10 decimals first, so 229.49999999999997 (90 % of 255) becomes
    // 230 as in browsers, not 229.
    const auto channel = [](double v) {
        return static_cast<std::uint8_t>(std::clamp(std::round(round10(v)), 0.0, 255.0));
    };
    return {channel(c->r), channel(c->g), channel(c->b), channel(c->a * 255)};
}

double to_number(const std::string& text, double fallback) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    return end != text.c_str() && std::isfinite(v) && v > 0 ? v : fallback;
}

} // namespace

const std::vector<std::string_view>& theme_names() {
    static const std::vector<std::string_view> names{"default", "neutral", "dark",
                                                     "forest",  "base",    "redux-color"};
    return names;
}

std::optional<Vars> theme_variables(std::string_view theme, const Vars& overrides) {
    const auto def = std::find_if(themes.begin(), themes.end(),
                                  [&](const ThemeDef& d) { return d.name == theme; });
    if (def == themes.end()) {
        return std::nullopt;
    }
    Vars vars;
    ThemeObject t(vars);
    def->construct(t);
    for (const auto& [key, value] : overrides) {
        t.set(key, value);
    }
    def->update(t);
    for (const auto& [key, value] : overrides) {
        t.set(key, value);
    }
    return vars;
}

Theme resolve_theme(std::string_view name, const model::Config& config, bool* known) {
    std::optional<Vars> vars =
        theme_variables(name.empty() ? "default" : name, config.theme_variables);
    if (known != nullptr) {
        *known = vars.has_value();
    }
    if (!vars) {
        vars = theme_variables("default", config.theme_variables);
    }
    ThemeObject t(*vars);
    const auto color = [&](std::string_view key, Color fallback) {
        return to_color(t.get(key), fallback);
    };
    Theme out;
    out.name = name.empty() ? "default" : std::string(name);
    const Color black{0, 0, 0, 255};
    out.background = color("background", {255, 255, 255, 255});
    out.node_fill = color("mainBkg", {236, 236, 255, 255});
    out.node_stroke = color("nodeBorder", {147, 112, 219, 255});
    // Flowchart labels are drawn in nodeTextColor, else textColor (flowchart/styles.ts).
    out.node_text =
        t.has("nodeTextColor") ? color("nodeTextColor", black) : color("textColor", black);
    out.line = color("lineColor", black);
    out.edge_label_background = color("edgeLabelBackground", {232, 232, 232, 204});
    out.edge_label_text = out.node_text;
    out.cluster_fill = color("clusterBkg", {255, 255, 222, 255});
    out.cluster_stroke = color("clusterBorder", {170, 170, 51, 255});
    out.cluster_text = color("titleColor", black);
    out.title_text = color("textColor", black);
    out.note_fill = color("noteBkgColor", {255, 245, 173, 255});
    out.note_stroke = color("noteBorderColor", {170, 170, 51, 255});
    out.note_text = color("noteTextColor", black);
    out.node_stroke_width = to_number(t.get("strokeWidth"), 1);
    out.line_width = out.node_stroke_width;
    out.corner_radius = to_number(t.get("radius"), 5);
    out.neo = config.look == "neo";

    // Mermaid's own font list names fonts that are rarely installed and falls back to Arial;
    // merrow measures with Arial's metrics and says so. Any other family is used as given.
    std::string family = t.get("fontFamily");
    if (!config.font_family.empty() && !config.theme_variables.contains("fontFamily")) {
        family = config.font_family;
    }
    out.font.family = family.empty() || family == mermaid_font ? "Arial" : family;
    out.font.size = config.font_size;
    if (config.theme_variables.contains("fontSize") || out.name == "redux-color") {
        out.font.size = to_number(t.get("fontSize"), config.font_size);
    }
    if (out.font.size >= 200) {
        out.font.size = config.font_size;
    }
    return out;
}

Theme resolve_theme(const model::Config& config, bool* known) {
    return resolve_theme(config.theme, config, known);
}

} // namespace merrow::scene
