#include "positioning.hpp"

#include "compound.hpp"
#include "network_simplex.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_set>

namespace merrow::layout::detail {

namespace {

double straightness_weight(const LNode& a, const LNode& b);

// The drawing's left and right edges are two more variables, held outside every node and
// cluster, with a light pull between them: of placements that bend edges equally, the
// narrowest. So light that an edge straighter by a quarter px outweighs 2^20 quarter px of
// width; a power of two, so the solvers' sums stay exact.
constexpr double width_weight = 1.0 / (1 << 20);

// Both network simplex methods find an optimum; they differ in time and in which of tied
// optima they pick. On the benchmark graphs the flow method took 42.5 ms against 82 on cyc 1000
// and 16 against 31 on dag 1000, with medians of edge length and area within 1.2 % either way
// in every size group. Small diagrams keep the dual method from Brandes–Köpf's coordinates:
// its picks are what they have always been, and it is as fast there.
constexpr std::size_t flow_method_variables = 2000;

NsMethod x_method(std::size_t variables) {
    return variables >= flow_method_variables ? NsMethod::flow : NsMethod::dual;
}

// Holds every rank's first node right of `left` and its last node left of `right`, and pulls the
// two together by width_weight (scale: units per px).
void hold_between_drawing_ends(const LayeredGraph& graph, std::size_t left, std::size_t right,
                               double scale, std::vector<NsEdge>& edges) {
    for (const auto& layer : graph.layers) {
        if (layer.empty()) {
            continue;
        }
        const LNode& first = graph.nodes[layer.front()];
        const LNode& last = graph.nodes[layer.back()];
        edges.push_back(
            {left, layer.front(),
             static_cast<int>(std::ceil((first.size.width / 2 + first.left_extra) * scale)), 0});
        edges.push_back(
            {layer.back(), right,
             static_cast<int>(std::ceil((last.size.width / 2 + last.right_extra) * scale)), 0});
    }
    edges.push_back({left, right, 0, width_weight});
}

// Pivots are linear in the graph; the cap only guards against pathological inputs.
std::size_t x_pivot_cap(std::size_t variables) {
    return 100 + 10 * variables;
}
void assign_x(LayeredGraph& graph, const SpacingOptions& spacing);

using Layers = std::vector<std::vector<NodeId>>;

// port_offsets in units of 1/scale px. Straightening an edge between its ports rather than
// between centres is what lines a node up with the one it links to inside a block.
std::pair<int, int> port_units(const LayeredGraph& graph, const LEdge& e, double scale) {
    const auto [from, to] = port_offsets(graph, e);
    return {static_cast<int>(std::lround(from * scale)), static_cast<int>(std::lround(to * scale))};
}

// The room a node keeps on each side from its neighbours in the rank: half the node spacing
// for nodes, half the edge spacing for dummies and labels.
double half_gap(const LNode& node, const SpacingOptions& spacing) {
    return (node.kind == NodeKind::real ? spacing.node_spacing : spacing.edge_spacing) / 2;
}

// From a node's side to the border of a cluster beside it that it is not in.
double gap_to_cluster(const LNode& node, const SpacingOptions& spacing) {
    return half_gap(node, spacing) + spacing.node_spacing / 2;
}

bool is_dummy(const LNode& n) {
    return n.kind != NodeKind::real;
}

// Room each cluster needs above its first rank and below its last: its own padding (and title)
// plus that of nested clusters starting (ending) on the same rank.
void cluster_border_strips(LayeredGraph& graph) {
    const std::size_t ranks = graph.layers.size();
    graph.border_above.assign(ranks, 0);
    graph.border_below.assign(ranks, 0);
    const std::size_t count = graph.clusters.size();
    std::vector<double> before(count, -1);
    std::vector<double> after(count, -1);
    // Children before parents: repeat until every stack is known (depth is small).
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t c = 0; c < count; ++c) {
            if (before[c] >= 0) {
                continue;
            }
            const LCluster& cl = graph.clusters[c];
            double inner_before = 0;
            double inner_after = 0;
            bool ready = true;
            for (std::size_t d : cl.children) {
                if (before[d] < 0) {
                    ready = false;
                    break;
                }
                if (graph.clusters[d].top_rank == cl.top_rank) {
                    inner_before = std::max(inner_before, before[d]);
                }
                if (graph.clusters[d].bottom_rank == cl.bottom_rank) {
                    inner_after = std::max(inner_after, after[d]);
                }
            }
            if (ready) {
                before[c] = cl.room_before + inner_before;
                after[c] = cl.room_after + inner_after;
                changed = true;
            }
        }
    }
    for (std::size_t c = 0; c < count; ++c) {
        const LCluster& cl = graph.clusters[c];
        if (cl.bottom_rank < cl.top_rank) {
            continue;
        }
        auto& above = graph.border_above[static_cast<std::size_t>(cl.top_rank)];
        auto& below = graph.border_below[static_cast<std::size_t>(cl.bottom_rank)];
        above = std::max(above, before[c]);
        below = std::max(below, after[c]);
    }
}

// Room a fan needs below rank r: edges from one node (or into one node of rank r + 1) that
// all travel far to the same side cross the gap side by side, and in a gap of the usual
// height their curves run flat and almost on top of one another. Each such edge beyond the
// first gets half the edge spacing of extra height, so that the fan opens like a broom.
double fan_room(const LayeredGraph& graph, std::size_t r, double gap,
                const SpacingOptions& spacing) {
    const double far = 3 * gap;
    std::size_t widest = 0;
    auto count = [&](NodeId v, bool down) {
        std::size_t left = 0;
        std::size_t right = 0;
        const auto& edges = down ? graph.out_edges[v] : graph.in_edges[v];
        for (const EdgeId id : edges) {
            const LEdge& e = graph.edges[id];
            const double dx = graph.nodes[down ? e.to : e.from].x - graph.nodes[v].x;
            left += dx < -far ? 1 : 0;
            right += dx > far ? 1 : 0;
        }
        // Only a fan whose edges all go one way: one that spreads both ways opens by itself.
        if (left == edges.size() || right == edges.size()) {
            widest = std::max(widest, edges.size());
        }
    };
    for (const NodeId v : graph.layers[r]) {
        count(v, true);
    }
    for (const NodeId v : graph.layers[r + 1]) {
        count(v, false);
    }
    return widest > 2 ? static_cast<double>(widest - 1) * spacing.edge_spacing / 2 : 0;
}

