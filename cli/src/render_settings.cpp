#include "render_settings.hpp"

#include "merrow/model/style.hpp"
#include "merrow/scene/theme.hpp"

#include <algorithm>

namespace merrow::cli::detail {

namespace {

bool known_theme(const std::string& name) {
    const auto& names = scene::theme_names();
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

std::string apply_render_settings(const RenderSettings& s, RenderOptions& options) {
    const auto format = format_from_name(s.format);
    if (!format) {
        return "unknown format `" + s.format + "` (use svg, png, pdf or json)";
    }
    options.format = *format;
    if (!s.theme.empty()) {
        if (!known_theme(s.theme)) {
            return "unknown theme `" + s.theme + "`";
        }
        options.config.theme = s.theme;
    }
    if (!s.dark_theme.empty()) {
        if (!known_theme(s.dark_theme)) {
            return "unknown dark theme `" + s.dark_theme + "`";
        }
        options.dark_theme = s.dark_theme;
    }
    options.dark_selector = s.dark_selector;
    options.light_selector = s.light_selector;
    if (!s.background.empty()) {
        if (s.background != "transparent" && !model::parse_color(s.background)) {
            return "`" + s.background + "` is not a colour (background)";
        }
        options.background = s.background;
    }
    if (!(s.scale > 0 && s.scale <= 64)) {
        return "the scale must be between 0 and 64";
    }
    options.scale = s.scale;
    if (!(s.width >= 0 && s.height >= 0 && s.width <= 100000 && s.height <= 100000)) {
        return "width and height must be between 0 and 100000";
    }
    if (s.width > 0) {
        options.width = s.width;
    }
    if (s.height > 0) {
        options.height = s.height;
    }
    options.svg_id = s.svg_id;
    if (s.svg_text != "text" && s.svg_text != "paths") {
        return "svg text must be `text` or `paths`";
    }
    options.svg_text_paths = s.svg_text == "paths";
    if (!s.look.empty()) {
        if (s.look != "classic" && s.look != "neo") {
            return "look must be `classic` or `neo`";
        }
        options.config.look = s.look;
    }
    return {};
}

void add_render_settings_flags(CLI::App& app, RenderSettings& s) {
    app.add_option("-e,--outputFormat", s.format, "Output format: svg (default), png or pdf");
    app.add_option("-t,--theme", s.theme, "Theme: default, neutral, dark, forest, base");
    app.add_option("--dark-theme", s.dark_theme,
                   "SVG: also carry this theme's colours, used under a dark colour scheme");
    app.add_option("--dark-selector", s.dark_selector,
                   "SVG with --dark-theme: a selector that also switches to dark (default .dark)");
    app.add_option("--light-selector", s.light_selector,
                   "SVG with --dark-theme: a selector that forces the light colours");
    app.add_option("-b,--backgroundColor", s.background,
                   "Background colour (CSS colour or transparent)");
    app.add_option("-s,--scale", s.scale, "Scale factor for PNG and PDF");
    app.add_option("--svg-text", s.svg_text, "SVG text as `text` (default) or `paths`");
    app.add_option("--look", s.look, "classic (default) or neo (Mermaid 12's look)");
}

} // namespace merrow::cli::detail
