// How layout learns the size of text without knowing which font engine draws it. The render
// stage implements this with Pango; tests use a deterministic approximation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::layout {

struct FontSpec {
    std::string family = "Arial"; ///< a CSS-style family list; measured with its first match
    double size = 16;             ///< in px
    bool bold = false;
    bool italic = false;

    friend bool operator==(const FontSpec&, const FontSpec&) = default;
};

/// A byte range of a text set in bold and/or italic on top of the block's font.
struct TextStyleRun {
    std::size_t start = 0; ///< byte offset
    std::size_t length = 0;
    bool bold = false;
    bool italic = false;

    friend bool operator==(const TextStyleRun&, const TextStyleRun&) = default;
};

/// Text with styled ranges (a markdown label after parsing). '\n' breaks lines.
struct StyledText {
    std::string text;
    std::vector<TextStyleRun> styles; ///< sorted by start, not overlapping

    friend bool operator==(const StyledText&, const StyledText&) = default;
};

struct TextLine {
    std::string text;
    double width = 0;                 ///< advance width in px
    std::vector<TextStyleRun> styles; ///< relative to this line's text
};

/// A block of text broken into lines. Lines are `line_height` apart; the first baseline is
/// `baseline` below the block's top edge.
struct TextBlock {
    std::vector<TextLine> lines;
    double width = 0; ///< the widest line
    double height = 0;
    double line_height = 0;
    double baseline = 0;
    FontSpec font;
};

class TextMeasurer {
  public:
    TextMeasurer() = default;
    TextMeasurer(const TextMeasurer&) = delete;
    TextMeasurer& operator=(const TextMeasurer&) = delete;
    virtual ~TextMeasurer() = default;

    /// Breaks `text` into lines at '\n' and, when `max_width` > 0, at word boundaries so that
    /// no line is wider than `max_width` (a single word wider than that is broken only if it
    /// cannot fit otherwise), then measures each line.
    virtual TextBlock measure(std::string_view text, const FontSpec& font,
                              double max_width) const = 0;

    /// As measure(), for text with bold and italic ranges; each line keeps the ranges that fall
    /// on it. This default measures the text as if it were plain (for measurers that cannot
    /// tell styles apart); both measurers here override it.
    virtual TextBlock measure_styled(const StyledText& text, const FontSpec& font,
                                     double max_width) const;

    /// The characters of `text` that no available font can draw (they would show as boxes),
    /// each once, in code point order. Measurers that do not know fonts report none.
    virtual std::vector<char32_t> missing_characters(std::string_view text,
                                                     const FontSpec& font) const;
};

/// A measurer with fixed per-character advances (0.6 em, 0.3 em for spaces). Deterministic and
/// font-free: for tests and for layout-only runs.
class ApproximateTextMeasurer final : public TextMeasurer {
  public:
    TextBlock measure(std::string_view text, const FontSpec& font, double max_width) const override;
    TextBlock measure_styled(const StyledText& text, const FontSpec& font,
                             double max_width) const override;
};

/// The styled ranges of `styles` that overlap [start, start + length), moved to start at 0.
std::vector<TextStyleRun> slice_styles(const std::vector<TextStyleRun>& styles, std::size_t start,
                                       std::size_t length);

/// Line spacing used for all labels: 1.5 em, as Mermaid's HTML labels get from their CSS.
constexpr double line_height_factor = 1.5;

} // namespace merrow::layout
