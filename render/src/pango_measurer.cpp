#include "merrow/render/pango_measurer.hpp"

#include "detail/cairo_module.hpp"
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
#include <unordered_set>
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
    std::vector<layout::TextStyleRun> styles;
    FontSpec font;
    double max_width = 0;

    friend bool operator==(const MeasureKey&, const MeasureKey&) = default;
};

struct MeasureKeyHash {
    std::size_t operator()(const MeasureKey& key) const {
        std::size_t h = std::hash<std::string>{}(key.text);
        for (const layout::TextStyleRun& s : key.styles) {
            h = hash_mix(h, s.start);
            h = hash_mix(h, s.length * 4 + (s.bold ? 1U : 0U) + (s.italic ? 2U : 0U));
        }
        h = hash_mix(h, hash_font(key.font));
        return hash_mix(h, std::hash<double>{}(key.max_width));
    }
};

struct FontInfo {
    detail::PangoFontDescriptionPtr description;
    double ascent = 0;
    double descent = 0;
    // Code points already seen drawn by this font or a fallback, so the missing-glyph check
    // lays out only text with something new in it (most labels repeat the same letters).
    std::unordered_set<char32_t> drawable;
};

// Enough for every label of a very large site; beyond it the cache starts over rather than
// growing without bound.
constexpr std::size_t max_cached_blocks = 100000;

bool is_trailing_space(char c) {
    return c == ' ';
}

// Characters that end a line in a PangoLayout even when it does not wrap.
bool has_line_separator(std::string_view text) {
    return text.find("\u2028") != std::string_view::npos ||
           text.find("\u2029") != std::string_view::npos;
}

} // namespace

struct PangoTextMeasurer::Impl {
    explicit Impl(FontBackend kind)
        : backend(kind), font_map(kind == FontBackend::cairo ? detail::new_cairo_font_map()
                                                             : detail::new_font_map()),
          context(kind == FontBackend::cairo
                      ? detail::GObjectPtr<PangoContext>(detail::new_cairo_context(font_map.get()))
                      : detail::make_context(font_map.get())),
          layout(pango_layout_new(context.get())) {}

    FontBackend backend;
    detail::GObjectPtr<PangoFontMap> font_map;
    detail::GObjectPtr<PangoContext> context;
    detail::GObjectPtr<PangoLayout> layout;
    std::unordered_map<FontSpec, FontInfo, FontHash> fonts;
    std::unordered_map<MeasureKey, TextBlock, MeasureKeyHash> blocks;

    FontInfo& font_info(const FontSpec& font) {
        auto found = fonts.find(font);
        if (found != fonts.end()) {
            return found->second;
        }
        FontInfo info;
        info.description = detail::make_font_description(font);
        const detail::GObjectPtr<PangoFont> loaded{
            pango_font_map_load_font(font_map.get(), context.get(), info.description.get())};
        if (hb_font_t* hb = loaded ? pango_font_get_hb_font(loaded.get()) : nullptr) {
            // The font's own extents, which is what pango_font_get_metrics reports when metrics
            // are not hinted; that call also shapes a long sample text for its average
            // character width, a tenth of the time of rendering a small diagram.
            hb_font_extents_t extents{};
            hb_font_get_h_extents(hb, &extents);
            info.ascent = detail::from_pango(extents.ascender);
            info.descent = detail::from_pango(-extents.descender);
        } else {
            // No font at all (an empty fontconfig setup): assume typical sans-serif metrics.
            info.ascent = 0.905 * font.size;
            info.descent = 0.212 * font.size;
        }
        return fonts.emplace(font, std::move(info)).first->second;
    }

    /// Sets `text` (with its bold and italic ranges) on the shared layout.
    void set_text(const std::string& text, const std::vector<layout::TextStyleRun>& styles,
                  const FontInfo& info) {
        PangoLayout* l = layout.get();
        pango_layout_set_font_description(l, info.description.get());
        pango_layout_set_text(l, text.data(), static_cast<int>(text.size()));
        const detail::PangoAttrListPtr attributes = detail::style_attributes(styles, text.size());
        pango_layout_set_attributes(l, attributes.get());
    }

