// The outline of each node shape inside the box layout gave it.
#pragma once

#include "merrow/layout/graph.hpp"
#include "merrow/model/flowchart.hpp"
#include "merrow/scene/scene.hpp"

#include <vector>

namespace merrow::scene::detail {

struct ShapeOutline {
    Path body;                 ///< filled and stroked
    std::vector<Path> details; ///< stroked only, drawn over the body (inner lines, rims)
    bool filled = true;        ///< false for shapes drawn without a background (text)
    bool stroked = true;
};

/// `node` is the engine's view of the node (its polygon, for polygonal outlines).
ShapeOutline shape_outline(model::Shape shape, const Rect& box, const layout::NodeSpec& node,
                           double corner_radius);

} // namespace merrow::scene::detail
