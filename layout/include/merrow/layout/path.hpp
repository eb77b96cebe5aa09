// Outlines made of lines and cubic Bézier curves. Layout builds node shapes with them (so that a
// shape's size is the size of what is drawn), the scene draws them, and the backends trace them.
#pragma once

#include "merrow/layout/geometry.hpp"

#include <cstdint>
#include <vector>

namespace merrow::layout {

struct PathSegment {
    enum class Op : std::uint8_t { move, line, cubic, close };
    Op op = Op::move;
    Point p1; ///< move/line target, or first control point
    Point p2; ///< second control point (cubic)
    Point p3; ///< end point (cubic)
};

class Path {
  public:
    Path& move_to(Point p);
    Path& line_to(Point p);
    Path& cubic_to(Point c1, Point c2, Point end);
    /// A quadratic curve, stored as the equivalent cubic.
    Path& quad_to(Point control, Point end);
    /// Approximates an elliptical arc (SVG's `A` command without rotation) from the current
    /// point with cubic curves.
    Path& arc_to(double rx, double ry, bool large_arc, bool sweep, Point end);
    Path& close();
    /// Appends every segment of `other`.
    Path& append(const Path& other);

    static Path rectangle(const Rect& r, double corner_radius = 0);
    static Path ellipse(Point center, double rx, double ry);
    static Path polygon(const std::vector<Point>& points);
    /// An open polyline (no closing segment).
    static Path polyline(const std::vector<Point>& points);

    const std::vector<PathSegment>& segments() const { return segments_; }
    bool empty() const { return segments_.empty(); }
    Point current() const { return current_; }

    /// The same path moved by `by`.
    Path translated(Point by) const;
    /// The tight bounding box of what the path covers (curve extrema included); an empty
    /// path has an empty box at the origin.
    Rect bounds() const;
    /// The path as polylines, one per subpath, each curve cut into `pieces_per_curve` lines.
    std::vector<std::vector<Point>> flatten(int pieces_per_curve = 8) const;

  private:
    std::vector<PathSegment> segments_;
    Point current_;
    Point start_;
};

} // namespace merrow::layout
