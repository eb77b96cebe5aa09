#include "layered_graph.hpp"

#include <algorithm>

namespace merrow::layout::detail {

void LayeredGraph::number_orders() {
    for (const auto& layer : layers) {
        for (std::size_t i = 0; i < layer.size(); ++i) {
            nodes[layer[i]].order = i;
        }
    }
}

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

double slot_part(const LNode& node, double offset) {
    const double width = node.size.width;
    return width > 0 ? std::clamp(offset / width, -0.5, 0.5) * 0.9 : 0.0;
}

std::pair<double, double> port_offsets(const LayeredGraph& graph, const LEdge& edge) {
    if (edge.origin >= graph.chains.size()) {
        return {0, 0};
    }
    const EdgeChain& chain = graph.chains[edge.origin];
    if (chain.self_loop || chain.nodes.size() < 2) {
        return {0, 0};
    }
    auto along = [&](const std::optional<PortSpec>& port, NodeId node) {
        if (const auto offset = rank_side_offset(port)) {
            return *offset;
        }
        if (!port) {
            return 0.0;
        }
        // A port on the node's side is reached along a lane beside the node (routing.cpp):
        // the edge goes on straight from there.
        const double sign = port->side == PortSpec::Side::right ? 1 : -1;
        return sign * (graph.nodes[node].size.width / 2 +
                       side_lane_gap * static_cast<double>(port->lane + 1));
    };
    return {edge.from == chain.nodes.front() ? along(chain.upper_port(), edge.from) : 0.0,
            edge.to == chain.nodes.back() ? along(chain.lower_port(), edge.to) : 0.0};
}

} // namespace merrow::layout::detail
