// Plain geometry values shared by layout, scene and render.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace merrow::layout {

struct Point {
    double x = 0;
    double y = 0;

    friend bool operator==(const Point&, const Point&) = default;
};

struct Size {
    double width = 0;
    double height = 0;

    friend bool operator==(const Size&, const Size&) = default;
};

/// An axis-aligned box; (x, y) is the top-left corner, y grows downwards.
struct Rect {
    double x = 0;
    double y = 0;
    double width = 0;
    double height = 0;

    double right() const { return x + width; }
    double bottom() const { return y + height; }
    Point center() const { return {x + width / 2, y + height / 2}; }

    /// True if the interiors intersect by more than `tolerance` on both axes.
    bool overlaps(const Rect& other, double tolerance = 0) const {
        return std::min(right(), other.right()) - std::max(x, other.x) > tolerance &&
               std::min(bottom(), other.bottom()) - std::max(y, other.y) > tolerance;
    }

    friend bool operator==(const Rect&, const Rect&) = default;
};

/// The point at `t` (0 to 1) of the cubic Bézier curve with control points `c[0]`…`c[3]`.
inline Point cubic_point(const Point* c, double t) {
    const double a = (1 - t) * (1 - t) * (1 - t);
    const double b = 3 * (1 - t) * (1 - t) * t;
    const double d = 3 * (1 - t) * t * t;
    const double f = t * t * t;
    return {a * c[0].x + b * c[1].x + d * c[2].x + f * c[3].x,
            a * c[0].y + b * c[1].y + d * c[2].y + f * c[3].y};
}

/// Appends to `ts` the values of t in (0, 1) where one coordinate (p0…p3) of a cubic Bézier
/// curve turns: where its derivative, a quadratic in t, is zero.
inline void cubic_turns(double p0, double p1, double p2, double p3, std::vector<double>& ts) {
    const double a = -p0 + 3 * p1 - 3 * p2 + p3;
    const double b = 2 * (p0 - 2 * p1 + p2);
    const double c = p1 - p0;
    const auto keep = [&](double t) {
        if (t > 0 && t < 1) {
            ts.push_back(t);
        }
    };
    if (std::abs(a) < 1e-12) {
        if (std::abs(b) > 1e-12) {
            keep(-c / b);
        }
        return;
    }
    const double disc = b * b - 4 * a * c;
    if (disc < 0) {
        return;
    }
    const double root = std::sqrt(disc);
    keep((-b + root) / (2 * a));
    keep((-b - root) / (2 * a));
}

/// The smallest box holding the cubic Bézier curve `c[0]`…`c[3]`: its ends and its turning
/// points (a curve may stay well inside its control points' box).
inline Rect cubic_box(const Point* c) {
    double left = std::min(c[0].x, c[3].x);
    double right = std::max(c[0].x, c[3].x);
    double top = std::min(c[0].y, c[3].y);
    double bottom = std::max(c[0].y, c[3].y);
    std::vector<double> ts;
    cubic_turns(c[0].x, c[1].x, c[2].x, c[3].x, ts);
    cubic_turns(c[0].y, c[1].y, c[2].y, c[3].y, ts);
    for (double t : ts) {
        const Point p = cubic_point(c, t);
        left = std::min(left, p.x);
        right = std::max(right, p.x);
        top = std::min(top, p.y);
        bottom = std::max(bottom, p.y);
    }
    return {left, top, right - left, bottom - top};
}

} // namespace merrow::layout
