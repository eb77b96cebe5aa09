#include "detail/pango_setup.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <fontconfig/fontconfig.h>
#include <mutex>
#include <pango/pangoft2.h>
#include <utility>

namespace merrow::render::detail {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
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

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

// CSS generic and platform keywords fontconfig does not know, mapped to aliases it does.
std::string_view fontconfig_name(std::string_view css_name) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> aliases{{
        {"system-ui", "sans-serif"},
        {"ui-sans-serif", "sans-serif"},
        {"ui-rounded", "sans-serif"},
        {"-apple-system", "sans-serif"},
        {"blinkmacsystemfont", "sans-serif"},
        {"ui-serif", "serif"},
        {"ui-monospace", "monospace"},
    }};
    const std::string lower = ascii_lower(css_name);
    for (const auto& [from, to] : aliases) {
        if (lower == from) {
            return to;
        }
    }
    return css_name;
}

} // namespace

std::string pango_family_list(std::string_view css) {
    std::string out;
    std::string name;
    bool quoted_name = false;
    const auto flush = [&] {
        std::string_view value = quoted_name ? std::string_view(name) : trim(name);
        if (!quoted_name) {
            value = fontconfig_name(value);
        }
        if (!value.empty()) {
            if (!out.empty()) {
                out.push_back(',');
            }
            // An unquoted CSS name is a sequence of identifiers: runs of spaces count as one.
            char previous = ',';
            for (char c : value) {
                const char normalized = is_space(c) ? ' ' : c;
                if (quoted_name || normalized != ' ' || previous != ' ') {
                    out.push_back(normalized);
                }
                previous = normalized;
            }
        }
        name.clear();
        quoted_name = false;
    };
    char quote = 0;
    for (char c : css) {
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else {
                name.push_back(c);
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
            quoted_name = true;
            name.clear();
        } else if (c == ',') {
            flush();
        } else if (!quoted_name) {
            name.push_back(c);
        }
    }
    flush();
    return out.empty() ? std::string("sans-serif") : out;
}

