#include "merrow/render/pango_measurer.hpp"

#include "detail/handles.hpp"
#include "detail/pango_setup.hpp"
#include "detail/text.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace merrow::render {

namespace {

using layout::FontSpec;
using layout::TextBlock;
using layout::TextLine;

std::size_t hash_mix(std::size_t seed, std::size_t value) {
    return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

std::size_t hash_font(const FontSpec& font) {
    std::size_t h = std::hash<std::string>{}(font.family);
    h = hash_mix(h, std::hash<double>{}(font.size));
    return hash_mix(h, (font.bold ? 1U : 0U) | (font.italic ? 2U : 0U));
}

struct FontHash {
    std::size_t operator()(const FontSpec& font) const { return hash_font(font); }
};

struct MeasureKey {
    std::string text;
    FontSpec font;
    double max_width = 0;

    friend bool operator==(const MeasureKey&, const MeasureKey&) = default;
};

struct MeasureKeyHash {
    std::size_t operator()(const MeasureKey& key) const {
        std::size_t h = std::hash<std::string>{}(key.text);
        h = hash_mix(h, hash_font(key.font));
        return hash_mix(h, std::hash<double>{}(key.max_width));
    }
};

struct FontInfo {
    detail::PangoFontDescriptionPtr description;
    double ascent = 0;
    double descent = 0;
};

// Enough for every label of a very large site; beyond it the cache starts over rather than
// growing without bound.
constexpr std::size_t max_cached_blocks = 100000;

bool is_trailing_space(char c) {
    return c == ' ';
}

} // namespace

struct PangoTextMeasurer::Impl {
    detail::GObjectPtr<PangoFontMap> font_map{pango_cairo_font_map_new()};
    detail::GObjectPtr<PangoContext> context = detail::make_context(font_map.get());
    detail::GObjectPtr<PangoLayout> layout{pango_layout_new(context.get())};
    std::unordered_map<FontSpec, FontInfo, FontHash> fonts;
    std::unordered_map<MeasureKey, TextBlock, MeasureKeyHash> blocks;

    const FontInfo& font_info(const FontSpec& font) {
        auto found = fonts.find(font);
        if (found != fonts.end()) {
            return found->second;
        }
        FontInfo info;
        info.description = detail::make_font_description(font);
        const detail::GObjectPtr<PangoFont> loaded{
            pango_font_map_load_font(font_map.get(), context.get(), info.description.get())};
        if (loaded) {
            const detail::PangoFontMetricsPtr metrics{
                pango_font_get_metrics(loaded.get(), nullptr)};
            info.ascent = detail::from_pango(pango_font_metrics_get_ascent(metrics.get()));
            info.descent = detail::from_pango(pango_font_metrics_get_descent(metrics.get()));
        } else {
            // No font at all (an empty fontconfig setup): assume typical sans-serif metrics.
            info.ascent = 0.905 * font.size;
            info.descent = 0.212 * font.size;
        }
        return fonts.emplace(font, std::move(info)).first->second;
    }

    /// Width of `text` on one line.
    double line_width(const std::string& text, const FontInfo& info) {
        PangoLayout* l = layout.get();
        pango_layout_set_font_description(l, info.description.get());
        pango_layout_set_width(l, -1);
        pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
        PangoRectangle logical{};
        pango_layout_line_get_extents(pango_layout_get_line_readonly(l, 0), nullptr, &logical);
        // Browsers size boxes in 1/64 px layout units and round text widths up into them
        // (Blink's ShapeResult::SnappedWidth); doing the same reproduces Mermaid's label sizes.
        return std::ceil(logical.width / (PANGO_SCALE / 64.0)) / 64;
    }

