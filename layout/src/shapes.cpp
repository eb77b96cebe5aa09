#include "merrow/layout/shapes.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace merrow::layout {

namespace {

using model::Shape;

constexpr double pi = std::numbers::pi;

// Mermaid's wavy edges (documents, paper tape): `steps` + 1 samples of a sine from (x1, y1) to
// (x2, y2) with `cycles` periods over the run, as rendering-elements/shapes/util.ts samples it.
std::vector<Point> sine_wave(double x1, double y1, double x2, double y2, double amplitude,
                             double cycles) {
    constexpr int steps = 50;
    std::vector<Point> points;
    points.reserve(steps + 1);
    const double dx = x2 - x1;
    const double frequency = 2 * pi / (dx / cycles);
    const double mid_y = y1 + (y2 - y1) / 2;
    for (int i = 0; i <= steps; ++i) {
        const double x = x1 + dx * static_cast<double>(i) / steps;
        points.push_back({x, mid_y + amplitude * std::sin(frequency * (x - x1))});
    }
    return points;
}

std::vector<Point> concat(std::initializer_list<std::vector<Point>> lists) {
    std::vector<Point> out;
    for (const auto& l : lists) {
        out.insert(out.end(), l.begin(), l.end());
    }
    return out;
}

Path rect_path(double x, double y, double w, double h, double radius = 0) {
    return Path::rectangle({x, y, w, h}, radius);
}

Path centered_rect(double w, double h, double radius = 0) {
    return rect_path(-w / 2, -h / 2, w, h, radius);
}

Path line(Point a, Point b) {
    return Path().move_to(a).line_to(b);
}

// Andrew's monotone chain.
std::vector<Point> convex_hull(std::vector<Point> points) {
    std::sort(points.begin(), points.end(),
              [](Point a, Point b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    points.erase(std::unique(points.begin(), points.end()), points.end());
    if (points.size() < 3) {
        return points;
    }
    const auto cross = [](Point o, Point a, Point b) {
        return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    };
    std::vector<Point> hull(2 * points.size());
    std::size_t k = 0;
    for (const Point& p : points) {
        while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 1e-9) {
            --k;
        }
        hull[k++] = p;
    }
    for (std::size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && cross(hull[k - 2], hull[k - 1], points[i]) <= 1e-9) {
            --k;
        }
        hull[k++] = points[i];
    }
    hull.resize(k - 1);
    return hull;
}

class Builder {
  public:
    explicit Builder(Point label_center = {}) { g_.label_center = label_center; }

    Builder& part(Path path, ShapeInk ink = ShapeInk::body) {
        g_.parts.push_back({std::move(path), ink});
        return *this;
    }
    Builder& outline(Outline o) {
        outline_ = o;
        return *this;
    }
    Builder& no_label() {
        g_.shows_label = false;
        return *this;
    }

    // Centres everything on the box of what is drawn, as Mermaid's layout sizes a node by the
    // bounding box of its drawing; the label keeps its place relative to the drawing.
    ShapeGeometry finish() {
        Rect box;
        bool any = false;
        for (const ShapePart& p : g_.parts) {
            if (p.path.empty()) {
                continue;
            }
            const Rect b = p.path.bounds();
            if (!any) {
                box = b;
                any = true;
                continue;
            }
            const double right = std::max(box.right(), b.right());
            const double bottom = std::max(box.bottom(), b.bottom());
            box.x = std::min(box.x, b.x);
            box.y = std::min(box.y, b.y);
            box.width = right - box.x;
            box.height = bottom - box.y;
        }
        const Point center = box.center();
        const Point shift{-center.x, -center.y};
        for (ShapePart& p : g_.parts) {
            p.path = p.path.translated(shift);
        }
        g_.label_center = {g_.label_center.x + shift.x, g_.label_center.y + shift.y};
        g_.size = {box.width, box.height};
        g_.outline = outline_;
        if (outline_ == Outline::polygon) {
            std::vector<Point> points;
            for (const ShapePart& p : g_.parts) {
                if (p.ink == ShapeInk::line || p.ink == ShapeInk::hidden) {
                    continue;
                }
                for (const auto& poly : p.path.flatten(4)) {
                    points.insert(points.end(), poly.begin(), poly.end());
                }
            }
            g_.polygon = convex_hull(std::move(points));
            if (g_.polygon.size() < 3) {
                g_.outline = Outline::box;
                g_.polygon.clear();
            }
        }
        return std::move(g_);
    }

