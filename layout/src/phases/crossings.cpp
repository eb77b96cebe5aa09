#include "crossings.hpp"

#include <algorithm>

namespace merrow::layout::detail {

std::size_t count_crossings_between(const LayeredGraph& graph,
                                    const std::vector<std::vector<NodeId>>& layers,
                                    const std::vector<std::size_t>& position, std::size_t upper) {
    const auto& top = layers[upper];
    const auto& bottom = layers[upper + 1];
    if (top.size() < 2 && bottom.size() < 2) {
        return 0;
    }
    // Lower end positions of the edges, sorted by (upper position, lower position).
    std::vector<std::size_t> sequence;
    std::vector<std::size_t> ends;
    for (NodeId u : top) {
        ends.clear();
        for (EdgeId e : graph.out_edges[u]) {
            ends.push_back(position[graph.edges[e].to]);
        }
        std::sort(ends.begin(), ends.end());
        sequence.insert(sequence.end(), ends.begin(), ends.end());
    }
    std::size_t first_leaf = 1;
    while (first_leaf < bottom.size()) {
        first_leaf *= 2;
    }
    std::vector<std::size_t> tree(2 * first_leaf - 1, 0);
    --first_leaf;
    std::size_t crossings = 0;
    for (std::size_t p : sequence) {
        std::size_t index = p + first_leaf;
        ++tree[index];
        while (index > 0) {
            // Every edge already counted whose lower end lies right of p crosses this one.
            if (index % 2 == 1) {
                crossings += tree[index + 1];
            }
            index = (index - 1) / 2;
            ++tree[index];
        }
    }
    return crossings;
}

std::size_t count_crossings(const LayeredGraph& graph,
                            const std::vector<std::vector<NodeId>>& layers) {
    std::vector<std::size_t> position(graph.nodes.size(), 0);
    for (const auto& layer : layers) {
        for (std::size_t i = 0; i < layer.size(); ++i) {
            position[layer[i]] = i;
        }
    }
    std::size_t total = 0;
    for (std::size_t r = 0; r + 1 < layers.size(); ++r) {
        total += count_crossings_between(graph, layers, position, r);
    }
    return total;
}

} // namespace merrow::layout::detail
