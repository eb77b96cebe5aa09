#include "drawn_quality.hpp"

#include "merrow/layout/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace merrow::layout::detail {

namespace {

// Each cubic piece as a polyline of `steps` segments: enough to tell crossings apart at the
// spacing the engine keeps between edges.
constexpr int steps = 8;

// The piece of `controls` starting at control point k, as steps + 1 points.
std::vector<Point> flatten_piece(const std::vector<Point>& controls, std::size_t k) {
    std::vector<Point> out{controls[k]};
    for (int i = 1; i <= steps; ++i) {
        out.push_back(cubic_point(&controls[k], static_cast<double>(i) / steps));
    }
    return out;
}

struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool meets(const Box& o) const { return x0 <= o.x1 && o.x0 <= x1 && y0 <= o.y1 && o.y0 <= y1; }
};

Box merged(const Box& a, const Box& b) {
    return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

Box box_of(const std::vector<Point>& pts) {
    Box b{pts.front().x, pts.front().y, pts.front().x, pts.front().y};
    for (const Point& p : pts) {
        b.x0 = std::min(b.x0, p.x);
        b.y0 = std::min(b.y0, p.y);
        b.x1 = std::max(b.x1, p.x);
        b.y1 = std::max(b.y1, p.y);
    }
    return b;
}

// Where segments pq and rs cross (not run along each other). Each segment holds its start but
// not its end, so that a crossing at a vertex of the flattened curves counts once, not twice or
// (as with open segments) never: two mirrored curves cross at the middle of a rank gap, where
// both have a vertex.
bool segments_cross(Point p, Point q, Point r, Point s, Point& at) {
    const double d1x = q.x - p.x;
    const double d1y = q.y - p.y;
    const double d2x = s.x - r.x;
    const double d2y = s.y - r.y;
    const double den = d1x * d2y - d1y * d2x;
    if (std::abs(den) < 1e-9) {
        return false;
    }
    const double ex = r.x - p.x;
    const double ey = r.y - p.y;
    const double t = (ex * d2y - ey * d2x) / den;
    const double u = (ex * d1y - ey * d1x) / den;
    constexpr double margin = 1e-9;
    if (t < -margin || t >= 1 - margin || u < -margin || u >= 1 - margin) {
        return false;
    }
    at = {p.x + t * d1x, p.y + t * d1y};
    return true;
}

bool inside(const Rect& r, Point p) {
    return p.x >= r.x && p.x <= r.right() && p.y >= r.y && p.y <= r.bottom();
}

} // namespace

std::size_t drawn_crossings(const Graph& graph, const Layout& layout) {
    // Each edge as cubic pieces, each flattened and boxed: only pieces whose boxes meet are
    // compared segment by segment.
    struct Piece {
        Box box;
        std::vector<Point> points;
    };
    const std::size_t count = std::min(graph.edges.size(), layout.edges.size());
    std::vector<std::vector<Piece>> pieces(count);
    std::vector<Box> boxes(count);
    for (std::size_t e = 0; e < count; ++e) {
        const auto& c = layout.edges[e].points;
        for (std::size_t k = 0; k + 3 < c.size(); k += 3) {
            Piece piece;
            piece.points = flatten_piece(c, k);
            piece.box = box_of(piece.points);
            boxes[e] = pieces[e].empty() ? piece.box : merged(boxes[e], piece.box);
            pieces[e].push_back(std::move(piece));
        }
    }
    constexpr std::size_t no_node = static_cast<std::size_t>(-1);
    auto node_end = [](const EndpointSpec& end) {
        return end.is_cluster ? no_node : end.index;
    };
    std::size_t crossings = 0;
    for (std::size_t a = 0; a < count; ++a) {
        for (std::size_t b = a + 1; b < count; ++b) {
            if (pieces[a].empty() || pieces[b].empty() || !boxes[a].meets(boxes[b])) {
                continue;
            }
            // Nodes both edges end at: crossings inside them are the fan, not a crossing.
            std::vector<std::size_t> shared;
            for (const EndpointSpec* x : {&graph.edges[a].source, &graph.edges[a].target}) {
                for (const EndpointSpec* y : {&graph.edges[b].source, &graph.edges[b].target}) {
                    if (node_end(*x) != no_node && node_end(*x) == node_end(*y)) {
                        shared.push_back(x->index);
                    }
                }
            }
            for (const Piece& pa : pieces[a]) {
                if (!pa.box.meets(boxes[b])) {
                    continue;
                }
                for (const Piece& pb : pieces[b]) {
                    if (!pa.box.meets(pb.box)) {
                        continue;
                    }
                    for (std::size_t i = 1; i < pa.points.size(); ++i) {
                        for (std::size_t j = 1; j < pb.points.size(); ++j) {
                            Point at;
                            if (!segments_cross(pa.points[i - 1], pa.points[i], pb.points[j - 1],
                                                pb.points[j], at)) {
                                continue;
                            }
                            const bool fan =
                                std::any_of(shared.begin(), shared.end(), [&](std::size_t n) {
                                    return n < layout.nodes.size() && inside(layout.nodes[n], at);
                                });
                            if (!fan) {
                                ++crossings;
                            }
                        }
                    }
                }
            }
        }
    }
    return crossings;
}

double mean_edge_length(const Layout& layout) {
    double total = 0;
    for (const EdgeRoute& route : layout.edges) {
        for (std::size_t k = 0; k + 3 < route.points.size(); k += 3) {
            const std::vector<Point> piece = flatten_piece(route.points, k);
            for (std::size_t i = 1; i < piece.size(); ++i) {
                total += std::hypot(piece[i].x - piece[i - 1].x, piece[i].y - piece[i - 1].y);
            }
        }
    }
    return layout.edges.empty() ? 0 : total / static_cast<double>(layout.edges.size());
}

} // namespace merrow::layout::detail
