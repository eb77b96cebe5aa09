#include "merrow/layout/flowchart_layout.hpp"

#include "merrow/layout/engine.hpp"
#include "merrow/layout/markdown.hpp"
#include "merrow/layout/shapes.hpp"

#include <algorithm>

namespace merrow::layout {

namespace {

Direction to_layout(model::Direction d) {
    switch (d) {
    case model::Direction::TB:
        return Direction::TB;
    case model::Direction::BT:
        return Direction::BT;
    case model::Direction::LR:
        return Direction::LR;
    case model::Direction::RL:
        return Direction::RL;
    }
    return Direction::TB;
}

FontSpec styled_font(const FontSpec& base, const model::StyleProps& style) {
    FontSpec font = base;
    if (style.font_size) {
        font.size = *style.font_size;
    }
    if (style.font_family) {
        font.family = *style.font_family;
    }
    if (style.font_weight) {
        font.bold = *style.font_weight == model::FontWeight::bold;
    }
    if (style.font_style) {
        font.italic = *style.font_style == model::FontStyle::italic;
    }
    return font;
}

// A label that had to be wrapped takes the whole wrapping width, as Mermaid's HTML labels do
// (their box grows to max-width once the text breaks), so wrapped nodes line up the same way.
// Markdown labels, and plain ones with `<b>`/`<i>`, are measured with their bold and italic ranges.
TextBlock measure_label(const TextMeasurer& measurer, const model::Label& label,
                        const FontSpec& font, double wrapping_width) {
    TextBlock block;
    std::size_t explicit_lines = 1;
    if (label.format == model::LabelFormat::markdown) {
        const StyledText styled = parse_markdown(label.text);
        explicit_lines +=
            static_cast<std::size_t>(std::count(styled.text.begin(), styled.text.end(), '\n'));
        block = measurer.measure_styled(styled, font, wrapping_width);
    } else {
        explicit_lines +=
            static_cast<std::size_t>(std::count(label.text.begin(), label.text.end(), '\n'));
        if (label.styles.empty()) {
            block = measurer.measure(label.text, font, wrapping_width);
        } else {
            // `<b>`/`<i>` ranges the parser took out of the text.
            StyledText styled{label.text, {}};
            for (const model::LabelStyle& s : label.styles) {
                styled.styles.push_back({s.start, s.length, s.bold, s.italic});
            }
            block = measurer.measure_styled(styled, font, wrapping_width);
        }
    }
    if (wrapping_width > 0 && block.lines.size() > explicit_lines) {
        block.width = std::max(block.width, wrapping_width);
    }
    return block;
}

// Edge labels get a little room either side so their background does not touch the glyphs.
constexpr double edge_label_padding_x = 2;

} // namespace

FlowchartLayout layout_flowchart(const model::Flowchart& chart,
                                 const FlowchartLayoutOptions& options,
                                 const TextMeasurer& measurer) {
    FlowchartLayout out;
    Graph& graph = out.graph;
    graph.nodes.reserve(chart.nodes.size());
    out.node_labels.reserve(chart.nodes.size());
    out.node_shapes.reserve(chart.nodes.size());
    ShapeOptions shape_options;
    shape_options.padding = options.node_padding;
    shape_options.neo = options.neo_look;
    shape_options.radius = options.corner_radius;
    shape_options.horizontal =
        chart.direction == model::Direction::LR || chart.direction == model::Direction::RL;
    for (const model::Node& node : chart.nodes) {
        const FontSpec font = styled_font(options.font, node.style);
        TextBlock text = measure_label(measurer, node.label, font, options.wrapping_width);
        if (node.label.empty()) {
            text.lines.clear();
            text.width = 0;
            text.height = 0;
        }
        ShapeGeometry shape = shape_geometry(node.shape, {text.width, text.height}, shape_options);
        if (!shape.shows_label) {
            text.lines.clear();
        }
        graph.nodes.push_back({node.id, shape.size, shape.outline, shape.polygon});
        out.node_labels.push_back(std::move(text));
        out.node_shapes.push_back(std::move(shape));
    }

    auto endpoint = [](const model::EndRef& ref) {
        return EndpointSpec{ref.index, ref.kind == model::EndRef::Kind::subgraph};
    };
    graph.edges.reserve(chart.edges.size());
    out.edge_labels.reserve(chart.edges.size());
    for (const model::Edge& edge : chart.edges) {
        EdgeSpec spec;
        spec.source = endpoint(edge.from);
        spec.target = endpoint(edge.to);
        spec.min_length = edge.length;
        TextBlock text;
        if (!edge.label.empty()) {
            text = measure_label(measurer, edge.label, styled_font(options.font, edge.style),
                                 options.wrapping_width);
            spec.label = Size{text.width + 2 * edge_label_padding_x, text.height};
        }
        graph.edges.push_back(spec);
        out.edge_labels.push_back(std::move(text));
    }

    for (const model::Subgraph& sub : chart.subgraphs) {
        ClusterSpec cluster;
        cluster.id = sub.id;
        cluster.nodes = sub.nodes;
        cluster.clusters = sub.subgraphs;
        TextBlock title;
        if (!sub.title.empty()) {
            title = measure_label(measurer, sub.title, styled_font(options.font, sub.style),
                                  options.wrapping_width);
            cluster.title = {title.width, title.height};
        }
        if (sub.direction) {
            cluster.direction = to_layout(*sub.direction);
        }
        graph.clusters.push_back(std::move(cluster));
        out.cluster_titles.push_back(std::move(title));
    }

    Options engine = options.engine;
    engine.direction = to_layout(chart.direction);
    out.geometry = layout_graph(graph, engine);
    return out;
}

} // namespace merrow::layout