    /// Breaks one paragraph (no '\n' in it) into lines no wider than `max_width`.
    void wrap_paragraph(const std::string& paragraph, const FontInfo& info, double max_width,
                        std::vector<TextLine>& lines) {
        PangoLayout* l = layout.get();
        pango_layout_set_font_description(l, info.description.get());
        const double limit = std::min(max_width * PANGO_SCALE, static_cast<double>(INT_MAX / 2));
        pango_layout_set_width(l, static_cast<int>(std::floor(limit)));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(l, paragraph.data(), static_cast<int>(paragraph.size()));
        std::vector<std::pair<std::size_t, std::size_t>> spans;
        for (GSList* item = pango_layout_get_lines_readonly(l); item != nullptr;
             item = item->next) {
            const auto* line = static_cast<const PangoLayoutLine*>(item->data);
            spans.emplace_back(static_cast<std::size_t>(line->start_index),
                               static_cast<std::size_t>(line->length));
        }
        for (std::size_t i = 0; i < spans.size(); ++i) {
            std::string text = paragraph.substr(spans[i].first, spans[i].second);
            // The space at a soft break hangs past the line end, as in CSS; it takes no room.
            if (i + 1 < spans.size()) {
                while (!text.empty() && is_trailing_space(text.back())) {
                    text.pop_back();
                }
            }
            const double width = line_width(text, info);
            lines.push_back({std::move(text), width});
        }
    }

    TextBlock measure(std::string_view text, const FontSpec& font, double max_width) {
        TextBlock block;
        block.font = font;
        const FontInfo& info = font_info(font);
        std::size_t start = 0;
        while (true) {
            const std::size_t end = text.find('\n', start);
            const std::string paragraph = detail::normalize_line(
                text.substr(start, end == std::string_view::npos ? end : end - start));
            if (!(font.size > 0)) {
                block.lines.push_back({paragraph, 0.0});
            } else if (max_width > 0 && !paragraph.empty()) {
                wrap_paragraph(paragraph, info, max_width, block.lines);
            } else {
                block.lines.push_back({paragraph, line_width(paragraph, info)});
            }
            if (end == std::string_view::npos) {
                break;
            }
            start = end + 1;
        }
        for (const TextLine& line : block.lines) {
            block.width = std::max(block.width, line.width);
        }
        block.line_height = font.size * layout::line_height_factor;
        block.height = static_cast<double>(block.lines.size()) * block.line_height;
        block.baseline = (block.line_height - (info.ascent + info.descent)) / 2 + info.ascent;
        return block;
    }
};

PangoTextMeasurer::PangoTextMeasurer() : impl_(std::make_unique<Impl>()) {}

PangoTextMeasurer::~PangoTextMeasurer() = default;

layout::TextBlock PangoTextMeasurer::measure(std::string_view text, const layout::FontSpec& font,
                                             double max_width) const {
    // One key for every "do not wrap" request, so that 0, -1 and NaN share cache entries.
    // Sizes Pango cannot use measure as empty rather than poisoning the caches with NaN keys.
    layout::FontSpec effective = font;
    if (!std::isfinite(effective.size) || effective.size < 0) {
        effective.size = 0;
    }
    MeasureKey key{std::string(text), std::move(effective),
                   std::isfinite(max_width) && max_width > 0 ? max_width : 0.0};
    if (auto found = impl_->blocks.find(key); found != impl_->blocks.end()) {
        return found->second;
    }
    TextBlock block = impl_->measure(text, key.font, key.max_width);
    if (impl_->blocks.size() >= max_cached_blocks) {
        impl_->blocks.clear();
    }
    impl_->blocks.emplace(std::move(key), block);
    return block;
}

std::string PangoTextMeasurer::resolved_family(const layout::FontSpec& font) const {
    const detail::PangoFontDescriptionPtr desc = detail::make_font_description(font);
    const detail::GObjectPtr<PangoFont> loaded{
        pango_font_map_load_font(impl_->font_map.get(), impl_->context.get(), desc.get())};
    if (!loaded) {
        return {};
    }
    const detail::PangoFontDescriptionPtr actual{pango_font_describe(loaded.get())};
    const char* family = pango_font_description_get_family(actual.get());
    return family != nullptr ? std::string(family) : std::string();
}

} // namespace merrow::render
