// Phase 4 — crossing reduction (ordering within ranks).
//
// The graph is ordered scope by scope, from the outside in. In a scope (the whole graph, or a
// cluster) every nested cluster is collapsed into a skeleton: one vertex per rank it spans,
// chained by heavy edges, so that an edge passing a cluster on one side cannot switch to the
// other side (it would cross the heavy chain) and clusters keep one left-to-right order. Once a
// scope is ordered, each cluster in it is ordered inside its slot, with everything outside
// fixed. Each cluster's members therefore stay contiguous in every rank.
//
// Ordering one scope: weakly connected components separately (the whole graph only), an
// initial order by depth-first search from the sources (and, as a second run, one from the
// lowest rank upwards), then alternating down and up layer sweeps sorting each rank by the
// barycentre of its neighbours in the rank just fixed, each followed by transposition of
// adjacent pairs while that removes crossings; then sifting (each vertex moved to its best
// slot) while that still removes crossings; and restarts from shuffled orders (fixed seeds),
// keeping the best. Crossings are counted exactly and weighted. Last, edges between the same
// two nodes that meet a block at fixed ports are put in the order of those ports, and
// ranks are re-sorted where counting edge ends at their ports removes crossings. With
// fresh_starts (the engine asks for them once a small diagram's layout is chosen), small levels
// with clusters are also re-sorted and swapped within each cluster across the whole level, and
// ordered again in full from shuffled starts: a scope cannot see which of a nested cluster's
// nodes its edges meet, so the best order of each scope on its own may not be the best
// together. Held nodes (LNode::pin: a block's ports placed by where their edges go outside)
// are put in the order of their keys first and stay there, as fixed anchors of every scope.
//
// Pre:  properly layered (normalize.cpp); `layers` holds every node in its rank; clusters'
//       spans set (ranking.cpp) and dummies assigned to clusters (normalize.cpp).
// Post: `layers` holds each rank left to right and nodes[v].order is v's index in its rank. The
//       nodes of every cluster are contiguous in every rank, and nested clusters inside them.
//       Held nodes are in the order of their keys, in the slots the starting order gave them.
#pragma once

#include "layered_graph.hpp"

namespace merrow::layout::detail {

struct OrderingOptions {
    std::size_t max_sweeps = 24;      ///< down+up sweeps at most
    std::size_t patience = 4;         ///< stop after this many sweeps without improvement
    std::size_t sifting_rounds = 2;   ///< down+up sifting passes at most
    std::size_t max_restarts = 12;    ///< further runs from shuffled orders, at most
    std::size_t restart_budget = 300; ///< restarts for a component = budget / its size
    double skeleton_weight = 1000;    ///< weight of a cluster's skeleton edges
    /// Levels with clusters and at most fresh_start_nodes real nodes are ordered this many more
    /// times from shuffled starts (fixed seeds), keeping the order with the fewest crossings.
    std::size_t fresh_starts = 8;
    std::size_t fresh_start_nodes = 40;
    /// Levels without clusters, with at most fresh_start_nodes real nodes, whose order crosses
    /// nothing are ordered this many more times from shuffled starts; the other orders that
    /// cross nothing are offered to the level to choose from (LayeredGraph::tied_orders).
    std::size_t tie_starts = 8;
};

void order_nodes(LayeredGraph& graph, const OrderingOptions& options = {});

/// True if every cluster's nodes (nested ones included) are contiguous in every rank.
bool clusters_contiguous(const LayeredGraph& graph);

} // namespace merrow::layout::detail