void assign_y(LayeredGraph& graph, const SpacingOptions& spacing) {
    const std::size_t ranks = graph.layers.size();
    graph.rank_top.assign(ranks, 0);
    graph.rank_bottom.assign(ranks, 0);
    cluster_border_strips(graph);
    const double gap = spacing.rank_spacing / graph.rank_factor;
    // Between cluster borders an edge still needs room to turn.
    const double free_room = std::max(12.0, gap / 2);
    double y = ranks > 0 ? graph.border_above[0] : 0;
    for (std::size_t r = 0; r < ranks; ++r) {
        double height = 0;
        for (NodeId v : graph.layers[r]) {
            height = std::max(height, graph.nodes[v].size.height);
        }
        graph.rank_top[r] = y;
        graph.rank_bottom[r] = y + height;
        for (NodeId v : graph.layers[r]) {
            graph.nodes[v].y = y + height / 2;
        }
        double needed = r < graph.min_gap_after.size() ? graph.min_gap_after[r] : 0;
        const double borders =
            graph.border_below[r] + (r + 1 < ranks ? graph.border_above[r + 1] : 0);
        if (borders > 0) {
            needed = std::max(needed, borders + free_room);
        }
        if (r + 1 < ranks) {
            needed = std::max(needed, gap + fan_room(graph, r, gap, spacing));
        }
        y += height + std::max(gap, needed);
    }
}

// The side an object presents to its right neighbour and left neighbour in one rank: a node,
// or a cluster (its border variable).
struct Side {
    std::size_t variable;
    double offset; ///< from the variable to the object's edge facing the neighbour
};

// Whether the constraints (edge tail before head) can all hold: they form no cycle.
bool constraints_acyclic(const std::vector<NsEdge>& edges, std::size_t total) {
    std::vector<std::size_t> pending(total, 0);
    std::vector<std::vector<std::size_t>> out(total);
    for (const NsEdge& e : edges) {
        ++pending[e.head];
        out[e.tail].push_back(e.head);
    }
    std::vector<std::size_t> ready;
    for (std::size_t v = 0; v < total; ++v) {
        if (pending[v] == 0) {
            ready.push_back(v);
        }
    }
    std::size_t done = 0;
    while (!ready.empty()) {
        const std::size_t v = ready.back();
        ready.pop_back();
        ++done;
        for (std::size_t w : out[v]) {
            if (--pending[w] == 0) {
                ready.push_back(w);
            }
        }
    }
    return done == total;
}

// Whether v lies right of the cluster's members in v's rank (the cluster is contiguous there).
bool right_of_cluster(const LayeredGraph& graph, NodeId v, std::size_t cluster) {
    for (NodeId w : graph.layers[static_cast<std::size_t>(graph.nodes[v].rank)]) {
        if (within(graph, graph.node_cluster[w], cluster)) {
            return graph.nodes[v].order > graph.nodes[w].order;
        }
    }
    return false;
}

// A bend (dummy or label) in the rank just above a cluster's top, of an edge that goes on
// beside the cluster, is pulled beside the cluster's border, and so is a bend just below its
// bottom after an edge that came down beside it. Left free, the solver may put such a bend
// anywhere along an edge that travels sideways, since every place costs the same: over the
// cluster, the edge then squeezes between the bend and the box's top to get round it, and
// edges that meet beyond run along each other there. Pulled, the sideways travel happens in a
// gap free of that box. The pull is light (a quarter of an edge between real nodes, half of a
// cluster's width), so it settles what the edges leave open and widens no cluster.
//
// A one-sided cost w·max(0, border + gap − x) needs one variable a ≤ x, a ≤ border + gap, at a
// cost w·(border − a); mirrored on the left. Border variables start at `borders` (left, right
// per cluster); the pulls' variables from `next`. Returns the variable count.
std::size_t pull_bends_beside_clusters(const LayeredGraph& graph, const SpacingOptions& spacing,
                                       double scale, std::size_t borders, std::size_t next,
                                       std::vector<NsEdge>& out) {
    constexpr double pull = 0.25;
    auto units = [&](double px) {
        return static_cast<int>(std::ceil(px * scale));
    };
    auto pull_beside = [&](NodeId bend, NodeId beyond) {
        // Only clusters inside the one that holds both ends can lie across the edge's way, and
        // a bend in a cluster its edge leaves would stretch that cluster instead.
        const std::size_t home = graph.node_cluster[bend];
        if (common_cluster(graph, home, graph.node_cluster[beyond]) != home) {
            return;
        }
        const LNode& node = graph.nodes[bend];
        const int rank = graph.nodes[beyond].rank;
        for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
            const LCluster& cl = graph.clusters[c];
            const bool beside = rank > node.rank ? cl.top_rank == rank : cl.bottom_rank == rank;
            if (!beside || c == home || !within(graph, c, home) ||
                within(graph, graph.node_cluster[beyond], c)) {
                continue;
            }
            const std::size_t left = borders + 2 * c;
            const std::size_t a = next++;
            if (right_of_cluster(graph, beyond, c)) {
                out.push_back({a, bend, 0, 0});
                out.push_back(
                    {a, left + 1,
                     -units(node.size.width / 2 + node.left_extra + gap_to_cluster(node, spacing)),
                     pull});
            } else {
                out.push_back({bend, a, 0, 0});
                out.push_back(
                    {left, a,
                     -units(node.size.width / 2 + node.right_extra + gap_to_cluster(node, spacing)),
                     pull});
            }
        }
    };
    for (const LEdge& e : graph.edges) {
        if (is_dummy(graph.nodes[e.from])) {
            pull_beside(e.from, e.to);
        }
        if (is_dummy(graph.nodes[e.to])) {
            pull_beside(e.to, e.from);
        }
    }
    return next;
}

