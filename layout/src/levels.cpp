#include "levels.hpp"

#include "drawn_quality.hpp"
#include "hierarchy.hpp"
#include "phases/cycles.hpp"
#include "phases/normalize.hpp"
#include "phases/ordering.hpp"
#include "phases/positioning.hpp"
#include "phases/ranking.hpp"
#include "phases/routing.hpp"
#include "pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace merrow::layout::detail {

namespace {

constexpr double title_gap = 4; // between a cluster's title and its content
// Layouts made again at most, each with more room for titles that edges cross (lay_out_levels).
constexpr std::size_t max_title_rounds = 3;
// Diagrams up to this size get the choice among orders that cross nothing
// (choose_among_tied_orders) in each level without blocks: a few milliseconds in all for a
// hand-written diagram, but a quarter more time for a 100-node one with twenty subgraphs,
// whose blocks' insides are laid out in every round.
constexpr std::size_t max_nodes_for_tied_orders = 40;

// An edge crossing a block's border on the side of the block that faces the edge's other end,
// when the block's flow runs across the one around it (a TB subgraph in an LR drawing). In the
// level's internal orientation it runs straight from the node's left or right side to the
// border; where something is in the way, along a lane in the gap next to the node's rank
// instead (above it for edges coming in, below for edges going out).
struct SideLink {
    NodeId node = none;
    bool right = false;    ///< to the internal right side of the level (else left)
    bool arriving = false; ///< the edge comes in (port → node)
    /// A nested block the edge goes on into: the link meets the block's own port, on the
    /// block's side facing the border, rather than a spot of its choosing.
    std::optional<std::size_t> into_block;
    Point block_port; ///< that port, once the level is positioned
    /// Internal orientation, from the node's outline outwards; measure moves the last point
    /// out to the border.
    std::vector<Point> way;
};

// One level's layered graph and, once laid out, its geometry in the level's own frame: the
// caller's direction, origin at the top-left of the level's box.
struct LevelWork {
    explicit LevelWork(Direction direction) : state(direction) {}

    PipelineState state;
    std::vector<std::size_t> chain_edge; ///< local chain → input edge
    /// -1: the edge itself; 0: top port (port → item); 1: bottom port (item → port); 2: side
    /// link in (port → node); 3: side link out (node → port)
    std::vector<int> chain_port;
    std::vector<NodeId> port_node;                  ///< per chain: its port node, or none
    std::vector<std::optional<SideLink>> side_link; ///< per chain: for side links
    /// per chain: for an edge to a cluster, the cluster and whether the edge starts there
    std::vector<std::optional<std::pair<std::size_t, bool>>> clip;
    bool has_top_ports = false;
    bool has_bottom_ports = false;

