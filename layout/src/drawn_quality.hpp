// Measures of a finished layout as a reader sees it, for choosing between candidate layouts of
// one graph: crossings between the drawn curves (not the ordering's count on the layered graph,
// which misses what routing and blocks change) and the mean length of the drawn edges.
#pragma once

#include "merrow/layout/graph.hpp"

#include <cstddef>

namespace merrow::layout::detail {

/// Crossings between the flattened routes of different edges. A crossing inside a node that
/// both edges end at (a fan out of or into one node) does not count.
std::size_t drawn_crossings(const Graph& graph, const Layout& layout);

/// The mean length of the flattened routes (0 without edges).
double mean_edge_length(const Layout& layout);

} // namespace merrow::layout::detail
