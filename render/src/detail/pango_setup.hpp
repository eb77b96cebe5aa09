// The one place that decides how Pango is set up, so that the measurer and the Cairo module
// produce the same advances for the same text.
#pragma once

#include "detail/handles.hpp"
#include "merrow/layout/text_measurer.hpp"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::render::detail {

/// A CSS font-family list ("Arial, 'Liberation Sans', sans-serif") as Pango's family list
/// ("Arial,Liberation Sans,sans-serif"): quotes removed, CSS-only generic names mapped to the
/// fontconfig aliases.
std::string pango_family_list(std::string_view css);

/// Family, absolute pixel size, weight and style; the size is clamped to what Pango accepts.
PangoFontDescriptionPtr make_font_description(const layout::FontSpec& font);

/// Bold and italic ranges as Pango attributes for a text of `size` bytes (ranges past the end
/// are clipped); null when there are none, which clears a layout's attributes.
PangoAttrListPtr style_attributes(const std::vector<layout::TextStyleRun>& styles,
                                  std::size_t size);

/// What every merrow Pango context shares, measuring or drawing: fractional glyph positions, as
/// browsers place them, and a fixed language so that the results do not depend on the caller's
/// locale.
void configure_context(PangoContext* context);

/// A context on `font_map` set up by configure_context().
GObjectPtr<PangoContext> make_context(PangoFontMap* font_map);

/// The directories merrow's own font configuration takes fonts from.
inline constexpr std::array<const char*, 2> pinned_font_dirs{"/usr/share/fonts",
                                                             "/usr/local/share/fonts"};

/// Makes merrow's own font configuration (see pango_setup.cpp) fontconfig's current one, once
/// per process. Every font map must be created after it.
void install_font_configuration();

/// A new font map for measuring: PangoFT2 on merrow's font configuration, at 96 dpi. It needs
/// no Cairo, and gives the advances the Cairo module's font maps draw with: with glyph
/// positions unrounded (configure_context), hinting changes neither (tested).
PangoFontMap* new_font_map();

/// Pango units to px.
inline double from_pango(int units) {
    return pango_units_to_double(units);
}

} // namespace merrow::render::detail
