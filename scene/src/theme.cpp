#include "merrow/scene/theme.hpp"

#include <cstdlib>

namespace merrow::scene {

namespace {

using model::Color;

Color rgb(std::uint32_t hex) {
    return {static_cast<std::uint8_t>(hex >> 16U), static_cast<std::uint8_t>((hex >> 8U) & 0xFFU),
            static_cast<std::uint8_t>(hex & 0xFFU), 255};
}

// Mermaid's classic palette (themes/theme-default.js, values resolved by running Mermaid).
Theme default_theme() {
    Theme t;
    t.name = "default";
    t.font = {"Arial", 16, false, false};
    t.background = rgb(0xffffff);
    t.node_fill = rgb(0xECECFF);
    t.node_stroke = rgb(0x9370DB);
    t.node_text = rgb(0x333333);
    t.line = rgb(0x333333);
    t.edge_label_background = {232, 232, 232, 204};
    t.edge_label_text = rgb(0x333333);
    t.cluster_fill = rgb(0xffffde);
    t.cluster_stroke = rgb(0xaaaa33);
    t.cluster_text = rgb(0x333333);
    t.title_text = rgb(0x333333);
    return t;
}

Theme neutral_theme() {
    Theme t = default_theme();
    t.name = "neutral";
    t.node_fill = rgb(0xeeeeee);
    t.node_stroke = rgb(0x999999);
    t.line = rgb(0x666666);
    t.edge_label_background = rgb(0xffffff);
    t.cluster_fill = rgb(0xfafafa);
    t.cluster_stroke = rgb(0xbbbbbb);
    t.node_text = rgb(0x333333);
    return t;
}

Theme dark_theme() {
    Theme t = default_theme();
    t.name = "dark";
    t.background = rgb(0x333333);
    t.node_fill = rgb(0x1f2020);
    t.node_stroke = rgb(0xcccccc);
    t.node_text = rgb(0xcccccc);
    t.line = rgb(0xd3d3d3);
    t.edge_label_background = {88, 88, 88, 128};
    t.edge_label_text = rgb(0xcccccc);
    t.cluster_fill = rgb(0x303131);
    t.cluster_stroke = {255, 255, 255, 64};
    t.cluster_text = rgb(0xF9FFFE);
    t.title_text = rgb(0xF9FFFE);
    return t;
}

Theme forest_theme() {
    Theme t = default_theme();
    t.name = "forest";
    t.node_fill = rgb(0xcde498);
    t.node_stroke = rgb(0x13540c);
    t.line = rgb(0x008000);
    t.edge_label_background = rgb(0xe8e8e8);
    t.cluster_fill = rgb(0xcdffb2);
    t.cluster_stroke = rgb(0x6eaa49);
    t.node_text = rgb(0x000000);
    return t;
}

Theme base_theme() {
    Theme t = default_theme();
    t.name = "base";
    t.node_fill = rgb(0xfff4dd);
    t.node_stroke = rgb(0x9f8f6d);
    t.line = rgb(0x333333);
    t.edge_label_background = rgb(0xe8e8e8);
    t.cluster_fill = rgb(0xfff8e8);
    t.cluster_stroke = rgb(0x9f8f6d);
    return t;
}

void apply_color(const model::Config& config, const char* key, Color& target) {
    if (auto it = config.theme_variables.find(key); it != config.theme_variables.end()) {
        if (auto c = model::parse_color(it->second)) {
            target = *c;
        }
    }
}

} // namespace

Theme resolve_theme(const model::Config& config, bool* known) {
    Theme t;
    bool found = true;
    if (config.theme == "default" || config.theme.empty()) {
        t = default_theme();
    } else if (config.theme == "neutral") {
        t = neutral_theme();
    } else if (config.theme == "dark") {
        t = dark_theme();
    } else if (config.theme == "forest") {
        t = forest_theme();
    } else if (config.theme == "base") {
        t = base_theme();
    } else {
        t = default_theme();
        found = false;
    }
    if (known != nullptr) {
        *known = found;
    }
    apply_color(config, "background", t.background);
    apply_color(config, "primaryColor", t.node_fill);
    apply_color(config, "mainBkg", t.node_fill);
    apply_color(config, "primaryBorderColor", t.node_stroke);
    apply_color(config, "nodeBorder", t.node_stroke);
    apply_color(config, "primaryTextColor", t.node_text);
    apply_color(config, "nodeTextColor", t.node_text);
    apply_color(config, "lineColor", t.line);
    apply_color(config, "edgeLabelBackground", t.edge_label_background);
    apply_color(config, "clusterBkg", t.cluster_fill);
    apply_color(config, "clusterBorder", t.cluster_stroke);
    apply_color(config, "titleColor", t.cluster_text);
    if (!config.font_family.empty()) {
        t.font.family = config.font_family;
    }
    if (auto it = config.theme_variables.find("fontFamily"); it != config.theme_variables.end()) {
        t.font.family = it->second;
    }
    t.font.size = config.font_size;
    if (auto it = config.theme_variables.find("fontSize"); it != config.theme_variables.end()) {
        const double size = std::atof(it->second.c_str());
        if (size > 0 && size < 200) {
            t.font.size = size;
        }
    }
    return t;
}

} // namespace merrow::scene
