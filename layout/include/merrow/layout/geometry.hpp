// Plain geometry values shared by layout, scene and render.
#pragma once

#include <algorithm>

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

} // namespace merrow::layout
