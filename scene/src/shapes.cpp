#include "shapes.hpp"

#include <algorithm>
#include <cmath>

namespace merrow::scene::detail {

using model::Shape;

ShapeOutline shape_outline(model::Shape shape, const Rect& box, const layout::NodeSpec& node,
                           double corner_radius) {
    ShapeOutline out;
    const Point c = box.center();
    const double left = box.x;
    const double top = box.y;
    const double right = box.right();
    const double bottom = box.bottom();
    switch (shape) {
    case Shape::rounded:
        out.body = Path::rectangle(box, corner_radius);
        return out;
    case Shape::stadium:
        out.body = Path::rectangle(box, box.height / 2);
        return out;
    case Shape::subroutine: {
        out.body = Path::rectangle(box);
        const double inset = 8;
        out.details.push_back(Path().move_to({left + inset, top}).line_to({left + inset, bottom}));
        out.details.push_back(
            Path().move_to({right - inset, top}).line_to({right - inset, bottom}));
        return out;
    }
    case Shape::cylinder: {
        const double rx = box.width / 2;
        const double ry = std::min(box.height / 4, rx / (2.5 + box.width / 50));
        out.body.move_to({left, top + ry})
            .arc_to(rx, ry, false, true, {right, top + ry})
            .line_to({right, bottom - ry})
            .arc_to(rx, ry, false, true, {left, bottom - ry})
            .close();
        // The near rim of the top face.
        out.details.push_back(
            Path().move_to({left, top + ry}).arc_to(rx, ry, false, false, {right, top + ry}));
        return out;
    }
    case Shape::circle:
    case Shape::ellipse:
        out.body = Path::ellipse(c, box.width / 2, box.height / 2);
        return out;
    case Shape::double_circle: {
        out.body = Path::ellipse(c, box.width / 2, box.height / 2);
        const double gap = 5;
        out.details.push_back(Path::ellipse(c, std::max(0.0, box.width / 2 - gap),
                                            std::max(0.0, box.height / 2 - gap)));
        return out;
    }
    case Shape::diamond:
        out.body = Path::polygon({{c.x, top}, {right, c.y}, {c.x, bottom}, {left, c.y}});
        return out;
    case Shape::odd:
        out.body = Path::polygon({{left, top},
                                  {right, top},
                                  {right, bottom},
                                  {left, bottom},
                                  {left + box.height / 4, c.y}});
        return out;
    case Shape::text:
        out.body = Path::rectangle(box);
        out.filled = false;
        out.stroked = false;
        return out;
    default:
        break;
    }
    if (node.outline == layout::Outline::polygon && !node.polygon.empty()) {
        std::vector<Point> points;
        points.reserve(node.polygon.size());
        for (const Point& p : node.polygon) {
            points.push_back({c.x + p.x, c.y + p.y});
        }
        out.body = Path::polygon(points);
        return out;
    }
    out.body = Path::rectangle(box);
    return out;
}

} // namespace merrow::scene::detail
