#include "merrow/scene/scene.hpp"

#include <cmath>
#include <numbers>
#include <utility>

namespace merrow::scene {

Path& Path::move_to(Point p) {
    segments_.push_back({PathSegment::Op::move, p, {}, {}});
    current_ = p;
    start_ = p;
    return *this;
}

Path& Path::line_to(Point p) {
    segments_.push_back({PathSegment::Op::line, p, {}, {}});
    current_ = p;
    return *this;
}

Path& Path::cubic_to(Point c1, Point c2, Point end) {
    segments_.push_back({PathSegment::Op::cubic, c1, c2, end});
    current_ = end;
    return *this;
}

Path& Path::close() {
    segments_.push_back({PathSegment::Op::close, {}, {}, {}});
    current_ = start_;
    return *this;
}

// Endpoint-to-centre conversion of an SVG arc (SVG 1.1, appendix F.6), then one cubic per
// quarter turn at most, which keeps the radial error below 0.03 %.
Path& Path::arc_to(double rx, double ry, bool large_arc, bool sweep, Point end) {
    const Point start = current_;
    rx = std::abs(rx);
    ry = std::abs(ry);
    if (rx < 1e-9 || ry < 1e-9 || (start.x == end.x && start.y == end.y)) {
        return line_to(end);
    }
    const double dx = (start.x - end.x) / 2;
    const double dy = (start.y - end.y) / 2;
    const double lambda = (dx * dx) / (rx * rx) + (dy * dy) / (ry * ry);
    if (lambda > 1) {
        rx *= std::sqrt(lambda);
        ry *= std::sqrt(lambda);
    }
    const double num = rx * rx * ry * ry - rx * rx * dy * dy - ry * ry * dx * dx;
    const double den = rx * rx * dy * dy + ry * ry * dx * dx;
    double factor = std::sqrt(std::max(0.0, num / den));
    if (large_arc == sweep) {
        factor = -factor;
    }
    const double cxp = factor * rx * dy / ry;
    const double cyp = -factor * ry * dx / rx;
    const Point center{cxp + (start.x + end.x) / 2, cyp + (start.y + end.y) / 2};
    auto angle = [](double ux, double uy, double vx, double vy) {
        return std::atan2(ux * vy - uy * vx, ux * vx + uy * vy);
    };
    const double theta1 = angle(1, 0, (dx - cxp) / rx, (dy - cyp) / ry);
    double delta = angle((dx - cxp) / rx, (dy - cyp) / ry, (-dx - cxp) / rx, (-dy - cyp) / ry);
    if (!sweep && delta > 0) {
        delta -= 2 * std::numbers::pi;
    } else if (sweep && delta < 0) {
        delta += 2 * std::numbers::pi;
    }
    const int pieces =
        std::max(1, static_cast<int>(std::ceil(std::abs(delta) / (std::numbers::pi / 2) - 1e-9)));
    const double step = delta / pieces;
    const double k = 4.0 / 3.0 * std::tan(step / 4);
    double t = theta1;
    for (int i = 0; i < pieces; ++i) {
        const double c0 = std::cos(t);
        const double s0 = std::sin(t);
        const double c1 = std::cos(t + step);
        const double s1 = std::sin(t + step);
        const Point p1{center.x + rx * (c0 - k * s0), center.y + ry * (s0 + k * c0)};
        const Point p2{center.x + rx * (c1 + k * s1), center.y + ry * (s1 - k * c1)};
        const Point p3 = (i == pieces - 1) ? end : Point{center.x + rx * c1, center.y + ry * s1};
        cubic_to(p1, p2, p3);
        t += step;
    }
    return *this;
}

Path Path::rectangle(const Rect& r, double corner_radius) {
    Path p;
    const double radius = std::min({corner_radius, r.width / 2, r.height / 2});
    if (radius <= 0) {
        p.move_to({r.x, r.y})
            .line_to({r.right(), r.y})
            .line_to({r.right(), r.bottom()})
            .line_to({r.x, r.bottom()})
            .close();
        return p;
    }
    p.move_to({r.x + radius, r.y})
        .line_to({r.right() - radius, r.y})
        .arc_to(radius, radius, false, true, {r.right(), r.y + radius})
        .line_to({r.right(), r.bottom() - radius})
        .arc_to(radius, radius, false, true, {r.right() - radius, r.bottom()})
        .line_to({r.x + radius, r.bottom()})
        .arc_to(radius, radius, false, true, {r.x, r.bottom() - radius})
        .line_to({r.x, r.y + radius})
        .arc_to(radius, radius, false, true, {r.x + radius, r.y})
        .close();
    return p;
}

Path Path::ellipse(Point center, double rx, double ry) {
    Path p;
    p.move_to({center.x + rx, center.y})
        .arc_to(rx, ry, false, true, {center.x - rx, center.y})
        .arc_to(rx, ry, false, true, {center.x + rx, center.y})
        .close();
    return p;
}

Path Path::polygon(const std::vector<Point>& points) {
    Path p;
    if (points.empty()) {
        return p;
    }
    p.move_to(points.front());
    for (std::size_t i = 1; i < points.size(); ++i) {
        p.line_to(points[i]);
    }
    p.close();
    return p;
}

Item Item::of(Shape s) {
    Item item;
    item.kind = Kind::shape;
    item.shape = std::move(s);
    return item;
}

Item Item::of(TextRun t) {
    Item item;
    item.kind = Kind::text;
    item.text = std::move(t);
    return item;
}

Item Item::of(Group g) {
    Item item;
    item.kind = Kind::group;
    item.group = std::move(g);
    return item;
}

} // namespace merrow::scene