    /// Shapes `text` as the one line a PangoLayout would make of it, without a layout, and
    /// calls `on_run(item, glyphs)` for each run. A layout, on first use, loads the font's
    /// metrics for its line height: another fontset, with two fontconfig threads, and a shaped
    /// sample text, 0.8 ms of a 9 ms render, for a value merrow does not use. Returns false for
    /// text a layout would break into lines even unwrapped (U+2028, U+2029).
    template <typename OnRun>
    bool shape_line(const std::string& text, const std::vector<layout::TextStyleRun>& styles,
                    const FontInfo& info, OnRun&& on_run) {
        if (has_line_separator(text)) {
            return false;
        }
        pango_context_set_font_description(context.get(), info.description.get());
        const detail::PangoAttrListPtr attributes = detail::style_attributes(styles, text.size());
        const int length = static_cast<int>(text.size());
        GList* items =
            pango_itemize(context.get(), text.data(), 0, length, attributes.get(), nullptr);
        PangoGlyphString* glyphs = pango_glyph_string_new();
        for (GList* i = items; i != nullptr; i = i->next) {
            auto* item = static_cast<PangoItem*>(i->data);
            pango_shape_item(item, text.data(), length, nullptr, glyphs, PANGO_SHAPE_NONE);
            on_run(*item, *glyphs);
        }
        pango_glyph_string_free(glyphs);
        g_list_free_full(items,
                         [](gpointer item) { pango_item_free(static_cast<PangoItem*>(item)); });
        return true;
    }

    /// Lays `text` out on one line; returns its width in Pango units.
    int unwrapped_units(const std::string& text, const std::vector<layout::TextStyleRun>& styles,
                        const FontInfo& info) {
        int units = 0;
        if (shape_line(text, styles, info, [&](const PangoItem&, PangoGlyphString& glyphs) {
                units += pango_glyph_string_get_width(&glyphs);
            })) {
            return units;
        }
        PangoLayout* l = layout.get();
        pango_layout_set_width(l, -1);
        set_text(text, styles, info);
        PangoRectangle logical{};
        pango_layout_line_get_extents(pango_layout_get_line_readonly(l, 0), nullptr, &logical);
        return logical.width;
    }

    static double width_from_units(int units) {
        // Browsers size boxes in 1/64 px layout units and round text widths up into them
        // (Blink's ShapeResult::SnappedWidth); doing the same reproduces Mermaid's label sizes.
        return std::ceil(units / (PANGO_SCALE / 64.0)) / 64;
    }

    /// Width of `text` on one line.
    double line_width(const std::string& text, const std::vector<layout::TextStyleRun>& styles,
                      const FontInfo& info) {
        return width_from_units(unwrapped_units(text, styles, info));
    }

    static int wrap_width_units(double max_width) {
        const double limit = std::min(max_width * PANGO_SCALE, static_cast<double>(INT_MAX / 2));
        return static_cast<int>(std::floor(limit));
    }

