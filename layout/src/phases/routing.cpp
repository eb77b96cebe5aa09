#include "routing.hpp"

#include "corridor.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace merrow::layout::detail {

namespace {

constexpr double loop_reach = 22; // how far the first self-loop bulges right
constexpr double loop_step = 12;  // each further loop on the same node bulges this much more
constexpr double loop_label_gap = 6;

// Fraction of a node's width over which ports may spread: narrower for polygons, so ports
// stay on the part of the border that faces the next rank. An ellipse's and a diamond's ports
// follow the radius towards their edges (radial_x), down to their sides.
double spread_fraction(const LNode& node) {
    switch (node.outline) {
    case Outline::box:
        return 0.8;
    case Outline::ellipse:
        return 0.9;
    case Outline::diamond:
        return 0.9;
    case Outline::polygon:
        return 0.5;
    }
    return 0.5;
}

class PathBuilder {
  public:
    explicit PathBuilder(Point start) { points_.push_back(start); }

    void line_to(Point p) {
        const Point a = points_.back();
        if (std::abs(a.x - p.x) < 1e-9 && std::abs(a.y - p.y) < 1e-9) {
            return;
        }
        points_.push_back({a.x + (p.x - a.x) / 3, a.y + (p.y - a.y) / 3});
        points_.push_back({a.x + 2 * (p.x - a.x) / 3, a.y + 2 * (p.y - a.y) / 3});
        points_.push_back(p);
    }

    void cubic_to(Point c1, Point c2, Point p) {
        points_.push_back(c1);
        points_.push_back(c2);
        points_.push_back(p);
    }

    std::vector<Point> take() { return std::move(points_); }

