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

std::optional<double> rank_side_offset(const std::optional<PortSpec>& port) {
    if (port && (port->side == PortSpec::Side::top || port->side == PortSpec::Side::bottom)) {
        return port->offset;
    }
    return std::nullopt;
}

std::pair<double, double> port_offsets(const LayeredGraph& graph, const LEdge& edge) {
    if (edge.origin >= graph.chains.size()) {
        return {0, 0};
    }
    const EdgeChain& chain = graph.chains[edge.origin];
    if (chain.self_loop || chain.nodes.size() < 2) {
        return {0, 0};
    }
    auto along = [](const std::optional<PortSpec>& port) {
        return rank_side_offset(port).value_or(0.0);
    };
    return {edge.from == chain.nodes.front() ? along(chain.upper_port()) : 0.0,
            edge.to == chain.nodes.back() ? along(chain.lower_port()) : 0.0};
}

} // namespace merrow::layout::detail