    Size box;                                ///< the level's box (clusters: with padding, title)
    std::vector<Rect> item_rects;            ///< per real node of the level graph
    std::vector<Rect> cluster_rects;         ///< per cluster laid out flat in this level
    std::vector<RoutedEdge> pieces;          ///< per chain
    std::vector<std::optional<Point>> ports; ///< per chain: where a port chain meets the border
};

Point operator+(Point a, Point b) {
    return {a.x + b.x, a.y + b.y};
}

Point operator-(Point a, Point b) {
    return {a.x - b.x, a.y - b.y};
}

Point lerp(Point a, Point b, double t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

// Cubic pieces along a polyline: straight runs, joined by quarter-round corners of up to
// `radius` (none when 0).
std::vector<Point> rounded_polyline(const std::vector<Point>& way, double radius) {
    std::vector<Point> out{way.front()};
    auto line_to = [&](Point p) {
        const Point a = out.back();
        out.insert(out.end(), {lerp(a, p, 1.0 / 3), lerp(a, p, 2.0 / 3), p});
    };
    for (std::size_t i = 1; i + 1 < way.size(); ++i) {
        const Point corner = way[i];
        const double in = std::hypot(corner.x - way[i - 1].x, corner.y - way[i - 1].y);
        const double out_len = std::hypot(way[i + 1].x - corner.x, way[i + 1].y - corner.y);
        const double r = std::min({radius, in / 2, out_len / 2});
        if (r <= 0) {
            line_to(corner);
            continue;
        }
        const Point a = lerp(corner, way[i - 1], r / in);
        const Point b = lerp(corner, way[i + 1], r / out_len);
        line_to(a);
        // 0.55: the usual cubic approximation of a quarter circle.
        out.insert(out.end(), {lerp(a, corner, 0.55), lerp(b, corner, 0.55), b});
    }
    line_to(way.back());
    return out;
}

bool strictly_inside(const Rect& r, Point p) {
    return p.x > r.x && p.x < r.right() && p.y > r.y && p.y < r.bottom();
}

// Cuts a route (cubic pieces) where it crosses the border of `box`: keeps the part outside,
// before entering (`starts_inside` false) or after leaving (`starts_inside` true).
void clip_at_cluster(RoutedEdge& route, const Rect& box, bool starts_inside) {
    auto& pts = route.points;
    if (pts.size() < 4) {
        return;
    }
    if (starts_inside) {
        std::reverse(pts.begin(), pts.end());
    }
    for (std::size_t k = 0; k + 3 < pts.size(); k += 3) {
        const Point p0 = pts[k];
        const Point p1 = pts[k + 1];
        const Point p2 = pts[k + 2];
        const Point p3 = pts[k + 3];
        auto at = [&](double t) {
            return lerp(lerp(lerp(p0, p1, t), lerp(p1, p2, t), t),
                        lerp(lerp(p1, p2, t), lerp(p2, p3, t), t), t);
        };
        if (!strictly_inside(box, p3) && !strictly_inside(box, at(0.5))) {
            continue;
        }
        // The first sample inside, then bisection to the border.
        double hi = 1;
        for (int i = 1; i <= 32; ++i) {
            if (strictly_inside(box, at(i / 32.0))) {
                hi = i / 32.0;
                break;
            }
        }
        double lo = std::max(0.0, hi - 1 / 32.0);
        for (int i = 0; i < 40; ++i) {
            const double mid = (lo + hi) / 2;
            (strictly_inside(box, at(mid)) ? hi : lo) = mid;
        }
        const double t = lo;
        const Point a = lerp(p0, p1, t);
        const Point b = lerp(p1, p2, t);
        const Point d = lerp(a, b, t);
        const Point f = lerp(d, lerp(b, lerp(p2, p3, t), t), t);
        pts.resize(k + 4);
        pts[k + 1] = a;
        pts[k + 2] = d;
        pts[k + 3] = f;
        break;
    }
    if (starts_inside) {
        std::reverse(pts.begin(), pts.end());
    }
    // The corridor outside the cluster only.
    auto& way = route.waypoints;
    way.erase(
        std::remove_if(way.begin(), way.end(), [&](Point p) { return strictly_inside(box, p); }),
        way.end());
    if (!way.empty()) {
        (starts_inside ? way.front() : way.back()) = starts_inside ? pts.front() : pts.back();
    }
}

class HierarchicalLayout {
  public:
    HierarchicalLayout(const Graph& graph, const Options& options,
                       const std::vector<bool>& force_block,
                       const std::vector<Separation>& separations, LevelRun& run,
                       const std::vector<double>& title_room)
        : graph_(graph), options_(options), separations_(separations), run_(run),
          title_room_(title_room), h_(build_hierarchy(graph, options.direction, force_block)) {
        const std::size_t levels = graph.clusters.size() + 1;
        for (std::size_t l = 0; l < levels; ++l) {
            work_.emplace_back(l == 0 ? options.direction : h_.direction[l - 1]);
        }
        item_of_node_.assign(graph.nodes.size(), none);
        item_of_block_.assign(graph.clusters.size(), none);
        flat_local_.assign(graph.clusters.size(), none);
        lca_chain_.assign(graph.edges.size(), none);
        goes_down_.assign(graph.edges.size(), true);
        port_chain_.assign(graph.edges.size(), {});
        for (const EdgeSpec& e : graph.edges) {
            splits_.push_back(split_edge(h_, e));
        }
    }

    Layout run() {
        for (std::size_t level : h_.top_down) {
            rank_level(level);
        }
        for (auto it = h_.top_down.rbegin(); it != h_.top_down.rend(); ++it) {
            lay_out_level(*it);
        }
        return assemble();
    }

  private:
    Direction level_direction(std::size_t level) const {
        return level == 0 ? options_.direction : h_.direction[level - 1];
    }

    // The layered node standing for an item; none for an edge end on a cluster's border.
    NodeId item_node(const Item& item) const {
        switch (item.kind) {
        case Item::Kind::node:
            return item_of_node_[item.index];
        case Item::Kind::block:
            return item_of_block_[item.index];
        case Item::Kind::cluster:
            break;
        }
        return none;
    }

    // The clusters laid out flat in this level, with their padding and title room turned into
    // the level's internal orientation.
    void add_flat_clusters(std::size_t level) {
        LevelWork& w = work_[level];
        LayeredGraph& g = w.state.graph;
        const double pad = options_.cluster_padding;
        const Direction d = level_direction(level);
        for (std::size_t c : h_.flat[level]) {
            flat_local_[c] = g.clusters.size();
            LCluster cl;
            cl.origin = c;
            cl.title = graph_.clusters[c].title;
            const double title = cl.title.height > 0 ? cl.title.height + title_gap : 0;
            cl.room_before = cl.room_after = cl.room_left = cl.room_right = pad;
            const double title_width = cl.title.width + 2 * pad + title_room(c);
            switch (d) {
            case Direction::TB:
                cl.room_before += title;
                cl.min_width = title_width;
                break;
            case Direction::BT:
                cl.room_after += title;
                cl.min_width = title_width;
                break;
            case Direction::LR:
            case Direction::RL:
                // The title is on top, which is the internal left side.
                cl.room_left += title;
                cl.min_height = title_width;
                break;
            }
            g.clusters.push_back(cl);
        }
        for (std::size_t c : h_.flat[level]) {
            const std::size_t p = h_.cluster_parent[c];
            if (p != no_cluster && !h_.block[p]) {
                g.clusters[flat_local_[c]].parent = flat_local_[p];
                g.clusters[flat_local_[p]].children.push_back(flat_local_[c]);
            }
        }
    }

    double title_room(std::size_t cluster) const {
        return cluster < title_room_.size() ? title_room_[cluster] : 0;
    }

    std::size_t local_cluster(std::size_t flat) const {
        return flat == no_cluster ? none : flat_local_[flat];
    }

    // Top-down: the level graph's structure, cycle removal and ranks. Ports need the direction
    // their edge took at its meeting level, which is an ancestor, so it is known here.
    void rank_level(std::size_t level) {
        LevelWork& w = work_[level];
        LayeredGraph& g = w.state.graph;
        const Orientation& o = w.state.orientation;
        add_flat_clusters(level);
        for (std::size_t n : h_.nodes[level]) {
            item_of_node_[n] = g.add_node(make_real_node(graph_.nodes[n], n, o),
                                          local_cluster(h_.flat_cluster_of_node(n)));
        }
        for (std::size_t c : h_.blocks[level]) {
            LNode block;
            block.origin = c;
            item_of_block_[c] =
                g.add_node(std::move(block), local_cluster(h_.flat_cluster_of_block(c)));
        }
        g.real_count = g.nodes.size();

        std::vector<std::size_t> edges_here;
        for (std::size_t e = 0; e < graph_.edges.size(); ++e) {
            if (splits_[e].lca == level) {
                edges_here.push_back(e);
            }
        }
        g.rank_factor =
            std::any_of(edges_here.begin(), edges_here.end(),
                        [&](std::size_t e) { return graph_.edges[e].label.has_value(); })
                ? 2
                : 1;
        SelfLoops loops(g.nodes.size());
        for (std::size_t e : edges_here) {
            const EdgeSpec& spec = graph_.edges[e];
            const std::size_t chain = add_chain(w, e, -1);
            if (spec.label) {
                w.state.labels[chain] = o.size_to_internal(*spec.label);
            }
            lca_chain_[e] = chain;
            const Item source_item = item_at(h_, spec.source, level);
            const Item target_item = item_at(h_, spec.target, level);
            NodeId from = item_node(source_item);
            NodeId to = item_node(target_item);
            // An edge to a cluster is laid out to a node inside it (one its flow starts from,
            // or ends at) and cut off where it meets the cluster's border.
            if (from == none) {
                from = cluster_proxy(level, source_item.index, false);
                w.clip[chain] = {flat_local_[source_item.index], true};
            }
            if (to == none) {
                to = cluster_proxy(level, target_item.index, true);
                w.clip[chain] = {flat_local_[target_item.index], false};
            }
            if (from == none || to == none) {
                continue; // an empty cluster: nothing to aim at
            }
            add_edge_chain(w.state, chain, from, to, spec, loops);
        }
        loops.reserve_room(g);
        g.rebuild_adjacency();
        if (h_.blocks[level].empty() || options_.cycle_breaking != CycleBreaking::depth_first) {
            run_phase(w.state, Phase::cycles, options_);
        } else {
            break_cycles_from(g, roots_as_authored(level));
        }
        add_separations(level);
        g.leave_clusters_downwards = run_.leave_clusters_downwards;
        g.fresh_starts = run_.fresh_starts;
        g.offer_tied_orders =
            h_.blocks[level].empty() && graph_.nodes.size() <= max_nodes_for_tied_orders;
        run_phase(w.state, Phase::ranking, options_);
        run_.downward_links += g.downward_links;
        for (std::size_t e : edges_here) {
            goes_down_[e] = !g.chains[lca_chain_[e]].reversed;
        }
        add_ports(level);
    }

    // The separations whose edge meets in this level and whose cluster is laid out flat in it,
    // on the edge's ends as cycle removal oriented them (the upper end is the tail).
    void add_separations(std::size_t level) {
        LayeredGraph& g = work_[level].state.graph;
        for (const Separation& sep : separations_) {
            if (splits_[sep.edge].lca != level || h_.block[sep.cluster] ||
                h_.level_of[sep.cluster] != level) {
                continue;
            }
            const std::size_t chain = lca_chain_[sep.edge];
            for (const LEdge& e : g.edges) {
                if (e.origin == chain) {
                    g.separations.push_back({sep.lower_end_below ? e.to : e.from,
                                             flat_local_[sep.cluster], sep.lower_end_below});
                    break;
                }
            }
        }
    }

    // A node of cluster c (laid out flat in `level`) for an edge to stand in for the cluster:
    // for edges into it, one with no edge from inside the cluster; for edges out, one with no
    // edge to inside. The first such in input order; otherwise the first node.
    NodeId cluster_proxy(std::size_t level, std::size_t cluster, bool into) const {
        auto inside = [&](std::size_t node) {
            for (std::size_t c = h_.node_cluster[node]; c != no_cluster; c = h_.cluster_parent[c]) {
                if (c == cluster) {
                    return true;
                }
            }
            return false;
        };
        NodeId fallback = none;
        for (std::size_t n : h_.nodes[level]) {
            if (!inside(n)) {
                continue;
            }
            if (fallback == none) {
                fallback = item_of_node_[n];
            }
            const bool linked =
                std::any_of(graph_.edges.begin(), graph_.edges.end(), [&](const EdgeSpec& e) {
                    const EndpointSpec& near = into ? e.target : e.source;
                    const EndpointSpec& far = into ? e.source : e.target;
                    return !near.is_cluster && near.index == n && !far.is_cluster &&
                           inside(far.index);
                });
            if (!linked) {
                return item_of_node_[n];
            }
        }
        return fallback;
    }

    std::size_t add_chain(LevelWork& w, std::size_t edge, int port) {
        w.clip.emplace_back();
        w.state.graph.chains.emplace_back();
        w.state.labels.emplace_back();
        w.chain_edge.push_back(edge);
        w.chain_port.push_back(port);
        w.port_node.push_back(none);
        w.side_link.emplace_back();
        return w.state.graph.chains.size() - 1;
    }

    // Port nodes for the edges that cross this level's border, on the top rank (edges coming
    // in from above or leaving upwards) or the bottom rank.
    void add_ports(std::size_t level) {
        LevelWork& w = work_[level];
        LayeredGraph& g = w.state.graph;
        struct Pending {
            std::size_t edge;
            bool source_side;
        };
        std::vector<Pending> pending;
        for (std::size_t e = 0; e < graph_.edges.size(); ++e) {
            const EdgeSplit& s = splits_[e];
            if (std::find(s.source_side.begin(), s.source_side.end(), level) !=
                s.source_side.end()) {
                pending.push_back({e, true});
            }
            if (std::find(s.target_side.begin(), s.target_side.end(), level) !=
                s.target_side.end()) {
                pending.push_back({e, false});
            }
        }
        if (pending.empty()) {
            return;
        }
        int lowest = 0;
        int highest = 0;
        for (NodeId v = 0; v < g.real_count; ++v) {
            lowest = std::min(lowest, g.nodes[v].rank);
            highest = std::max(highest, g.nodes[v].rank);
        }
        bool any_top = false;
        std::vector<PortPlace> places;
        for (const Pending& p : pending) {
            const EdgeSpec& spec = graph_.edges[p.edge];
            const Item end = item_at(h_, p.source_side ? spec.source : spec.target, level);
            // A flat cluster has no single spot to reach from the side; a node or a block has.
            const bool to_item = end.kind != Item::Kind::cluster;
            places.push_back(port_place(level, p.edge, p.source_side, to_item));
            any_top = any_top || places.back() == PortPlace::top;
        }
        if (any_top) {
            for (LNode& n : g.nodes) {
                n.rank += 1;
            }
            for (LCluster& c : g.clusters) {
                c.top_rank += 1;
                c.bottom_rank += 1;
            }
            highest += 1;
            lowest = 0;
        }
        for (std::size_t i = 0; i < pending.size(); ++i) {
            const Pending& p = pending[i];
            if (places[i] == PortPlace::left || places[i] == PortPlace::right) {
                const std::size_t chain = add_chain(w, p.edge, p.source_side ? 3 : 2);
                const EndpointSpec& end =
                    p.source_side ? graph_.edges[p.edge].source : graph_.edges[p.edge].target;
                const Item item = item_at(h_, end, level);
                std::optional<std::size_t> into_block;
                if (item.kind == Item::Kind::block &&
                    !(end.is_cluster && end.index == item.index)) {
                    into_block = item.index;
                }
                w.side_link[chain] = SideLink{item_node(item),
                                              places[i] == PortPlace::right,
                                              !p.source_side,
                                              into_block,
                                              {},
                                              {}};
                port_chain_[p.edge].push_back({level, chain});
                continue;
            }
            const bool top = places[i] == PortPlace::top;
            const EndpointSpec& end =
                p.source_side ? graph_.edges[p.edge].source : graph_.edges[p.edge].target;
            // An end on a flat cluster's border is aimed at a node inside it, as for edges
            // within the level; an empty cluster has nothing to aim at, so no port either.
            const Item end_item = item_at(h_, end, level);
            NodeId item = item_node(end_item);
            const bool at_cluster = item == none;
            if (at_cluster) {
                item = cluster_proxy(level, end_item.index, !p.source_side);
                if (item == none) {
                    continue;
                }
            }
            const std::size_t chain = add_chain(w, p.edge, top ? 0 : 1);
            if (at_cluster) {
                // Port chains run port → item (top) or item → port (bottom).
                w.clip[chain] = {flat_local_[end_item.index], !top};
            }
            LNode port;
            port.kind = NodeKind::dummy;
            port.origin = chain;
            port.rank = top ? lowest : highest + 1;
            port.pin = held_port(level, p.edge);
            const NodeId port_id = g.add_node(std::move(port));
            w.port_node[chain] = port_id;
            if (top) {
                g.add_edge(port_id, item, chain, 1, 1);
                w.has_top_ports = true;
            } else {
                g.add_edge(item, port_id, chain, 1, 1);
                w.has_bottom_ports = true;
            }
            port_chain_[p.edge].push_back({level, chain});
        }
        g.rebuild_adjacency();
    }

    // The key a port of `edge` on this block's top or bottom is held by (LevelRun::held_ports),
    // turned into the block's own orientation; none where the block runs across the level
    // around it (its ports there are side links) or nothing is known.
    std::optional<double> held_port(std::size_t level, std::size_t edge) const {
        if (run_.held_ports == nullptr) {
            return std::nullopt;
        }
        const auto it = run_.held_ports->find({level, edge});
        if (it == run_.held_ports->end()) {
            return std::nullopt;
        }
        const Point axis = work_[level].state.orientation.offset_to_internal(
            work_[h_.parent[level]].state.orientation.offset_to_external({1, 0}));
        if (std::abs(axis.x) < 0.5) {
            return std::nullopt;
        }
        return axis.x * it->second;
    }

    // A chain's end on the top or bottom port of a block of this level.
    struct BlockEnd {
        std::size_t chain;
        bool upper;              ///< the block is the chain's upper end
        std::size_t block_level; ///< the block's own level
        NodeId far;              ///< the chain's other end
        /// far's slot, plus where along it a fixed port on its top or bottom lies (±0.45)
        double far_key;
        bool far_port; ///< far has such a port
    };

    std::vector<BlockEnd> block_ends(std::size_t level) const {
        const LevelWork& w = work_[level];
        const LayeredGraph& g = w.state.graph;
        std::vector<BlockEnd> ends;
        for (std::size_t k = 0; k < g.chains.size(); ++k) {
            const EdgeChain& chain = g.chains[k];
            if (chain.self_loop || chain.nodes.size() < 2 || w.side_link[k]) {
                continue;
            }
            for (const bool upper : {true, false}) {
                const NodeId end = upper ? chain.nodes.front() : chain.nodes.back();
                if (!rank_side_offset(upper ? chain.upper_port() : chain.lower_port())) {
                    continue;
                }
                const auto& blocks = h_.blocks[level];
                const auto block = std::find_if(blocks.begin(), blocks.end(), [&](std::size_t c) {
                    return item_of_block_[c] == end;
                });
                if (block == blocks.end()) {
                    continue;
                }
                const NodeId far = upper ? chain.nodes.back() : chain.nodes.front();
                const auto far_port =
                    rank_side_offset(upper ? chain.lower_port() : chain.upper_port());
                const double part = far_port ? slot_part(g.nodes[far], *far_port) : 0.0;
                ends.push_back({k, upper, Hierarchy::level_of_block(*block), far,
                                static_cast<double>(g.nodes[far].order) + part,
                                far_port.has_value()});
            }
        }
        return ends;
    }

    // Records, for each edge meeting a block of this level at a port on the block's top or
    // bottom, the slot its chain takes next to the block (LevelRun::port_slots).
    void note_port_slots(std::size_t level) {
        const LevelWork& w = work_[level];
        const LayeredGraph& g = w.state.graph;
        for (const BlockEnd& end : block_ends(level)) {
            const auto& nodes = g.chains[end.chain].nodes;
            const NodeId next = end.upper ? nodes[1] : nodes[nodes.size() - 2];
            run_.port_slots[{end.block_level, w.chain_edge[end.chain]}] =
                next == end.far ? end.far_key : static_cast<double>(g.nodes[next].order);
        }
    }

    // Where the port of `edge` on this level's border goes, in the level's internal
    // orientation. The port goes on the side of the block that faces the edge's other end, as
    // the enclosing level sees it: the top or bottom rank when this level's flow runs the same
    // way as that direction or the opposite way. When it runs across (a TB subgraph in an LR
    // drawing), an edge to a node or a nested block crosses the block's side and runs straight
    // to it (a side link), so that it arrives the way the enclosing flow goes; the nested block
    // then takes the port on its own side that faces the link. Where that way turned out
    // blocked (`no_side_`), and for edges to flat clusters, ports go where the level's own flow
    // starts (edges in) or ends (edges out), and the enclosing level reaches them on the
    // block's sides.
    enum class PortPlace { top, bottom, left, right };
    PortPlace port_place(std::size_t level, std::size_t edge, bool source_side,
                         bool to_item) const {
        const std::size_t parent = h_.parent[level];
        const LevelWork& outer = work_[parent];
        const LayeredGraph& pg = outer.state.graph;
        const NodeId block = item_of_block_[level - 1];
        // Towards the edge's other end from the block, in the enclosing level's orientation.
        Point towards{0, -1};
        if (splits_[edge].lca == parent) {
            const EdgeSpec& spec = graph_.edges[edge];
            const NodeId other =
                item_node(item_at(h_, source_side ? spec.target : spec.source, parent));
            const bool from_above = other != none && pg.nodes[other].rank < pg.nodes[block].rank;
            towards = {0, from_above ? -1.0 : 1.0};
        } else {
            for (const auto& [l, chain] : port_chain_[edge]) {
                if (l != parent) {
                    continue;
                }
                if (const auto& link = outer.side_link[chain]) {
                    towards = {link->right ? 1.0 : -1.0, 0};
                } else {
                    towards = {0, outer.chain_port[chain] == 0 ? -1.0 : 1.0};
                }
            }
        }
        const Point here = work_[level].state.orientation.offset_to_internal(
            outer.state.orientation.offset_to_external(towards));
        if (std::abs(here.y) > 0.5) {
            return here.y < 0 ? PortPlace::top : PortPlace::bottom;
        }
        if (to_item && no_side_.count({level, edge}) == 0) {
            return here.x > 0 ? PortPlace::right : PortPlace::left;
        }
        return source_side ? PortPlace::bottom : PortPlace::top;
    }

    // The port of `edge` on the border of the block `cluster`, in `level`'s internal
    // orientation: on which side of the block, and where along it.
    std::optional<PortSpec> block_port(std::size_t level, std::size_t cluster, std::size_t edge) {
        const LevelWork& child = work_[Hierarchy::level_of_block(cluster)];
        for (std::size_t k = 0; k < child.chain_edge.size(); ++k) {
            if (child.chain_edge[k] == edge && child.ports[k]) {
                const Point centre{child.box.width / 2, child.box.height / 2};
                const Point offset =
                    work_[level].state.orientation.offset_to_internal(*child.ports[k] - centre);
                const Size inner = work_[level].state.orientation.size_to_internal(child.box);
                PortSpec port;
                if (std::abs(std::abs(offset.y) - inner.height / 2) < 0.5) {
                    port.side = offset.y < 0 ? PortSpec::Side::top : PortSpec::Side::bottom;
                    port.offset = offset.x;
                } else {
                    port.side = offset.x < 0 ? PortSpec::Side::left : PortSpec::Side::right;
                    port.offset = offset.y;
                }
                return port;
            }
        }
        return std::nullopt;
    }

    // Lanes for side ports: each port on a block's left or right side gets its own vertical
    // lane beside the block, ordered outwards so the lanes do not cross each other, and the
    // block keeps that room free.
    void assign_side_lanes(LevelWork& w) {
        LayeredGraph& g = w.state.graph;
        struct Use {
            std::optional<PortSpec>* port;
            bool arriving; // the chain ends here (comes down to it) rather than starts here
        };
        std::map<std::pair<NodeId, bool>, std::vector<Use>> sides; // (node, right side)
        for (EdgeChain& chain : g.chains) {
            if (chain.self_loop || chain.nodes.size() < 2) {
                continue;
            }
            const NodeId upper = chain.nodes.front();
            const NodeId lower = chain.nodes.back();
            auto& upper_port = chain.upper_port();
            auto& lower_port = chain.lower_port();
            for (auto [node, port, arriving] :
                 {std::tuple{upper, &upper_port, false}, std::tuple{lower, &lower_port, true}}) {
                if (*port && ((*port)->side == PortSpec::Side::left ||
                              (*port)->side == PortSpec::Side::right)) {
                    sides[{node, (*port)->side == PortSpec::Side::right}].push_back(
                        {port, arriving});
                }
            }
        }
        for (auto& [key, uses] : sides) {
            // Arriving from above: the higher port takes the inner lane; leaving downwards:
            // the lower port does. Arrivals first, then departures further out.
            std::stable_sort(uses.begin(), uses.end(), [](const Use& a, const Use& b) {
                if (a.arriving != b.arriving) {
                    return a.arriving;
                }
                return a.arriving ? (*a.port)->offset < (*b.port)->offset
                                  : (*a.port)->offset > (*b.port)->offset;
            });
            for (std::size_t i = 0; i < uses.size(); ++i) {
                (*uses[i].port)->lane = i;
            }
            const double room = side_lane_gap * static_cast<double>(uses.size() + 1);
            (key.second ? g.nodes[key.first].right_extra : g.nodes[key.first].left_extra) += room;
        }
    }

    // Bottom-up: sizes of blocks are known now; order, position, route, and measure the box.
    void lay_out_level(std::size_t level) {
        LevelWork& w = work_[level];
        LayeredGraph& g = w.state.graph;
        const Orientation& o = w.state.orientation;
        for (std::size_t c : h_.blocks[level]) {
            g.nodes[item_of_block_[c]].size =
                o.size_to_internal(work_[Hierarchy::level_of_block(c)].box);
        }
        for (std::size_t k = 0; k < g.chains.size(); ++k) {
            const std::size_t e = w.chain_edge[k];
            const EdgeSpec& spec = graph_.edges[e];
            auto fix = [&](const EndpointSpec& end, std::optional<PortSpec>& slot) {
                const Item item = item_at(h_, end, level);
                if (item.kind == Item::Kind::block &&
                    !(end.is_cluster && end.index == item.index)) {
                    slot = block_port(level, item.index, e);
                }
            };
            if (w.chain_port[k] < 0) {
                fix(spec.source, g.chains[k].source_port);
                fix(spec.target, g.chains[k].target_port);
            } else if (!w.side_link[k]) {
                // Port chains run port → item (top) or item → port (bottom).
                fix(port_is_source_side(level, k) ? spec.source : spec.target,
                    w.chain_port[k] == 0 ? g.chains[k].target_port : g.chains[k].source_port);
            }
        }
        if (level != 0) {
            reserve_title_room(level);
        }
        run_phase(w.state, Phase::normalize, options_);
        assign_side_lanes(w);
        run_phase(w.state, Phase::ordering, options_);
        choose_among_tied_orders(w.state);
        order_fans_by_far_ends(level);
        note_port_slots(level);
        run_phase(w.state, Phase::positioning, options_);
        run_phase(w.state, Phase::routing, options_);
        if (!place_side_links(level)) {
            redo_level(level);
            return;
        }
        for (std::size_t k = 0; k < g.chains.size(); ++k) {
            if (w.clip[k] && k < w.state.routes.size()) {
                clip_at_cluster(w.state.routes[k], g.clusters[w.clip[k]->first].box,
                                w.clip[k]->second);
            }
        }
        measure(level);
    }

    // A block placed the ports of its edges before this level was ordered, so it could not
    // know where they go next: two edges from one node inside the block (or into it) can
    // cross its border in one order and need the other outside, and then cross just outside
    // the block. Such ports are interchangeable: the edges meet the same node, so giving each
    // the other's inner piece (and port) leaves the block's drawing exactly as it was. Where the
    // edges run side by side through this level (their dummies fill one run of slots in every
    // rank) to ends in one rank, their ports and runs are put in the order of those ends. That
    // removes their crossings with each other and changes none with any other edge: each of
    // those passes the run, the set of ports and the set of ends the same way as before.
    void order_fans_by_far_ends(std::size_t level) {
        LevelWork& w = work_[level];
        LayeredGraph& g = w.state.graph;
        struct Member {
            BlockEnd end;
            std::size_t inner_chain; // in the block's level
            EndpointSpec outside;    // the edge's end outside the block
        };
        // (block's level, block is the upper end, inner node, kind of inner chain)
        std::map<std::tuple<std::size_t, bool, std::size_t, int>, std::vector<Member>> fans;
        for (const BlockEnd& end : block_ends(level)) {
            const LevelWork& inner = work_[end.block_level];
            const std::size_t e = w.chain_edge[end.chain];
            for (std::size_t kc = 0; kc < inner.chain_edge.size(); ++kc) {
                if (inner.chain_edge[kc] != e || !inner.ports[kc] || inner.clip[kc] ||
                    inner.pieces[kc].label) {
                    continue;
                }
                const EdgeSpec& spec = graph_.edges[e];
                const bool source_inside = port_is_source_side(end.block_level, kc);
                const EndpointSpec& at = source_inside ? spec.source : spec.target;
                const Item item = item_at(h_, at, end.block_level);
                if (at.is_cluster || item.kind != Item::Kind::node) {
                    continue;
                }
                fans[{end.block_level, end.upper, item.index, inner.chain_port[kc]}].push_back(
                    {end, kc, source_inside ? spec.target : spec.source});
                break;
            }
        }
        for (auto& fan : fans) {
            // Named, not bound: the lambdas below use them, and clang 14 cannot capture a binding.
            const std::size_t inner_level = std::get<0>(fan.first);
            const bool upper = std::get<1>(fan.first);
            const std::vector<Member>& members = fan.second;
            if (members.size() < 2) {
                continue;
            }
            // Edges that all join the same two nodes are as interchangeable at their far end
            // as here: no order of them is better than another.
            const EndpointSpec& first = members.front().outside;
            if (std::all_of(members.begin(), members.end(), [&](const Member& m) {
                    return m.outside.is_cluster == first.is_cluster &&
                           m.outside.index == first.index;
                })) {
                continue;
            }
            // Ends on one node are ordered only by fixed ports there.
            const bool known = std::all_of(members.begin(), members.end(), [&](const Member& a) {
                return std::all_of(members.begin(), members.end(), [&](const Member& b) {
                    return a.end.chain == b.end.chain || a.end.far != b.end.far ||
                           (a.end.far_port && b.end.far_port);
                });
            });
            if (!known) {
                continue;
            }
            const std::size_t length = g.chains[members.front().end.chain].nodes.size();
            const bool same_length =
                std::all_of(members.begin(), members.end(), [&](const Member& m) {
                    return g.chains[m.end.chain].nodes.size() == length;
                });
            if (!same_length) {
                continue;
            }
            // The dummies at each step away from the block, in the slots they fill now.
            auto node_at = [&](const Member& m, std::size_t step) {
                const auto& nodes = g.chains[m.end.chain].nodes;
                return upper ? nodes[step] : nodes[nodes.size() - 1 - step];
            };
            bool runs = true;
            std::vector<std::size_t> first_slot(length, 0);
            for (std::size_t step = 1; runs && step + 1 < length; ++step) {
                std::size_t lo = std::numeric_limits<std::size_t>::max();
                std::size_t hi = 0;
                const std::size_t cluster = g.node_cluster[node_at(members.front(), step)];
                for (const Member& m : members) {
                    lo = std::min(lo, g.nodes[node_at(m, step)].order);
                    hi = std::max(hi, g.nodes[node_at(m, step)].order);
                    runs = runs && g.node_cluster[node_at(m, step)] == cluster;
                }
                runs = runs && hi - lo + 1 == members.size();
                first_slot[step] = lo;
            }
            if (!runs) {
                continue;
            }
            auto port_of = [&](const Member& m) -> std::optional<PortSpec>& {
                EdgeChain& c = g.chains[m.end.chain];
                return upper ? c.upper_port() : c.lower_port();
            };
            std::vector<Member> by_port = members;
            std::stable_sort(by_port.begin(), by_port.end(), [&](const Member& a, const Member& b) {
                return port_of(a)->offset < port_of(b)->offset;
            });
            std::vector<Member> by_end = by_port;
            std::stable_sort(by_end.begin(), by_end.end(), [](const Member& a, const Member& b) {
                return a.end.far_key < b.end.far_key;
            });
            bool same = true;
            for (std::size_t i = 0; i < by_end.size(); ++i) {
                same = same && by_end[i].end.chain == by_port[i].end.chain;
            }
            if (same) {
                continue;
            }
            LevelWork& inner = work_[inner_level];
            std::vector<double> offsets;
            std::vector<RoutedEdge> pieces;
            std::vector<std::optional<Point>> ports;
            for (const Member& m : by_port) {
                offsets.push_back(port_of(m)->offset);
                pieces.push_back(inner.pieces[m.inner_chain]);
                ports.push_back(inner.ports[m.inner_chain]);
            }
            for (std::size_t i = 0; i < by_end.size(); ++i) {
                const Member& m = by_end[i];
                port_of(m)->offset = offsets[i];
                inner.pieces[m.inner_chain] = std::move(pieces[i]);
                inner.ports[m.inner_chain] = ports[i];
                for (std::size_t step = 1; step + 1 < length; ++step) {
                    const NodeId v = node_at(m, step);
                    const std::size_t slot = first_slot[step] + i;
                    g.layers[static_cast<std::size_t>(g.nodes[v].rank)][slot] = v;
                    g.nodes[v].order = slot;
                }
            }
        }
    }

    // Gives each side link its way out: straight from the node's side where nothing of the
    // level lies between it and the border, else along a lane in the gap next to the node's
    // rank. Links that can take neither go to `no_side_`, and the result is false.
    bool place_side_links(std::size_t level) {
        LevelWork& w = work_[level];
        const LayeredGraph& g = w.state.graph;
        const double spacing = RouteOptions{}.port_spacing;
        // Straight: links on one side of a node spread along it.
        std::map<std::pair<NodeId, bool>, std::vector<std::size_t>> by_side;
        std::vector<std::size_t> need_lane_beside; // links into nested blocks
        bool clear = true;
        for (std::size_t k = 0; k < w.side_link.size(); ++k) {
            if (!w.side_link[k]) {
                continue;
            }
            if (w.side_link[k]->into_block) {
                switch (reach_block_port(level, k)) {
                case BlockReach::straight:
                    break;
                case BlockReach::lane:
                    need_lane_beside.push_back(k);
                    break;
                case BlockReach::none:
                    clear = false;
                    break;
                }
            } else {
                by_side[{w.side_link[k]->node, w.side_link[k]->right}].push_back(k);
            }
        }
        std::vector<std::size_t> need_lane;
        for (const auto& [key, chains] : by_side) {
            const LNode& node = g.nodes[key.first];
            const double count = static_cast<double>(chains.size());
            const double step = std::min(spacing, node.size.height / count);
            for (std::size_t i = 0; i < chains.size(); ++i) {
                SideLink& link = *w.side_link[chains[i]];
                const double dy = (static_cast<double>(i) - (count - 1) / 2) * step;
                const Point exit = side_exit(node, dy, link.right);
                if ((link.right ? node.right_extra : node.left_extra) > 0 ||
                    way_blocked(g, link, exit.y, node.x)) {
                    need_lane.push_back(chains[i]);
                } else {
                    link.way = {exit, exit};
                }
            }
        }
        // Lanes: into the top (arriving) or out of the bottom of the node, towards the side of
        // the border, spread from a quarter of the node's width out. A lane runs in the gap
        // next to the node's rank or, where something is in the way there, in the next gap
        // further out, reached by a straight run along the flow past the ranks between. In each
        // gap, the lane to the port nearest the border runs nearest the rank, so that the lanes
        // of one gap do not cross.
        std::map<std::tuple<NodeId, bool, bool>, std::size_t> used; // (node, arriving, right)
        std::map<int, std::vector<Lane>> arriving_at;               // by the rank below the gap
        std::map<int, std::vector<Lane>> leaving_at;                // by the rank above the gap
        for (std::size_t k : need_lane) {
            const SideLink& link = *w.side_link[k];
            const LNode& node = g.nodes[link.node];
            const double sign = link.right ? 1 : -1;
            const double i = static_cast<double>(used[{link.node, link.arriving, link.right}]++);
            const double reach = std::max(0.0, node.size.width / 2 - 4);
            const double x = node.x + sign * std::min(reach, node.size.width / 4 + i * spacing);
            (link.arriving ? arriving_at : leaving_at)[node.rank].push_back({k, x});
        }
        // A link into a nested block cannot enter the block's top: its lane ends in a run
        // along the flow beside the block, outside any lanes the block already has there, and
        // turns into the block's port.
        std::map<std::tuple<NodeId, bool>, std::size_t> beside; // (node, right)
        for (std::size_t k : need_lane_beside) {
            const SideLink& link = *w.side_link[k];
            const LNode& node = g.nodes[link.node];
            const double sign = link.right ? 1 : -1;
            const double i = static_cast<double>(beside[{link.node, link.right}]++);
            const double extra = link.right ? node.right_extra : node.left_extra;
            const double x =
                node.x + sign * (node.size.width / 2 + extra + (i + 1) * side_lane_gap);
            (link.arriving ? arriving_at : leaving_at)[node.rank].push_back({k, x});
        }
        // Gaps from the ranks outwards (upwards for lanes in, downwards for lanes out): lanes
        // that do not fit one go on to the next; past the outermost they have nowhere to go.
        const auto ranks = static_cast<int>(g.rank_top.size());
        for (auto* pending : {&arriving_at, &leaving_at}) {
            const bool arriving = pending == &arriving_at;
            while (!pending->empty()) {
                const auto it = arriving ? std::prev(pending->end()) : pending->begin();
                const int rank = it->first;
                std::vector<Lane> lanes = std::move(it->second);
                pending->erase(it);
                const std::vector<Lane> further = place_lanes(level, rank, arriving, lanes);
                const int next = arriving ? rank - 1 : rank + 1;
                if (next >= 0 && next < ranks) {
                    auto& queue = (*pending)[next];
                    queue.insert(queue.end(), further.begin(), further.end());
                    continue;
                }
                for (const Lane& lane : further) {
                    no_side_.insert({level, w.chain_edge[lane.chain]});
                    clear = false;
                }
            }
        }
        if (!clear) {
            return false;
        }
        for (std::size_t k = 0; k < w.side_link.size(); ++k) {
            if (const auto& link = w.side_link[k]) {
                w.state.routes[k].points = link->way;
                w.state.routes[k].waypoints = link->way;
                if (link->way.size() > 2) {
                    // Room between a lane and what is beyond it (the title strip on top).
                    const Point lane = link->way[link->way.size() - 2];
                    w.state.routes[k].points.push_back(
                        {lane.x, lane.y + (link->arriving ? -1 : 1) * side_lane_gap / 2});
                }
            }
        }
        return true;
    }

    // A link into a nested block meets the block's own port for the edge, on the block's side
    // facing the border: straight from there where nothing is in the way and the block has no
    // lanes on that side, else by a lane (place_side_links). A port on another side sends the
    // edge to `no_side_`.
    enum class BlockReach { straight, lane, none };
    BlockReach reach_block_port(std::size_t level, std::size_t chain) {
        LevelWork& w = work_[level];
        SideLink& link = *w.side_link[chain];
        const LNode& node = w.state.graph.nodes[link.node];
        const std::optional<PortSpec> port =
            block_port(level, *link.into_block, w.chain_edge[chain]);
        const auto facing = link.right ? PortSpec::Side::right : PortSpec::Side::left;
        if (!port || port->side != facing) {
            no_side_.insert({level, w.chain_edge[chain]});
            return BlockReach::none;
        }
        link.block_port = side_exit(node, port->offset, link.right);
        if ((link.right ? node.right_extra : node.left_extra) > 0 ||
            way_blocked(w.state.graph, link, link.block_port.y, node.x)) {
            return BlockReach::lane;
        }
        link.way = {link.block_port, link.block_port};
        return BlockReach::straight;
    }

    struct Lane {
        std::size_t chain;
        double x; ///< where it meets its node (beside a nested block: where it runs along it)
    };

    // Places lanes in the gap above `rank` (arriving) or below it (leaving), stacked away from
    // the rank into the gap's free middle; returns those that do not fit or whose way is
    // blocked.
    std::vector<Lane> place_lanes(std::size_t level, int rank, bool arriving,
                                  std::vector<Lane>& lanes) {
        LevelWork& w = work_[level];
        const LayeredGraph& g = w.state.graph;
        const auto r = static_cast<std::size_t>(rank);
        auto strip = [](const std::vector<double>& v, std::size_t i) {
            return i < v.size() ? v[i] : 0.0;
        };
        const double base = arriving ? g.rank_top[r] - strip(g.border_above, r)
                                     : g.rank_bottom[r] + strip(g.border_below, r);
        const double sign = arriving ? -1 : 1;
        double limit = 0; // how far from base the lanes may go; 0: no limit
        if (arriving && r > 0) {
            limit = base - (g.rank_bottom[r - 1] + strip(g.border_below, r - 1));
        } else if (!arriving && r + 1 < g.rank_top.size()) {
            limit = g.rank_top[r + 1] - strip(g.border_above, r + 1) - base;
        }
        std::stable_sort(lanes.begin(), lanes.end(), [&](const Lane& a, const Lane& b) {
            const bool a_right = w.side_link[a.chain]->right;
            const bool b_right = w.side_link[b.chain]->right;
            if (a_right != b_right) {
                return !a_right;
            }
            return a_right ? a.x > b.x : a.x < b.x;
        });
        std::vector<Lane> further;
        std::size_t placed = 0;
        for (const Lane& lane : lanes) {
            SideLink& link = *w.side_link[lane.chain];
            const LNode& node = g.nodes[link.node];
            const double offset = side_lane_gap * static_cast<double>(placed + 1);
            const double y = base + sign * offset;
            const Point port =
                link.into_block ? link.block_port : outline_exit(node, lane.x, !arriving);
            if ((limit > 0 && offset > limit - side_lane_gap / 2) ||
                way_blocked(g, link, y, lane.x) || run_blocked(g, link, lane.x, y, port.y)) {
                further.push_back(lane);
                continue;
            }
            if (link.into_block) {
                link.way = {port, {lane.x, port.y}, {lane.x, y}, {lane.x, y}};
            } else {
                link.way = {port, {lane.x, y}, {lane.x, y}};
            }
            ++placed;
        }
        return further;
    }

    // The clusters around a link's node (those its way may cross).
    static std::vector<bool> clusters_holding(const LayeredGraph& g, NodeId node) {
        std::vector<bool> holds(g.clusters.size(), false);
        if (node < g.node_cluster.size()) {
            for (std::size_t c = g.node_cluster[node]; c != none; c = g.clusters[c].parent) {
                holds[c] = true;
            }
        }
        return holds;
    }

    // Whether a node, a label or a cluster the link's node is not in meets the box
    // [left, right] × [top, bottom].
    static bool something_in(const LayeredGraph& g, NodeId node, double left, double right,
                             double top, double bottom) {
        for (NodeId v = 0; v < g.nodes.size(); ++v) {
            const LNode& n = g.nodes[v];
            if (v != node && (n.size.width > 0 || n.size.height > 0) &&
                n.x + n.size.width / 2 + n.right_extra >= left &&
                n.x - n.size.width / 2 - n.left_extra <= right && n.y + n.size.height / 2 >= top &&
                n.y - n.size.height / 2 <= bottom) {
                return true;
            }
        }
        const std::vector<bool> holds = clusters_holding(g, node);
        for (std::size_t c = 0; c < g.clusters.size(); ++c) {
            const LCluster& cl = g.clusters[c];
            if (!holds[c] && cl.bottom_rank >= cl.top_rank && cl.box.right() >= left &&
                cl.box.x <= right && cl.box.bottom() >= top && cl.box.y <= bottom) {
                return true;
            }
        }
        return false;
    }

    // Whether something is in the way of the run along the flow at `x` from a lane at `y` to
    // the node's outline at `end_y`.
    static bool run_blocked(const LayeredGraph& g, const SideLink& link, double x, double y,
                            double end_y) {
        return something_in(g, link.node, x - 1, x + 1, std::min(y, end_y), std::max(y, end_y));
    }

    // Whether something is in the way at `y` from `from_x` to the link's side of the level
    // (edges may cross it).
    static bool way_blocked(const LayeredGraph& g, const SideLink& link, double y, double from_x) {
        constexpr double far = 1e300;
        return link.right ? something_in(g, link.node, from_x, far, y - 1, y + 1)
                          : something_in(g, link.node, -far, from_x, y - 1, y + 1);
    }

    // Orders that cross nothing can still differ once drawn, in how far their edges stray
    // sideways: a chain pulled across the drawing by a back edge beside it where the mirror
    // order would let it run straight down. The first order (grown from the author's) stays
    // unless another shortens the edge that travels farthest sideways by at least a fifth,
    // strays no more in all (weighted as positioning weighs edges), puts no more pairs of
    // nodes against the order they were written in (a tree's leaves keep theirs, as Mermaid
    // keeps them), and draws no more crossings once routed (the ordering's count misses
    // crossings between ports of one side). Each order is positioned; at most two, the
    // straightest first, are routed.
    void choose_among_tied_orders(PipelineState& state) const {
        constexpr double widest_gain = 0.2; // how much less the farthest edge must travel
        constexpr std::size_t tries = 2;    // routed candidates at most
        LayeredGraph& g = state.graph;
        if (g.tied_orders.empty()) {
            return;
        }
        // Positioned first (cheap), routed only in order of straightness, and only a few.
        auto position = [&](const std::vector<std::vector<NodeId>>& layers) {
            PipelineState trial = state;
            LayeredGraph& t = trial.graph;
            t.layers = layers;
            t.number_orders();
            run_phase(trial, Phase::positioning, options_);
            return trial;
        };
        // How far the edges stray sideways: in all (weighted as positioning weighs them), and
        // the one input edge that travels farthest across.
        struct Stray {
            double total = 0;
            double widest = 0;
        };
        auto stray_of = [](const LayeredGraph& t) {
            Stray stray;
            std::vector<double> travel(t.chains.size(), 0);
            for (const LEdge& e : t.edges) {
                const double dx = std::abs(t.nodes[e.from].x - t.nodes[e.to].x);
                stray.total += e.weight * dx;
                if (e.origin < travel.size()) {
                    travel[e.origin] += dx;
                }
            }
            for (double d : travel) {
                stray.widest = std::max(stray.widest, d);
            }
            return stray;
        };
        auto crossings_of = [&](PipelineState& trial) {
            run_phase(trial, Phase::routing, options_);
            const LayeredGraph& t = trial.graph;
            Graph ends;
            Layout drawn;
            for (const LNode& n : t.nodes) {
                drawn.nodes.push_back(
                    {n.x - n.size.width / 2, n.y - n.size.height / 2, n.size.width, n.size.height});
            }
            for (std::size_t k = 0; k < t.chains.size() && k < trial.routes.size(); ++k) {
                const EdgeChain& chain = t.chains[k];
                if (chain.nodes.empty()) {
                    continue;
                }
                EdgeSpec spec;
                spec.source = {chain.nodes.front(), false};
                spec.target = {chain.nodes.back(), false};
                ends.edges.push_back(spec);
                EdgeRoute route;
                route.points = trial.routes[k].points;
                drawn.edges.push_back(std::move(route));
            }
            return drawn_crossings(ends, drawn);
        };
        // Pairs of input nodes in one rank that stand against the order they were written in.
        auto inversions = [&](const std::vector<std::vector<NodeId>>& layers) {
            std::size_t count = 0;
            for (const auto& layer : layers) {
                for (std::size_t i = 0; i < layer.size(); ++i) {
                    for (std::size_t j = i + 1; j < layer.size(); ++j) {
                        const LNode& a = g.nodes[layer[i]];
                        const LNode& b = g.nodes[layer[j]];
                        count += a.kind == NodeKind::real && b.kind == NodeKind::real &&
                                 a.origin > b.origin;
                    }
                }
            }
            return count;
        };
        const std::size_t first_inversions = inversions(g.layers);
        std::vector<std::size_t> in_written_order;
        for (std::size_t k = 0; k < g.tied_orders.size(); ++k) {
            if (inversions(g.tied_orders[k]) <= first_inversions) {
                in_written_order.push_back(k);
            }
        }
        if (in_written_order.empty()) {
            g.tied_orders.clear();
            return;
        }
        PipelineState first = position(g.layers);
        const Stray first_stray = stray_of(first.graph);
        std::vector<std::pair<double, std::size_t>> straighter;
        for (std::size_t k : in_written_order) {
            const Stray s = stray_of(position(g.tied_orders[k]).graph);
            if (s.widest < (1 - widest_gain) * first_stray.widest && s.total <= first_stray.total) {
                straighter.emplace_back(s.total, k);
            }
        }
        std::stable_sort(straighter.begin(), straighter.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        if (!straighter.empty()) {
            const std::size_t first_crossings = crossings_of(first);
            for (std::size_t i = 0; i < straighter.size() && i < tries; ++i) {
                PipelineState trial = position(g.tied_orders[straighter[i].second]);
                if (crossings_of(trial) <= first_crossings) {
                    g.layers = g.tied_orders[straighter[i].second];
                    g.number_orders();
                    break;
                }
            }
        }
        g.tied_orders.clear();
    }

    // Lays `level` out again from its ranking, once side links were found blocked.
    void redo_level(std::size_t level) {
        run_.downward_links -= work_[level].state.graph.downward_links;
        work_[level] = LevelWork(level_direction(level));
        for (auto& chains : port_chain_) {
            std::erase_if(chains, [&](const auto& p) { return p.first == level; });
        }
        rank_level(level);
        lay_out_level(level);
    }

    bool port_is_source_side(std::size_t level, std::size_t chain) const {
        // A level can hold both a source-side and a target-side port of one edge only if the
        // edge starts and ends inside it, which makes the level no border of that edge; so the
        // side is whichever list names the level.
        const std::size_t e = work_[level].chain_edge[chain];
        return std::find(splits_[e].source_side.begin(), splits_[e].source_side.end(), level) !=
               splits_[e].source_side.end();
    }

    // The title sits at the top of the box. With ports on the top border the rank gap below
    // them must hold it (top-to-bottom; the mirrored directions keep it at the far end).
    void reserve_title_room(std::size_t level) {
        LevelWork& w = work_[level];
        LayeredGraph& g = w.state.graph;
        const ClusterSpec& spec = graph_.clusters[level - 1];
        const double pad = options_.cluster_padding;
        const double title = spec.title.height > 0 ? spec.title.height + title_gap : 0;
        int highest = 0;
        for (const LNode& n : g.nodes) {
            highest = std::max(highest, n.rank);
        }
        g.min_gap_after.assign(static_cast<std::size_t>(highest) + 1, 0);
        const Direction d = level_direction(level);
        if (w.has_top_ports && !g.min_gap_after.empty()) {
            g.min_gap_after[0] = pad + (d == Direction::TB ? title : 0) + 12;
        }
        if (w.has_bottom_ports && highest > 0) {
            g.min_gap_after[static_cast<std::size_t>(highest - 1)] =
                pad + (d == Direction::BT ? title : 0) + 12;
        }
    }

    // Converts the level's internal geometry to its own frame and sizes its box.
    void measure(std::size_t level) {
        LevelWork& w = work_[level];
        const LayeredGraph& g = w.state.graph;
        const Orientation& o = w.state.orientation;
        double x0 = 1e300;
        double y0 = 1e300;
        double x1 = -1e300;
        double y1 = -1e300;
        auto grow = [&](double ax, double ay, double bx, double by) {
            x0 = std::min(x0, ax);
            y0 = std::min(y0, ay);
            x1 = std::max(x1, bx);
            y1 = std::max(y1, by);
        };
        for (const LNode& n : g.nodes) {
            grow(n.x - n.size.width / 2 - n.left_extra, n.y - n.size.height / 2,
                 n.x + n.size.width / 2 + n.right_extra, n.y + n.size.height / 2);
        }
        for (const RoutedEdge& r : w.state.routes) {
            // The curves themselves: their control points may reach further out.
            for (std::size_t k = 0; k + 3 < r.points.size(); k += 3) {
                const Rect box = cubic_box(&r.points[k]);
                grow(box.x, box.y, box.right(), box.bottom());
            }
        }
        for (const LCluster& c : g.clusters) {
            if (c.bottom_rank >= c.top_rank) {
                grow(c.box.x, c.box.y, c.box.right(), c.box.bottom());
            }
        }
        if (x0 > x1) {
            x0 = y0 = x1 = y1 = 0;
        }
        const Size extent{x1 - x0, y1 - y0};
        auto to_frame = [&](Point p) {
            return o.point_to_external({p.x - x0, p.y - y0}, extent);
        };
        auto rect_to_frame = [&](const Rect& r) {
            return o.rect_to_external({r.x - x0, r.y - y0, r.width, r.height}, extent);
        };
        w.item_rects.clear();
        for (NodeId v = 0; v < g.real_count; ++v) {
            const LNode& n = g.nodes[v];
            w.item_rects.push_back(rect_to_frame(
                {n.x - n.size.width / 2, n.y - n.size.height / 2, n.size.width, n.size.height}));
        }
        w.cluster_rects.clear();
        for (const LCluster& c : g.clusters) {
            w.cluster_rects.push_back(rect_to_frame(c.box));
        }
        w.pieces.assign(g.chains.size(), {});
        w.ports.assign(g.chains.size(), std::nullopt);
        for (std::size_t k = 0; k < g.chains.size() && k < w.state.routes.size(); ++k) {
            const RoutedEdge& r = w.state.routes[k];
            for (const Point& p : r.points) {
                w.pieces[k].points.push_back(to_frame(p));
            }
            for (const Point& p : r.waypoints) {
                w.pieces[k].waypoints.push_back(to_frame(p));
            }
            if (r.label) {
                w.pieces[k].label = rect_to_frame(*r.label);
            }
            if (w.port_node[k] != none) {
                const LNode& port = g.nodes[w.port_node[k]];
                w.ports[k] = to_frame({port.x, port.y});
            }
        }
        // The box: the content, plus padding and the title for clusters. Ports lie on it.
        Rect frame = o.rect_to_external({0, 0, extent.width, extent.height}, extent);
        if (level != 0) {
            const ClusterSpec& spec = graph_.clusters[level - 1];
            const double pad = options_.cluster_padding;
            const double title = spec.title.height > 0 ? spec.title.height + title_gap : 0;
            // Sides that carry ports stay where the ports are (the outermost rank); the others
            // get padding. On top, the title needs room too, unless positioning already made
            // it between the top ports and the content (reserve_title_room).
            const PortSides sides = port_sides(level);
            const double top = frame.y - (sides.top ? 0 : pad + title);
            const double bottom = frame.bottom() + (sides.bottom ? 0 : pad);
            double left = frame.x - (sides.left ? 0 : pad);
            double right = frame.right() + (sides.right ? 0 : pad);
            const double min_width = spec.title.width + 2 * pad + title_room(level - 1);
            if (right - left < min_width) {
                const double grow_by = (min_width - (right - left)) / 2;
                left -= grow_by;
                right += grow_by;
            }
            const Point shift{-left, -top};
            for (Rect& r : w.item_rects) {
                r.x += shift.x;
                r.y += shift.y;
            }
            for (Rect& r : w.cluster_rects) {
                r.x += shift.x;
                r.y += shift.y;
            }
            for (RoutedEdge& piece : w.pieces) {
                for (Point& p : piece.points) {
                    p = p + shift;
                }
                for (Point& p : piece.waypoints) {
                    p = p + shift;
                }
                if (piece.label) {
                    piece.label->x += shift.x;
                    piece.label->y += shift.y;
                }
            }
            for (auto& p : w.ports) {
                if (p) {
                    *p = *p + shift;
                }
            }
            w.box = {right - left, bottom - top};
            finish_side_links(w);
        } else {
            w.box = {frame.width, frame.height};
        }
    }

    // Draws each side link in the level's frame: its way, with the last point moved out to
    // the border, turning on rounded corners (sharp ones for the straight-line styles).
    void finish_side_links(LevelWork& w) const {
        const Orientation& o = w.state.orientation;
        for (std::size_t k = 0; k < w.side_link.size(); ++k) {
            const auto& link = w.side_link[k];
            if (!link || w.pieces[k].waypoints.size() < 2) {
                continue;
            }
            std::vector<Point> way = w.pieces[k].waypoints;
            const Point out = o.offset_to_external({link->right ? 1.0 : -1.0, 0});
            Point& border = way.back();
            if (std::abs(out.x) > 0.5) {
                border.x = out.x < 0 ? 0 : w.box.width;
            } else {
                border.y = out.y < 0 ? 0 : w.box.height;
            }
            w.ports[k] = border;
            if (link->arriving) {
                std::reverse(way.begin(), way.end());
            }
            const double radius = options_.route_style == RouteStyle::spline ? 10 : 0;
            w.pieces[k].points = rounded_polyline(way, radius);
            w.pieces[k].waypoints = std::move(way);
        }
    }

    // Which sides of the level's box (in its own frame) carry ports: internal top and bottom
    // become top/bottom (TB), bottom/top (BT), left/right (LR) or right/left (RL).
    struct PortSides {
        bool top = false;
        bool bottom = false;
        bool left = false;
        bool right = false;
    };

    PortSides port_sides(std::size_t level) const {
        const LevelWork& w = work_[level];
        PortSides s;
        switch (level_direction(level)) {
        case Direction::TB:
            s.top = w.has_top_ports;
            s.bottom = w.has_bottom_ports;
            break;
        case Direction::BT:
            s.top = w.has_bottom_ports;
            s.bottom = w.has_top_ports;
            break;
        case Direction::LR:
            s.left = w.has_top_ports;
            s.right = w.has_bottom_ports;
            break;
        case Direction::RL:
            s.left = w.has_bottom_ports;
            s.right = w.has_top_ports;
            break;
        }
        return s;
    }

    Layout assemble() {
        Layout layout;
        const std::size_t levels = work_.size();
        std::vector<Point> offset(levels);
        for (std::size_t level : h_.top_down) {
            if (level == 0) {
                continue;
            }
            const std::size_t parent = h_.parent[level];
            const Rect& block = work_[parent].item_rects[item_of_block_[level - 1]];
            offset[level] = offset[parent] + Point{block.x, block.y};
        }
        layout.nodes.resize(graph_.nodes.size());
        for (std::size_t n = 0; n < graph_.nodes.size(); ++n) {
            const std::size_t level = h_.node_level[n];
            Rect r = work_[level].item_rects[item_of_node_[n]];
            r.x += offset[level].x;
            r.y += offset[level].y;
            layout.nodes[n] = r;
        }
        layout.clusters.resize(graph_.clusters.size());
        for (std::size_t c = 0; c < graph_.clusters.size(); ++c) {
            if (h_.block[c]) {
                const std::size_t level = Hierarchy::level_of_block(c);
                layout.clusters[c] = {offset[level].x, offset[level].y, work_[level].box.width,
                                      work_[level].box.height};
            } else {
                const std::size_t level = h_.level_of[c];
                Rect r = work_[level].cluster_rects[flat_local_[c]];
                r.x += offset[level].x;
                r.y += offset[level].y;
                layout.clusters[c] = r;
            }
        }
        layout.edges.resize(graph_.edges.size());
        for (std::size_t e = 0; e < graph_.edges.size(); ++e) {
            assemble_edge(e, offset, layout.edges[e]);
        }
        layout.bounds = {0, 0, work_[0].box.width, work_[0].box.height};
        place_titles(layout);
        return layout;
    }

    // Where no stretch of a title strip between crossing edges holds the title: the place
    // where it lies over the fewest of them (`runs`, sorted and apart), nearest the centre.
    static double fewest_crossed(const std::vector<std::pair<double, double>>& runs,
                                 const Rect& strip, double width, double centre) {
        if (strip.width <= width) {
            return centre;
        }
        const double first = strip.x + width / 2;
        const double last = strip.right() - width / 2;
        std::vector<double> places{std::clamp(centre, first, last)};
        for (const auto& [lo, hi] : runs) {
            places.push_back(std::clamp(lo - width / 2, first, last));
            places.push_back(std::clamp(hi + width / 2, first, last));
        }
        double best = centre;
        auto best_count = runs.size() + 1;
        for (double x : places) {
            const auto count = static_cast<std::size_t>(
                std::count_if(runs.begin(), runs.end(), [&](const auto& run) {
                    return run.second > x - width / 2 && run.first < x + width / 2;
                }));
            if (count < best_count ||
                (count == best_count && std::abs(x - centre) < std::abs(best - centre))) {
                best = x;
                best_count = count;
            }
        }
        return best;
    }

    // Titles sit at the top of their cluster, clear of the edges that cross the title strip.
    void place_titles(Layout& layout) const {
        layout.cluster_titles.resize(graph_.clusters.size());
        run_.title_shortfall.assign(graph_.clusters.size(), 0);
        const double pad = options_.cluster_padding;
        for (std::size_t c = 0; c < graph_.clusters.size(); ++c) {
            const Rect& box = layout.clusters[c];
            const Size title = graph_.clusters[c].title;
            Rect strip{box.x + pad / 2, box.y, box.width - pad, pad + title.height + title_gap};
            // Where edges pass through the strip, with a little clearance either side.
            std::vector<std::pair<double, double>> blocked;
            for (const EdgeRoute& route : layout.edges) {
                const auto& pts = route.points;
                for (std::size_t k = 0; k + 3 < pts.size(); k += 3) {
                    // A cubic stays within the box of its control points: most segments are
                    // nowhere near this strip and need no sampling.
                    const auto [x0, x1] =
                        std::minmax({pts[k].x, pts[k + 1].x, pts[k + 2].x, pts[k + 3].x});
                    const auto [y0, y1] =
                        std::minmax({pts[k].y, pts[k + 1].y, pts[k + 2].y, pts[k + 3].y});
                    if (x1 < strip.x || x0 > strip.right() || y1 < strip.y || y0 > strip.bottom()) {
                        continue;
                    }
                    // The piece as short lines, each cut to the strip's height: sampled
                    // points alone would step over the strip where a long piece crosses it.
                    constexpr int steps = 24;
                    Point from = pts[k];
                    for (int i = 1; i <= steps; ++i) {
                        const Point to = cubic_point(&pts[k], i / double(steps));
                        const double lo_y = std::max(strip.y, std::min(from.y, to.y));
                        const double hi_y = std::min(strip.bottom(), std::max(from.y, to.y));
                        if (lo_y <= hi_y) {
                            // Where the line enters and leaves that height (all of it when flat).
                            const bool flat = to.y == from.y;
                            auto x_at = [&](double y) {
                                return from.x + (to.x - from.x) * (y - from.y) / (to.y - from.y);
                            };
                            const double enter = flat ? from.x : x_at(lo_y);
                            const double leave = flat ? to.x : x_at(hi_y);
                            const double lo = std::min(enter, leave);
                            const double hi = std::max(enter, leave);
                            if (hi >= strip.x && lo <= strip.right()) {
                                blocked.emplace_back(lo - 6, hi + 6);
                            }
                        }
                        from = to;
                    }
                }
            }
            const double centre = box.center().x;
            double best = centre;
            if (!blocked.empty()) {
                std::sort(blocked.begin(), blocked.end());
                // Free stretches between the blocked ones, and the one nearest the centre that
                // holds the title.
                std::vector<std::pair<double, double>> free;
                std::vector<std::pair<double, double>> runs; // the blocked ones, merged
                double from = strip.x;
                for (const auto& [lo, hi] : blocked) {
                    if (lo > from) {
                        free.emplace_back(from, lo);
                    }
                    if (!runs.empty() && lo <= runs.back().second) {
                        runs.back().second = std::max(runs.back().second, hi);
                    } else {
                        runs.emplace_back(lo, hi);
                    }
                    from = std::max(from, hi);
                }
                if (from < strip.right()) {
                    free.emplace_back(from, strip.right());
                }
                double best_distance = 1e300;
                bool found = false;
                for (const auto& [lo, hi] : free) {
                    if (hi - lo < title.width) {
                        continue;
                    }
                    const double x = std::clamp(centre, lo + title.width / 2, hi - title.width / 2);
                    if (std::abs(x - centre) < best_distance) {
                        best_distance = std::abs(x - centre);
                        best = x;
                        found = true;
                    }
                }
                if (!found) {
                    best = fewest_crossed(runs, strip, title.width, centre);
                    // Widened evenly, the box gains half the growth beyond the outermost
                    // crossings on either side: enough there for the title, and a little more.
                    const double beyond_first = runs.front().first - strip.x;
                    const double beyond_last = strip.right() - runs.back().second;
                    const double short_by = title.width - std::max(beyond_first, beyond_last);
                    run_.title_shortfall[c] = 2 * std::max(short_by, 0.0) + 8;
                }
            }
            layout.cluster_titles[c] = {best - title.width / 2, box.y + pad, title.width,
                                        title.height};
        }
    }

    // Joins the pieces of edge e, from its source out through the borders it leaves, across the
    // meeting level, and in through the borders it enters.
    void assemble_edge(std::size_t e, const std::vector<Point>& offset, EdgeRoute& out) {
        auto piece = [&](std::size_t level, std::size_t chain, bool want_from_item) {
            RoutedEdge r = work_[level].pieces[chain];
            for (Point& p : r.points) {
                p = p + offset[level];
            }
            for (Point& p : r.waypoints) {
                p = p + offset[level];
            }
            if (r.label) {
                r.label->x += offset[level].x;
                r.label->y += offset[level].y;
            }
            // Top port chains run port → item, bottom ones item → port.
            const int kind = work_[level].chain_port[chain];
            const bool from_item = kind == 1 || kind == 3;
            if (from_item != want_from_item) {
                std::reverse(r.points.begin(), r.points.end());
                std::reverse(r.waypoints.begin(), r.waypoints.end());
            }
            return r;
        };
        auto append = [](std::vector<Point>& into, const std::vector<Point>& more) {
            if (more.empty()) {
                return;
            }
            const bool joined = !into.empty() && std::abs(into.back().x - more.front().x) < 1e-6 &&
                                std::abs(into.back().y - more.front().y) < 1e-6;
            if (!into.empty() && !joined) {
                // Pieces should meet exactly; bridge any rounding gap with a straight line.
                const Point a = into.back();
                const Point b = more.front();
                into.push_back({a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3});
                into.push_back({a.x + 2 * (b.x - a.x) / 3, a.y + 2 * (b.y - a.y) / 3});
                into.push_back(b);
            }
            into.insert(into.end(), more.begin() + 1, more.end());
            if (into.size() == more.size() - 1) {
                into.insert(into.begin(), more.front());
            }
        };
        std::vector<std::pair<std::size_t, std::size_t>> source_ports;
        std::vector<std::pair<std::size_t, std::size_t>> target_ports;
        for (const auto& [level, chain] : port_chain_[e]) {
            (port_is_source_side(level, chain) ? source_ports : target_ports)
                .emplace_back(level, chain);
        }
        auto depth_of = [&](const std::pair<std::size_t, std::size_t>& p) {
            return h_.depth[p.first];
        };
        std::sort(source_ports.begin(), source_ports.end(),
                  [&](auto& a, auto& b) { return depth_of(a) > depth_of(b); });
        std::sort(target_ports.begin(), target_ports.end(),
                  [&](auto& a, auto& b) { return depth_of(a) < depth_of(b); });
        std::vector<Point> points;
        std::vector<Point> waypoints;
        auto add = [&](const RoutedEdge& r) {
            append(points, r.points);
            append(waypoints, r.waypoints);
        };
        for (const auto& [level, chain] : source_ports) {
            add(piece(level, chain, true));
        }
        const std::size_t lca = splits_[e].lca;
        if (lca_chain_[e] != none) {
            RoutedEdge middle = work_[lca].pieces[lca_chain_[e]];
            for (Point& p : middle.points) {
                p = p + offset[lca];
            }
            for (Point& p : middle.waypoints) {
                p = p + offset[lca];
            }
            if (middle.label) {
                middle.label->x += offset[lca].x;
                middle.label->y += offset[lca].y;
                out.label = middle.label;
            }
            add(middle);
        }
        for (const auto& [level, chain] : target_ports) {
            add(piece(level, chain, false));
        }
        out.points = std::move(points);
        out.waypoints = std::move(waypoints);
    }

    const Graph& graph_;
    const Options& options_;
    const std::vector<Separation>& separations_;
    LevelRun& run_;
    /// per cluster: width wanted beyond its title's, for the title to move clear of edges
    const std::vector<double>& title_room_;
    Hierarchy h_;
    std::vector<EdgeSplit> splits_;
    std::vector<LevelWork> work_;
    std::vector<NodeId> item_of_node_;
    std::vector<NodeId> item_of_block_;
    std::vector<std::size_t> flat_local_; ///< per cluster laid out flat: its index in its level
    std::vector<std::size_t> lca_chain_;
    std::vector<bool> goes_down_;
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> port_chain_; ///< (level, chain)
    std::set<std::pair<std::size_t, std::size_t>> no_side_; ///< (level, edge): side link blocked
    std::vector<std::size_t> first_reached_; ///< per node, then per cluster: see roots_as_authored

    // A block gathers its members' edges into one node, which makes cycles the author never
    // drew: A's member links to B's and a later member of B back to A. Searching from the
    // level's items by index then turns whichever edges the search meets last, perhaps all of
    // A's edges from B although B's flow starts earlier. Instead the level's items are taken
    // in the order in which the search over the real nodes alone, as the layout without
    // blocks does it, first reaches them (a block when it reaches its first member): a cycle
    // through a block is then broken where the author's flow closes it.
    std::vector<NodeId> roots_as_authored(std::size_t level) {
        const std::size_t nodes = graph_.nodes.size();
        if (first_reached_.empty()) {
            std::vector<std::pair<NodeId, NodeId>> real;
            for (const EdgeSpec& spec : graph_.edges) {
                if (!spec.source.is_cluster && !spec.target.is_cluster) {
                    real.emplace_back(spec.source.index, spec.target.index);
                }
            }
            first_reached_ = depth_first_discovery(nodes, real);
            first_reached_.resize(nodes + graph_.clusters.size(), none);
            for (std::size_t n = 0; n < nodes; ++n) {
                for (std::size_t c = h_.node_cluster[n]; c != no_cluster;
                     c = h_.cluster_parent[c]) {
                    first_reached_[nodes + c] =
                        std::min(first_reached_[nodes + c], first_reached_[n]);
                }
            }
        }
        const LayeredGraph& g = work_[level].state.graph;
        const std::size_t real_here = h_.nodes[level].size();
        std::vector<std::pair<std::size_t, NodeId>> keyed;
        for (NodeId v = 0; v < g.nodes.size(); ++v) {
            const std::size_t origin = g.nodes[v].origin;
            keyed.emplace_back(first_reached_[v < real_here ? origin : nodes + origin], v);
        }
        std::sort(keyed.begin(), keyed.end());
        std::vector<NodeId> roots;
        for (const auto& [key, v] : keyed) {
            roots.push_back(v);
        }
        return roots;
    }
};

} // namespace

Layout lay_out_levels(const Graph& graph, const Options& options,
                      const std::vector<bool>& force_block,
                      const std::vector<Separation>& separations, LevelRun* run) {
    LevelRun scratch;
    LevelRun& report = run != nullptr ? *run : scratch;
    auto lay_out = [&](LevelRun& into, const std::vector<double>& title_room) {
        into.downward_links = 0;
        into.port_slots.clear();
        return HierarchicalLayout(graph, options, force_block, separations, into, title_room).run();
    };
    Layout layout = lay_out(report, {});
    // Where edges cross a title strip with no room for the title beside them, those clusters
    // are made wide enough and the graph laid out again (the edges move too, so up to
    // max_title_rounds times, the room growing each time); kept where fewer titles are crossed.
    const auto crossed = [](const std::vector<double>& shortfall) {
        return std::count_if(shortfall.begin(), shortfall.end(), [](double s) { return s > 0; });
    };
    auto fewest = crossed(report.title_shortfall);
    std::vector<double> room(graph.clusters.size(), 0);
    std::vector<double> shortfall = report.title_shortfall;
    const std::size_t rounds = report.room_for_titles ? max_title_rounds : 0;
    for (std::size_t round = 0; round < rounds && fewest > 0; ++round) {
        for (std::size_t c = 0; c < room.size(); ++c) {
            room[c] += shortfall[c];
        }
        LevelRun again = report;
        Layout wider = lay_out(again, room);
        shortfall = again.title_shortfall;
        const auto now = crossed(shortfall);
        if (now < fewest) {
            fewest = now;
            report = std::move(again);
            layout = std::move(wider);
        }
    }
    return layout;
}

// The clusters (by index) that a route passes through although neither end of its edge is in
// them. Compound layering cannot always avoid that: when two clusters span the same ranks, an
// edge between their outsides may have to cross one.
std::vector<ClusterCrossing> cluster_crossings(const Graph& graph, const Layout& layout) {
    std::vector<std::size_t> parent(graph.clusters.size(), none);
    for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
        for (std::size_t child : graph.clusters[c].clusters) {
            if (child < parent.size() && parent[child] == none && child != c) {
                parent[child] = c;
            }
        }
    }
    // Clusters around each node, nested ones included.
    std::vector<std::vector<bool>> holds(graph.clusters.size(),
                                         std::vector<bool>(graph.nodes.size(), false));
    for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
        for (std::size_t n : graph.clusters[c].nodes) {
            std::size_t steps = 0;
            for (std::size_t up = c; up != none && steps <= graph.clusters.size();
                 up = parent[up], ++steps) {
                holds[up][n] = true;
            }
        }
    }
    auto inside_open = [](const Rect& r, Point p) {
        return p.x > r.x + 0.5 && p.x < r.right() - 0.5 && p.y > r.y + 0.5 &&
               p.y < r.bottom() - 0.5;
    };
    std::vector<ClusterCrossing> crossings;
    for (std::size_t e = 0; e < graph.edges.size(); ++e) {
        const EdgeSpec& spec = graph.edges[e];
        const auto& pts = layout.edges[e].points;
        if (pts.empty()) {
            continue;
        }
        // A cubic stays within its control points' box.
        Rect reach{pts[0].x, pts[0].y, 0, 0};
        for (const Point& p : pts) {
            const double x0 = std::min(reach.x, p.x);
            const double y0 = std::min(reach.y, p.y);
            reach = {x0, y0, std::max(reach.right(), p.x) - x0, std::max(reach.bottom(), p.y) - y0};
        }
        for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
            if (!reach.overlaps(layout.clusters[c], 0.5)) {
                continue;
            }
            const bool own = (!spec.source.is_cluster && holds[c][spec.source.index]) ||
                             (!spec.target.is_cluster && holds[c][spec.target.index]) ||
                             (spec.source.is_cluster && spec.source.index == c) ||
                             (spec.target.is_cluster && spec.target.index == c);
            if (own) {
                continue;
            }
            // Sample the cubic pieces densely enough for boxes of several pixels.
            bool crossed = false;
            for (std::size_t k = 0; k + 3 < pts.size() && !crossed; k += 3) {
                for (int i = 0; i <= 16 && !crossed; ++i) {
                    crossed = inside_open(layout.clusters[c], cubic_point(&pts[k], i / 16.0));
                }
            }
            if (crossed) {
                crossings.push_back({e, c});
            }
        }
    }
    return crossings;
}

} // namespace merrow::layout::detail
