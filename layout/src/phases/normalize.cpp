#include "normalize.hpp"

#include "compound.hpp"

#include <algorithm>

namespace merrow::layout::detail {

void normalize_edges(LayeredGraph& graph, const std::vector<std::optional<Size>>& labels) {
    std::vector<LEdge> original = std::move(graph.edges);
    graph.edges.clear();
    for (const LEdge& e : original) {
        EdgeChain& chain = graph.chains[e.origin];
        chain.nodes.clear();
        chain.nodes.push_back(e.from);
        const int top = graph.nodes[e.from].rank;
        const int bottom = graph.nodes[e.to].rank;
        const bool labelled = labels[e.origin].has_value();
        const int label_rank = top + (bottom - top) / 2;
        NodeId previous = e.from;
        for (int r = top + 1; r < bottom; ++r) {
            LNode dummy;
            dummy.kind = NodeKind::dummy;
            dummy.origin = e.origin;
            dummy.rank = r;
            if (labelled && r == label_rank) {
                dummy.kind = NodeKind::label;
                dummy.size = *labels[e.origin];
            }
            const NodeId d = graph.add_node(dummy, dummy_cluster(graph, e.from, e.to, r));
            if (dummy.kind == NodeKind::label) {
                chain.label_node = d;
            }
            graph.add_edge(previous, d, e.origin, 1, e.weight);
            chain.nodes.push_back(d);
            previous = d;
        }
        graph.add_edge(previous, e.to, e.origin, 1, e.weight);
        chain.nodes.push_back(e.to);
    }
    graph.rebuild_adjacency();

    // A cluster needs a place in every rank it spans, also where none of its nodes sits, so
    // that ordering and positioning keep its box free there too: an edgeless filler node.
    if (!graph.clusters.empty()) {
        std::vector<std::vector<bool>> present(graph.clusters.size());
        for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
            const LCluster& cl = graph.clusters[c];
            present[c].assign(
                static_cast<std::size_t>(std::max(0, cl.bottom_rank - cl.top_rank + 1)), false);
        }
        for (NodeId v = 0; v < graph.nodes.size(); ++v) {
            for (std::size_t c = graph.node_cluster[v]; c != none; c = graph.clusters[c].parent) {
                const int offset = graph.nodes[v].rank - graph.clusters[c].top_rank;
                if (offset >= 0 && static_cast<std::size_t>(offset) < present[c].size()) {
                    present[c][static_cast<std::size_t>(offset)] = true;
                }
            }
        }
        for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
            for (std::size_t i = 0; i < present[c].size(); ++i) {
                if (!present[c][i]) {
                    LNode filler;
                    filler.kind = NodeKind::dummy;
                    filler.rank = graph.clusters[c].top_rank + static_cast<int>(i);
                    graph.add_node(filler, c);
                }
            }
        }
        graph.rebuild_adjacency();
    }

    int max_rank = 0;
    for (const LNode& n : graph.nodes) {
        max_rank = std::max(max_rank, n.rank);
    }
    graph.layers.assign(static_cast<std::size_t>(max_rank) + 1, {});
    for (NodeId v = 0; v < graph.nodes.size(); ++v) {
        graph.layers[static_cast<std::size_t>(graph.nodes[v].rank)].push_back(v);
    }
}

bool is_properly_layered(const LayeredGraph& graph) {
    return std::all_of(graph.edges.begin(), graph.edges.end(), [&](const LEdge& e) {
        return graph.nodes[e.to].rank == graph.nodes[e.from].rank + 1;
    });
}

} // namespace merrow::layout::detail
