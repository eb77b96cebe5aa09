// Diagram + layout + theme → scene.
#pragma once

#include "merrow/layout/flowchart_layout.hpp"
#include "merrow/model/diagram.hpp"
#include "merrow/scene/scene.hpp"
#include "merrow/scene/theme.hpp"

namespace merrow::scene {

struct SceneOptions {
    double padding = 8;                     ///< around the drawing (Mermaid's diagramPadding)
    std::optional<model::Color> background; ///< overrides the theme's; alpha 0 = transparent
    bool transparent = false;
    /// A second theme for dark colour schemes; its colours become the scene's dark palette.
    std::optional<Theme> dark_theme;
};

Scene build_flowchart_scene(const model::Diagram& diagram, const layout::FlowchartLayout& layout,
                            const Theme& theme, const SceneOptions& options);

} // namespace merrow::scene