  private:
    std::vector<Point> points_;
};

double polygon_exit_y(const LNode& node, double dx, bool bottom) {
    double best = bottom ? -1e300 : 1e300;
    const auto& poly = node.polygon;
    for (std::size_t i = 0; i < poly.size(); ++i) {
        const Point a = poly[i];
        const Point b = poly[(i + 1) % poly.size()];
        if ((dx < std::min(a.x, b.x)) || (dx > std::max(a.x, b.x)) || a.x == b.x) {
            continue;
        }
        const double t = (dx - a.x) / (b.x - a.x);
        const double y = a.y + t * (b.y - a.y);
        best = bottom ? std::max(best, y) : std::min(best, y);
    }
    if (std::abs(best) > 1e299) {
        return bottom ? node.size.height / 2 : -node.size.height / 2;
    }
    return best;
}

bool slants(const LNode& node) {
    return node.outline == Outline::diamond || node.outline == Outline::ellipse;
}

// Where a point lies against a node's outline (a polygon's: its bounding box), in the
// outline's own measure: below 1 inside, 1 on it, above 1 outside.
double outline_measure(const LNode& node, Point p) {
    const double dx = std::abs(p.x - node.x) / std::max(node.size.width / 2, 1e-9);
    const double dy = std::abs(p.y - node.y) / std::max(node.size.height / 2, 1e-9);
    switch (node.outline) {
    case Outline::diamond:
        return dx + dy;
    case Outline::box:
    case Outline::polygon:
        return std::max(dx, dy);
    case Outline::ellipse:
        break;
    }
    return std::hypot(dx, dy);
}

// Ports of one side of one node: x positions for the edges leaving (or entering) there,
// ordered by the x of the neighbour each edge heads to.
struct PortRequest {
    double towards_x;
    double far_x;
    std::size_t edge;
    double towards_y = 0;
};

// Where a port on an ellipse or a diamond best sits: where the line from its centre towards
// the neighbour the edge heads for crosses the outline, so that edges arrive from all round a
// small circle and leave a decision along its sides towards branches far out, as Mermaid
// draws them, instead of crowding its top or its bottom corner.
double radial_x(const LNode& node, const PortRequest& request) {
    // Scaled by how far beyond the outline the neighbour lies, the way to it ends on the outline.
    const double reach = outline_measure(node, {request.towards_x, request.towards_y});
    return reach > 0 ? node.x + (request.towards_x - node.x) / reach : node.x;
}

// Ports in the order their edges go, so that edges leave a side without crossing there.
void sort_requests(std::vector<PortRequest>& requests) {
    std::sort(requests.begin(), requests.end(), [](const PortRequest& a, const PortRequest& b) {
        if (a.towards_x != b.towards_x) {
            return a.towards_x < b.towards_x;
        }
        if (a.far_x != b.far_x) {
            return a.far_x < b.far_x;
        }
        return a.edge < b.edge;
    });
}

// Where an edge at a box would leave (reach) it through the box's left or right side instead
// of its bottom (top): where the line from the box's centre towards the neighbour the edge
// heads for crosses a side, as Mermaid clips its edges. Else the edge would leave the bottom
// at its corner and run off almost flat, and its arrowhead would point at the corner. Returns
// the port's height below (above) the centre; none where the line passes the corner closely.
std::optional<double> lateral_offset(const LNode& node, const PortRequest& request, double sign) {
    constexpr double corner_margin = 8;
    const double half_w = node.size.width / 2;
    const double half_h = node.size.height / 2;
    const double out = (request.towards_x - node.x) * sign;
    const double drop = std::abs(request.towards_y - node.y);
    if (node.outline != Outline::box || out <= half_w || drop <= half_h) {
        return std::nullopt;
    }
    // Near the corner, the bottom (top) serves as well.
    const double offset = half_w * drop / out;
    if (offset > half_h - corner_margin) {
        return std::nullopt;
    }
    return std::max(offset, half_h / 4);
}

std::vector<double> spread_ports(const LNode& node, const std::vector<PortRequest>& requests,
                                 double spacing) {
    const bool round = slants(node);
    const std::size_t k = requests.size();
    const double usable = node.size.width * spread_fraction(node);
    const double step = k > 1 ? std::min(spacing, usable / static_cast<double>(k - 1)) : 0;
    // Each port as close as it can be to the x its edge heads for, as a straight edge clipped at
    // the border would be: it shortens the curve to the next rank. Ports keep their order and
    // `step` between them. With y_i = x_i − i·step the order constraint becomes y non-decreasing,
    // so the closest positions (least squares) are an isotonic regression, solved by pooling
    // adjacent violators; bounds on y keep every port on the usable part of the side. Ports
    // heading straight down come out centred, as before.
    const double low = node.x - usable / 2;
    const double high = node.x + usable / 2 - static_cast<double>(k - 1) * step;
    struct Pool {
        double sum;
        double count;
        double mean() const { return sum / count; }
    };
    std::vector<Pool> pools;
    for (std::size_t i = 0; i < k; ++i) {
        const double wanted = round ? radial_x(node, requests[i]) : requests[i].towards_x;
        pools.push_back({wanted - static_cast<double>(i) * step, 1});
        while (pools.size() > 1 && pools.back().mean() < pools[pools.size() - 2].mean()) {
            const Pool top = pools.back();
            pools.pop_back();
            pools.back().sum += top.sum;
            pools.back().count += top.count;
        }
    }
    std::vector<double> xs;
    xs.reserve(k);
    for (const Pool& pool : pools) {
        const double y = std::clamp(pool.mean(), low, std::max(low, high));
        for (std::size_t j = 0; j < static_cast<std::size_t>(pool.count); ++j) {
            xs.push_back(y + static_cast<double>(xs.size()) * step);
        }
    }
    return xs;
}

std::vector<Point> polyline_to_cubics(const std::vector<Point>& polyline) {
    PathBuilder path(polyline.front());
    for (std::size_t i = 1; i < polyline.size(); ++i) {
        path.line_to(polyline[i]);
    }
    return path.take();
}

// Where the horizontal line `dy` below (or above) the centre meets the right side of the
// outline.
double right_side_x(const LNode& node, double dy) {
    const double half_w = node.size.width / 2;
    const double half_h = node.size.height / 2;
    if (half_h <= 0) {
        return node.x + half_w;
    }
    const double t = std::min(1.0, std::abs(dy) / half_h);
    switch (node.outline) {
    case Outline::ellipse:
        return node.x + half_w * std::sqrt(std::max(0.0, 1 - t * t));
    case Outline::diamond:
        return node.x + half_w * (1 - t);
    case Outline::box:
    case Outline::polygon:
        break;
    }
    return node.x + half_w;
}

struct SidePort {
    Point port;
    double lane_x;
};

// A port on a node's left or right side, and the x of the lane that leads to it.
std::optional<SidePort> side_port(const LNode& node, const std::optional<PortSpec>& port) {
    if (!port || (port->side != PortSpec::Side::left && port->side != PortSpec::Side::right)) {
        return std::nullopt;
    }
    const double sign = port->side == PortSpec::Side::right ? 1 : -1;
    const double edge = node.x + sign * node.size.width / 2;
    return SidePort{{edge, node.y + port->offset},
                    edge + sign * side_lane_gap * static_cast<double>(port->lane + 1)};
}

// Each node's share of its band, along the rank: where the edges through it (a dummy's or a
// label's) or out of and into it (a node's, below and above it) may run. Neighbours split the
// free room between them in the middle, less a small gap so that two routes never touch; the
// room between a node and the border of a cluster around it is the node's up to the middle. A
// node with self-loops or side lanes keeps its own edges to its body on that side.
struct Slot {
    double lo = 0;
    double hi = 0;
};

struct Share {
    std::size_t index = 0;
    std::size_t count = 1;
};

struct End {
    double x; ///< the port's x
    Share share;
    /// On a diamond or an ellipse: leave (or reach) the outline at the port along the route's
    /// first (last) leg, as Mermaid's edges follow their slope, instead of straight down (up)
    /// out of the bounding box first.
    bool slant = false;
    /// On a box: -1 (+1) where the end sits on the box's left (right) side instead, `side_y`
    /// below (above) the centre for a start (an end); see lateral_offset.
    int side = 0;
    double side_y = 0;
};

// Whether the segment from `on`, a point of the node's convex outline, towards `to` runs into
// the shape: it does at once or never, so one step along it tells.
bool leg_enters(const LNode& node, Point on, Point to) {
    const double length = std::hypot(to.x - on.x, to.y - on.y);
    if (length < 1e-9) {
        return false;
    }
    const double step = std::min(1.0, length / 2) / length;
    const Point probe{on.x + (to.x - on.x) * step, on.y + (to.y - on.y) * step};
    return outline_measure(node, probe) < 1 - 1e-9;
}

// Whether a cubic piece (4 control points) dips into the node's outline by more than half a
// pixel anywhere but at its end on the outline.
bool piece_enters(const LNode& node, const Point* piece) {
    const double tolerance = 0.5 / std::max(std::min(node.size.width, node.size.height) / 2, 1.0);
    for (int k = 1; k < 32; ++k) {
        const double t = k / 32.0;
        const double u = 1 - t;
        const Point p{u * u * u * piece[0].x + 3 * u * u * t * piece[1].x +
                          3 * u * t * t * piece[2].x + t * t * t * piece[3].x,
                      u * u * u * piece[0].y + 3 * u * u * t * piece[1].y +
                          3 * u * t * t * piece[2].y + t * t * t * piece[3].y};
        if (outline_measure(node, p) < 1 - tolerance) {
            return true;
        }
    }
    return false;
}

std::vector<Slot> band_slots(const LayeredGraph& graph) {
    std::vector<Slot> slots(graph.nodes.size());
    auto clusters_of = [&](NodeId n) {
        std::vector<std::size_t> chain; // innermost first
        if (n < graph.node_cluster.size()) {
            for (std::size_t c = graph.node_cluster[n]; c != none; c = graph.clusters[c].parent) {
                chain.push_back(c);
            }
        }
        return chain;
    };
    auto left_end = [&](const LNode& n) {
        return n.x - n.size.width / 2 - n.left_extra;
    };
    auto right_end = [&](const LNode& n) {
        return n.x + n.size.width / 2 + n.right_extra;
    };
    // The clusters around `a` that are not around `b`: the innermost ones of a's chain.
    auto own_part = [](const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
        std::size_t k = 0;
        while (k < a.size() && std::find(b.begin(), b.end(), a[k]) == b.end()) {
            ++k;
        }
        return k;
    };
    for (const auto& layer : graph.layers) {
        std::vector<std::vector<std::size_t>> chains;
        chains.reserve(layer.size());
        for (NodeId n : layer) {
            chains.push_back(clusters_of(n));
        }
        for (std::size_t i = 0; i < layer.size(); ++i) {
            const LNode& node = graph.nodes[layer[i]];
            Slot& slot = slots[layer[i]];
            slot.lo = left_end(node);
            slot.hi = right_end(node);
            // An ellipse or a diamond at the end of its rank keeps the room beside it free too:
            // edges reach its sides from there along the radius (spread_ports).
            if (slants(node) && chains[i].empty()) {
                if (i == 0) {
                    slot.lo -= node.size.width / 2;
                }
                if (i + 1 == layer.size()) {
                    slot.hi += node.size.width / 2;
                }
            }
            if (!chains[i].empty()) {
                const Rect& box = graph.clusters[chains[i].front()].box;
                slot.lo = (box.x + slot.lo) / 2;
                slot.hi = (box.right() + slot.hi) / 2;
            }
        }
        for (std::size_t i = 1; i < layer.size(); ++i) {
            const LNode& left = graph.nodes[layer[i - 1]];
            const LNode& right = graph.nodes[layer[i]];
            const std::size_t left_own = own_part(chains[i - 1], chains[i]);
            const std::size_t right_own = own_part(chains[i], chains[i - 1]);
            double from = right_end(left);
            double to = left_end(right);
            if (left_own > 0) {
                from = std::max(from, graph.clusters[chains[i - 1][left_own - 1]].box.right());
            }
            if (right_own > 0) {
                to = std::min(to, graph.clusters[chains[i][right_own - 1]].box.x);
            }
            const double middle = (from + to) / 2;
            const double gap = std::min(3.0, std::max(0.0, to - from) / 4);
            Slot& a = slots[layer[i - 1]];
            Slot& b = slots[layer[i]];
            a.hi = left_own > 0 ? std::min(a.hi, middle - gap) : middle - gap;
            b.lo = right_own > 0 ? std::max(b.lo, middle + gap) : middle + gap;
        }
        for (NodeId n : layer) {
            const LNode& node = graph.nodes[n];
            Slot& slot = slots[n];
            if (node.left_extra > 0) {
                slot.lo = node.x - node.size.width / 2;
            }
            if (node.right_extra > 0) {
                slot.hi = node.x + node.size.width / 2;
            }
            slot.lo = std::min(slot.lo, node.x);
            slot.hi = std::max(slot.hi, node.x);
        }
    }
    return slots;
}

// Where the band of rank r ends below (or above), with the strip for cluster borders there.
double band_edge(const LayeredGraph& graph, std::size_t r, bool below) {
    const auto& strips = below ? graph.border_below : graph.border_above;
    const double strip = r < strips.size() ? strips[r] : 0.0;
    return below ? graph.rank_bottom[r] + strip : graph.rank_top[r] - strip;
}

// The x of a box's left (side -1) or right (+1) side.
double side_x(const LNode& node, int side) {
    return node.x + side * node.size.width / 2;
}

// The part of a share beyond a box's left (right) side, for an end on that side: its route
// must not cut back across the box.
Slot outside_part(Slot slot, const LNode& node, int side) {
    const double edge = side_x(node, side);
    return side > 0 ? Slot{std::max(slot.lo, edge), slot.hi}
                    : Slot{slot.lo, std::min(slot.hi, edge)};
}

// How far beyond a box's left (right) side, towards `wanted`, an end on that side may run
// inside the node's band, the node being the first (last) of its rank: nothing of the rank
// lies beyond it, but clusters may. It stops short of a foreign cluster, and crosses the
// node's own clusters' borders except where a title runs along one (the left, in LR and RL
// drawings): there it stops where the title's strip begins.
double free_until(const LayeredGraph& graph, NodeId id, int side, double wanted) {
    const LNode& node = graph.nodes[id];
    const auto rank = static_cast<std::size_t>(node.rank);
    const double top = band_edge(graph, rank, false);
    const double bottom = band_edge(graph, rank, true);
    const double edge = side_x(node, side);
    double until = wanted;
    auto stop_at = [&](double x) {
        until = side > 0 ? std::min(until, x) : std::max(until, x);
    };
    std::vector<char> own(graph.clusters.size(), 0);
    if (id < graph.node_cluster.size()) {
        for (std::size_t c = graph.node_cluster[id]; c != none; c = graph.clusters[c].parent) {
            own[c] = 1;
        }
    }
    constexpr double gap = 3;
    for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
        const LCluster& cluster = graph.clusters[c];
        const Rect& box = cluster.box;
        if (box.bottom() <= top || box.y >= bottom) {
            continue;
        }
        if (own[c] != 0) {
            const bool titled_side = side > 0 ? cluster.room_right > cluster.room_left
                                              : cluster.room_left > cluster.room_right;
            if (titled_side) {
                // Short of the title's strip, not only of the border: an edge that ran on
                // inside the strip would cross the title.
                stop_at(side > 0 ? box.right() - cluster.room_right : box.x + cluster.room_left);
            }
        } else if (side > 0 ? box.x >= edge : box.right() <= edge) {
            stop_at(side > 0 ? box.x - gap : box.right() + gap);
        }
    }
    return until;
}

