#include "merrow/scene/build.hpp"

#include "shapes.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace merrow::scene {

namespace {

using layout::TextBlock;
using model::ArrowHead;
using model::EdgeStroke;

constexpr double arrow_length = 9;
constexpr double arrow_half_width = 4.5;
constexpr double circle_radius = 4.5;
constexpr double cross_size = 8;
constexpr double title_font_size = 18;
constexpr double title_margin = 10;

Point lerp(Point a, Point b, double t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

double distance(Point a, Point b) {
    return std::hypot(b.x - a.x, b.y - a.y);
}

// Cubic Bézier pieces (3n+1 control points) with their end cut back by `length` (measured as
// straight distance from the original end point), so an arrowhead can take the place of the
// removed part. Returns the shortened points; `removed_to` receives the new end point.
std::vector<Point> trim_end(std::vector<Point> pts, double length) {
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
            const Point d = lerp(a, b, t);
            const Point e = lerp(b, c, t);
            return lerp(d, e, t);
        };
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 40; ++i) {
            const double mid = (lo + hi) / 2;
            (distance(at(mid), tip) > length ? lo : hi) = mid;
        }
        const double t = lo;
        // de Casteljau: keep [0, t].
        const Point a = lerp(p0, p1, t);
        const Point b = lerp(p1, p2, t);
        const Point c = lerp(p2, p3, t);
        const Point d = lerp(a, b, t);
        const Point e = lerp(b, c, t);
        const Point f = lerp(d, e, t);
        pts[k + 1] = a;
        pts[k + 2] = d;
        pts[k + 3] = f;
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

// The room an arrowhead of this kind takes along the edge.
double head_room(ArrowHead head) {
    switch (head) {
    case ArrowHead::arrow:
        return arrow_length;
    case ArrowHead::circle:
        return 2 * circle_radius;
    case ArrowHead::cross:
        return cross_size * 0.5;
    case ArrowHead::none:
        return 0;
    }
    return 0;
}

// Draws `head` with its tip at `tip`, pointing away from `from`.
void add_head(std::vector<Item>& items, ArrowHead head, Point from, Point tip, Color color,
              double line_width) {
    double dx = tip.x - from.x;
    double dy = tip.y - from.y;
    const double len = std::hypot(dx, dy);
    if (len < 1e-9) {
        dx = 0;
        dy = 1;
    } else {
        dx /= len;
        dy /= len;
    }
    const Point normal{-dy, dx};
    Shape shape;
    switch (head) {
    case ArrowHead::arrow: {
        const Point base{tip.x - dx * arrow_length, tip.y - dy * arrow_length};
        shape.path = Path::polygon(
            {tip,
             {base.x + normal.x * arrow_half_width, base.y + normal.y * arrow_half_width},
             {base.x - normal.x * arrow_half_width, base.y - normal.y * arrow_half_width}});
        shape.fill = color;
        shape.stroke = Stroke{color, 1, {}, LineCap::butt, LineJoin::miter};
        break;
    }
    case ArrowHead::circle: {
        const Point centre{tip.x - dx * circle_radius, tip.y - dy * circle_radius};
        shape.path = Path::ellipse(centre, circle_radius, circle_radius);
        shape.fill = color;
        shape.stroke = Stroke{color, 1, {}, LineCap::butt, LineJoin::miter};
        break;
    }
    case ArrowHead::cross: {
        const Point centre{tip.x - dx * cross_size / 2, tip.y - dy * cross_size / 2};
        const double h = cross_size / 2;
        const Point u{(dx + normal.x) * h * 0.7071, (dy + normal.y) * h * 0.7071};
        const Point v{(dx - normal.x) * h * 0.7071, (dy - normal.y) * h * 0.7071};
        shape.path.move_to({centre.x - u.x, centre.y - u.y})
            .line_to({centre.x + u.x, centre.y + u.y})
            .move_to({centre.x - v.x, centre.y - v.y})
            .line_to({centre.x + v.x, centre.y + v.y});
        shape.stroke = Stroke{color, std::max(2.0, line_width), {}, LineCap::butt, LineJoin::miter};
        break;
    }
    case ArrowHead::none:
        return;
    }
    items.push_back(Item::of(std::move(shape)));
}

// Lines of a measured text block centred on `centre`.
void add_text(std::vector<Item>& items, const TextBlock& block, Point centre, Color color) {
    const double top = centre.y - block.height / 2;
    for (std::size_t i = 0; i < block.lines.size(); ++i) {
        TextRun run;
        run.origin = {centre.x, top + block.baseline + static_cast<double>(i) * block.line_height};
        run.text = block.lines[i].text;
        run.width = block.lines[i].width;
        run.font = block.font;
        run.color = color;
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
        for (int n = 2; used_.count(unique) != 0; ++n) {
            unique = id + '-' + std::to_string(n);
        }
        used_.insert(unique);
        return unique;
    }

  private:
    std::set<std::string> used_;
};

Rect moved(const Rect& r, Point by) {
    return {r.x + by.x, r.y + by.y, r.width, r.height};
}

} // namespace

