#include "ranking.hpp"

#include "network_simplex.hpp"

namespace merrow::layout::detail {

void assign_ranks(LayeredGraph& graph) {
    std::vector<NsEdge> edges;
    edges.reserve(graph.edges.size());
    for (const LEdge& e : graph.edges) {
        edges.push_back({e.from, e.to, e.min_length, e.weight});
    }
    // Pivots are cheap (linear); the cap only guards against pathological inputs.
    const std::size_t cap = 100 + 20 * graph.nodes.size();
    const NsResult result = network_simplex(graph.nodes.size(), edges, cap);
    for (NodeId v = 0; v < graph.nodes.size(); ++v) {
        graph.nodes[v].rank = result.rank[v];
    }
}

} // namespace merrow::layout::detail