PangoFontDescriptionPtr make_font_description(const layout::FontSpec& font) {
    PangoFontDescriptionPtr desc{pango_font_description_new()};
    const std::string family = pango_family_list(font.family);
    pango_font_description_set_family(desc.get(), family.c_str());
    // Pango wants a positive size that fits an int once scaled.
    const double size = std::isfinite(font.size) ? std::clamp(font.size, 0.01, 100000.0) : 16.0;
    pango_font_description_set_absolute_size(desc.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(desc.get(),
                                      font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(desc.get(),
                                     font.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    return desc;
}

PangoAttrListPtr style_attributes(const std::vector<layout::TextStyleRun>& styles,
                                  std::size_t size) {
    if (styles.empty()) {
        return nullptr;
    }
    PangoAttrListPtr list{pango_attr_list_new()};
    for (const layout::TextStyleRun& s : styles) {
        if (s.start >= size) {
            continue;
        }
        const auto start = static_cast<guint>(s.start);
        const auto end = static_cast<guint>(std::min(size, s.start + s.length));
        if (s.bold) {
            PangoAttribute* a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
            a->start_index = start;
            a->end_index = end;
            pango_attr_list_insert(list.get(), a);
        }
        if (s.italic) {
            PangoAttribute* a = pango_attr_style_new(PANGO_STYLE_ITALIC);
            a->start_index = start;
            a->end_index = end;
            pango_attr_list_insert(list.get(), a);
        }
    }
    return list;
}

void configure_context(PangoContext* context) {
    pango_context_set_round_glyph_positions(context, FALSE);
    pango_context_set_language(context, pango_language_from_string("en"));
}

GObjectPtr<PangoContext> make_context(PangoFontMap* font_map) {
    GObjectPtr<PangoContext> context{pango_font_map_create_context(font_map)};
    configure_context(context.get());
    return context;
}

namespace {

// merrow's own fontconfig setup: every installed font, found through the system's font
// caches, but not the system's rule files. Parsing those (dozens of XML files) took half of the
// time of rendering a small diagram; and pinning the few rules that matter (metric-compatible
// aliases, the generic families) makes the choice of font the same on every machine.
// FONTCONFIG_FILE, if set, still wins: the user chose a configuration.
// The font directories (pinned_font_dirs) come first, then this.
constexpr const char* pinned_rules = R"(  <cachedir>/var/cache/fontconfig</cachedir>
  <cachedir prefix="xdg">fontconfig</cachedir>
  <alias binding="same"><family>Arial</family>
    <accept><family>Liberation Sans</family><family>Arimo</family></accept></alias>
  <alias binding="same"><family>Helvetica</family>
    <accept><family>Liberation Sans</family><family>Arimo</family></accept></alias>
  <alias binding="same"><family>Times New Roman</family>
    <accept><family>Liberation Serif</family><family>Tinos</family></accept></alias>
  <alias binding="same"><family>Times</family>
    <accept><family>Liberation Serif</family><family>Tinos</family></accept></alias>
  <alias binding="same"><family>Courier New</family>
    <accept><family>Liberation Mono</family><family>Cousine</family></accept></alias>
  <alias binding="same"><family>Courier</family>
    <accept><family>Liberation Mono</family><family>Cousine</family></accept></alias>
  <alias><family>sans-serif</family>
    <prefer><family>Liberation Sans</family><family>DejaVu Sans</family>
      <family>Noto Sans</family><family>Noto Sans CJK SC</family>
      <family>Noto Sans Arabic</family><family>Noto Sans Hebrew</family>
      <family>Noto Color Emoji</family><family>Symbola</family></prefer></alias>
  <alias><family>serif</family>
    <prefer><family>Liberation Serif</family><family>DejaVu Serif</family>
      <family>Noto Serif</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias><family>monospace</family>
    <prefer><family>Liberation Mono</family><family>DejaVu Sans Mono</family>
      <family>Noto Sans Mono</family></prefer></alias>
  <!-- Bitmap fonts (colour emoji among them) come in fixed pixel sizes: scale the chosen
       size to the one asked for, or an emoji is drawn and measured several times too big. -->
  <match target="font">
    <test name="outline" compare="eq"><bool>false</bool></test>
    <edit name="matrix" mode="assign">
      <times>
        <name>matrix</name>
        <matrix>
          <divide><name target="pattern">pixelsize</name><name target="font">pixelsize</name></divide>
          <double>0</double>
          <double>0</double>
          <divide><name target="pattern">pixelsize</name><name target="font">pixelsize</name></divide>
        </matrix>
      </times>
    </edit>
  </match>
  <match target="pattern">
    <test qual="all" name="family" compare="not_eq"><string>sans-serif</string></test>
    <test qual="all" name="family" compare="not_eq"><string>serif</string></test>
    <test qual="all" name="family" compare="not_eq"><string>monospace</string></test>
    <edit name="family" mode="append_last"><string>sans-serif</string></edit>
  </match>
</fontconfig>
)";

std::string pinned_configuration() {
    std::string text = "<?xml version=\"1.0\"?>\n"
                       "<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
                       "<fontconfig>\n";
    for (const char* dir : pinned_font_dirs) {
        text += std::string("  <dir>") + dir + "</dir>\n";
    }
    return text + pinned_rules;
}

} // namespace

void install_font_configuration() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (std::getenv("FONTCONFIG_FILE") != nullptr) {
            return;
        }
        FcConfig* config = FcConfigCreate();
        if (config == nullptr) {
            return;
        }
        const std::string configuration = pinned_configuration();
        const auto* text = reinterpret_cast<const FcChar8*>(configuration.c_str());
        if (FcConfigParseAndLoadFromMemory(config, text, FcTrue) == FcFalse ||
            FcConfigBuildFonts(config) == FcFalse) {
            FcConfigDestroy(config); // fall back to the system configuration
            return;
        }
        FcConfigSetCurrent(config); // takes its own reference
        FcConfigDestroy(config);
    });
}

PangoFontMap* new_font_map() {
    install_font_configuration();
    PangoFontMap* map = pango_ft2_font_map_new();
    pango_ft2_font_map_set_resolution(PANGO_FT2_FONT_MAP(map), 96, 96);
    return map;
}

} // namespace merrow::render::detail
