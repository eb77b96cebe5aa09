// Exact crossing counting between adjacent ranks, O(|E| log |V|), with the accumulator tree of
// Barth, Jünger and Mutzel ("Simple and efficient bilayer cross counting", JGAA 8(2), 2004).
#pragma once

#include "layered_graph.hpp"

#include <cstddef>
#include <vector>

namespace merrow::layout::detail {

/// Crossings between rank `upper` and rank `upper + 1`, for the orders in `layers` and the
/// positions in `position` (position[v] = index of v in its layer).
std::size_t count_crossings_between(const LayeredGraph& graph,
                                    const std::vector<std::vector<NodeId>>& layers,
                                    const std::vector<std::size_t>& position, std::size_t upper);

/// Total crossings of a properly layered graph for the given orders.
std::size_t count_crossings(const LayeredGraph& graph,
                            const std::vector<std::vector<NodeId>>& layers);

} // namespace merrow::layout::detail