// Optimal x-coordinates when the graph has clusters: the auxiliary graph of
// refine_x_network_simplex plus a left and a right border variable per cluster. Members stay
// inside their cluster's borders (with padding), neighbouring objects in a rank stay apart,
// and a light cost on each cluster's width keeps clusters compact. Solved from scratch:
// Brandes–Köpf knows nothing of clusters.
bool assign_x_with_clusters(LayeredGraph& graph, const SpacingOptions& spacing) {
    constexpr double scale = 4;
    constexpr double cluster_compactness = 0.5;
    const std::size_t n = graph.nodes.size();
    const std::size_t m = graph.edges.size();
    const std::size_t count = graph.clusters.size();
    auto left_of = [&](std::size_t c) {
        return n + m + 2 * c;
    };
    auto right_of = [&](std::size_t c) {
        return n + m + 2 * c + 1;
    };
    auto units = [&](double px) {
        return static_cast<int>(std::ceil(px * scale));
    };
    std::vector<NsEdge> edges;
    for (NodeId v = 0; v < n; ++v) {
        const std::size_t c = graph.node_cluster[v];
        if (c == none) {
            continue;
        }
        const LNode& node = graph.nodes[v];
        const LCluster& cl = graph.clusters[c];
        edges.push_back(
            {left_of(c), v, units(node.size.width / 2 + node.left_extra + cl.room_left), 0});
        edges.push_back(
            {v, right_of(c), units(node.size.width / 2 + node.right_extra + cl.room_right), 0});
    }
    for (std::size_t c = 0; c < count; ++c) {
        const LCluster& cl = graph.clusters[c];
        edges.push_back({left_of(c), right_of(c), units(cl.min_width), cluster_compactness});
        if (cl.parent != none) {
            const LCluster& parent = graph.clusters[cl.parent];
            edges.push_back({left_of(cl.parent), left_of(c), units(parent.room_left), 0});
            edges.push_back({right_of(c), right_of(cl.parent), units(parent.room_right), 0});
        }
    }
    auto side = [&](NodeId v, std::size_t scope_cluster) -> std::pair<bool, std::size_t> {
        const std::size_t c = graph.node_cluster[v];
        if (c == scope_cluster) {
            return {false, v};
        }
        return {true, child_towards(graph, scope_cluster, c)};
    };
    for (const auto& layer : graph.layers) {
        for (std::size_t i = 1; i < layer.size(); ++i) {
            const NodeId u = layer[i - 1];
            const NodeId v = layer[i];
            const std::size_t shared =
                common_cluster(graph, graph.node_cluster[u], graph.node_cluster[v]);
            const auto [u_is_cluster, a] = side(u, shared);
            const auto [v_is_cluster, b] = side(v, shared);
            const LNode& nu = graph.nodes[u];
            const LNode& nv = graph.nodes[v];
            if (!u_is_cluster && !v_is_cluster) {
                edges.push_back({u, v, units(separation(graph, u, v, spacing)), 0});
            } else if (!u_is_cluster) {
                edges.push_back(
                    {u, left_of(b),
                     units(nu.size.width / 2 + nu.right_extra + gap_to_cluster(nu, spacing)), 0});
            } else if (!v_is_cluster) {
                edges.push_back(
                    {right_of(a), v,
                     units(nv.size.width / 2 + nv.left_extra + gap_to_cluster(nv, spacing)), 0});
            } else if (a != b) {
                edges.push_back({right_of(a), left_of(b), units(spacing.node_spacing), 0});
            }
        }
    }
    for (std::size_t k = 0; k < m; ++k) {
        const LEdge& e = graph.edges[k];
        const double w = e.weight * straightness_weight(graph.nodes[e.from], graph.nodes[e.to]);
        const auto [from_port, to_port] = port_units(graph, e, scale);
        edges.push_back({n + k, e.from, -from_port, w});
        edges.push_back({n + k, e.to, -to_port, w});
    }
    const std::size_t drawing_left = n + m + 2 * count;
    const std::size_t drawing_right = drawing_left + 1;
    hold_between_drawing_ends(graph, drawing_left, drawing_right, scale, edges);
    for (std::size_t c = 0; c < count; ++c) {
        if (graph.clusters[c].parent == none) {
            edges.push_back({drawing_left, left_of(c), 0, 0});
            edges.push_back({right_of(c), drawing_right, 0, 0});
        }
    }
    const std::size_t total =
        pull_bends_beside_clusters(graph, spacing, scale, n + m, drawing_right + 1, edges);
    // Clusters in inconsistent left-to-right orders across ranks would make the constraints
    // cyclic; ordering avoids that, but check rather than trust.
    if (!constraints_acyclic(edges, total)) {
        return false;
    }
    // Start from Brandes–Köpf's coordinates (good, but blind to clusters), pushed right just
    // enough to meet every constraint: far fewer pivots than starting from nothing.
    assign_x(graph, spacing);
    std::vector<int> start(total, 0);
    for (NodeId v = 0; v < n; ++v) {
        start[v] = static_cast<int>(std::lround(graph.nodes[v].x * scale));
    }
    for (std::size_t k = 0; k < m; ++k) {
        const LEdge& e = graph.edges[k];
        const auto [from_port, to_port] = port_units(graph, e, scale);
        start[n + k] = std::min(start[e.from] + from_port, start[e.to] + to_port);
    }
    for (std::size_t c = 0; c < count; ++c) {
        start[left_of(c)] = std::numeric_limits<int>::min() / 4;
        start[right_of(c)] = std::numeric_limits<int>::min() / 4;
    }
    start[drawing_left] = std::numeric_limits<int>::min() / 4;
    start[drawing_right] = std::numeric_limits<int>::min() / 4;
    {
        std::vector<std::size_t> pending(total, 0);
        std::vector<std::vector<std::size_t>> out(total);
        for (std::size_t i = 0; i < edges.size(); ++i) {
            ++pending[edges[i].head];
            out[edges[i].tail].push_back(i);
        }
        std::vector<std::size_t> ready;
        for (std::size_t v = 0; v < total; ++v) {
            if (pending[v] == 0) {
                ready.push_back(v);
            }
        }
        while (!ready.empty()) {
            const std::size_t v = ready.back();
            ready.pop_back();
            if (start[v] < std::numeric_limits<int>::min() / 8) {
                start[v] = 0; // a border nothing pushes: anywhere left of its members
            }
            for (std::size_t i : out[v]) {
                const NsEdge& e = edges[i];
                start[e.head] = std::max(start[e.head], start[v] + e.min_length);
                if (--pending[e.head] == 0) {
                    ready.push_back(e.head);
                }
            }
        }
    }
    const std::size_t cap = x_pivot_cap(total);
    const NsResult result = network_simplex(total, edges, cap, &start, x_method(total));
    for (NodeId v = 0; v < n; ++v) {
        graph.nodes[v].x = result.rank[v] / scale;
    }
    for (std::size_t c = 0; c < count; ++c) {
        graph.clusters[c].box.x = result.rank[left_of(c)] / scale;
        graph.clusters[c].box.width = (result.rank[right_of(c)] - result.rank[left_of(c)]) / scale;
    }
    return true;
}

