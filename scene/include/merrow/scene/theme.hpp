// Resolved colours and fonts of a Mermaid theme.
#pragma once

#include "merrow/layout/text_measurer.hpp"
#include "merrow/model/config.hpp"
#include "merrow/model/style.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::scene {

struct Theme {
    std::string name = "default";
    layout::FontSpec font; ///< label font
    model::Color background{255, 255, 255, 255};
    model::Color node_fill;
    model::Color node_stroke;
    double node_stroke_width = 1;
    model::Color node_text;
    model::Color line;
    double line_width = 1; ///< normal edges; thick ones are 3.5
    model::Color edge_label_background;
    model::Color edge_label_text;
    model::Color cluster_fill;
    model::Color cluster_stroke;
    model::Color cluster_text;
    model::Color title_text;
    model::Color note_fill;
    model::Color note_stroke;
    model::Color note_text;
    double corner_radius = 5; ///< of `A(round)` nodes (the theme's `radius`)
    bool neo = false;         ///< Mermaid 12's `look: neo` (paddings, no hand-drawn jitter)
};

/// The themes merrow knows: Mermaid's `default`, `neutral`, `dark`, `forest`, `base`, and
/// `redux-color` (Mermaid 12's flowchart default).
const std::vector<std::string_view>& theme_names();

/// Mermaid's theme variables for `theme` with `overrides` (themeVariables) applied, derived the
/// way Mermaid derives them: the theme's own values, then the overrides, then every derived
/// variable recomputed from them, then the overrides again (so a derived variable can be set
/// directly). Values are CSS colour strings as Mermaid produces them ("hsl(240, 60%, 86%)").
/// An unknown theme name gives nothing.
std::optional<std::map<std::string, std::string, std::less<>>>
theme_variables(std::string_view theme,
                const std::map<std::string, std::string, std::less<>>& overrides);

/// The theme named in `config.theme` with `config.themeVariables` applied. Unknown theme names
/// fall back to `default`; the returned flag says whether the name was known. `config.look`
/// `neo` turns on the neo look.
Theme resolve_theme(const model::Config& config, bool* known = nullptr);

/// The same, by name, for a second palette (`--dark-theme`).
Theme resolve_theme(std::string_view name, const model::Config& config, bool* known = nullptr);

} // namespace merrow::scene
