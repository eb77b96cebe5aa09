#include "ranking.hpp"

#include "compound.hpp"
#include "network_simplex.hpp"

#include <algorithm>

namespace merrow::layout::detail {

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