// A chain's corridor (see corridor.hpp), and the fixed pieces before and after it at side
// ports: sideways out of the port to its lane, straight down beside the node to the end of
// its band.
struct ChainCorridor {
    Corridor corridor;
    std::vector<Point> head;
    std::vector<Point> tail;
    /// Ends on a box's side that serve worse than the bottom's (top's) corner would: the taut
    /// leg does not run clearly off the side, bends where it leaves the band, or the route is
    /// much longer. straight_start / straight_end bits.
    char steep_sides = 0;
};

constexpr char straight_start = 1;
constexpr char straight_end = 2;

double taut_length(const std::vector<Corner>& corners) {
    double length = 0;
    for (std::size_t i = 1; i < corners.size(); ++i) {
        length += std::hypot(corners[i].at.x - corners[i - 1].at.x,
                             corners[i].at.y - corners[i - 1].at.y);
    }
    return length;
}

// Whether a taut leg from a point on a box's side runs off that side: outwards by at least
// a third of its drop, else it would hug the side.
bool leaves_side(Point on, Point to, int side) {
    return side * (to.x - on.x) >= std::abs(to.y - on.y) / 3;
}

ChainCorridor chain_corridor(const LayeredGraph& graph, const std::vector<Slot>& slots,
                             const EdgeChain& chain, End start_end, End end_end,
                             const RouteOptions& options) {
    // Edges that share a node's side get parts of its slot, in port order and a port spacing
    // apart at most: pulled taut round the same corner, they would touch there.
    auto part = [&](Slot slot, Share share) {
        const double width = slot.hi - slot.lo;
        const double step =
            std::min(options.port_spacing / 2, width / static_cast<double>(2 * share.count + 2));
        return Slot{slot.lo + step * static_cast<double>(share.index),
                    slot.hi - step * static_cast<double>(share.count - 1 - share.index)};
    };
    const double start_x = start_end.x;
    const double end_x = end_end.x;
    auto band_top = [&](std::size_t r) {
        return band_edge(graph, r, false);
    };
    auto band_bottom = [&](std::size_t r) {
        return band_edge(graph, r, true);
    };
    std::vector<Gate> gates;
    auto add = [&](double y, double lo, double hi, Slot room, bool pinned) {
        if (!gates.empty() && y <= gates.back().y + 1e-9) {
            // Two gates at one height (a node as tall as its band): the narrower holds.
            Gate& g = gates.back();
            if (!(g.pinned || g.lo == g.hi)) {
                g.lo = std::max(g.lo, lo);
                g.hi = std::max(g.lo, std::min(g.hi, hi));
            }
            g.pinned = g.pinned || pinned;
            g.room_lo = room.lo;
            g.room_hi = room.hi;
            return;
        }
        gates.push_back({y, lo, hi, room.lo, room.hi, pinned, false});
    };
    // Entering a band: the room from the last gate (the band above, across the gap) is the
    // hull of both bands' shares.
    auto enter = [&](double y, double lo, double hi, Slot room, bool pinned) {
        if (!gates.empty()) {
            gates.back().room_lo = std::min(gates.back().lo, lo);
            gates.back().room_hi = std::max(gates.back().hi, hi);
            gates.back().gap_below = true;
        }
        add(y, lo, hi, room, pinned);
    };

    const LNode& top = graph.nodes[chain.nodes.front()];
    const LNode& bottom = graph.nodes[chain.nodes.back()];
    const auto top_rank = static_cast<std::size_t>(top.rank);
    const auto bottom_rank = static_cast<std::size_t>(bottom.rank);
    const auto& upper_port = chain.upper_port();
    const auto& lower_port = chain.lower_port();
    std::vector<Point> head;
    std::vector<Point> tail;
    if (const auto side = side_port(top, upper_port)) {
        head = {side->port, {side->lane_x, side->port.y}};
        add(band_bottom(top_rank), side->lane_x, side->lane_x, {}, true);
    } else if (start_end.side != 0) {
        const Slot slot =
            outside_part(part(slots[chain.nodes.front()], start_end.share), top, start_end.side);
        const Point port = side_exit(top, start_end.side_y, start_end.side > 0);
        add(port.y, port.x, port.x, slot, false);
        add(band_bottom(top_rank), slot.lo, slot.hi, {}, false);
    } else {
        const Point start = outline_exit(top, start_x, true);
        const Slot slot = part(slots[chain.nodes.front()], start_end.share);
        // A slanting start is a gate of its own, so its port must lie in its share; whether its
        // first leg points away from the shape is checked once the path is taut.
        start_end.slant = start_end.slant && slot.lo <= start.x && start.x <= slot.hi;
        const bool curved = top.outline != Outline::box && !start_end.slant;
        const Slot straight{start.x, start.x};
        add(start.y, start.x, start.x, curved ? straight : slot, curved || upper_port);
        if (curved) {
            // Straight down out of the bounding box first: a slanting start could cut back
            // through a diamond's or an ellipse's side.
            add(top.y + top.size.height / 2, start.x, start.x, slot, true);
        }
        add(band_bottom(top_rank), slot.lo, slot.hi, {}, false);
    }
    for (std::size_t i = 1; i + 1 < chain.nodes.size(); ++i) {
        const LNode& d = graph.nodes[chain.nodes[i]];
        const auto r = static_cast<std::size_t>(d.rank);
        // Straight through an edge label, which is drawn centred on its edge.
        const bool label = d.kind == NodeKind::label;
        const Slot slot = label ? Slot{d.x, d.x} : slots[chain.nodes[i]];
        enter(band_top(r), slot.lo, slot.hi, slot, label);
        add(band_bottom(r), slot.lo, slot.hi, {}, label);
    }
    if (const auto side = side_port(bottom, lower_port)) {
        enter(band_top(bottom_rank), side->lane_x, side->lane_x, {}, true);
        tail = {{side->lane_x, side->port.y}, side->port};
    } else if (end_end.side != 0) {
        const Slot slot =
            outside_part(part(slots[chain.nodes.back()], end_end.share), bottom, end_end.side);
        const Point port = side_exit(bottom, -end_end.side_y, end_end.side > 0);
        enter(band_top(bottom_rank), slot.lo, slot.hi, slot, false);
        add(port.y, port.x, port.x, {}, false);
    } else {
        const Point end = outline_exit(bottom, end_x, false);
        const Slot slot = part(slots[chain.nodes.back()], end_end.share);
        end_end.slant = end_end.slant && slot.lo <= end.x && end.x <= slot.hi;
        const bool curved = bottom.outline != Outline::box && !end_end.slant;
        enter(band_top(bottom_rank), slot.lo, slot.hi, slot, false);
        if (curved) {
            add(bottom.y - bottom.size.height / 2, end.x, end.x, {end.x, end.x}, true);
        }
        add(end.y, end.x, end.x, {}, curved || lower_port);
    }

    std::vector<Corner> corners = taut_route(gates);
    // A slanting end whose taut leg would cut back through its shape goes straight out of the
    // bounding box instead.
    const std::size_t n = corners.size();
    const bool bad_start = start_end.slant && leg_enters(top, corners[0].at, corners[1].at);
    const bool bad_end = end_end.slant && leg_enters(bottom, corners[n - 1].at, corners[n - 2].at);
    if (bad_start || bad_end) {
        start_end.slant = start_end.slant && !bad_start;
        end_end.slant = end_end.slant && !bad_end;
        return chain_corridor(graph, slots, chain, start_end, end_end, options);
    }
    // A route from a box's side that bends where it leaves the node's band was held back by
    // a narrow share beside the box; its curve would swing out across its neighbours there.
    char steep = 0;
    if (start_end.side != 0 &&
        (!leaves_side(corners[0].at, corners[1].at, start_end.side) ||
         (n > 2 && std::abs(corners[1].at.y - band_bottom(top_rank)) < 1e-6))) {
        steep |= straight_start;
    }
    if (end_end.side != 0 &&
        (!leaves_side(corners[n - 1].at, corners[n - 2].at, end_end.side) ||
         (n > 2 && std::abs(corners[n - 2].at.y - band_top(bottom_rank)) < 1e-6))) {
        steep |= straight_end;
    }
    if (steep == 0 && (start_end.side != 0 || end_end.side != 0)) {
        // Where the share beside the box is narrow, the route must bend round into it: then
        // the bottom's (top's) corner serves better, as it does where the side costs much
        // length.
        auto at_corner = [](End end, const LNode& node) {
            if (end.side != 0) {
                end.x = node.x + end.side * node.size.width * spread_fraction(node) / 2;
                end.side = 0;
            }
            return end;
        };
        const ChainCorridor plain = chain_corridor(graph, slots, chain, at_corner(start_end, top),
                                                   at_corner(end_end, bottom), options);
        if (taut_length(corners) > 1.1 * taut_length(plain.corridor.corners) + 2) {
            steep = static_cast<char>((start_end.side != 0 ? straight_start : 0) |
                                      (end_end.side != 0 ? straight_end : 0));
        }
    }
    return {{std::move(gates), std::move(corners)}, std::move(head), std::move(tail), steep};
}