// Cluster boxes across ranks: from their first rank's band (or nested clusters' tops) to their
// last rank's band, plus their own room.
void cluster_heights(LayeredGraph& graph) {
    const std::size_t count = graph.clusters.size();
    std::vector<bool> done(count, false);
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t c = 0; c < count; ++c) {
            if (done[c]) {
                continue;
            }
            LCluster& cl = graph.clusters[c];
            if (std::any_of(cl.children.begin(), cl.children.end(),
                            [&](std::size_t d) { return !done[d]; })) {
                continue;
            }
            if (cl.bottom_rank < cl.top_rank) {
                cl.box.y = 0;
                cl.box.height = 0;
            } else {
                double top = graph.rank_top[static_cast<std::size_t>(cl.top_rank)];
                double bottom = graph.rank_bottom[static_cast<std::size_t>(cl.bottom_rank)];
                for (std::size_t d : cl.children) {
                    top = std::min(top, graph.clusters[d].box.y);
                    bottom = std::max(bottom, graph.clusters[d].box.bottom());
                }
                cl.box.y = top - cl.room_before;
                cl.box.height = bottom + cl.room_after - cl.box.y;
            }
            done[c] = true;
            changed = true;
        }
    }
}

std::uint64_t pair_key(NodeId a, NodeId b) {
    if (a > b) {
        std::swap(a, b);
    }
    return (static_cast<std::uint64_t>(a) << 32U) ^ static_cast<std::uint64_t>(b);
}

// Type-1 conflicts: a non-inner segment crossing an inner segment (dummy to dummy). Marking
// them lets the alignment keep long edges straight.
std::unordered_set<std::uint64_t> type1_conflicts(const LayeredGraph& graph) {
    std::unordered_set<std::uint64_t> conflicts;
    const Layers& layers = graph.layers;
    for (std::size_t r = 1; r < layers.size(); ++r) {
        const auto& upper = layers[r - 1];
        const auto& layer = layers[r];
        std::size_t k0 = 0;
        std::size_t scan = 0;
        for (std::size_t i = 0; i < layer.size(); ++i) {
            const NodeId v = layer[i];
            NodeId inner = none;
            if (is_dummy(graph.nodes[v])) {
                for (EdgeId e : graph.in_edges[v]) {
                    if (is_dummy(graph.nodes[graph.edges[e].from])) {
                        inner = graph.edges[e].from;
                        break;
                    }
                }
            }
            if (inner == none && i + 1 != layer.size()) {
                continue;
            }
            const std::size_t k1 = inner != none ? graph.nodes[inner].order : upper.size();
            for (; scan <= i; ++scan) {
                const NodeId w = layer[scan];
                for (EdgeId e : graph.in_edges[w]) {
                    const NodeId u = graph.edges[e].from;
                    const std::size_t k = graph.nodes[u].order;
                    const bool inner_segment = is_dummy(graph.nodes[u]) && is_dummy(graph.nodes[w]);
                    if ((k < k0 || k > k1) && !inner_segment) {
                        conflicts.insert(pair_key(u, w));
                    }
                }
            }
            k0 = k1;
        }
    }
    return conflicts;
}

struct Alignment {
    std::vector<NodeId> root;
    std::vector<NodeId> align;
};

// `layers` are already flipped for the variant; `upwards` says whether the "previous" rank in
// that sequence is the graph's upper neighbour rank (use in-edges) or the lower (out-edges).
Alignment vertical_alignment(const LayeredGraph& graph, const Layers& layers,
                             const std::unordered_set<std::uint64_t>& conflicts, bool upwards) {
    const std::size_t n = graph.nodes.size();
    Alignment a;
    a.root.resize(n);
    a.align.resize(n);
    std::vector<std::size_t> pos(n, 0);
    for (const auto& layer : layers) {
        for (std::size_t i = 0; i < layer.size(); ++i) {
            a.root[layer[i]] = layer[i];
            a.align[layer[i]] = layer[i];
            pos[layer[i]] = i;
        }
    }
    std::vector<NodeId> neighbours;
    for (const auto& layer : layers) {
        long previous = -1;
        for (NodeId v : layer) {
            neighbours.clear();
            for (EdgeId e : upwards ? graph.in_edges[v] : graph.out_edges[v]) {
                neighbours.push_back(upwards ? graph.edges[e].from : graph.edges[e].to);
            }
            if (neighbours.empty()) {
                continue;
            }
            std::sort(neighbours.begin(), neighbours.end(),
                      [&](NodeId x, NodeId y) { return pos[x] < pos[y]; });
            const std::size_t d = neighbours.size();
            for (std::size_t m = (d - 1) / 2; m <= d / 2; ++m) {
                const NodeId w = neighbours[m];
                if (a.align[v] == v && previous < static_cast<long>(pos[w]) &&
                    conflicts.count(pair_key(v, w)) == 0) {
                    a.align[w] = v;
                    a.root[v] = a.root[w];
                    a.align[v] = a.root[v];
                    previous = static_cast<long>(pos[w]);
                }
            }
        }
    }
    return a;
}

