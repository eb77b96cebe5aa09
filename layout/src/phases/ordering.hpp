// Phase 4 — crossing reduction (ordering within ranks).
//
// Each connected component is ordered on its own and the components are placed side by side,
// so unrelated parts of a diagram never interleave. Within a component: an initial order by
// depth-first search from the sources (which keeps chains together), then alternating down
// and up layer sweeps that sort each rank by the barycentre of its neighbours in the rank just
// fixed, each followed by transposition of adjacent pairs while that removes crossings; then
// sifting (each node moved to its best slot in its rank, rank by rank, down and up) while that
// still removes crossings.
// Crossings are counted exactly (crossings.cpp) and the best order seen is kept.
//
// Pre:  properly layered (normalize.cpp); `layers` holds every node in its rank.
// Post: `layers` holds each rank left to right and nodes[v].order is v's index in its rank.
//       No rank is empty between the first and the last.
#pragma once

#include "layered_graph.hpp"

namespace merrow::layout::detail {

struct OrderingOptions {
    std::size_t max_sweeps = 24;      ///< down+up sweeps at most
    std::size_t patience = 4;         ///< stop after this many sweeps without improvement
    std::size_t sifting_rounds = 4;   ///< down+up sifting passes at most
    std::size_t max_restarts = 12;    ///< further runs from shuffled orders, at most
    std::size_t restart_budget = 600; ///< restarts for a component = budget / its node count
};

void order_nodes(LayeredGraph& graph, const OrderingOptions& options = {});

} // namespace merrow::layout::detail
