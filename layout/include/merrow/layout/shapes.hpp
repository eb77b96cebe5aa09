// The geometry of every node shape: how big a node is for a given label, where its label sits,
// which outline its edges are clipped against, and the paths the scene draws. Keeping all of it
// in one place means a node is exactly as big as what is drawn.
//
// Sizes and outlines follow Mermaid's shape handlers (rendering-elements/shapes/*.ts), so that
// diagrams keep the proportions their authors saw in Mermaid.
#pragma once

#include "merrow/layout/geometry.hpp"
#include "merrow/layout/graph.hpp"
#include "merrow/layout/path.hpp"
#include "merrow/model/flowchart.hpp"

#include <cstdint>
#include <vector>

namespace merrow::layout {

/// How one part of a node's drawing is painted. Colours come from the node's style and the
/// theme; the shape only says which of them a part uses.
enum class ShapeInk : std::uint8_t {
    body,   ///< filled with the node fill, stroked with the node stroke
    line,   ///< stroked with the node stroke only (rims, dividers, braces)
    fill,   ///< filled with the node fill only
    solid,  ///< filled and stroked with the node stroke colour (a junction dot)
    note,   ///< filled and stroked with the theme's note colours
    hidden, ///< takes room but is not drawn (a text block's box)
};

struct ShapePart {
    Path path; ///< relative to the node's centre
    ShapeInk ink = ShapeInk::body;
};

struct ShapeOptions {
    double padding = 15;     ///< `flowchart.padding`
    bool neo = false;        ///< Mermaid's `look: neo` label paddings
    double radius = 5;       ///< corner radius of rounded shapes (the theme's `radius`)
    bool horizontal = false; ///< the flow runs left–right: a fork bar stands upright
};

struct ShapeGeometry {
    Size size; ///< the box of everything drawn
    Outline outline = Outline::box;
    std::vector<Point> polygon;   ///< for Outline::polygon: convex, relative to the centre
    Point label_center;           ///< where the label's centre goes, relative to the centre
    bool shows_label = true;      ///< false for shapes Mermaid draws without their text
    std::vector<ShapePart> parts; ///< in painting order
};

/// The geometry of a node of `shape` whose label measures `label` (zero for no label).
ShapeGeometry shape_geometry(model::Shape shape, Size label, const ShapeOptions& options);

} // namespace merrow::layout