Scene build_flowchart_scene(const model::Diagram& diagram, const layout::FlowchartLayout& fl,
                            const Theme& theme, const SceneOptions& options) {
    Scene scene;
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
    const double content_width = geo.bounds.width;
    const Point offset{options.padding, options.padding + title_height};
    scene.width = content_width + 2 * options.padding;
    scene.height = geo.bounds.height + 2 * options.padding + title_height;
    if (!options.transparent) {
        scene.background = options.background ? options.background : theme.background;
    }
    scene.title = !diagram.acc_title.empty() ? diagram.acc_title : diagram.title;
    scene.description = diagram.acc_descr;

    if (!diagram.title.empty()) {
        TextRun run;
        run.font = title_font;
        run.text = diagram.title;
        run.color = theme.title_text;
        run.origin = {scene.width / 2, options.padding + title_font_size};
        run.anchor = TextAnchor::middle;
        Group g;
        g.id = "title";
        g.css_class = "title";
        g.items.push_back(Item::of(std::move(run)));
        scene.items.push_back(Item::of(std::move(g)));
    }

    // Clusters, outermost first so nested ones paint over their parents.
    for (std::size_t c = 0; c < chart->subgraphs.size() && c < geo.clusters.size(); ++c) {
        const model::Subgraph& sub = chart->subgraphs[c];
        const Rect box = moved(geo.clusters[c], offset);
        Group g;
        g.id = ids.make("cluster", sub.id);
        g.css_class = "cluster";
        Shape frame;
        frame.path = Path::rectangle(box);
        frame.fill = sub.style.fill.value_or(theme.cluster_fill);
        frame.stroke = Stroke{sub.style.stroke.value_or(theme.cluster_stroke),
                              sub.style.stroke_width.value_or(1),
                              sub.style.stroke_dasharray.value_or(std::vector<double>{}),
                              LineCap::butt, LineJoin::miter};
        g.items.push_back(Item::of(std::move(frame)));
        const TextBlock& title = fl.cluster_titles[c];
        if (!title.lines.empty()) {
            add_text(g.items, title, {box.center().x, box.y + 4 + title.height / 2},
                     sub.style.color.value_or(theme.cluster_text));
        }
        scene.items.push_back(Item::of(std::move(g)));
    }

    // Edges.
    for (std::size_t e = 0; e < chart->edges.size() && e < geo.edges.size(); ++e) {
        const model::Edge& edge = chart->edges[e];
        const auto& route = geo.edges[e].points;
        if (edge.stroke == EdgeStroke::invisible || route.size() < 4) {
            continue;
        }
        std::vector<Point> pts;
        pts.reserve(route.size());
        for (const Point& p : route) {
            pts.push_back({p.x + offset.x, p.y + offset.y});
        }
        const Point tip_end = pts.back();
        const Point tip_start = pts.front();
        pts = trim_end(std::move(pts), head_room(edge.head_end));
        pts = reversed(trim_end(reversed(std::move(pts)), head_room(edge.head_start)));

        const Color color = edge.style.stroke.value_or(theme.line);
        double width = edge.stroke == EdgeStroke::thick ? 3.5 : theme.line_width;
        width = edge.style.stroke_width.value_or(width);
        std::vector<double> dash;
        if (edge.stroke == EdgeStroke::dotted) {
            dash = {3, 3};
        }
        dash = edge.style.stroke_dasharray.value_or(dash);

        Group g;
        g.id = ids.make("edge", edge.id.empty() ? std::to_string(e) : edge.id);
        g.css_class = "edge";
        Shape line;
        line.path = cubic_path(pts);
        line.stroke = Stroke{color, width, dash, LineCap::butt, LineJoin::round};
        g.items.push_back(Item::of(std::move(line)));
        add_head(g.items, edge.head_end, pts.back(), tip_end, color, width);
        add_head(g.items, edge.head_start, pts.front(), tip_start, color, width);
        scene.items.push_back(Item::of(std::move(g)));
    }

    // Edge labels over the edges.
    for (std::size_t e = 0; e < chart->edges.size() && e < geo.edges.size(); ++e) {
        const auto& label_box = geo.edges[e].label;
        const TextBlock& text = fl.edge_labels[e];
        if (!label_box || text.lines.empty() || chart->edges[e].stroke == EdgeStroke::invisible) {
            continue;
        }
        const Rect box = moved(*label_box, offset);
        Group g;
        g.id = ids.make("edge-label",
                        chart->edges[e].id.empty() ? std::to_string(e) : chart->edges[e].id);
        g.css_class = "edge-label";
        Shape background;
        background.path = Path::rectangle(box);
        background.fill = theme.edge_label_background;
        g.items.push_back(Item::of(std::move(background)));
        add_text(g.items, text, box.center(),
                 chart->edges[e].style.color.value_or(theme.edge_label_text));
        scene.items.push_back(Item::of(std::move(g)));
    }

    // Nodes on top.
    for (std::size_t n = 0; n < chart->nodes.size() && n < geo.nodes.size(); ++n) {
        const model::Node& node = chart->nodes[n];
        const Rect box = moved(geo.nodes[n], offset);
        const detail::ShapeOutline outline =
            detail::shape_outline(node.shape, box, fl.graph.nodes[n], theme.corner_radius);
        Group g;
        g.id = ids.make("node", node.id);
        g.css_class = "node";
        if (node.click && node.click->kind == model::ClickAction::Kind::link) {
            g.tooltip = node.click->tooltip;
        }
        const Color stroke_color = node.style.stroke.value_or(theme.node_stroke);
        const Stroke stroke{stroke_color, node.style.stroke_width.value_or(theme.node_stroke_width),
                            node.style.stroke_dasharray.value_or(std::vector<double>{}),
                            LineCap::butt, LineJoin::miter};
        Shape body;
        body.path = outline.body;
        if (outline.filled) {
            body.fill = node.style.fill.value_or(theme.node_fill);
        }
        if (outline.stroked) {
            body.stroke = stroke;
        }
        body.opacity = node.style.opacity.value_or(1);
        g.items.push_back(Item::of(std::move(body)));
        for (const Path& detail : outline.details) {
            Shape s;
            s.path = detail;
            s.stroke = stroke;
            g.items.push_back(Item::of(std::move(s)));
        }
        add_text(g.items, fl.node_labels[n], box.center(),
                 node.style.color.value_or(theme.node_text));
        scene.items.push_back(Item::of(std::move(g)));
    }
    return scene;
}

} // namespace merrow::scene
