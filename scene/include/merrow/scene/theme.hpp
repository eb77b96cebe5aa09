// Resolved colours and fonts of a Mermaid theme.
#pragma once

#include "merrow/layout/text_measurer.hpp"
#include "merrow/model/config.hpp"
#include "merrow/model/style.hpp"

#include <optional>
#include <string>
#include <string_view>

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
    double corner_radius = 5; ///< of `A(round)` nodes
};

/// The theme named in `config.theme` with `config.themeVariables` applied. Unknown theme names
/// fall back to `default`; the returned flag says whether the name was known.
Theme resolve_theme(const model::Config& config, bool* known = nullptr);

} // namespace merrow::scene
