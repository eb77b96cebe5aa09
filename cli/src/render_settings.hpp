// The rendering settings the editor front ends share (`merrow watch`, `merrow serve`,
// `merrow daemon`): one validation, whether the settings come from flags or from a JSON request.
#pragma once

#include "merrow/cli/pipeline.hpp"

#include <CLI/CLI.hpp>
#include <string>

namespace merrow::cli::detail {

/// What a user may choose, as written (validated by apply_render_settings).
struct RenderSettings {
    std::string format = "svg";
    std::string theme;      ///< empty: the diagram's or Mermaid's default
    std::string dark_theme; ///< SVG: colours for a dark colour scheme
    std::string dark_selector = ".dark";
    std::string light_selector;
    std::string background; ///< CSS colour or "transparent"; empty: the theme's
    double scale = 1;
    double width = 0;  ///< 0: natural size
    double height = 0; ///< 0: natural size
    std::string svg_id;
    std::string svg_text = "text"; ///< "text" or "paths"
    std::string look;              ///< "classic" or "neo"; empty: the configuration's
};

/// Checks `settings` and applies them to `options` (over its configuration). Returns an error
/// message naming the setting, or an empty string.
std::string apply_render_settings(const RenderSettings& settings, RenderOptions& options);

/// Adds -e, -t, --dark-theme, --dark-selector, --light-selector, -b, -s, --svg-text and --look,
/// with the meaning they have for rendering one file.
void add_render_settings_flags(CLI::App& app, RenderSettings& settings);

} // namespace merrow::cli::detail
