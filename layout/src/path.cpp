#include "merrow/layout/path.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace merrow::layout {

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

Path Path::polyline(const std::vector<Point>& points) {
    Path p;
    if (points.empty()) {
        return p;
    }
    p.move_to(points.front());
    for (std::size_t i = 1; i < points.size(); ++i) {
        p.line_to(points[i]);
    }
    return p;
}

Path& Path::quad_to(Point control, Point end) {
    const Point start = current_;
    return cubic_to(
        {start.x + 2.0 / 3.0 * (control.x - start.x), start.y + 2.0 / 3.0 * (control.y - start.y)},
        {end.x + 2.0 / 3.0 * (control.x - end.x), end.y + 2.0 / 3.0 * (control.y - end.y)}, end);
}

Path& Path::append(const Path& other) {
    for (const PathSegment& s : other.segments_) {
        segments_.push_back(s);
    }
    if (!other.segments_.empty()) {
        current_ = other.current_;
        start_ = other.start_;
    }
    return *this;
}

Path Path::translated(Point by) const {
    Path p = *this;
    const auto move = [&](Point& q) {
        q = {q.x + by.x, q.y + by.y};
    };
    for (PathSegment& s : p.segments_) {
        move(s.p1);
        if (s.op == PathSegment::Op::cubic) {
            move(s.p2);
            move(s.p3);
        }
    }
    move(p.current_);
    move(p.start_);
    return p;
}

namespace {

Point cubic_at(Point p0, Point p1, Point p2, Point p3, double t) {
    const double u = 1 - t;
    const double a = u * u * u;
    const double b = 3 * u * u * t;
    const double c = 3 * u * t * t;
    const double d = t * t * t;
    return {a * p0.x + b * p1.x + c * p2.x + d * p3.x, a * p0.y + b * p1.y + c * p2.y + d * p3.y};
}

} // namespace

Rect Path::bounds() const {
    double left = 0;
    double top = 0;
    double right = 0;
    double bottom = 0;
    bool any = false;
    const auto add = [&](Point p) {
        if (!any) {
            left = right = p.x;
            top = bottom = p.y;
            any = true;
            return;
        }
        left = std::min(left, p.x);
        right = std::max(right, p.x);
        top = std::min(top, p.y);
        bottom = std::max(bottom, p.y);
    };
    Point at;
    Point start;
    for (const PathSegment& s : segments_) {
        switch (s.op) {
        case PathSegment::Op::move:
            at = start = s.p1;
            add(at);
            break;
        case PathSegment::Op::line:
            at = s.p1;
            add(at);
            break;
        case PathSegment::Op::cubic: {
            const Point curve[4] = {at, s.p1, s.p2, s.p3};
            const Rect box = cubic_box(curve);
            add({box.x, box.y});
            add({box.right(), box.bottom()});
            at = s.p3;
            add(at);
            break;
        }
        case PathSegment::Op::close:
            at = start;
            break;
        }
    }
    return {left, top, right - left, bottom - top};
}

std::vector<std::vector<Point>> Path::flatten(int pieces_per_curve) const {
    std::vector<std::vector<Point>> out;
    Point at;
    Point start;
    for (const PathSegment& s : segments_) {
        switch (s.op) {
        case PathSegment::Op::move:
            out.emplace_back();
            at = start = s.p1;
            out.back().push_back(at);
            break;
        case PathSegment::Op::line:
            if (out.empty()) {
                out.push_back({at});
            }
            at = s.p1;
            out.back().push_back(at);
            break;
        case PathSegment::Op::cubic:
            if (out.empty()) {
                out.push_back({at});
            }
            for (int i = 1; i <= pieces_per_curve; ++i) {
                out.back().push_back(
                    cubic_at(at, s.p1, s.p2, s.p3, static_cast<double>(i) / pieces_per_curve));
            }
            at = s.p3;
            break;
        case PathSegment::Op::close:
            if (!out.empty() && !out.back().empty()) {
                out.back().push_back(start);
            }
            at = start;
            break;
        }
    }
    return out;
}

} // namespace merrow::layout