  private:
    ShapeGeometry g_;
    Outline outline_ = Outline::polygon;
};

// A polygon given in Mermaid's local coordinates, placed like insertPolygonShape() does:
// translated by (-w/2, h/2).
Path placed_polygon(const std::vector<Point>& points, double w, double h) {
    std::vector<Point> moved;
    moved.reserve(points.size());
    for (const Point& p : points) {
        moved.push_back({p.x - w / 2, p.y + h / 2});
    }
    return Path::polygon(moved);
}

std::vector<Point> shifted(std::vector<Point> points, Point by) {
    for (Point& p : points) {
        p = {p.x + by.x, p.y + by.y};
    }
    return points;
}

// A left curly brace at x = -w/2 spanning [-h/2 - r, h/2 + r], its tip at -w/2 - 2r.
Path left_brace(double w, double h, double r) {
    const double x = -w / 2;
    return Path()
        .move_to({x, h / 2 + r})
        .arc_to(r, r, false, true, {x - r, h / 2})
        .line_to({x - r, r})
        .arc_to(r, r, false, false, {x - 2 * r, 0})
        .arc_to(r, r, false, false, {x - r, -r})
        .line_to({x - r, -h / 2})
        .arc_to(r, r, false, true, {x, -h / 2 - r});
}

// The mirror image of left_brace() about x = 0.
Path right_brace(double w, double h, double r) {
    const double x = w / 2;
    return Path()
        .move_to({x, -h / 2 - r})
        .arc_to(r, r, false, true, {x + r, -h / 2})
        .line_to({x + r, -r})
        .arc_to(r, r, false, false, {x + 2 * r, 0})
        .arc_to(r, r, false, false, {x + r, r})
        .line_to({x + r, h / 2})
        .arc_to(r, r, false, true, {x, h / 2 + r});
}

} // namespace

