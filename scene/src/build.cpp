#include "merrow/scene/build.hpp"

#include "merrow/model/link.hpp"
#include "merrow/scene/curves.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

namespace merrow::scene {

namespace {

using layout::ShapeInk;
using layout::TextBlock;
using model::ArrowHead;
using model::EdgeStroke;

constexpr double title_font_size = 18;
constexpr double title_margin = 10;
constexpr double thick_width = 3.5;
// How far Mermaid draws an edge short of a pointed arrowhead's tip (markerOffsets.arrow_point).
constexpr double arrow_offset = 4;

// A colour and the theme slot it came from (none: the diagram's own style).
struct Paint {
    Color color;
    ColorRole role = ColorRole::none;
};

Paint themed(const std::optional<Color>& own, Color theme_color, ColorRole role) {
    return own ? Paint{*own, ColorRole::none} : Paint{theme_color, role};
}

Stroke stroke_of(Paint paint, double width, std::vector<double> dash = {},
                 LineJoin join = LineJoin::miter) {
    Stroke s;
    s.color = paint.color;
    s.role = paint.role;
    s.width = width;
    s.dash = std::move(dash);
    s.join = join;
    return s;
}

void set_fill(Shape& shape, Paint paint) {
    shape.fill = paint.color;
    shape.fill_role = paint.role;
}

Point lerp(Point a, Point b, double t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

double distance(Point a, Point b) {
    return std::hypot(b.x - a.x, b.y - a.y);
}

Point unit(Point from, Point to) {
    const double len = distance(from, to);
    if (len < 1e-9) {
        return {0, 1};
    }
    return {(to.x - from.x) / len, (to.y - from.y) / len};
}

// Cubic Bézier pieces (3n+1 control points) with their end cut back by `length` (measured as
// straight distance from the original end point).
std::vector<Point> trim_end(std::vector<Point> pts, double length) {
    if (length <= 0) {
        return pts;
    }
    const Point tip = pts.back();
    while (pts.size() >= 4) {
        const std::size_t k = pts.size() - 4;
        const Point p0 = pts[k];
        const Point p1 = pts[k + 1];
        const Point p2 = pts[k + 2];
        const Point p3 = pts[k + 3];
        if (distance(p0, tip) < length) {
            pts.resize(k + 1); // the whole piece lies within the arrowhead
            continue;
        }
        auto at = [&](double t) {
            const Point a = lerp(p0, p1, t);
            const Point b = lerp(p1, p2, t);
            const Point c = lerp(p2, p3, t);
            return lerp(lerp(a, b, t), lerp(b, c, t), t);
        };
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 40; ++i) {
            const double mid = (lo + hi) / 2;
            (distance(at(mid), tip) > length ? lo : hi) = mid;
        }
        const double t = lo;
        const Point a = lerp(p0, p1, t);
        const Point b = lerp(p1, p2, t);
        const Point c = lerp(p2, p3, t);
        const Point d = lerp(a, b, t);
        const Point e = lerp(b, c, t);
        pts[k + 1] = a;
        pts[k + 2] = d;
        pts[k + 3] = lerp(d, e, t);
        return pts;
    }
    return pts;
}

std::vector<Point> reversed(std::vector<Point> pts) {
    std::reverse(pts.begin(), pts.end());
    return pts;
}

Path cubic_path(const std::vector<Point>& pts) {
    Path path;
    if (pts.empty()) {
        return path;
    }
    path.move_to(pts.front());
    for (std::size_t i = 1; i + 2 < pts.size(); i += 3) {
        path.cubic_to(pts[i], pts[i + 1], pts[i + 2]);
    }
    return path;
}

// The direction a path leaves its last point in (`at_end`), or enters its first point from,
// reversed so that it points away from the path: the way an arrowhead there points.
Point end_direction(const Path& path, bool at_end) {
    const auto& segs = path.segments();
    if (segs.size() < 2) {
        return {0, 1};
    }
    const auto point_of = [](const layout::PathSegment& s) {
        return s.op == layout::PathSegment::Op::cubic ? s.p3 : s.p1;
    };
    if (at_end) {
        const layout::PathSegment& last = segs.back();
        const Point end = point_of(last);
        std::vector<Point> candidates;
        if (last.op == layout::PathSegment::Op::cubic) {
            candidates = {last.p2, last.p1};
        }
        for (std::size_t i = segs.size() - 1; i-- > 0;) {
            candidates.push_back(point_of(segs[i]));
        }
        for (const Point& c : candidates) {
            if (distance(c, end) > 1e-6) {
                return unit(c, end);
            }
        }
        return {0, 1};
    }
    const Point start = segs.front().p1;
    for (std::size_t i = 1; i < segs.size(); ++i) {
        const layout::PathSegment& s = segs[i];
        std::vector<Point> candidates{s.p1};
        if (s.op == layout::PathSegment::Op::cubic) {
            candidates = {s.p1, s.p2, s.p3};
        }
        for (const Point& c : candidates) {
            if (distance(c, start) > 1e-6) {
                return unit(c, start);
            }
        }
    }
    return {0, -1};
}

// Mermaid's markers (rendering-elements/markers.js), placed as its `orient="auto"` markers are:
// `tip` is where the edge meets the node, `dir` the way the marker points.
void add_head(std::vector<Item>& items, ArrowHead head, Point tip, Point dir, Paint paint) {
    const Point normal{-dir.y, dir.x};
    Shape shape;
    switch (head) {
    case ArrowHead::arrow: {
        // 10×10 viewBox scaled to 8 px: an 8 px long, 8 px wide triangle with a 0.8 px outline.
        const Point base{tip.x - dir.x * 8, tip.y - dir.y * 8};
        shape.path = Path::polygon({tip,
                                    {base.x + normal.x * 4, base.y + normal.y * 4},
                                    {base.x - normal.x * 4, base.y - normal.y * 4}});
        set_fill(shape, paint);
        shape.stroke = stroke_of(paint, 0.8);
        break;
    }
    case ArrowHead::circle: {
        // A 5 px circle scaled by 1.1, its centre 6.6 px before the node.
        const Point centre{tip.x - dir.x * 6.6, tip.y - dir.y * 6.6};
        shape.path = Path::ellipse(centre, 5.5, 5.5);
        set_fill(shape, paint);
        shape.stroke = stroke_of(paint, 1.1);
        break;
    }
    case ArrowHead::cross: {
        // Two 9 px diagonals 2 px wide, centred 6.5 px before the node.
        const Point c{tip.x - dir.x * 6.5, tip.y - dir.y * 6.5};
        const double h = 4.5;
        const Point u{(dir.x + normal.x) * h, (dir.y + normal.y) * h};
        const Point v{(dir.x - normal.x) * h, (dir.y - normal.y) * h};
        shape.path.move_to({c.x - u.x, c.y - u.y})
            .line_to({c.x + u.x, c.y + u.y})
            .move_to({c.x - v.x, c.y - v.y})
            .line_to({c.x + v.x, c.y + v.y});
        shape.stroke = stroke_of(paint, 2);
        break;
    }
    case ArrowHead::none:
        return;
    }
    items.push_back(Item::of(std::move(shape)));
}

// Lines of a measured text block centred on `centre`.
void add_text(std::vector<Item>& items, const TextBlock& block, Point centre, Paint paint) {
    const double top = centre.y - block.height / 2;
    for (std::size_t i = 0; i < block.lines.size(); ++i) {
        TextRun run;
        run.origin = {centre.x, top + block.baseline + static_cast<double>(i) * block.line_height};
        run.text = block.lines[i].text;
        run.width = block.lines[i].width;
        run.styles = block.lines[i].styles;
        run.font = block.font;
        run.color = paint.color;
        run.color_role = paint.role;
        run.anchor = TextAnchor::middle;
        items.push_back(Item::of(std::move(run)));
    }
}

// An id that is a valid XML name and unique in the scene.
class IdMaker {
  public:
    std::string make(std::string_view kind, std::string_view raw) {
        std::string id(kind);
        id += '-';
        for (char c : raw) {
            const auto u = static_cast<unsigned char>(c);
            id += (std::isalnum(u) != 0 || c == '-' || c == '_') ? c : '_';
        }
        std::string unique = id;
        // Counting on from the last number given to this id keeps thousands of ids that differ
        // only in characters XML ids cannot hold (`a.`, `a,`, `a!`…) linear, not quadratic.
        int& n = next_[id];
        while (used_.count(unique) != 0) {
            unique = id + '-' + std::to_string(n == 0 ? (n = 2) : ++n);
        }
        used_.insert(unique);
        return unique;
    }

