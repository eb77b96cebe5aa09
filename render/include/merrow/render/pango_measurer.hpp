// Text measurement with Pango, the same engine the PNG/PDF backends draw with.
#pragma once

#include "merrow/layout/text_measurer.hpp"

#include <memory>
#include <vector>

using PangoFontMap = struct _PangoFontMap;

namespace merrow::render {

/// Which Pango font map a measurer measures on. Both give the same advances (tested).
enum class FontBackend {
    /// PangoFT2: needs no Cairo, for SVG and layout output.
    freetype,
    /// PangoCairo, from the Cairo module: for PNG and PDF, whose painter can then draw with the
    /// fonts measuring loaded (RasterOptions::fonts) instead of loading them again.
    cairo,
};

/// Measures text with Pango on unhinted metrics and unrounded glyph positions, so that widths
/// agree with what a browser computes for the same font, and with what write_png()/write_pdf()
/// draw. Line widths are rounded up to 1/64 px, as browsers round text into layout units.
/// Results are cached per measurer.
///
/// Text is handled as the writers draw it: invalid UTF-8 becomes U+FFFD, tabs become spaces,
/// carriage returns and other control characters are dropped; the returned lines hold that
/// normalised text. A trailing '\n' yields a final empty line.
///
/// Thread safety: an instance is not safe for concurrent use (the cache and Pango objects are
/// unsynchronised), but each instance owns its own Pango font map and context, so separate
/// instances may be used concurrently from separate threads, and an instance may be handed from
/// one thread to another between calls.
class PangoTextMeasurer final : public layout::TextMeasurer {
  public:
    /// Throws CairoUnavailable for FontBackend::cairo when the Cairo module cannot be loaded.
    explicit PangoTextMeasurer(FontBackend backend = FontBackend::freetype);
    ~PangoTextMeasurer() override;

    FontBackend backend() const;
    /// The Pango font map measured on (owned by the measurer).
    PangoFontMap* font_map() const;

    layout::TextBlock measure(std::string_view text, const layout::FontSpec& font,
                              double max_width) const override;
    layout::TextBlock measure_styled(const layout::StyledText& text, const layout::FontSpec& font,
                                     double max_width) const override;
    std::vector<char32_t> missing_characters(std::string_view text,
                                             const layout::FontSpec& font) const override;

    /// The family fontconfig actually picked for `font` (e.g. "Liberation Sans" for Arial).
    std::string resolved_family(const layout::FontSpec& font) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace merrow::render
