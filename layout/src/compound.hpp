// Helpers for the clusters laid out inside one layered graph (compound nodes).
#pragma once

#include "layered_graph.hpp"

namespace merrow::layout::detail {

/// True if cluster `inner` is `outer` or nested in it; every cluster is within `none`.
bool within(const LayeredGraph& graph, std::size_t inner, std::size_t outer);

/// The innermost cluster holding both a and b (none: only the graph itself).
std::size_t common_cluster(const LayeredGraph& graph, std::size_t a, std::size_t b);

/// The child of `scope` (none = the graph) on the way down to cluster c, or none when c is
/// `scope` itself.
std::size_t child_towards(const LayeredGraph& graph, std::size_t scope, std::size_t c);

/// Sets every cluster's top and bottom rank from the nodes in it (nested ones included).
void compute_cluster_spans(LayeredGraph& graph);

/// The cluster a dummy at `rank` belongs to, on the edge from `from` (above) to `to`: inside
/// the clusters the edge leaves for as long as they last, inside those it enters as soon as
/// they begin, otherwise in the innermost cluster holding both ends.
std::size_t dummy_cluster(const LayeredGraph& graph, NodeId from, NodeId to, int rank);

} // namespace merrow::layout::detail
