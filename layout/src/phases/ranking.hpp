// Phase 2 — ranking (layer assignment).
//
// Assigns each real node an integer rank minimising the total weighted edge length subject to
// every edge spanning at least its minimum length: network simplex, as in dot.
//
// Pre:  `edges` form a DAG over the real nodes (cycles.cpp).
// Post: every real node has rank ≥ 0; each connected component has a node at rank 0; for every
//       edge rank(to) − rank(from) ≥ min_length.
#pragma once

#include "layered_graph.hpp"

namespace merrow::layout::detail {

void assign_ranks(LayeredGraph& graph);

} // namespace merrow::layout::detail
