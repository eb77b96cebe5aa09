// The engine around the phases for graphs of any shape: one layered graph per level (the
// drawing, and every subgraph laid out in a direction of its own), clusters as compound nodes
// inside each level, and edges split at the ports on level borders and joined again.
//
// Pre:  a validated graph (engine.cpp).
// Post: every node, edge (routes joined across levels, edges to clusters cut at the border)
//       and cluster placed, titles placed clear of edges, the drawing's top-left at (0, 0).
#pragma once

#include "merrow/layout/graph.hpp"

#include <vector>

namespace merrow::layout::detail {

/// Lays the graph out; the clusters flagged in `force_block` (and those with a direction of
/// their own) become blocks: laid out on their own, as one node of the level around them.
Layout lay_out_levels(const Graph& graph, const Options& options,
                      const std::vector<bool>& force_block);

/// The clusters (by index) some edge route passes through although neither end of that edge
/// is inside them.
std::vector<bool> crossed_clusters(const Graph& graph, const Layout& layout);

} // namespace merrow::layout::detail
