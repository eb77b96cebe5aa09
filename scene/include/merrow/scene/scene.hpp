// The backend-neutral scene: positioned paths and text runs, fully resolved (colours, fonts,
// line breaks). Backends (SVG writer, Cairo) draw it without knowing anything about diagrams.
#pragma once

#include "merrow/layout/geometry.hpp"
#include "merrow/layout/text_measurer.hpp"
#include "merrow/model/style.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace merrow::scene {

using layout::FontSpec;
using layout::Point;
using layout::Rect;
using model::Color;

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
    /// Approximates an elliptical arc from the current point with cubic curves.
    Path& arc_to(double rx, double ry, bool large_arc, bool sweep, Point end);
    Path& close();

    static Path rectangle(const Rect& r, double corner_radius = 0);
    static Path ellipse(Point center, double rx, double ry);
    static Path polygon(const std::vector<Point>& points);

    const std::vector<PathSegment>& segments() const { return segments_; }
    bool empty() const { return segments_.empty(); }
    Point current() const { return current_; }

  private:
    std::vector<PathSegment> segments_;
    Point current_;
    Point start_;
};

enum class LineCap : std::uint8_t { butt, round, square };
enum class LineJoin : std::uint8_t { miter, round, bevel };

struct Stroke {
    Color color;
    double width = 1;
    std::vector<double> dash; ///< empty: solid
    LineCap cap = LineCap::butt;
    LineJoin join = LineJoin::miter;
};

/// A filled and/or stroked path.
struct Shape {
    Path path;
    std::optional<Color> fill;
    std::optional<Stroke> stroke;
    double opacity = 1;
};

enum class TextAnchor : std::uint8_t { start, middle, end };

/// One line of text, positioned by its anchor point on the baseline.
struct TextRun {
    Point origin;
    std::string text;
    FontSpec font;
    Color color;
    TextAnchor anchor = TextAnchor::middle;
    double width = 0; ///< the measured advance width (what layout reserved)
};

struct Item;

/// A group of items: one diagram element (a node, an edge, a cluster) in the output, so that
/// backends can give it an id and a class, and wrap it in a link.
struct Group {
    std::string id;        ///< unique within the scene, already sanitised for XML ids
    std::string css_class; ///< e.g. "node", "edge", "cluster", "edge-label"
    std::string link;      ///< a vetted URL, or empty
    std::string link_target;
    std::string tooltip;
    std::vector<Item> items;
};

struct Item {
    enum class Kind : std::uint8_t { shape, text, group };
    Kind kind = Kind::shape;
    Shape shape;
    TextRun text;
    Group group;

    static Item of(Shape s);
    static Item of(TextRun t);
    static Item of(Group g);
};

struct Scene {
    double width = 0;
    double height = 0;
    std::optional<Color> background; ///< nothing: transparent
    std::string title;               ///< for <title> and accessibility
    std::string description;
    std::vector<Item> items; ///< in painting order, back to front
};

} // namespace merrow::scene