// Longest-path compaction of the blocks: each block as far left as separation allows, then
// pulled right towards its right neighbours where that leaves a gap (shorter edges).
std::vector<double> horizontal_compaction(const LayeredGraph& graph, const Layers& layers,
                                          const Alignment& a, bool mirrored,
                                          const SpacingOptions& spacing) {
    const std::size_t n = graph.nodes.size();
    struct BlockEdge {
        NodeId to;
        double distance;
    };
    std::vector<std::vector<BlockEdge>> succ(n);
    std::vector<std::vector<BlockEdge>> pred(n);
    std::vector<std::size_t> in_degree(n, 0);
    for (const auto& layer : layers) {
        for (std::size_t i = 1; i < layer.size(); ++i) {
            const NodeId u = layer[i - 1];
            const NodeId v = layer[i];
            // In mirrored variants the sequence runs right to left.
            const double d =
                mirrored ? separation(graph, v, u, spacing) : separation(graph, u, v, spacing);
            const NodeId ru = a.root[u];
            const NodeId rv = a.root[v];
            succ[ru].push_back({rv, d});
            pred[rv].push_back({ru, d});
            ++in_degree[rv];
        }
    }
    std::vector<NodeId> topo;
    topo.reserve(n);
    for (NodeId v = 0; v < n; ++v) {
        if (a.root[v] == v && in_degree[v] == 0) {
            topo.push_back(v);
        }
    }
    for (std::size_t i = 0; i < topo.size(); ++i) {
        for (const BlockEdge& e : succ[topo[i]]) {
            if (--in_degree[e.to] == 0) {
                topo.push_back(e.to);
            }
        }
    }
    std::vector<double> x(n, 0);
    for (NodeId b : topo) {
        double value = 0;
        for (const BlockEdge& e : pred[b]) {
            value = std::max(value, x[e.to] + e.distance);
        }
        x[b] = value;
    }
    for (auto it = topo.rbegin(); it != topo.rend(); ++it) {
        double limit = std::numeric_limits<double>::infinity();
        for (const BlockEdge& e : succ[*it]) {
            limit = std::min(limit, x[e.to] - e.distance);
        }
        if (limit != std::numeric_limits<double>::infinity()) {
            x[*it] = std::max(x[*it], limit);
        }
    }
    for (NodeId v = 0; v < n; ++v) {
        x[v] = x[a.root[v]];
    }
    return x;
}

void assign_x(LayeredGraph& graph, const SpacingOptions& spacing) {
    const std::size_t n = graph.nodes.size();
    if (n == 0) {
        return;
    }
    const auto conflicts = type1_conflicts(graph);
    std::array<std::vector<double>, 4> xs;
    for (int variant = 0; variant < 4; ++variant) {
        const bool from_top = variant < 2;
        const bool mirrored = variant % 2 == 1;
        Layers layers = graph.layers;
        if (!from_top) {
            std::reverse(layers.begin(), layers.end());
        }
        if (mirrored) {
            for (auto& layer : layers) {
                std::reverse(layer.begin(), layer.end());
            }
        }
        const Alignment alignment = vertical_alignment(graph, layers, conflicts, from_top);
        auto x = horizontal_compaction(graph, layers, alignment, mirrored, spacing);
        if (mirrored) {
            for (double& value : x) {
                value = -value;
            }
        }
        xs[static_cast<std::size_t>(variant)] = std::move(x);
    }
    // Align the four to the narrowest: left variants by their left edge, right by their right.
    auto extent = [&](const std::vector<double>& x) {
        double lo = std::numeric_limits<double>::infinity();
        double hi = -lo;
        for (NodeId v = 0; v < n; ++v) {
            lo = std::min(lo, x[v] - graph.nodes[v].size.width / 2 - graph.nodes[v].left_extra);
            hi = std::max(hi, x[v] + graph.nodes[v].size.width / 2 + graph.nodes[v].right_extra);
        }
        return std::make_pair(lo, hi);
    };
    std::size_t narrowest = 0;
    double best_width = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < 4; ++i) {
        const auto [lo, hi] = extent(xs[i]);
        if (hi - lo < best_width) {
            best_width = hi - lo;
            narrowest = i;
        }
    }
    const auto [target_lo, target_hi] = extent(xs[narrowest]);
    for (std::size_t i = 0; i < 4; ++i) {
        const auto [lo, hi] = extent(xs[i]);
        const double delta = (i % 2 == 0) ? target_lo - lo : target_hi - hi;
        for (double& value : xs[i]) {
            value += delta;
        }
    }
    for (NodeId v = 0; v < n; ++v) {
        std::array<double, 4> c{xs[0][v], xs[1][v], xs[2][v], xs[3][v]};
        std::sort(c.begin(), c.end());
        graph.nodes[v].x = (c[1] + c[2]) / 2;
    }
    // Balancing can bring neighbours closer than allowed; restore the separation left to right
    // (a no-op in the common case).
    for (const auto& layer : graph.layers) {
        for (std::size_t i = 1; i < layer.size(); ++i) {
            const double minimum =
                graph.nodes[layer[i - 1]].x + separation(graph, layer[i - 1], layer[i], spacing);
            if (graph.nodes[layer[i]].x < minimum) {
                graph.nodes[layer[i]].x = minimum;
            }
        }
    }
    const double left = extent([&] {
                            std::vector<double> x(n);
                            for (NodeId v = 0; v < n; ++v) {
                                x[v] = graph.nodes[v].x;
                            }
                            return x;
                        }())
                            .first;
    for (LNode& node : graph.nodes) {
        node.x -= left;
    }
}

// dot's weights: keep long edges (chains of dummies) straightest, edges between real nodes
// least so.
double straightness_weight(const LNode& a, const LNode& b) {
    const bool da = a.kind != NodeKind::real;
    const bool db = b.kind != NodeKind::real;
    return da && db ? 8 : (da || db ? 2 : 1);
}

