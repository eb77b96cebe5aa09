#include "merrow/layout/text_measurer.hpp"

#include <algorithm>
#include <string>

namespace merrow::layout {

namespace {

double approximate_width(std::string_view text, const FontSpec& font) {
    double width = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0U) == 0x80U) {
            continue; // count each UTF-8 sequence once
        }
        width += (c == ' ' ? 0.3 : 0.6) * font.size;
    }
    return font.bold ? width * 1.1 : width;
}

} // namespace

TextBlock ApproximateTextMeasurer::measure(std::string_view text, const FontSpec& font,
                                           double max_width) const {
    TextBlock block;
    block.font = font;
    block.line_height = font.size * line_height_factor;
    block.baseline = (block.line_height - font.size * 1.15) / 2 + font.size * 0.9;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view paragraph = text.substr(start, end - start);
        // Greedy word wrap.
        std::string line;
        std::size_t word_start = 0;
        while (word_start <= paragraph.size()) {
            std::size_t word_end = paragraph.find(' ', word_start);
            if (word_end == std::string_view::npos) {
                word_end = paragraph.size();
            }
            const std::string_view word = paragraph.substr(word_start, word_end - word_start);
            const std::string candidate =
                line.empty() ? std::string(word) : line + " " + std::string(word);
            if (max_width > 0 && !line.empty() && approximate_width(candidate, font) > max_width) {
                block.lines.push_back({line, approximate_width(line, font), {}});
                line = std::string(word);
            } else {
                line = candidate;
            }
            word_start = word_end + 1;
        }
        block.lines.push_back({line, approximate_width(line, font), {}});
        start = end + 1;
    }
    for (const TextLine& l : block.lines) {
        block.width = std::max(block.width, l.width);
    }
    block.height = block.line_height * static_cast<double>(block.lines.size());
    return block;
}

std::vector<TextStyleRun> slice_styles(const std::vector<TextStyleRun>& styles, std::size_t start,
                                       std::size_t length) {
    std::vector<TextStyleRun> out;
    const std::size_t end = start + length;
    for (const TextStyleRun& s : styles) {
        const std::size_t a = std::max(s.start, start);
        const std::size_t b = std::min(s.start + s.length, end);
        if (a < b) {
            out.push_back({a - start, b - a, s.bold, s.italic});
        }
    }
    return out;
}

TextBlock TextMeasurer::measure_styled(const StyledText& text, const FontSpec& font,
                                       double max_width) const {
    return measure(text.text, font, max_width);
}

std::vector<char32_t> TextMeasurer::missing_characters(std::string_view /*text*/,
                                                       const FontSpec& /*font*/) const {
    return {};
}

// Lines are found as for plain text; each line is then measured piece by piece, bold pieces
// 10 % wider, and takes the style ranges that fall on it.
TextBlock ApproximateTextMeasurer::measure_styled(const StyledText& text, const FontSpec& font,
                                                  double max_width) const {
    TextBlock block = measure(text.text, font, max_width);
    std::size_t cursor = 0;
    block.width = 0;
    for (TextLine& line : block.lines) {
        const std::size_t at = text.text.find(line.text, cursor);
        if (at == std::string::npos) {
            continue;
        }
        line.styles = slice_styles(text.styles, at, line.text.size());
        cursor = at + line.text.size();
        double width = approximate_width(line.text, font);
        for (const TextStyleRun& s : line.styles) {
            if (s.bold && !font.bold) {
                width += 0.1 * approximate_width(line.text.substr(s.start, s.length), font);
            }
        }
        line.width = width;
        block.width = std::max(block.width, width);
    }
    return block;
}

} // namespace merrow::layout