    /// Breaks one paragraph (no '\n' in it) into lines no wider than `max_width`.
    void wrap_paragraph(const std::string& paragraph,
                        const std::vector<layout::TextStyleRun>& styles, const FontInfo& info,
                        double max_width, std::vector<TextLine>& lines) {
        PangoLayout* l = layout.get();
        pango_layout_set_width(l, wrap_width_units(max_width));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        set_text(paragraph, styles, info);
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
            std::vector<layout::TextStyleRun> line_styles =
                layout::slice_styles(styles, spans[i].first, text.size());
            const double width = line_width(text, line_styles, info);
            lines.push_back({std::move(text), width, std::move(line_styles)});
        }
    }

    TextBlock measure(std::string_view text, const std::vector<layout::TextStyleRun>& styles,
                      const FontSpec& font, double max_width) {
        TextBlock block;
        block.font = font;
        const FontInfo& info = font_info(font);
        std::size_t start = 0;
        while (true) {
            const std::size_t end = text.find('\n', start);
            const std::string_view raw =
                text.substr(start, end == std::string_view::npos ? end : end - start);
            const std::string paragraph = detail::normalize_line(raw);
            // Ranges index the text as given; if normalising changed its bytes they no longer
            // fit, and the paragraph is measured plain.
            std::vector<layout::TextStyleRun> paragraph_styles;
            if (paragraph.size() == raw.size()) {
                paragraph_styles = layout::slice_styles(styles, start, raw.size());
            }
            if (!(font.size > 0)) {
                block.lines.push_back({paragraph, 0.0, paragraph_styles});
            } else if (max_width > 0 && !paragraph.empty()) {
                // Most labels fit: Pango breaks a line only where it overflows the width, so a
                // paragraph that fits on one line is that line. Measuring it unwrapped first
                // saves the wrapping pass, which on its first use also loads the font's
                // metrics: a second fontset, with its two fontconfig threads, and a shaped
                // sample text.
                const int units = unwrapped_units(paragraph, paragraph_styles, info);
                if (units <= wrap_width_units(max_width) && !has_line_separator(paragraph)) {
                    block.lines.push_back({paragraph, width_from_units(units), paragraph_styles});
                } else {
                    wrap_paragraph(paragraph, paragraph_styles, info, max_width, block.lines);
                }
            } else {
                const double width = line_width(paragraph, paragraph_styles, info);
                block.lines.push_back({paragraph, width, paragraph_styles});
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

    /// Characters of `text` that no installed font has a glyph for.
    std::vector<char32_t> missing(std::string_view text, const FontSpec& font) {
        std::vector<char32_t> out;
        FontInfo& info = font_info(font);
        const std::string line = detail::normalize_line(text);
        bool all_known = true;
        detail::for_each_code_point(
            line, [&](char32_t cp) { all_known = all_known && info.drawable.count(cp) != 0; });
        if (all_known) {
            return out;
        }
        const auto note_unknown = [&](const PangoItem& item, const PangoGlyphString& glyphs) {
            for (int g = 0; g < glyphs.num_glyphs; ++g) {
                if ((glyphs.glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) == 0) {
                    continue;
                }
                const auto offset = static_cast<std::size_t>(item.offset) +
                                    static_cast<std::size_t>(glyphs.log_clusters[g]);
                detail::for_each_code_point(std::string_view(line).substr(offset),
                                            [&, done = false](char32_t cp) mutable {
                                                if (!done) {
                                                    out.push_back(cp);
                                                    done = true;
                                                }
                                            });
            }
        };
        if (!shape_line(line, {}, info, note_unknown)) {
            PangoLayout* l = layout.get();
            pango_layout_set_width(l, -1);
            set_text(line, {}, info);
            for (GSList* item = pango_layout_get_lines_readonly(l); item != nullptr;
                 item = item->next) {
                const auto* layout_line = static_cast<const PangoLayoutLine*>(item->data);
                for (GSList* r = layout_line->runs; r != nullptr; r = r->next) {
                    const auto* run = static_cast<const PangoGlyphItem*>(r->data);
                    note_unknown(*run->item, *run->glyphs);
                }
            }
        }
        if (out.empty()) {
            detail::for_each_code_point(line, [&](char32_t cp) { info.drawable.insert(cp); });
            return out;
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }
};

PangoTextMeasurer::PangoTextMeasurer(FontBackend backend)
    : impl_(std::make_unique<Impl>(backend)) {}

PangoTextMeasurer::~PangoTextMeasurer() = default;

FontBackend PangoTextMeasurer::backend() const {
    return impl_->backend;
}

PangoFontMap* PangoTextMeasurer::font_map() const {
    return impl_->font_map.get();
}

layout::TextBlock PangoTextMeasurer::measure(std::string_view text, const layout::FontSpec& font,
                                             double max_width) const {
    return measure_styled({std::string(text), {}}, font, max_width);
}

layout::TextBlock PangoTextMeasurer::measure_styled(const layout::StyledText& text,
                                                    const layout::FontSpec& font,
                                                    double max_width) const {
    // One key for every "do not wrap" request, so that 0, -1 and NaN share cache entries.
    // Sizes Pango cannot use measure as empty rather than poisoning the caches with NaN keys.
    layout::FontSpec effective = font;
    if (!std::isfinite(effective.size) || effective.size < 0) {
        effective.size = 0;
    }
    MeasureKey key{text.text, text.styles, std::move(effective),
                   std::isfinite(max_width) && max_width > 0 ? max_width : 0.0};
    if (auto found = impl_->blocks.find(key); found != impl_->blocks.end()) {
        return found->second;
    }
    TextBlock block = impl_->measure(key.text, key.styles, key.font, key.max_width);
    if (impl_->blocks.size() >= max_cached_blocks) {
        impl_->blocks.clear();
    }
    impl_->blocks.emplace(std::move(key), block);
    return block;
}

std::vector<char32_t> PangoTextMeasurer::missing_characters(std::string_view text,
                                                            const layout::FontSpec& font) const {
    return impl_->missing(text, font);
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
