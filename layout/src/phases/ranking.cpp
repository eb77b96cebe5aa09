#include "ranking.hpp"

#include "compound.hpp"
#include "network_simplex.hpp"

#include <algorithm>
#include <set>

namespace merrow::layout::detail {

namespace {

// True if `to` can be reached from `from` along the edges.
bool reaches(std::size_t count, const std::vector<NsEdge>& edges, std::size_t from,
             std::size_t to) {
    std::vector<std::vector<std::size_t>> out(count);
    for (const NsEdge& e : edges) {
        out[e.tail].push_back(e.head);
    }
    std::vector<bool> seen(count, false);
    std::vector<std::size_t> stack{from};
    seen[from] = true;
    while (!stack.empty()) {
        const std::size_t v = stack.back();
        stack.pop_back();
        if (v == to) {
            return true;
        }
        for (std::size_t w : out[v]) {
            if (!seen[w]) {
                seen[w] = true;
                stack.push_back(w);
            }
        }
    }
    return false;
}

// An edge from a cluster A into a sibling B that sends nothing back leaves A through its
// bottom: its target ranks below every node of A. Otherwise B may start beside A with A's
// edges running sideways into it, across the flow inside both; this way the flow between them
// runs down, as it would between two nodes. B's nodes that A does not feed stay free to share
// A's ranks. Skipped where it would close a cycle.
std::size_t leave_clusters_downwards(const LayeredGraph& graph, std::vector<NsEdge>& edges) {
    const std::size_t n = graph.nodes.size();
    struct Link {
        std::size_t from_cluster;
        std::size_t to_cluster;
        NodeId target;
    };
    std::vector<Link> links;
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
    std::size_t added = 0;
    for (const Link& link : links) {
        if (linked.count({link.to_cluster, link.from_cluster}) != 0) {
            continue;
        }
        const std::size_t bottom = n + 2 * link.from_cluster + 1; // A's virtual bottom
        if (!reaches(n + 2 * graph.clusters.size(), edges, link.target, bottom)) {
            edges.push_back({bottom, link.target, graph.rank_factor, 0});
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
    graph.downward_links =
        graph.leave_clusters_downwards ? leave_clusters_downwards(graph, edges) : 0;
    for (const LayeredGraph::RankSeparation& sep : graph.separations) {
        // One rank beyond the cluster's virtual bottom (or before its top), unless the
        // constraint would close a cycle: then the solver has no feasible ranking.
        const std::size_t from = sep.node_below ? n + 2 * sep.cluster + 1 : sep.node;
        const std::size_t to = sep.node_below ? sep.node : n + 2 * sep.cluster;
        if (!reaches(total, edges, to, from)) {
            edges.push_back({from, to, graph.rank_factor, 0});
        }
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
