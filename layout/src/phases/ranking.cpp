#include "ranking.hpp"

#include "compound.hpp"
#include "network_simplex.hpp"

#include <algorithm>
#include <set>

namespace merrow::layout::detail {

namespace {

// The solver's edges, growing by extra constraints that are only added where they close no
// cycle (a cycle leaves the solver no feasible ranking).
class ConstraintGraph {
  public:
    ConstraintGraph(std::size_t count, std::vector<NsEdge>& edges)
        : edges_(edges), out_(count), seen_(count, 0) {
        for (const NsEdge& e : edges_) {
            out_[e.tail].push_back(e.head);
        }
    }

    /// Adds tail → head unless head already reaches tail; returns whether it was added.
    bool add_if_acyclic(const NsEdge& edge) {
        if (reaches(edge.head, edge.tail)) {
            return false;
        }
        edges_.push_back(edge);
        out_[edge.tail].push_back(edge.head);
        return true;
    }

  private:
    bool reaches(std::size_t from, std::size_t to) {
        ++stamp_; // marks of earlier searches stay behind, a stamp apart
        std::vector<std::size_t> stack{from};
        seen_[from] = stamp_;
        while (!stack.empty()) {
            const std::size_t v = stack.back();
            stack.pop_back();
            if (v == to) {
                return true;
            }
            for (std::size_t w : out_[v]) {
                if (seen_[w] != stamp_) {
                    seen_[w] = stamp_;
                    stack.push_back(w);
                }
            }
        }
        return false;
    }

    std::vector<NsEdge>& edges_;
    std::vector<std::vector<std::size_t>> out_;
    std::vector<std::size_t> seen_;
    std::size_t stamp_ = 0;
};

// An edge from a cluster A into a sibling B that sends nothing back leaves A through its
// bottom: its target ranks below every node of A. Otherwise B may start beside A with A's
// edges running sideways into it, across the flow inside both; this way the flow between them
// runs down, as it would between two nodes. B's nodes that A does not feed stay free to share
// A's ranks. Returns how many targets it constrained.
std::size_t leave_clusters_downwards(const LayeredGraph& graph, ConstraintGraph& constraints) {
    const std::size_t n = graph.nodes.size();
    struct Link {
        std::size_t from_cluster;
        std::size_t to_cluster;
        NodeId target;
    };
    std::vector<Link> links;                              // in edge order
    std::set<std::pair<std::size_t, std::size_t>> linked; // (from sibling, to sibling)
    for (const LEdge& e : graph.edges) {
        const std::size_t cu = graph.node_cluster[e.from];
        const std::size_t cv = graph.node_cluster[e.to];
        if (cu == none || cv == none) {
            continue;
        }
        const std::size_t scope = common_cluster(graph, cu, cv);
        const std::size_t a = child_towards(graph, scope, cu);
        const std::size_t b = child_towards(graph, scope, cv);
        if (a != none && b != none && a != b) {
            links.push_back({a, b, e.to});
            linked.insert({a, b});
        }
    }
    std::set<std::pair<std::size_t, NodeId>> done; // (from sibling, target)
    std::size_t added = 0;
    for (const Link& link : links) {
        if (linked.count({link.to_cluster, link.from_cluster}) != 0 ||
            !done.insert({link.from_cluster, link.target}).second) {
            continue;
        }
        const std::size_t bottom = n + 2 * link.from_cluster + 1; // A's virtual bottom
        if (constraints.add_if_acyclic({bottom, link.target, graph.rank_factor, 0})) {
            ++added;
        }
    }
    return added;
}

} // namespace

void assign_ranks(LayeredGraph& graph) {
    std::vector<NsEdge> edges;
    edges.reserve(graph.edges.size());
    for (const LEdge& e : graph.edges) {
        edges.push_back({e.from, e.to, e.min_length, e.weight});
    }
    // Clusters pull their members onto few ranks: a virtual top and bottom per cluster, tied to
    // every member (and to nested clusters' tops and bottoms) by light edges, so the solver
    // also shortens each cluster's span where edges allow it.
    const std::size_t n = graph.nodes.size();
    constexpr double compactness = 0.5;
    for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
        const std::size_t top = n + 2 * c;
        const std::size_t bottom = top + 1;
        edges.push_back({top, bottom, 0, 0});
        if (graph.clusters[c].parent != none) {
            edges.push_back({n + 2 * graph.clusters[c].parent, top, 0, compactness});
            edges.push_back({bottom, n + 2 * graph.clusters[c].parent + 1, 0, compactness});
        }
    }
    for (NodeId v = 0; v < n; ++v) {
        const std::size_t c = graph.node_cluster[v];
        if (c != none) {
            edges.push_back({n + 2 * c, v, 0, compactness});
            edges.push_back({v, n + 2 * c + 1, 0, compactness});
        }
    }
    const std::size_t total = n + 2 * graph.clusters.size();
    ConstraintGraph constraints(total, edges);
    graph.downward_links =
        graph.leave_clusters_downwards ? leave_clusters_downwards(graph, constraints) : 0;
    for (const LayeredGraph::RankSeparation& sep : graph.separations) {
        // One rank beyond the cluster's virtual bottom (or before its top).
        const std::size_t from = sep.node_below ? n + 2 * sep.cluster + 1 : sep.node;
        const std::size_t to = sep.node_below ? sep.node : n + 2 * sep.cluster;
        constraints.add_if_acyclic({from, to, graph.rank_factor, 0});
    }
    // Pivots are cheap (linear); the cap only guards against pathological inputs.
    const std::size_t cap = 100 + 20 * total;
    const NsResult result = network_simplex(total, edges, cap);
    // Each component starts at 0; a cluster's virtual top sits on its first member's rank, so
    // the real nodes start at 0 too.
    for (NodeId v = 0; v < n; ++v) {
        graph.nodes[v].rank = result.rank[v];
    }
    compute_cluster_spans(graph);
}

} // namespace merrow::layout::detail
