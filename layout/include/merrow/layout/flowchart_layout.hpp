// Flowchart → sized layout graph → layout: measures every label, sizes every node by its shape
// and runs the engine. The result keeps the measured text so the scene draws exactly what was
// measured.
#pragma once

#include "merrow/layout/graph.hpp"
#include "merrow/layout/shapes.hpp"
#include "merrow/layout/text_measurer.hpp"
#include "merrow/model/flowchart.hpp"

#include <vector>

namespace merrow::layout {

struct FlowchartLayoutOptions {
    FontSpec font;               ///< the theme's label font
    double wrapping_width = 200; ///< labels wider than this are wrapped
    double node_padding = 15;
    bool neo_look = false;    ///< Mermaid's `look: neo` paddings
    double corner_radius = 5; ///< of rounded shapes (the theme's `radius`)
    Options engine;
};

struct FlowchartLayout {
    Layout geometry;                        ///< nodes, edges, clusters indexed like the model's
    std::vector<TextBlock> node_labels;     ///< per node
    std::vector<ShapeGeometry> node_shapes; ///< per node: what to draw, where the label goes
    std::vector<TextBlock> edge_labels;     ///< per edge; no lines when the edge has no label
    std::vector<TextBlock> cluster_titles;
    Graph graph; ///< what the engine was given (ids, sizes, outlines)
};

FlowchartLayout layout_flowchart(const model::Flowchart& chart,
                                 const FlowchartLayoutOptions& options,
                                 const TextMeasurer& measurer);

} // namespace merrow::layout
