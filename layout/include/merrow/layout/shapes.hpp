// How big a node of each shape is for a given label, and which outline its edges are clipped
// against. The scene draws the same shapes inside the boxes chosen here.
#pragma once

#include "merrow/layout/geometry.hpp"
#include "merrow/layout/graph.hpp"
#include "merrow/model/flowchart.hpp"

#include <vector>

namespace merrow::layout {

struct ShapeBox {
    Size size;
    Outline outline = Outline::box;
    std::vector<Point> polygon; ///< for Outline::polygon, relative to the box centre
};

/// The box of a node of `shape` whose label measures `label` (zero for no label), with
/// `padding` between the label and the border (Mermaid's `flowchart.padding`).
ShapeBox shape_box(model::Shape shape, Size label, double padding);

} // namespace merrow::layout
