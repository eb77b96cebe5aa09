// Phase 2 — ranking (layer assignment).
//
// Assigns each real node an integer rank minimising the total weighted edge length subject to
// every edge spanning at least its minimum length: network simplex, as in dot.
//
// Pre:  `edges` form a DAG over the real nodes (cycles.cpp).
// Post: every real node has rank ≥ 0; each connected component has a node at rank 0; for every
//       edge rank(to) − rank(from) ≥ min_length. Clusters are drawn onto few ranks (light edges
//       to a virtual top and bottom per cluster) and their top_rank and bottom_rank are set.
//       An edge from a cluster into a sibling that sends nothing back ends below every node
//       of the first. Each separation's node ranks below (or above) every member of its
//       cluster. Either rule is left out where it would contradict the edges (a cycle).
#pragma once

#include "layered_graph.hpp"

namespace merrow::layout::detail {

void assign_ranks(LayeredGraph& graph);

} // namespace merrow::layout::detail