ShapeGeometry shape_geometry(model::Shape shape, Size label, const ShapeOptions& options) {
    const double tw = label.width;
    const double th = label.height;
    const double p = options.padding;
    const bool neo = options.neo;
    switch (shape) {
    case Shape::rect:
    case Shape::icon:
    case Shape::image: {
        const double w = tw + 2 * (neo ? 16 : 2 * p);
        const double h = th + 2 * (neo ? 12 : p);
        return Builder().part(centered_rect(w, h)).outline(Outline::box).finish();
    }
    case Shape::rounded:
    case Shape::state:
        return Builder()
            .part(centered_rect(tw + 2 * p, th + 2 * p, options.radius))
            .outline(Outline::box)
            .finish();
    case Shape::stadium: {
        const double h = th + (neo ? 24 : p);
        const double w = tw + h / 4 + (neo ? 40 : p);
        return Builder().part(centered_rect(w, h, h / 2)).finish();
    }
    case Shape::subroutine: {
        const double frame = 8;
        const double w = tw + 2 * frame + (neo ? 28 : p);
        const double h = th + (neo ? 12 : p);
        return Builder()
            .part(centered_rect(w, h))
            .part(line({-w / 2 + frame, -h / 2}, {-w / 2 + frame, h / 2}), ShapeInk::line)
            .part(line({w / 2 - frame, -h / 2}, {w / 2 - frame, h / 2}), ShapeInk::line)
            .outline(Outline::box)
            .finish();
    }
    case Shape::cylinder:
    case Shape::lined_cylinder: {
        const bool lined = shape == Shape::lined_cylinder;
        const double w = tw + (lined ? 2 * (neo ? 16 : p) : (neo ? 24 : p));
        const double rx = w / 2;
        const double ry = rx / (2.5 + w / 50);
        const double h = th + ry + (lined ? 2 * (neo ? 24 : p) : (neo ? 24 : p));
        // The body spans [-h/2 - ry, h/2 + ry]: a full ellipse on top, half of one below.
        const double top = -h / 2;
        const double bottom = h / 2;
        Builder b({0, lined ? ry : p / 1.5});
        b.part(Path()
                   .move_to({-rx, top})
                   .arc_to(rx, ry, false, true, {rx, top})
                   .line_to({rx, bottom})
                   .arc_to(rx, ry, false, true, {-rx, bottom})
                   .close());
        b.part(Path().move_to({-rx, top}).arc_to(rx, ry, false, false, {rx, top}), ShapeInk::line);
        if (lined) {
            const double offset = 0.1 * h;
            b.part(Path()
                       .move_to({-rx, top + offset})
                       .arc_to(rx, ry, false, false, {rx, top + offset}),
                   ShapeInk::line);
        }
        return b.finish();
    }
    case Shape::horizontal_cylinder: {
        const double pad = neo ? 12 : p / 2;
        const double h = th + pad;
        const double ry = h / 2;
        const double rx = ry / (2.5 + h / 50);
        const double w = tw + rx + pad;
        const double left = -w / 2;
        const double right = w / 2;
        return Builder({-rx, 0})
            .part(Path()
                      .move_to({left, h / 2})
                      .arc_to(rx, ry, false, true, {left, -h / 2})
                      .line_to({right, -h / 2})
                      .arc_to(rx, ry, false, true, {right, h / 2})
                      .close())
            .part(Path().move_to({right, -h / 2}).arc_to(rx, ry, false, false, {right, h / 2}),
                  ShapeInk::line)
            .finish();
    }
    case Shape::circle: {
        const double r = tw / 2 + (neo ? 32 : p / 2);
        return Builder().part(Path::ellipse({0, 0}, r, r)).outline(Outline::ellipse).finish();
    }
    case Shape::double_circle: {
        const double gap = neo ? 12 : 5;
        const double outer = tw / 2 + (neo ? 16 : p);
        return Builder()
            .part(Path::ellipse({0, 0}, outer, outer))
            .part(Path::ellipse({0, 0}, std::max(0.0, outer - gap), std::max(0.0, outer - gap)))
            .outline(Outline::ellipse)
            .finish();
    }
    case Shape::ellipse: {
        // Mermaid parses `A(-x-)` but has no renderer for it (issue #5976); an ellipse around
        // the label is what the syntax promises.
        const double rx = (tw + 3 * p) / 2;
        const double ry = (th + 2 * p) / 2;
        return Builder().part(Path::ellipse({0, 0}, rx, ry)).outline(Outline::ellipse).finish();
    }
    case Shape::odd: {
        const double w = tw + (neo ? 42 : p);
        const double h = th + (neo ? 24 : p);
        const double notch = h / 4;
        return Builder()
            .part(Path::polygon({{-w / 2 - notch, -h / 2},
                                 {-w / 2, 0},
                                 {-w / 2 - notch, h / 2},
                                 {w / 2, h / 2},
                                 {w / 2, -h / 2}}))
            .finish();
    }
    case Shape::diamond: {
        const double s = tw + th + 2 * p;
        return Builder()
            .part(Path::polygon({{0, -s / 2}, {s / 2, 0}, {0, s / 2}, {-s / 2, 0}}))
            .outline(Outline::diamond)
            .finish();
    }
    case Shape::choice:
        return Builder()
            .part(Path::polygon({{0, 14}, {14, 0}, {0, -14}, {-14, 0}}))
            .outline(Outline::diamond)
            .no_label()
            .finish();
    case Shape::hexagon: {
        const double h = th + (neo ? 70 : p);
        const double m = h / (neo ? 3.5 : 4);
        const double w = tw + 2 * m + (neo ? 32 : p);
        return Builder()
            .part(placed_polygon(
                {{m, 0}, {w - m, 0}, {w, -h / 2}, {w - m, -h}, {m, -h}, {0, -h / 2}}, w, h))
            .finish();
    }
    case Shape::lean_right:
    case Shape::lean_left:
    case Shape::trapezoid:
    case Shape::inv_trapezoid: {
        const double px = neo ? 2 * p : p;
        const bool inverted = shape == Shape::inv_trapezoid;
        const double h = th + (inverted ? 2 * p : p);
        const double w = tw + (inverted ? 2 * px : px);
        const double s = h / 2;
        std::vector<Point> points;
        switch (shape) {
        case Shape::lean_right:
            points = {{-s, 0}, {w, 0}, {w + s, -h}, {0, -h}};
            break;
        case Shape::lean_left:
            points = {{0, 0}, {w + s, 0}, {w, -h}, {-s, -h}};
            break;
        case Shape::trapezoid:
            points = {{-s, 0}, {w + s, 0}, {w, -h}, {0, -h}};
            break;
        default:
            points = {{0, 0}, {w, 0}, {w + s, -h}, {-s, -h}};
            break;
        }
        return Builder().part(placed_polygon(points, w, h)).finish();
    }
    case Shape::text: {
        const double w = tw + p;
        const double h = th + p;
        return Builder().part(centered_rect(w, h), ShapeInk::hidden).outline(Outline::box).finish();
    }
    case Shape::card: {
        const double notch = 12;
        const double w = tw + (neo ? 56 : p + notch);
        const double h = th + (neo ? 48 : p);
        return Builder()
            .part(placed_polygon({{notch, -h}, {w, -h}, {w, 0}, {0, 0}, {0, -h + notch}}, w, h))
            .finish();
    }
    case Shape::shaded_process: {
        const double frame = 8;
        const double w = tw + 2 * (neo ? 16 : p) + (neo ? frame : 2 * frame);
        const double h = th + 2 * (neo ? 12 : p);
        return Builder({frame / 2, 0})
            .part(centered_rect(w, h))
            .part(line({-w / 2 + frame, -h / 2}, {-w / 2 + frame, h / 2}), ShapeInk::line)
            .outline(Outline::box)
            .finish();
    }
    case Shape::small_circle:
        return Builder()
            .part(Path::ellipse({0, 0}, 7, 7))
            .outline(Outline::ellipse)
            .no_label()
            .finish();
    case Shape::framed_circle:
        return Builder()
            .part(Path::ellipse({0, 0}, 7, 7))
            .part(Path::ellipse({0, 0}, 2.5, 2.5))
            .outline(Outline::ellipse)
            .no_label()
            .finish();
    case Shape::filled_circle:
        return Builder()
            .part(Path::ellipse({0, 0}, 7, 7), ShapeInk::solid)
            .outline(Outline::ellipse)
            .no_label()
            .finish();
    case Shape::anchor:
        return Builder()
            .part(Path::ellipse({0, 0}, 1, 1), ShapeInk::solid)
            .outline(Outline::ellipse)
            .no_label()
            .finish();
    case Shape::fork: {
        const double w = options.horizontal ? 10 : 70;
        const double h = options.horizontal ? 70 : 10;
        return Builder().part(centered_rect(w, h)).outline(Outline::box).no_label().finish();
    }
    case Shape::hourglass:
        return Builder()
            .part(Path::polygon({{-15, -15}, {15, -15}, {-15, 15}, {15, 15}}))
            .outline(Outline::box)
            .no_label()
            .finish();
    case Shape::bolt: {
        const double s = 35;
        const double gap = 7;
        const std::vector<Point> points{{s, 0},     {0, s + gap / 2}, {s - 2 * gap, s + gap / 2},
                                        {0, 2 * s}, {s, s - gap / 2}, {2 * gap, s - gap / 2}};
        return Builder().part(Path::polygon(shifted(points, {-s / 2, -s}))).no_label().finish();
    }
    case Shape::crossed_circle: {
        const double r = 30;
        const double d = r * std::cos(pi / 4);
        return Builder()
            .part(Path::ellipse({0, 0}, r, r))
            .part(line({-d, d}, {d, -d}), ShapeInk::line)
            .part(line({d, d}, {-d, -d}), ShapeInk::line)
            .outline(Outline::ellipse)
            .no_label()
            .finish();
    }
    case Shape::brace_left:
    case Shape::brace_right:
    case Shape::braces: {
        const double w = tw + (neo ? 36 : p);
        const double h = th + (neo ? 24 : p);
        const double r = std::max(5.0, h * 0.1);
        // Mermaid shifts each brace group sideways and places the label from its top-left
        // corner; both offsets are kept so the text sits where Mermaid users expect it.
        const Point label_at{-w / 2 + p / 2 + tw / 2, -h / 2 + p / 2 + th / 2};
        Builder b;
        if (shape == Shape::brace_left) {
            b = Builder({label_at.x + r - p / 2, label_at.y});
            b.part(centered_rect(w, h + 2 * r).translated({r, 0}), ShapeInk::hidden);
            b.part(left_brace(w, h, r).translated({r, 0}), ShapeInk::line);
        } else if (shape == Shape::brace_right) {
            b = Builder(label_at);
            b.part(centered_rect(w, h + 2 * r).translated({-r, 0}), ShapeInk::hidden);
            b.part(right_brace(w, h, r).translated({-r, 0}), ShapeInk::line);
        } else {
            const double shift = r - r / 4;
            b = Builder(label_at);
            b.part(centered_rect(w, h + 2 * r).translated({shift, 0}), ShapeInk::hidden);
            b.part(left_brace(w, h, r).translated({shift, 0}), ShapeInk::line);
            b.part(right_brace(w - 3 * r, h, r).translated({shift, 0}), ShapeInk::line);
        }
        return b.outline(Outline::box).finish();
    }
    case Shape::document:
    case Shape::lined_document: {
        const bool lined = shape == Shape::lined_document;
        const double w = tw + 2 * (neo ? 16 : p);
        const double h = th + 2 * (neo ? 12 : p);
        const double amplitude = neo ? h / 4 : h / 8;
        const double fh = h + amplitude;
        const double extra = lined ? w / 20 : std::max(0.0, (14 - w) / 2);
        const double left = -w / 2 - extra;
        const double right = w / 2 + extra;
        const Point shift{0, -amplitude / 2};
        std::vector<Point> outline = concat({{{left, -fh / 2}, {left, fh / 2}},
                                             sine_wave(left, fh / 2, right, fh / 2, amplitude, 0.8),
                                             {{right, -fh / 2}}});
        Builder b(lined ? Point{w / 40, -amplitude / 2} : Point{0, -amplitude});
        b.part(Path::polygon(shifted(outline, shift)));
        if (lined) {
            b.part(line({-w / 2, -fh / 2}, {-w / 2, fh / 2 * 1.1}).translated(shift),
                   ShapeInk::line);
        }
        return b.finish();
    }
    case Shape::tagged_document: {
        const double w = tw + 2 * p;
        const double h = th + 2 * p;
        const double amplitude = h / 8;
        const double tag_w = 0.2 * w;
        const double tag_h = 0.2 * h;
        const double fh = h + amplitude;
        const double left = -w / 2 - w / 20;
        const double right = w / 2 + w / 20;
        const Point shift{0, -amplitude / 2};
        const std::vector<Point> doc =
            concat({{{left, fh / 2}},
                    sine_wave(left, fh / 2, right, fh / 2, amplitude, 0.8),
                    {{right, -fh / 2}, {left, -fh / 2}}});
        const double x = -w / 2 + w / 20;
        const double y = -fh / 2 - tag_h * 0.4;
        const std::vector<Point> tag = concat(
            {{{x + w - tag_w, (y + h) * 1.3}, {x + w, y + h - tag_h}, {x + w, (y + h) * 0.9}},
             sine_wave(x + w, (y + h) * 1.25, x + w - tag_w, (y + h) * 1.3, -h * 0.02, 0.5)});
        return Builder({0, -amplitude / 2})
            .part(Path::polygon(shifted(doc, shift)))
            .part(Path::polygon(shifted(tag, shift)))
            .finish();
    }
    case Shape::documents: {
        const double w = tw + 2 * (neo ? 16 : p);
        const double h = th + 3 * (neo ? 12 : p);
        const double amplitude = neo ? h / 4 : h / 8;
        const double fh = h + amplitude / 2;
        const double x = -w / 2;
        const double y = -fh / 2;
        const double o = 10;
        const std::vector<Point> wave =
            sine_wave(x - o, y + fh + o, x + w - o, y + fh + o, amplitude, 0.8);
        const double last = wave.back().y;
        const std::vector<Point> outer = concat({{{x - o, y + o}, {x - o, y + fh + o}},
                                                 wave,
                                                 {{x + w - o, last - o},
                                                  {x + w, last - o},
                                                  {x + w, last - 2 * o},
                                                  {x + w + o, last - 2 * o},
                                                  {x + w + o, y - o},
                                                  {x + o, y - o},
                                                  {x + o, y},
                                                  {x, y},
                                                  {x, y + o}}});
        const std::vector<Point> inner{{x, y + o},        {x + w - o, y + o}, {x + w - o, last - o},
                                       {x + w, last - o}, {x + w, y},         {x, y}};
        const Point shift{0, -amplitude / 2};
        return Builder({-o, o - amplitude / 2})
            .part(Path::polygon(shifted(outer, shift)))
            .part(Path::polygon(shifted(inner, shift)))
            .outline(Outline::box)
            .finish();
    }
    case Shape::stacked_rect: {
        const double o = neo ? 10 : 5;
        const double w = tw + 2 * (neo ? 16 : p);
        const double h = th + 2 * (neo ? 12 : p);
        const double x = -w / 2;
        const double y = -h / 2;
        const std::vector<Point> outer{{x - o, y + o},
                                       {x - o, y + h + o},
                                       {x + w - o, y + h + o},
                                       {x + w - o, y + h},
                                       {x + w, y + h},
                                       {x + w, y + h - o},
                                       {x + w + o, y + h - o},
                                       {x + w + o, y - o},
                                       {x + o, y - o},
                                       {x + o, y},
                                       {x, y},
                                       {x, y + o}};
        const std::vector<Point> inner{{x, y + o},     {x + w - o, y + o}, {x + w - o, y + h},
                                       {x + w, y + h}, {x + w, y},         {x, y}};
        return Builder({-o, o})
            .part(Path::polygon(outer))
            .part(Path::polygon(inner))
            .outline(Outline::box)
            .finish();
    }
    case Shape::delay: {
        const double w = std::max(15.0, tw) + 2 * (neo ? 16 : p);
        const double h = std::max(10.0, th) + 2 * (neo ? 12 : p);
        const double r = h / 2;
        return Builder()
            .part(Path()
                      .move_to({-w / 2, -h / 2})
                      .line_to({w / 2 - r, -h / 2})
                      .arc_to(r, r, false, true, {w / 2 - r, h / 2})
                      .line_to({-w / 2, h / 2})
                      .close())
            .finish();
    }
    case Shape::curved_trapezoid: {
        const double w = std::max(20.0, (tw + 2 * (neo ? 16 : p)) * 1.25);
        const double h = std::max(5.0, th + 2 * (neo ? 12 : p));
        const double r = h / 2;
        const double straight = w - r;
        const double bevel = h / 4;
        return Builder()
            .part(Path()
                      .move_to({straight, 0})
                      .line_to({bevel, 0})
                      .line_to({0, h / 2})
                      .line_to({bevel, h})
                      .line_to({straight, h})
                      .arc_to(r, r, false, false, {straight, 0})
                      .close()
                      .translated({-w / 2, -h / 2}))
            .finish();
    }
    case Shape::divided_rect: {
        const double pad = neo ? 16 : p;
        const double w = tw + pad;
        const double h = th + pad;
        const double band = h * 0.2;
        const double x = -w / 2;
        const double y = -h / 2 - band / 2;
        return Builder({0, band / 2})
            .part(rect_path(x, y, w, h + band))
            .part(line({x, y + band}, {-x, y + band}), ShapeInk::line)
            .outline(Outline::box)
            .finish();
    }
    case Shape::triangle:
    case Shape::flipped_triangle: {
        const double w = tw + (neo ? 2 * p : p);
        const double h = w + th;
        if (shape == Shape::triangle) {
            return Builder({0, h / 2 - th / 2 - p / 2})
                .part(Path::polygon({{-h / 2, h / 2}, {h / 2, h / 2}, {0, -h / 2}}))
                .finish();
        }
        return Builder({0, -h / 2 + p / 2 + th / 2})
            .part(Path::polygon({{-h / 2, -h / 2}, {h / 2, -h / 2}, {0, h / 2}}))
            .finish();
    }
    case Shape::window_pane: {
        const double o = 10;
        const double w = tw + 2 * (neo ? 16 : p);
        const double h = th + 2 * (neo ? 12 : p);
        const double x = -w / 2;
        const double y = -h / 2;
        const Point shift{o / 2, o / 2};
        return Builder(shift)
            .part(rect_path(x - o, y - o, w + o, h + o).translated(shift))
            .part(line({x - o, y}, {x + w, y}).translated(shift), ShapeInk::line)
            .part(line({x, y - o}, {x, y + h}).translated(shift), ShapeInk::line)
            .outline(Outline::box)
            .finish();
    }
    case Shape::notched_pentagon: {
        const double w = tw + 2 * (neo ? 16 : p);
        const double h = th + 2 * (neo ? 12 : p);
        return Builder()
            .part(Path::polygon({{-w / 2 * 0.8, -h / 2},
                                 {w / 2 * 0.8, -h / 2},
                                 {w / 2, -h / 2 * 0.6},
                                 {w / 2, h / 2},
                                 {-w / 2, h / 2},
                                 {-w / 2, -h / 2 * 0.6}}))
            .finish();
    }
    case Shape::sloped_rect: {
        const double w = tw + 2 * (neo ? 16 : p);
        const double h = th + 2 * (neo ? 12 : p);
        const double x = -w / 2;
        const double y = -h / 2 + h / 4;
        return Builder({0, h / 4})
            .part(Path::polygon({{x, y}, {x, y + h}, {x + w, y + h}, {x + w, y - h / 2}}))
            .finish();
    }
    case Shape::bow_tie_rect: {
        const double h = th + (neo ? 12 : p);
        const double ry = h / 2;
        const double rx = ry / (2.5 + h / 50);
        const double w = tw + 2 * (neo ? 16 : p);
        return Builder()
            .part(Path()
                      .move_to({w / 2, -h / 2})
                      .line_to({-w / 2, -h / 2})
                      .arc_to(rx, ry, false, false, {-w / 2, h / 2})
                      .line_to({w / 2, h / 2})
                      .arc_to(rx, ry, false, true, {w / 2, -h / 2})
                      .close()
                      .translated({rx / 2, 0}))
            .finish();
    }
    case Shape::tagged_rect: {
        const double h = th + 2 * (neo ? 12 : p);
        const double tag = 0.2 * h;
        const double w = tw + 2 * (neo ? 16 : p);
        const double x = -w / 2;
        const double y = -h / 2;
        return Builder()
            .part(rect_path(x - tag / 2, y, w + tag, h))
            .part(Path::polygon({{x + w - tag / 2, y + h},
                                 {x + w + tag / 2, y + h},
                                 {x + w + tag / 2, y + h - tag}}))
            .outline(Outline::box)
            .finish();
    }
    case Shape::paper_tape: {
        const double w = tw + 2 * (neo ? 16 : p);
        const double h = th + (neo ? 20 : p);
        const double amplitude = h / 8;
        const double fh = h + 2 * amplitude;
        return Builder()
            .part(
                Path::polygon(concat({{{-w / 2, fh / 2}},
                                      sine_wave(-w / 2, fh / 2, w / 2, fh / 2, amplitude, 1),
                                      {{w / 2, -fh / 2}},
                                      sine_wave(w / 2, -fh / 2, -w / 2, -fh / 2, amplitude, -1)})))
            .finish();
    }
    case Shape::datastore: {
        const double w = tw + 4 * p;
        const double h = th + 2 * p;
        return Builder()
            .part(centered_rect(w, h), ShapeInk::fill)
            .part(line({-w / 2, -h / 2}, {w / 2, -h / 2}), ShapeInk::line)
            .part(line({-w / 2, h / 2}, {w / 2, h / 2}), ShapeInk::line)
            .outline(Outline::box)
            .finish();
    }
    case Shape::bang: {
        const double w = tw + 5 * p;
        const double h = th + 4 * p;
        const double r = 0.15 * w;
        const double ew = std::max(w, tw + 20);
        const double eh = std::max(h, th + 20);
        Path path;
        Point at{0, 0};
        path.move_to(at);
        const auto arc = [&](double radius, double dx, double dy) {
            at = {at.x + dx, at.y + dy};
            path.arc_to(radius, radius, false, false, at);
        };
        arc(r, ew * 0.25, -eh * 0.1);
        arc(r, ew * 0.25, 0);
        arc(r, ew * 0.25, 0);
        arc(r, ew * 0.25, eh * 0.1);
        arc(r, ew * 0.15, eh * 0.33);
        arc(r * 0.8, 0, eh * 0.34);
        arc(r, -ew * 0.15, eh * 0.33);
        arc(r, -ew * 0.25, eh * 0.15);
        arc(r, -ew * 0.25, 0);
        arc(r, -ew * 0.25, 0);
        arc(r, -ew * 0.25, -eh * 0.15);
        arc(r, -ew * 0.1, -eh * 0.33);
        arc(r * 0.8, 0, -eh * 0.34);
        arc(r, ew * 0.1, -eh * 0.33);
        path.close();
        return Builder().part(path.translated({-ew / 2, -eh / 2})).outline(Outline::box).finish();
    }
    case Shape::cloud: {
        const double w = tw + p;
        const double h = th + p;
        const double r1 = 0.15 * w;
        const double r2 = 0.25 * w;
        const double r3 = 0.35 * w;
        const double r4 = 0.2 * w;
        Path path;
        Point at{0, 0};
        path.move_to(at);
        const auto arc = [&](double rx, double ry, double dx, double dy) {
            at = {at.x + dx, at.y + dy};
            path.arc_to(rx, ry, false, true, at);
        };
        arc(r1, r1, w * 0.25, -w * 0.1);
        arc(r3, r3, w * 0.4, -w * 0.1);
        arc(r2, r2, w * 0.35, w * 0.2);
        arc(r1, r1, w * 0.15, h * 0.35);
        arc(r4, r4, -w * 0.15, h * 0.65);
        arc(r2, r1, -w * 0.25, w * 0.15);
        arc(r3, r3, -w * 0.5, 0);
        arc(r1, r1, -w * 0.25, -w * 0.15);
        arc(r1, r1, -w * 0.1, -h * 0.35);
        arc(r4, r4, w * 0.1, -h * 0.65);
        path.close();
        return Builder().part(path.translated({-w / 2, -h / 2})).outline(Outline::box).finish();
    }
    case Shape::note: {
        const double w = tw + 2 * p;
        const double h = th + 2 * p;
        return Builder().part(centered_rect(w, h), ShapeInk::note).outline(Outline::box).finish();
    }
    }
    return Builder().part(centered_rect(tw + 4 * p, th + 2 * p)).outline(Outline::box).finish();
}

} // namespace merrow::layout