// The control points of a route: the side-port pieces straight, the corridor's curve between.
std::vector<Point> join_route(const ChainCorridor& c, const std::vector<Point>& route) {
    if (c.head.empty() && c.tail.empty()) {
        return route;
    }
    PathBuilder path(c.head.empty() ? route.front() : c.head.front());
    for (std::size_t i = 1; i < c.head.size(); ++i) {
        path.line_to(c.head[i]);
    }
    if (!c.head.empty()) {
        path.line_to(route.front());
    }
    for (std::size_t i = 1; i + 2 < route.size(); i += 3) {
        path.cubic_to(route[i], route[i + 1], route[i + 2]);
    }
    for (const Point& p : c.tail) {
        path.line_to(p);
    }
    return path.take();
}

} // namespace

Point side_exit(const LNode& node, double dy, bool right) {
    const double sign = right ? 1 : -1;
    if (node.outline != Outline::polygon || node.polygon.size() < 3) {
        return {node.x + sign * (right_side_x(node, dy) - node.x), node.y + dy};
    }
    // The outermost crossing of the horizontal line with the polygon's edges.
    double reach = 0;
    bool found = false;
    const std::size_t k = node.polygon.size();
    for (std::size_t i = 0; i < k; ++i) {
        const Point a = node.polygon[i];
        const Point b = node.polygon[(i + 1) % k];
        if ((a.y - dy) * (b.y - dy) > 0 || a.y == b.y) {
            continue;
        }
        const double x = a.x + (b.x - a.x) * (dy - a.y) / (b.y - a.y);
        if (!found || sign * x > reach) {
            reach = sign * x;
            found = true;
        }
    }
    if (!found) {
        reach = node.size.width / 2;
    }
    return {node.x + sign * reach, node.y + dy};
}

