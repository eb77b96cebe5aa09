#include "merrow/layout/shapes.hpp"

#include <algorithm>
#include <cmath>

namespace merrow::layout {

namespace {

using model::Shape;

ShapeBox polygon_box(Size size, std::vector<Point> unit) {
    ShapeBox box;
    box.size = size;
    box.outline = Outline::polygon;
    for (Point& p : unit) {
        p = {p.x * size.width, p.y * size.height};
    }
    box.polygon = std::move(unit);
    return box;
}

} // namespace

// Sizes follow Mermaid's classic shapes (rendering-elements/shapes/*.ts): the label box plus
// `padding` per shape, so diagrams keep the proportions their authors saw in Mermaid.
ShapeBox shape_box(model::Shape shape, Size label, double padding) {
    const double tw = label.width;
    const double th = label.height;
    ShapeBox box;
    switch (shape) {
    case Shape::circle: {
        const double d = std::max(tw, th) + padding;
        box.size = {d, d};
        box.outline = Outline::ellipse;
        return box;
    }
    case Shape::double_circle: {
        const double d = std::max(tw, th) + padding + 10;
        box.size = {d, d};
        box.outline = Outline::ellipse;
        return box;
    }
    case Shape::ellipse:
        box.size = {tw + 3 * padding, th + 2 * padding};
        box.outline = Outline::ellipse;
        return box;
    case Shape::diamond: {
        const double s = (tw + padding) + (th + padding);
        box.size = {s, s};
        box.outline = Outline::diamond;
        return box;
    }
    case Shape::hexagon: {
        const double h = th + 2 * padding;
        const double w = tw + padding + h / 2;
        const double inset = (h / 4) / w;
        return polygon_box({w, h}, {{-0.5 + inset, -0.5},
                                    {0.5 - inset, -0.5},
                                    {0.5, 0},
                                    {0.5 - inset, 0.5},
                                    {-0.5 + inset, 0.5},
                                    {-0.5, 0}});
    }
    case Shape::lean_right:
    case Shape::lean_left:
    case Shape::trapezoid:
    case Shape::inv_trapezoid: {
        const double h = th + 2 * padding;
        const double w = tw + 2 * padding + h / 2;
        const double slant = (h / 4) / w;
        const double a = -0.5 + 2 * slant;
        const double b = 0.5 - 2 * slant;
        if (shape == Shape::lean_right) {
            return polygon_box({w, h}, {{a, -0.5}, {0.5, -0.5}, {b, 0.5}, {-0.5, 0.5}});
        }
        if (shape == Shape::lean_left) {
            return polygon_box({w, h}, {{-0.5, -0.5}, {b, -0.5}, {0.5, 0.5}, {a, 0.5}});
        }
        if (shape == Shape::trapezoid) {
            return polygon_box({w, h}, {{a, -0.5}, {b, -0.5}, {0.5, 0.5}, {-0.5, 0.5}});
        }
        return polygon_box({w, h}, {{-0.5, -0.5}, {0.5, -0.5}, {b, 0.5}, {a, 0.5}});
    }
    case Shape::stadium: {
        const double h = th + padding;
        box.size = {tw + h + padding, h};
        return box;
    }
    case Shape::subroutine:
        box.size = {tw + 2 * padding + 16, th + 2 * padding};
        return box;
    case Shape::cylinder: {
        const double w = tw + 2 * padding;
        const double ry = (w / 2) / (2.5 + w / 50);
        box.size = {w, th + 2 * padding + 2 * ry};
        return box;
    }
    case Shape::odd: {
        const double h = th + 2 * padding;
        box.size = {tw + 2 * padding + h / 4, h};
        return box;
    }
    case Shape::rounded:
        box.size = {tw + 2 * padding, th + 2 * padding};
        return box;
    case Shape::text:
        box.size = {tw + padding, th + padding};
        return box;
    default:
        // rect, and every named shape until it gets its own geometry
        box.size = {tw + 4 * padding, th + 2 * padding};
        return box;
    }
}

} // namespace merrow::layout