// Optimal x-coordinates for Σ weight·Ω·|x_u − x_v| over the edges, subject to the separation
// of neighbours in each rank: Gansner et al.'s auxiliary graph solved by network simplex,
// started from the Brandes–Köpf coordinates already in place. Coordinates are integers in
// units of 1/scale px.
void refine_x_network_simplex(LayeredGraph& graph, const SpacingOptions& spacing) {
    constexpr double scale = 4;
    const std::size_t n = graph.nodes.size();
    std::vector<NsEdge> edges;
    std::vector<int> start(n + graph.edges.size(), 0);
    for (NodeId v = 0; v < n; ++v) {
        start[v] = static_cast<int>(std::lround(graph.nodes[v].x * scale));
    }
    for (const auto& layer : graph.layers) {
        for (std::size_t i = 1; i < layer.size(); ++i) {
            const int gap = static_cast<int>(
                std::ceil(separation(graph, layer[i - 1], layer[i], spacing) * scale));
            edges.push_back({layer[i - 1], layer[i], gap, 0});
            // Rounding may have eaten part of a gap: restore it left to right.
            start[layer[i]] = std::max(start[layer[i]], start[layer[i - 1]] + gap);
        }
    }
    const std::size_t drawing_left = n + graph.edges.size();
    const std::size_t drawing_right = drawing_left + 1;
    const std::size_t held_from = edges.size();
    hold_between_drawing_ends(graph, drawing_left, drawing_right, scale, edges);
    // The ends start just outside the nodes they hold.
    start.resize(drawing_right + 1);
    start[drawing_left] = std::numeric_limits<int>::max();
    start[drawing_right] = std::numeric_limits<int>::min();
    for (std::size_t i = held_from; i + 1 < edges.size(); ++i) {
        const NsEdge& e = edges[i];
        if (e.tail == drawing_left) {
            start[drawing_left] = std::min(start[drawing_left], start[e.head] - e.min_length);
        } else {
            start[drawing_right] = std::max(start[drawing_right], start[e.tail] + e.min_length);
        }
    }
    if (start[drawing_left] > start[drawing_right]) {
        start[drawing_left] = start[drawing_right] = 0; // no nodes
    }
    for (std::size_t k = 0; k < graph.edges.size(); ++k) {
        const LEdge& e = graph.edges[k];
        const std::size_t aux = n + k;
        const double w = e.weight * straightness_weight(graph.nodes[e.from], graph.nodes[e.to]);
        const auto [from_port, to_port] = port_units(graph, e, scale);
        edges.push_back({aux, e.from, -from_port, w});
        edges.push_back({aux, e.to, -to_port, w});
        start[aux] = std::min(start[e.from] + from_port, start[e.to] + to_port);
    }
    const std::size_t cap = x_pivot_cap(start.size());
    const NsResult result =
        network_simplex(start.size(), edges, cap, &start, x_method(start.size()));
    for (NodeId v = 0; v < n; ++v) {
        graph.nodes[v].x = result.rank[v] / scale;
    }
}

// Whether e belongs to an edge that joins two adjacent node ranks in the flow's direction:
// not a long edge, nor one reversed to break a cycle. Where the level has labels, every edge
// spans two ranks through a middle one, holding its label or a plain dummy.
bool short_forward(const LayeredGraph& graph, const LEdge& e) {
    if (e.origin >= graph.chains.size()) {
        return false;
    }
    const EdgeChain& chain = graph.chains[e.origin];
    return !chain.reversed &&
           chain.nodes.size() <= 1 + static_cast<std::size_t>(std::max(graph.rank_factor, 1));
}

// Whether v's edges all come from one node and all go to one other.
bool on_path(const LayeredGraph& graph, NodeId v) {
    auto single = [&](const std::vector<EdgeId>& list, bool out) {
        if (list.empty()) {
            return false;
        }
        const auto end = [&](EdgeId id) {
            return out ? graph.edges[id].to : graph.edges[id].from;
        };
        const NodeId first = end(list.front());
        return std::all_of(list.begin(), list.end(), [&](EdgeId id) { return end(id) == first; });
    };
    return single(graph.in_edges[v], false) && single(graph.out_edges[v], true);
}

// Where Σ w·|x − target| over the pulls (target, w), of total weight `total`, is least: between
// the weighted medians, from the first pull with at least half the weight at or left of it to
// the last with at least half at or right of it. Sorts `pulls`.
std::pair<double, double> least_cost_range(std::vector<std::pair<double, double>>& pulls,
                                           double total) {
    std::sort(pulls.begin(), pulls.end());
    double low = pulls.front().first;
    double high = pulls.back().first;
    double sum = 0;
    for (const auto& [target, w] : pulls) {
        sum += w;
        if (2 * sum >= total) {
            low = target;
            break;
        }
    }
    sum = 0;
    for (auto it = pulls.rbegin(); it != pulls.rend(); ++it) {
        sum += it->second;
        if (2 * sum >= total) {
            high = it->first;
            break;
        }
    }
    return {low, high};
}

// The extent of the nodes across the ranks (their extra room included).
std::pair<double, double> drawing_extent(const LayeredGraph& graph) {
    double left = std::numeric_limits<double>::max();
    double right = std::numeric_limits<double>::lowest();
    for (const LNode& node : graph.nodes) {
        left = std::min(left, node.x - node.size.width / 2 - node.left_extra);
        right = std::max(right, node.x + node.size.width / 2 + node.right_extra);
    }
    return {left, right};
}