Point outline_exit(const LNode& node, double x, bool bottom) {
    const double half_w = node.size.width / 2;
    const double half_h = node.size.height / 2;
    const double dx = std::clamp(x - node.x, -half_w, half_w);
    double dy = half_h;
    switch (node.outline) {
    case Outline::box:
        break;
    case Outline::ellipse:
        dy = half_w > 0 ? half_h * std::sqrt(std::max(0.0, 1 - (dx * dx) / (half_w * half_w)))
                        : half_h;
        break;
    case Outline::diamond:
        dy = half_w > 0 ? half_h * (1 - std::abs(dx) / half_w) : half_h;
        break;
    case Outline::polygon:
        return {node.x + dx, node.y + polygon_exit_y(node, dx, bottom)};
    }
    return {node.x + dx, bottom ? node.y + dy : node.y - dy};
}

double self_loop_room(std::size_t loops, double widest_label) {
    if (loops == 0) {
        return 0;
    }
    const double reach = loop_reach + loop_step * static_cast<double>(loops - 1);
    return reach + (widest_label > 0 ? loop_label_gap + widest_label : 0) + 4;
}

std::vector<RoutedEdge> route_edges(const LayeredGraph& graph,
                                    const std::vector<std::optional<Size>>& labels,
                                    const RouteOptions& options) {
    const std::size_t edge_count = graph.chains.size();
    std::vector<RoutedEdge> routes(edge_count);

    // Ports: (node, side) → requests, side 0 = bottom (edge goes down), 1 = top.
    std::map<std::pair<NodeId, int>, std::vector<PortRequest>> requests;
    for (std::size_t e = 0; e < edge_count; ++e) {
        const EdgeChain& chain = graph.chains[e];
        if (chain.self_loop || chain.nodes.size() < 2) {
            continue;
        }
        const LNode& second = graph.nodes[chain.nodes[1]];
        const LNode& before_last = graph.nodes[chain.nodes[chain.nodes.size() - 2]];
        const LNode& last = graph.nodes[chain.nodes.back()];
        const LNode& first = graph.nodes[chain.nodes.front()];
        const auto& upper_port = chain.upper_port();
        const auto& lower_port = chain.lower_port();
        // An end at a fixed port on a block's top or bottom is where the edge heads for, not
        // the block's middle.
        auto port_x = [](const LNode& n, const std::optional<PortSpec>& port) {
            return n.x + rank_side_offset(port).value_or(0.0);
        };
        const double first_x = port_x(first, upper_port);
        const double last_x = port_x(last, lower_port);
        if (!upper_port) {
            requests[{chain.nodes.front(), 0}].push_back(
                {chain.nodes.size() == 2 ? last_x : second.x, last_x, e, second.y});
        }
        if (!lower_port) {
            requests[{chain.nodes.back(), 1}].push_back(
                {chain.nodes.size() == 2 ? first_x : before_last.x, first_x, e, before_last.y});
        }
    }
    std::vector<double> start_port(edge_count, 0);
    std::vector<double> end_port(edge_count, 0);
    // Where each edge stands among those that share its end's side, in port order.
    std::vector<Share> start_share(edge_count);
    std::vector<Share> end_share(edge_count);
    // Ends on a box's left or right side (lateral_offset): the side and the port's height.
    std::vector<int> start_side(edge_count, 0);
    std::vector<int> end_side(edge_count, 0);
    std::vector<double> start_side_y(edge_count, 0);
    std::vector<double> end_side_y(edge_count, 0);
    // Ends that may not sit on a box's side: their route found too little room beyond it.
    std::vector<char> no_side(edge_count, 0);
    std::vector<std::vector<std::size_t>> leaving;
    std::vector<std::vector<std::size_t>> arriving;
    const std::vector<Slot> base_slots = band_slots(graph);
    std::vector<Slot> slots;
    // Beyond the first and the last node of a rank, the band is free (free_until).
    std::vector<char> open_beyond(graph.nodes.size(), 0); // 1: left, 2: right
    for (const auto& layer : graph.layers) {
        if (!layer.empty()) {
            open_beyond[layer.front()] |= 1;
            open_beyond[layer.back()] |= 2;
        }
    }
    auto assign_ports = [&] {
        slots = base_slots;
        leaving.clear();
        arriving.clear();
        std::fill(start_side.begin(), start_side.end(), 0);
        std::fill(end_side.begin(), end_side.end(), 0);
        for (auto& [key, list] : requests) {
            const NodeId id = key.first;
            const LNode& node = graph.nodes[id];
            const bool down = key.second == 0;
            sort_requests(list);
            // The outermost edge on either side may leave through that side of a box.
            auto to_side = [&](const PortRequest& request, int side) {
                if ((no_side[request.edge] & (down ? straight_start : straight_end)) != 0) {
                    return false;
                }
                // Self-loops and lanes to side ports keep that side.
                const auto offset = lateral_offset(node, request, side);
                if (!offset || (side > 0 ? node.right_extra : node.left_extra) > 0) {
                    return false;
                }
                Slot& slot = slots[id];
                if ((open_beyond[id] & (side > 0 ? 2 : 1)) != 0) {
                    double& end = side > 0 ? slot.hi : slot.lo;
                    const double until = free_until(graph, id, side, request.towards_x);
                    end = side > 0 ? std::max(end, until) : std::min(end, until);
                }
                // Straight on towards the neighbour, the route must still be in the share
                // where it leaves the band, or it would bend there (chain_corridor).
                const Slot beyond = outside_part(slot, node, side);
                const double edge = side_x(node, side);
                const double port_y = down ? node.y + *offset : node.y - *offset;
                const double gate_y = band_edge(graph, static_cast<std::size_t>(node.rank), down);
                const double x_at_gate = edge + (request.towards_x - edge) * (gate_y - port_y) /
                                                    (request.towards_y - port_y);
                if (beyond.hi - beyond.lo < 4 || x_at_gate < beyond.lo - 1e-6 ||
                    x_at_gate > beyond.hi + 1e-6) {
                    return false;
                }
                (down ? start_side : end_side)[request.edge] = side;
                (down ? start_side_y : end_side_y)[request.edge] = *offset;
                return true;
            };
            std::size_t first = 0;
            std::size_t last = list.size();
            if (last > first && to_side(list.front(), -1)) {
                ++first;
            }
            if (last > first && to_side(list.back(), 1)) {
                --last;
            }
            const std::vector<PortRequest> middle(list.begin() + static_cast<std::ptrdiff_t>(first),
                                                  list.begin() + static_cast<std::ptrdiff_t>(last));
            const auto xs = middle.empty() ? std::vector<double>{}
                                           : spread_ports(node, middle, options.port_spacing);
            auto& group = (down ? leaving : arriving).emplace_back();
            for (std::size_t i = 0; i < list.size(); ++i) {
                if (i >= first && i < last) {
                    (down ? start_port : end_port)[list[i].edge] = xs[i - first];
                }
                (down ? start_share : end_share)[list[i].edge] = {i, list.size()};
                group.push_back(list[i].edge);
            }
        }
        // Ends at cluster blocks continue inside the block: their ports are fixed.
        for (std::size_t e = 0; e < edge_count; ++e) {
            const EdgeChain& chain = graph.chains[e];
            if (chain.self_loop || chain.nodes.size() < 2) {
                continue;
            }
            const auto& upper_port = chain.upper_port();
            const auto& lower_port = chain.lower_port();
            if (upper_port) {
                start_port[e] = graph.nodes[chain.nodes.front()].x + upper_port->offset;
            }
            if (lower_port) {
                end_port[e] = graph.nodes[chain.nodes.back()].x + lower_port->offset;
            }
        }
    };

    std::vector<ChainCorridor> corridors(edge_count);
    // Ends on diamonds and ellipses slant unless their first fit bows back into the shape.
    std::vector<char> straight_ends(edge_count, 0);
    auto start_end = [&](std::size_t e) {
        const EdgeChain& chain = graph.chains[e];
        const bool slant = (straight_ends[e] & straight_start) == 0 && !chain.upper_port() &&
                           slants(graph.nodes[chain.nodes.front()]);
        return End{start_port[e], start_share[e], slant, start_side[e], start_side_y[e]};
    };
    auto end_end = [&](std::size_t e) {
        const EdgeChain& chain = graph.chains[e];
        const bool slant = (straight_ends[e] & straight_end) == 0 && !chain.lower_port() &&
                           slants(graph.nodes[chain.nodes.back()]);
        return End{end_port[e], end_share[e], slant, end_side[e], end_side_y[e]};
    };

    // Self-loops: widest label per node, to stack labels right of the outermost loop.
    std::map<NodeId, std::vector<std::size_t>> loops_of;
    for (std::size_t e = 0; e < edge_count; ++e) {
        if (graph.chains[e].self_loop) {
            loops_of[graph.chains[e].nodes.front()].push_back(e);
        }
    }

    // Each chain on its own: big drawings share them out among the cores.
    // Only the chains marked here are built (again).
    std::vector<char> rebuild(edge_count, 1);
    auto build_corridors = [&] {
        share_out(edge_count, 200, [&](std::size_t e, std::size_t) {
            const EdgeChain& chain = graph.chains[e];
            // A chain with no nodes at this level (an edge from inside a subgraph with its own
            // direction to an enclosing subgraph) has nothing to route here.
            if (chain.self_loop || chain.nodes.size() < 2 || rebuild[e] == 0) {
                return;
            }
            const LNode& top = graph.nodes[chain.nodes.front()];
            const LNode& bottom = graph.nodes[chain.nodes.back()];
            // The corridor, top to bottom: down through each band at the node's or dummy's x,
            // straight across the cluster border strips below and above it, and sideways only
            // in the free middle of each gap.
            std::vector<Point> polyline;
            auto leave_band = [&](double x, std::size_t r) {
                polyline.push_back({x, graph.rank_bottom[r]});
                polyline.push_back({x, band_edge(graph, r, true)});
            };
            auto enter_band = [&](double x, std::size_t r) {
                polyline.push_back({x, band_edge(graph, r, false)});
                polyline.push_back({x, graph.rank_top[r]});
            };
            // Off a box's side, towards the neighbour as far as the node's share allows.
            auto side_lane = [&](const LNode& node, NodeId id, int side, const LNode& towards) {
                const Slot beyond = outside_part(slots[id], node, side);
                return std::clamp(towards.x, beyond.lo, beyond.hi);
            };
            const auto& upper_port = chain.upper_port();
            const auto& lower_port = chain.lower_port();
            if (const auto side = side_port(top, upper_port)) {
                // Out of a side port, sideways to its lane, then down beside the node.
                polyline.push_back(side->port);
                polyline.push_back({side->lane_x, side->port.y});
                leave_band(side->lane_x, static_cast<std::size_t>(top.rank));
            } else if (start_side[e] != 0) {
                const int lateral = start_side[e];
                polyline.push_back(side_exit(top, start_side_y[e], lateral > 0));
                leave_band(
                    side_lane(top, chain.nodes.front(), lateral, graph.nodes[chain.nodes[1]]),
                    static_cast<std::size_t>(top.rank));
            } else {
                const Point start = outline_exit(top, start_port[e], true);
                polyline.push_back(start);
                leave_band(start.x, static_cast<std::size_t>(top.rank));
            }
            for (std::size_t i = 1; i + 1 < chain.nodes.size(); ++i) {
                const LNode& d = graph.nodes[chain.nodes[i]];
                const auto r = static_cast<std::size_t>(d.rank);
                enter_band(d.x, r);
                leave_band(d.x, r);
            }
            if (const auto side = side_port(bottom, lower_port)) {
                enter_band(side->lane_x, static_cast<std::size_t>(bottom.rank));
                polyline.push_back({side->lane_x, side->port.y});
                polyline.push_back(side->port);
            } else if (end_side[e] != 0) {
                const int lateral = end_side[e];
                const LNode& before = graph.nodes[chain.nodes[chain.nodes.size() - 2]];
                enter_band(side_lane(bottom, chain.nodes.back(), lateral, before),
                           static_cast<std::size_t>(bottom.rank));
                polyline.push_back(side_exit(bottom, -end_side_y[e], lateral > 0));
            } else {
                const Point end = outline_exit(bottom, end_port[e], false);
                enter_band(end.x, static_cast<std::size_t>(bottom.rank));
                polyline.push_back(end);
            }

            corridors[e] = chain_corridor(graph, slots, chain, start_end(e), end_end(e), options);
            if (chain.reversed) {
                std::reverse(polyline.begin(), polyline.end());
            }
            routes[e].waypoints = std::move(polyline);
            if (chain.label_node != none) {
                const LNode& l = graph.nodes[chain.label_node];
                routes[e].label = Rect{l.x - l.size.width / 2, l.y - l.size.height / 2,
                                       l.size.width, l.size.height};
            }
        });
    };

    std::vector<std::vector<Point>> curves(edge_count);
    // An end on a box's side whose route finds too little room beyond the side, or whose
    // curve would brush back into the box, goes through the bottom (top) after all; each
    // round takes a side away from some end. The node's ports are then shared out again,
    // which changes only the chains at that node.
    std::vector<std::vector<std::size_t>> chains_at(graph.nodes.size());
    for (std::size_t e = 0; e < edge_count; ++e) {
        const EdgeChain& chain = graph.chains[e];
        if (!chain.self_loop && chain.nodes.size() >= 2) {
            chains_at[chain.nodes.front()].push_back(e);
            chains_at[chain.nodes.back()].push_back(e);
        }
    }
    std::vector<char> next_rebuild(edge_count, 0);
    auto keep_off_sides = [&](std::size_t e, char ends) {
        no_side[e] = static_cast<char>(no_side[e] | ends);
        const EdgeChain& chain = graph.chains[e];
        for (const NodeId node : {chain.nodes.front(), chain.nodes.back()}) {
            if ((node == chain.nodes.front() ? straight_start : straight_end) & ends) {
                for (const std::size_t f : chains_at[node]) {
                    next_rebuild[f] = 1;
                }
            }
        }
    };
    // Which of the asked ends of an edge have a first (last) curve piece dipping into their
    // node's shape.
    auto ends_dipping = [&](std::size_t e, bool start, bool end) {
        const auto& curve = curves[e];
        const EdgeChain& chain = graph.chains[e];
        char ends = 0;
        if (curve.size() >= 4) {
            if (start && piece_enters(graph.nodes[chain.nodes.front()], curve.data())) {
                ends = static_cast<char>(ends | straight_start);
            }
            if (end &&
                piece_enters(graph.nodes[chain.nodes.back()], curve.data() + curve.size() - 4)) {
                ends = static_cast<char>(ends | straight_end);
            }
        }
        return ends;
    };
    for (bool done = false; !done;) {
        assign_ports();
        build_corridors();
        std::fill(next_rebuild.begin(), next_rebuild.end(), 0);
        bool again = false;
        for (std::size_t e = 0; e < edge_count; ++e) {
            if (rebuild[e] != 0 && corridors[e].steep_sides != 0) {
                keep_off_sides(e, corridors[e].steep_sides);
                again = true;
            }
        }
        rebuild.swap(next_rebuild);
        if (again) {
            continue;
        }
        done = true;
        if (options.style == RouteStyle::polyline) {
            for (std::size_t e = 0; e < edge_count; ++e) {
                std::vector<Point> turns;
                for (const Corner& c : corridors[e].corridor.corners) {
                    turns.push_back(c.at);
                }
                if (!turns.empty()) {
                    curves[e] = polyline_to_cubics(turns);
                }
            }
            break;
        }
        std::vector<Corridor> plain(edge_count);
        for (std::size_t e = 0; e < edge_count; ++e) {
            plain[e] = std::move(corridors[e].corridor);
        }
        curves = fit_routes(plain, leaving, arriving);
        std::fill(next_rebuild.begin(), next_rebuild.end(), 0);
        for (std::size_t e = 0; e < edge_count; ++e) {
            if (const char ends = ends_dipping(e, start_side[e] != 0, end_side[e] != 0)) {
                keep_off_sides(e, ends);
                done = false;
            }
        }
        if (!done) {
            rebuild.swap(next_rebuild);
            for (std::size_t e = 0; e < edge_count; ++e) {
                corridors[e].corridor = std::move(plain[e]);
            }
            continue;
        }
        // The taut leg of a slanting end points away from its shape, but the curve swings
        // out on the outside of each bend and may brush back into it; such an end goes
        // straight out instead, and all curves are fitted again, as they depend on each other.
        bool refit = false;
        for (std::size_t e = 0; e < edge_count; ++e) {
            if (curves[e].empty()) {
                continue;
            }
            if (const char ends = ends_dipping(e, start_end(e).slant, end_end(e).slant)) {
                straight_ends[e] = static_cast<char>(straight_ends[e] | ends);
                plain[e] =
                    chain_corridor(graph, slots, graph.chains[e], start_end(e), end_end(e), options)
                        .corridor;
                refit = true;
            }
        }
        if (refit) {
            curves = fit_routes(plain, leaving, arriving);
        }
    }
    for (std::size_t e = 0; e < edge_count; ++e) {
        if (curves[e].empty()) {
            continue;
        }
        routes[e].points = join_route(corridors[e], curves[e]);
        if (graph.chains[e].reversed) {
            std::reverse(routes[e].points.begin(), routes[e].points.end());
        }
    }

    for (const auto& [node_id, loop_edges] : loops_of) {
        const LNode& node = graph.nodes[node_id];
        const double right = node.x + node.size.width / 2;
        const double outermost =
            loop_reach + loop_step * static_cast<double>(loop_edges.size() - 1);
        double labels_height = 0;
        for (std::size_t e : loop_edges) {
            if (labels[e]) {
                labels_height += labels[e]->height;
            }
        }
        double label_y = node.y - labels_height / 2;
        for (std::size_t i = 0; i < loop_edges.size(); ++i) {
            const std::size_t e = loop_edges[i];
            const double reach = loop_reach + loop_step * static_cast<double>(i);
            const double half = std::min(node.size.height / 2 - 1, 6 + 3 * static_cast<double>(i));
            const double side = right_side_x(node, half);
            PathBuilder path({side, node.y - half});
            // A cubic bulging right: at t = 1/2 it reaches 3/4 of the control offset.
            const double pull = (right - side + reach) / 0.75;
            path.cubic_to({side + pull, node.y - half - reach * 0.6},
                          {side + pull, node.y + half + reach * 0.6}, {side, node.y + half});
            routes[e].points = path.take();
            if (labels[e]) {
                routes[e].label = Rect{right + outermost + loop_label_gap, label_y,
                                       labels[e]->width, labels[e]->height};
                label_y += labels[e]->height;
            }
        }
    }
    return routes;
}

} // namespace merrow::layout::detail
