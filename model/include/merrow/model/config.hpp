// The typed configuration of one diagram: Mermaid's defaults, overridden (in Mermaid's order) by
// the `-c` file, the YAML frontmatter and `%%{init}%%` directives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace merrow::model {

/// Edge curve names as Mermaid spells them (`flowchart.curve`, `linkStyle … interpolate`).
enum class Curve : std::uint8_t {
    basis,
    linear,
    step,
    step_before,
    step_after,
    monotone_x,
    monotone_y,
    natural,
    cardinal,
    catmull_rom,
    bump_x,
    bump_y,
    rounded,
};

std::optional<Curve> parse_curve(std::string_view name);
std::string_view to_string(Curve curve);

struct FlowchartConfig {
    double node_spacing = 50; ///< between nodes of one rank (dagre nodesep)
    double rank_spacing = 50; ///< between ranks (dagre ranksep)
    double padding = 15;      ///< around a node's label
    double wrapping_width = 200;
    double diagram_padding = 8; ///< around the whole drawing
    double title_top_margin = 25;
    Curve curve = Curve::basis;
    bool html_labels = true;
    bool inherit_dir = false;
};

struct Config {
    std::string theme = "default";
    std::map<std::string, std::string, std::less<>> theme_variables;
    std::string look = "classic";
    std::string layout = "dagre";
    /// Empty means "the theme's font". Mermaid's default is "trebuchet ms", verdana, arial;
    /// merrow measures with Arial metrics and writes Arial first.
    std::string font_family;
    double font_size = 16;
    bool wrap = false;              ///< `%%{wrap}%%` or `wrap: true`
    bool markdown_auto_wrap = true; ///< wrap markdown labels at `flowchart.wrappingWidth`
    std::size_t max_text_size = 50000;
    /// Mermaid refuses a diagram with more edges. Like `max_text_size` it is a "secure" key:
    /// only the site configuration (`-c`) may change it, never the diagram itself.
    std::size_t max_edges = 500;
    /// merrow's own limits for hostile input, secure keys like the two above: how deep
    /// subgraphs may nest, and how many characters one label may have.
    std::size_t max_subgraph_depth = 100;
    std::size_t max_label_length = 10000;
    FlowchartConfig flowchart;
};

} // namespace merrow::model