// How far v's centre may move left (negative) and right: inside the drawing's width and its
// cluster, clear of its neighbours in the rank, but for those that `moves_too` says move
// along with it.
template <class MovesToo>
std::pair<double, double> slide_room(const LayeredGraph& graph, const SpacingOptions& spacing,
                                     NodeId v, double drawing_left, double drawing_right,
                                     const MovesToo& moves_too) {
    // The cluster around `v` that its rank neighbour `u` lies in, below the clusters they
    // share; none if u lies directly in a cluster v is in.
    auto foreign_cluster = [&](NodeId u) {
        const std::size_t shared =
            common_cluster(graph, graph.node_cluster[u], graph.node_cluster[v]);
        return graph.node_cluster[u] == shared
                   ? none
                   : child_towards(graph, shared, graph.node_cluster[u]);
    };
    const LNode& node = graph.nodes[v];
    const auto& layer = graph.layers[static_cast<std::size_t>(node.rank)];
    const std::size_t i = node.order;
    double low = drawing_left + node.size.width / 2 + node.left_extra;
    double high = drawing_right - node.size.width / 2 - node.right_extra;
    if (const std::size_t c = graph.node_cluster[v]; c != none) {
        const LCluster& cl = graph.clusters[c];
        low = std::max(low, cl.box.x + cl.room_left + node.size.width / 2 + node.left_extra);
        high = std::min(high, cl.box.x + cl.box.width - cl.room_right - node.size.width / 2 -
                                  node.right_extra);
    }
    if (i > 0 && !moves_too(layer[i - 1])) {
        const NodeId u = layer[i - 1];
        const std::size_t c = foreign_cluster(u);
        low = std::max(low, c == none ? graph.nodes[u].x + separation(graph, u, v, spacing)
                                      : graph.clusters[c].box.x + graph.clusters[c].box.width +
                                            node.size.width / 2 + node.left_extra +
                                            gap_to_cluster(node, spacing));
    }
    if (i + 1 < layer.size() && !moves_too(layer[i + 1])) {
        const NodeId u = layer[i + 1];
        const std::size_t c = foreign_cluster(u);
        high = std::min(high, c == none ? graph.nodes[u].x - separation(graph, v, u, spacing)
                                        : graph.clusters[c].box.x - node.size.width / 2 -
                                              node.right_extra - gap_to_cluster(node, spacing));
    }
    return std::pair{low - node.x, high - node.x};
}

// Network simplex returns one optimal placement, and a node whose edges pull it equally
// left and right sits at an arbitrary point of the range where its cost is least: a root
// above the first of its two children rather than between them, a hub with two parents and
// two children in line with one of each. A real node whose edges each join it to an adjacent
// node rank in the flow's direction is moved to the middle of that range, within its
// neighbours' separation and the drawing's width, as dot balances such nodes. (A long or
// reversed edge would bend at its first dummy instead.) Not a node on a path, which would
// bend both its edges to sit between its two neighbours rather than keep one straight. The
// other nodes stay put while it moves, so the weighted sum the solver minimised is unchanged,
// except a stem or a tail of the node (a path from a root down to its only incoming edge, or
// from its only outgoing edge down to a sink, as `Start --> Decision` above a decision's two
// branches): that moves along, its edges staying as straight as they were, and its pull does
// not hold the node in place.
void centre_in_optimal_range(LayeredGraph& graph, const SpacingOptions& spacing) {
    const std::pair<double, double> extent = drawing_extent(graph);
    const double drawing_left = extent.first;
    const double drawing_right = extent.second;
    auto room = [&](NodeId v) {
        return slide_room(graph, spacing, v, drawing_left, drawing_right,
                          [](NodeId) { return false; });
    };
    // Whether v's edge `id` continues away from v (upwards when `up`) as a path to a real
    // root (or sink), each node on it with no other edge; if so `path` holds its nodes, which
    // keep their edges' shape when moved together. Not where the path ends anywhere else (a
    // port, a node with other edges).
    std::vector<NodeId> path;
    auto free_path = [&](EdgeId id, bool up) {
        path.clear();
        NodeId w = up ? graph.edges[id].from : graph.edges[id].to;
        while (true) {
            const auto& toward_v = up ? graph.out_edges[w] : graph.in_edges[w];
            const auto& away = up ? graph.in_edges[w] : graph.out_edges[w];
            if (toward_v.size() != 1 || away.size() > 1 || graph.nodes[w].pin) {
                return false;
            }
            path.push_back(w);
            if (away.empty()) {
                // Not a port of the level: its place is the level around's.
                return graph.nodes[w].kind == NodeKind::real;
            }
            w = up ? graph.edges[away.front()].from : graph.edges[away.front()].to;
        }
    };
    std::vector<std::pair<double, double>> pulls; // (where an edge wants v's centre, weight)
    std::vector<NodeId> riders;                   // stems and tails moving with v
    for (const auto& layer : graph.layers) {
        for (const NodeId v : layer) {
            LNode& node = graph.nodes[v];
            if (node.kind != NodeKind::real) {
                continue;
            }
            pulls.clear();
            riders.clear();
            double total = 0;
            bool all_short = true;
            for (const auto* list : {&graph.in_edges[v], &graph.out_edges[v]}) {
                for (const EdgeId id : *list) {
                    const LEdge& e = graph.edges[id];
                    all_short = all_short && short_forward(graph, e);
                    const bool out = e.from == v;
                    // Only a lone edge on its side: the node's pull from that side is then
                    // the path's alone, and nothing else holds the path in place.
                    if (list->size() == 1 && free_path(id, !out)) {
                        riders.insert(riders.end(), path.begin(), path.end());
                        continue;
                    }
                    const auto [from_port, to_port] = port_offsets(graph, e);
                    const NodeId other = out ? e.to : e.from;
                    const double w =
                        e.weight * straightness_weight(graph.nodes[e.from], graph.nodes[e.to]);
                    const double target = out ? graph.nodes[other].x + to_port - from_port
                                              : graph.nodes[other].x + from_port - to_port;
                    pulls.emplace_back(target, w);
                    total += w;
                }
            }
            // Not a node on a path (one neighbour each way): it would bend both its edges to
            // sit between them.
            if (pulls.empty() || !all_short || on_path(graph, v)) {
                continue;
            }
            const auto [low, high] = least_cost_range(pulls, total);
            // As near the middle of the least-cost range as there is room for (for the node
            // and whatever moves with it), and only if the node lies in the range now (no
            // move can then change the cost).
            auto [left, right] = room(v);
            for (const NodeId r : riders) {
                const auto [l, h] = room(r);
                left = std::max(left, l);
                right = std::min(right, h);
            }
            const double from = std::max(low - node.x, left);
            const double to = std::min(high - node.x, right);
            if (from <= 0 && 0 <= to) {
                const double shift = std::clamp((low + high) / 2 - node.x, from, to);
                node.x += shift;
                for (const NodeId r : riders) {
                    graph.nodes[r].x += shift;
                }
            }
        }
    }
}