  private:
    std::set<std::string> used_;
    std::map<std::string, int> next_;
};

Rect moved(const Rect& r, Point by) {
    return {r.x + by.x, r.y + by.y, r.width, r.height};
}

Palette palette_of(const Theme& theme) {
    Palette p;
    p[ColorRole::background] = theme.background;
    p[ColorRole::node_fill] = theme.node_fill;
    p[ColorRole::node_stroke] = theme.node_stroke;
    p[ColorRole::node_text] = theme.node_text;
    p[ColorRole::line] = theme.line;
    p[ColorRole::edge_label_background] = theme.edge_label_background;
    p[ColorRole::edge_label_text] = theme.edge_label_text;
    p[ColorRole::cluster_fill] = theme.cluster_fill;
    p[ColorRole::cluster_stroke] = theme.cluster_stroke;
    p[ColorRole::cluster_text] = theme.cluster_text;
    p[ColorRole::title_text] = theme.title_text;
    p[ColorRole::note_fill] = theme.note_fill;
    p[ColorRole::note_stroke] = theme.note_stroke;
    p[ColorRole::note_text] = theme.note_text;
    return p;
}

// Drops repeated points: curves treat a zero-length step as a corner.
std::vector<Point> distinct(const std::vector<Point>& pts) {
    std::vector<Point> out;
    for (const Point& p : pts) {
        if (out.empty() || distance(out.back(), p) > 1e-6) {
            out.push_back(p);
        }
    }
    return out;
}

// Moves the end point of `pts` back by `by`, as Mermaid shortens an edge so that a pointed
// arrowhead's tip, not the line under it, meets the node. Routes end with a run along the flow,
// so the point moves along the flow axis; corridor points it passes are dropped.
void pull_back_end(std::vector<Point>& pts, double by, bool flow_along_y) {
    if (pts.size() < 2 || by <= 0) {
        return;
    }
    const auto flow = [&](const Point& p) -> double {
        return flow_along_y ? p.y : p.x;
    };
    const double end = flow(pts.back());
    const double before = flow(pts[pts.size() - 2]);
    if (std::abs(end - before) < 1e-9) {
        // Arriving across the flow: shorten along the last segment.
        const Point a = pts[pts.size() - 2];
        const Point b = pts.back();
        const double len = distance(a, b);
        const double step = std::min(by, len * 0.9);
        if (len > 1e-9) {
            pts.back() = {b.x - (b.x - a.x) / len * step, b.y - (b.y - a.y) / len * step};
        }
        return;
    }
    const double sign = end > before ? 1 : -1;
    const double target = end - sign * by;
    (flow_along_y ? pts.back().y : pts.back().x) = target;
    while (pts.size() > 2 && (flow(pts[pts.size() - 2]) - target) * sign > -1e-9) {
        pts.erase(pts.end() - 2);
    }
}

// Makes the route arrive along the flow: when its last segment comes in at an angle (the node is
// its band's tallest, so the run inside the band has no length), a short run is added, so that
// an arrowhead there lines up with the flow and with the line behind it.
void arrive_along_flow(std::vector<Point>& pts, bool flow_along_y) {
    if (pts.size() < 2) {
        return;
    }
    const Point e = pts.back();
    const Point p = pts[pts.size() - 2];
    const double along = flow_along_y ? e.y - p.y : e.x - p.x;
    const double across = flow_along_y ? e.x - p.x : e.y - p.y;
    if (std::abs(across) < 1e-6 || std::abs(along) < 1e-6) {
        return;
    }
    const double run = std::copysign(std::min(10.0, std::abs(along) / 2), along);
    const Point q = flow_along_y ? Point{e.x, e.y - run} : Point{e.x - run, e.y};
    pts.insert(pts.end() - 1, q);
}

// The corridor alternates runs inside rank bands with steps across the gaps between them; a
// step curve turning exactly at a band's edge would run along the border of the band's tallest
// node. Pulling each gap step's ends a quarter of the gap inwards keeps the turns in the open.
std::vector<Point> inset_gap_steps(std::vector<Point> pts, bool flow_along_y) {
    for (std::size_t i = 1; i + 1 < pts.size(); i += 2) {
        Point& a = pts[i];
        Point& b = pts[i + 1];
        double& from = flow_along_y ? a.y : a.x;
        double& to = flow_along_y ? b.y : b.x;
        const double gap = std::abs(to - from);
        const double d = std::min(gap / 2, std::max(5.0, gap / 4));
        const double sign = to >= from ? 1 : -1;
        from += sign * d;
        to -= sign * d;
    }
    return pts;
}

struct EdgeStyle {
    Paint paint;
    double width = 1;
    std::vector<double> dash;
};

EdgeStyle edge_style(const model::Edge& edge, const Theme& theme) {
    EdgeStyle s;
    s.paint = themed(edge.style.stroke, theme.line, ColorRole::line);
    s.width = edge.stroke == EdgeStroke::thick ? thick_width : theme.line_width;
    s.width = edge.style.stroke_width.value_or(s.width);
    if (edge.stroke == EdgeStroke::dotted) {
        s.dash = {2, 2}; // Mermaid's `.edge-pattern-dotted { stroke-dasharray: 2 }`
    }
    s.dash = edge.style.stroke_dasharray.value_or(s.dash);
    return s;
}

} // namespace

Scene build_flowchart_scene(const model::Diagram& diagram, const layout::FlowchartLayout& fl,
                            const Theme& theme, const SceneOptions& options) {
    Scene scene;
    scene.palette = palette_of(theme);
    if (options.dark_theme) {
        scene.dark_palette = palette_of(*options.dark_theme);
    }
    const model::Flowchart* chart = diagram.flowchart();
    if (chart == nullptr) {
        return scene;
    }
    const layout::Layout& geo = fl.geometry;
    IdMaker ids;

    // Title above the drawing, as Mermaid's frontmatter `title`.
    double title_height = 0;
    layout::FontSpec title_font = theme.font;
    title_font.size = title_font_size;
    if (!diagram.title.empty()) {
        title_height = title_font_size * layout::line_height_factor + title_margin;
    }
    const Point offset{options.padding, options.padding + title_height};
    scene.width = geo.bounds.width + 2 * options.padding;
    scene.height = geo.bounds.height + 2 * options.padding + title_height;
    if (!options.transparent) {
        if (options.background) {
            scene.background = options.background;
        } else {
            scene.background = theme.background;
            scene.background_role = ColorRole::background;
        }
    }
    scene.title = !diagram.acc_title.empty() ? diagram.acc_title : diagram.title;
    scene.description = diagram.acc_descr;

    if (!diagram.title.empty()) {
        TextRun run;
        run.font = title_font;
        run.text = diagram.title;
        run.color = theme.title_text;
        run.color_role = ColorRole::title_text;
        run.origin = {scene.width / 2, options.padding + title_font_size};
        run.anchor = TextAnchor::middle;
        Group g;
        g.id = "diagram-title"; // "title" is the accessible <title> element
        g.css_class = "title";
        g.items.push_back(Item::of(std::move(run)));
        scene.items.push_back(Item::of(std::move(g)));
    }

    // Clusters, outermost first so nested ones paint over their parents. Subgraphs are listed
    // as they end, so a nested one usually comes before its parent: sort by depth.
    std::vector<std::size_t> cluster_depth(chart->subgraphs.size(), 0);
    for (std::size_t c = 0; c < chart->subgraphs.size(); ++c) {
        std::size_t steps = 0;
        for (auto p = chart->subgraphs[c].parent; p && steps < chart->subgraphs.size();
             p = chart->subgraphs[*p].parent) {
            ++steps;
        }
        cluster_depth[c] = steps;
    }
    std::vector<std::size_t> paint_order(std::min(chart->subgraphs.size(), geo.clusters.size()));
    for (std::size_t c = 0; c < paint_order.size(); ++c) {
        paint_order[c] = c;
    }
    std::stable_sort(paint_order.begin(), paint_order.end(), [&](std::size_t a, std::size_t b) {
        return cluster_depth[a] < cluster_depth[b];
    });
    for (const std::size_t c : paint_order) {
        const model::Subgraph& sub = chart->subgraphs[c];
        const Rect box = moved(geo.clusters[c], offset);
        Group g;
        g.id = ids.make("cluster", sub.id);
        g.css_class = "cluster";
        Shape frame;
        frame.path = Path::rectangle(box);
        set_fill(frame, themed(sub.style.fill, theme.cluster_fill, ColorRole::cluster_fill));
        frame.stroke =
            stroke_of(themed(sub.style.stroke, theme.cluster_stroke, ColorRole::cluster_stroke),
                      sub.style.stroke_width.value_or(1),
                      sub.style.stroke_dasharray.value_or(std::vector<double>{}));
        frame.opacity = sub.style.opacity.value_or(1);
        g.items.push_back(Item::of(std::move(frame)));
        if (c < fl.cluster_titles.size() && !fl.cluster_titles[c].lines.empty()) {
            const TextBlock& title = fl.cluster_titles[c];
            // Along the top, where the layout found room clear of the edges crossing it.
            const double x = c < geo.cluster_titles.size()
                                 ? moved(geo.cluster_titles[c], offset).center().x
                                 : box.center().x;
            add_text(g.items, title, {x, box.y + 4 + title.height / 2},
                     themed(sub.style.color, theme.cluster_text, ColorRole::cluster_text));
        }
        scene.items.push_back(Item::of(std::move(g)));
    }

    // Edges.
    const model::Curve default_curve = diagram.config.flowchart.curve;
    const bool vertical_flow =
        chart->direction == model::Direction::TB || chart->direction == model::Direction::BT;
    for (std::size_t e = 0; e < chart->edges.size() && e < geo.edges.size(); ++e) {
        const model::Edge& edge = chart->edges[e];
        const layout::EdgeRoute& route = geo.edges[e];
        if (edge.stroke == EdgeStroke::invisible || route.points.size() < 4) {
            continue;
        }
        model::Curve curve = default_curve;
        if (edge.curve) {
            curve = model::parse_curve(*edge.curve).value_or(default_curve);
        }
        const double end_pull = edge.head_end == ArrowHead::arrow ? arrow_offset : 0;
        const double start_pull = edge.head_start == ArrowHead::arrow ? arrow_offset : 0;

        Path line;
        Point tip_start;
        Point tip_end;
        std::vector<Point> corridor;
        for (const Point& p : route.waypoints) {
            corridor.push_back({p.x + offset.x, p.y + offset.y});
        }
        if (curve == model::Curve::step || curve == model::Curve::step_before ||
            curve == model::Curve::step_after) {
            corridor = inset_gap_steps(std::move(corridor), vertical_flow);
        }
        corridor = distinct(corridor);
        if (curve != model::Curve::basis && corridor.size() >= 2) {
            // Named curves run through the corridor, as Mermaid runs them through dagre's points.
            tip_start = corridor.front();
            tip_end = corridor.back();
            if (edge.head_end != ArrowHead::none) {
                arrive_along_flow(corridor, vertical_flow);
            }
            pull_back_end(corridor, end_pull, vertical_flow);
            std::reverse(corridor.begin(), corridor.end());
            if (edge.head_start != ArrowHead::none) {
                arrive_along_flow(corridor, vertical_flow);
            }
            pull_back_end(corridor, start_pull, vertical_flow);
            std::reverse(corridor.begin(), corridor.end());
            line = curve_path(curve, corridor);
        } else {
            // Basis is the engine's own smooth route: vertical at the ranks, clear of nodes.
            std::vector<Point> pts;
            pts.reserve(route.points.size());
            for (const Point& p : route.points) {
                pts.push_back({p.x + offset.x, p.y + offset.y});
            }
            tip_end = pts.back();
            tip_start = pts.front();
            pts = trim_end(std::move(pts), end_pull);
            pts = reversed(trim_end(reversed(std::move(pts)), start_pull));
            line = cubic_path(pts);
        }

        const EdgeStyle style = edge_style(edge, theme);
        Group g;
        g.id = ids.make("edge", edge.id.empty() ? std::to_string(e) : edge.id);
        g.css_class = "edge";
        Shape drawn;
        drawn.path = line;
        drawn.stroke = stroke_of(style.paint, style.width, style.dash, LineJoin::round);
        drawn.opacity = edge.style.opacity.value_or(1);
        g.items.push_back(Item::of(std::move(drawn)));
        add_head(g.items, edge.head_end, tip_end, end_direction(line, true), style.paint);
        add_head(g.items, edge.head_start, tip_start, end_direction(line, false), style.paint);
        scene.items.push_back(Item::of(std::move(g)));
    }

    // Edge labels over the edges.
    for (std::size_t e = 0; e < chart->edges.size() && e < geo.edges.size(); ++e) {
        const auto& label_box = geo.edges[e].label;
        if (!label_box || e >= fl.edge_labels.size() || fl.edge_labels[e].lines.empty() ||
            chart->edges[e].stroke == EdgeStroke::invisible) {
            continue;
        }
        const TextBlock& text = fl.edge_labels[e];
        const Rect box = moved(*label_box, offset);
        Group g;
        g.id = ids.make("edge-label",
                        chart->edges[e].id.empty() ? std::to_string(e) : chart->edges[e].id);
        g.css_class = "edge-label";
        Shape background;
        background.path = Path::rectangle(box);
        set_fill(background, {theme.edge_label_background, ColorRole::edge_label_background});
        g.items.push_back(Item::of(std::move(background)));
        add_text(
            g.items, text, box.center(),
            themed(chart->edges[e].style.color, theme.edge_label_text, ColorRole::edge_label_text));
        scene.items.push_back(Item::of(std::move(g)));
    }

    // Nodes on top.
    for (std::size_t n = 0; n < chart->nodes.size() && n < geo.nodes.size(); ++n) {
        const model::Node& node = chart->nodes[n];
        const Rect box = moved(geo.nodes[n], offset);
        const Point centre = box.center();
        Group g;
        g.id = ids.make("node", node.id);
        g.css_class = "node";
        // Callbacks are never written; links only when vetted (the parser has said why not).
        if (node.click && node.click->kind == model::ClickAction::Kind::link) {
            g.tooltip = node.click->tooltip;
            if (auto url = model::safe_link(node.click->target)) {
                g.link = std::move(*url);
                g.link_target = node.click->window;
            }
        }
        const Paint fill = themed(node.style.fill, theme.node_fill, ColorRole::node_fill);
        const Paint stroke = themed(node.style.stroke, theme.node_stroke, ColorRole::node_stroke);
        const double stroke_width = node.style.stroke_width.value_or(theme.node_stroke_width);
        const std::vector<double> dash =
            node.style.stroke_dasharray.value_or(std::vector<double>{});
        Point label_centre = centre;
        if (n < fl.node_shapes.size()) {
            const layout::ShapeGeometry& shape = fl.node_shapes[n];
            label_centre = {centre.x + shape.label_center.x, centre.y + shape.label_center.y};
            for (const layout::ShapePart& part : shape.parts) {
                Shape s;
                s.path = part.path.translated(centre);
                s.opacity = node.style.opacity.value_or(1);
                switch (part.ink) {
                case ShapeInk::body:
                    set_fill(s, fill);
                    s.stroke = stroke_of(stroke, stroke_width, dash);
                    break;
                case ShapeInk::line:
                    s.stroke = stroke_of(stroke, stroke_width, dash);
                    break;
                case ShapeInk::fill:
                    set_fill(s, fill);
                    break;
                case ShapeInk::solid:
                    set_fill(s, stroke);
                    s.stroke = stroke_of(stroke, stroke_width, dash);
                    break;
                case ShapeInk::note:
                    set_fill(s, themed(node.style.fill, theme.note_fill, ColorRole::note_fill));
                    s.stroke = stroke_of(
                        themed(node.style.stroke, theme.note_stroke, ColorRole::note_stroke),
                        stroke_width, dash);
                    break;
                case ShapeInk::hidden:
                    continue;
                }
                g.items.push_back(Item::of(std::move(s)));
            }
        } else {
            Shape body;
            body.path = Path::rectangle(box);
            set_fill(body, fill);
            body.stroke = stroke_of(stroke, stroke_width, dash);
            g.items.push_back(Item::of(std::move(body)));
        }
        if (n < fl.node_labels.size()) {
            add_text(g.items, fl.node_labels[n], label_centre,
                     themed(node.style.color, theme.node_text, ColorRole::node_text));
        }
        scene.items.push_back(Item::of(std::move(g)));
    }
    return scene;
}

} // namespace merrow::scene
