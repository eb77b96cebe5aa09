#include "layered_graph.hpp"

namespace merrow::layout::detail {

void LayeredGraph::rebuild_adjacency() {
    out_edges.assign(nodes.size(), {});
    in_edges.assign(nodes.size(), {});
    for (EdgeId e = 0; e < edges.size(); ++e) {
        out_edges[edges[e].from].push_back(e);
        in_edges[edges[e].to].push_back(e);
    }
}

NodeId LayeredGraph::add_node(LNode node, std::size_t cluster) {
    nodes.push_back(std::move(node));
    node_cluster.resize(nodes.size() - 1, none);
    node_cluster.push_back(cluster);
    return nodes.size() - 1;
}

EdgeId LayeredGraph::add_edge(NodeId from, NodeId to, std::size_t origin, int min_length,
                              double weight) {
    edges.push_back({from, to, origin, min_length, weight});
    return edges.size() - 1;
}

} // namespace merrow::layout::detail