// What hangs below a node A (or above it, `up`): the nodes its edges lead to, and everything
// those lead on to, as long as nothing else leads in (out) — a decision's branches down to
// where they join again, `A --> B & C --> D`. Such a group can slide sideways as one piece at
// no cost but that of A's edges into it, and network simplex stops at whichever end of the
// range where that cost is least it reaches first: both branches to one side, the first
// straight under A. The group is moved to the middle of that range, as far as its rank
// neighbours outside it and the drawing's width allow: the branches spread evenly under A. A
// group with a held node (a port) stays, and so does one that reaches into another cluster than
// A's, whose borders would have to move too.
// Pre: x optimal for the weighted edge lengths; Post: the same cost, groups centred.
void centre_hanging_groups(LayeredGraph& graph, const SpacingOptions& spacing) {
    const std::size_t n = graph.nodes.size();
    std::vector<std::size_t> member_of(n, none); // the A whose group a node was last put in
    std::vector<NodeId> group;
    std::vector<NodeId> frontier;
    std::vector<NodeId> next;
    std::vector<std::pair<double, double>> pulls; // (shift that straightens an edge, weight)
    auto grow = [&](NodeId a, bool up) {
        group.clear();
        frontier.assign(1, a);
        member_of[a] = a;
        while (!frontier.empty()) {
            next.clear();
            for (const NodeId v : frontier) {
                for (const EdgeId id : up ? graph.in_edges[v] : graph.out_edges[v]) {
                    const NodeId w = up ? graph.edges[id].from : graph.edges[id].to;
                    if (member_of[w] == a) {
                        continue;
                    }
                    // Every edge on w's near side must come from the group (or A).
                    for (const EdgeId back : up ? graph.out_edges[w] : graph.in_edges[w]) {
                        const NodeId u = up ? graph.edges[back].to : graph.edges[back].from;
                        if (member_of[u] != a) {
                            return false;
                        }
                    }
                    // A held node, or a bend where the edge leaves the level (through a
                    // port, placed by the level around): not free to slide.
                    const auto& far = up ? graph.in_edges[w] : graph.out_edges[w];
                    if (graph.nodes[w].pin ||
                        (graph.nodes[w].kind != NodeKind::real && far.empty()) ||
                        graph.node_cluster[w] != graph.node_cluster[a]) {
                        return false;
                    }
                    member_of[w] = a;
                    group.push_back(w);
                    next.push_back(w);
                }
            }
            std::swap(frontier, next);
        }
        return group.size() >= 2;
    };
    const std::pair<double, double> extent = drawing_extent(graph);
    const double drawing_left = extent.first;
    const double drawing_right = extent.second;
    // How far the group may slide: each member as far as its own room allows, its rank
    // neighbours in the group moving along.
    auto room = [&](NodeId a) {
        double left = std::numeric_limits<double>::lowest();
        double right = std::numeric_limits<double>::max();
        for (const NodeId v : group) {
            const auto [l, r] = slide_room(graph, spacing, v, drawing_left, drawing_right,
                                           [&](NodeId u) { return member_of[u] == a; });
            left = std::max(left, l);
            right = std::min(right, r);
        }
        return std::pair{left, right};
    };
    for (const bool up : {false, true}) {
        std::fill(member_of.begin(), member_of.end(), none);
        for (NodeId a = 0; a < n; ++a) {
            const auto& edges = up ? graph.in_edges[a] : graph.out_edges[a];
            if (graph.nodes[a].kind != NodeKind::real || edges.size() < 2 || !grow(a, up)) {
                continue;
            }
            pulls.clear();
            double total = 0;
            for (const EdgeId id : edges) {
                const LEdge& e = graph.edges[id];
                const auto [from_port, to_port] = port_offsets(graph, e);
                const double w =
                    e.weight * straightness_weight(graph.nodes[e.from], graph.nodes[e.to]);
                pulls.emplace_back(
                    up ? graph.nodes[a].x + to_port - from_port - graph.nodes[e.from].x
                       : graph.nodes[a].x + from_port - to_port - graph.nodes[e.to].x,
                    w);
                total += w;
            }
            const auto [low, high] = least_cost_range(pulls, total);
            const auto [left, right] = room(a);
            const double from = std::max(low, left);
            const double to = std::min(high, right);
            // Only where the group lies in the range now: then no slide changes the cost.
            if (from <= 0 && 0 <= to) {
                const double shift = std::clamp((low + high) / 2, from, to);
                for (const NodeId v : group) {
                    graph.nodes[v].x += shift;
                }
            }
        }
    }
}

} // namespace

double separation(const LayeredGraph& graph, NodeId u, NodeId v, const SpacingOptions& spacing) {
    const LNode& a = graph.nodes[u];
    const LNode& b = graph.nodes[v];
    return a.size.width / 2 + a.right_extra + half_gap(a, spacing) + half_gap(b, spacing) +
           b.size.width / 2 + b.left_extra;
}

void assign_coordinates(LayeredGraph& graph, const SpacingOptions& spacing) {
    const bool around_clusters = !graph.clusters.empty() && assign_x_with_clusters(graph, spacing);
    if (!around_clusters) {
        assign_x(graph, spacing);
        refine_x_network_simplex(graph, spacing);
    }
    // (Without its cluster boxes, the rare fallback leaves nothing to keep nodes in.)
    if (graph.clusters.empty() || around_clusters) {
        centre_in_optimal_range(graph, spacing);
        centre_hanging_groups(graph, spacing);
    }
    // After x: the gaps make room for fans that travel far sideways (fan_room).
    assign_y(graph, spacing);
    cluster_heights(graph);
    double left = 1e300;
    for (const LNode& node : graph.nodes) {
        left = std::min(left, node.x - node.size.width / 2 - node.left_extra);
    }
    for (const LCluster& c : graph.clusters) {
        if (c.bottom_rank >= c.top_rank) {
            left = std::min(left, c.box.x);
        }
    }
    for (LNode& node : graph.nodes) {
        node.x -= left;
    }
    for (LCluster& c : graph.clusters) {
        c.box.x -= left;
    }
}

} // namespace merrow::layout::detail
