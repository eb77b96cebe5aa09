// Typed style properties. CSS text from `style`, `classDef` and `linkStyle` is parsed into these
// once, in the front end, so that nothing downstream ever pastes user CSS into an output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::model {

struct Color {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    std::uint8_t a = 255;

    friend bool operator==(const Color&, const Color&) = default;

    /// "#rrggbb", or "#rrggbbaa" when not opaque.
    std::string to_hex() const;
};

/// Parses a CSS colour: #rgb, #rgba, #rrggbb, #rrggbbaa, rgb()/rgba(), hsl()/hsla() and the
/// CSS named colours (including `transparent`). Returns nothing for anything else.
std::optional<Color> parse_color(std::string_view text);

/// One RGB channel (0 to 1) of an HSL colour, from CSS Color 4's `hsl()` conversion: `p` and `q`
/// are the lightness-derived bounds, `t` the hue shifted for the channel, in turns.
double hue_to_rgb(double p, double q, double t);

enum class FontWeight : std::uint8_t { normal, bold };
enum class FontStyle : std::uint8_t { normal, italic };

/// The style properties merrow understands. Every field is optional: unset means "inherit from
/// the theme or the class below".
struct StyleProps {
    std::optional<Color> fill;
    std::optional<Color> stroke;
    std::optional<Color> color; ///< text colour
    std::optional<double> stroke_width;
    std::optional<std::vector<double>> stroke_dasharray;
    std::optional<double> opacity;
    std::optional<double> font_size;
    std::optional<std::string> font_family;
    std::optional<FontWeight> font_weight;
    std::optional<FontStyle> font_style;

    /// Copies every property set in `over` onto this one (later declarations win, as in CSS).
    void merge(const StyleProps& over);
    bool empty() const;

    friend bool operator==(const StyleProps&, const StyleProps&) = default;
};

/// One problem found while reading CSS declarations; `offset` is a byte offset into the text
/// that was given to parse_style().
struct StyleIssue {
    std::size_t offset = 0;
    std::size_t length = 0;
    std::string message;
};

struct StyleParse {
    StyleProps props;
    std::vector<StyleIssue> issues; ///< unknown properties and bad values (warnings)
};

/// Parses Mermaid's style text: `fill:#f9f,stroke:#333,stroke-width:4px` (comma or semicolon
/// separated; `\,` is an escaped comma inside a value).
StyleParse parse_style(std::string_view text);

} // namespace merrow::model
