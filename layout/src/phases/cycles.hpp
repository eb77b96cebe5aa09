// Phase 1 — cycle removal.
//
// Reverses a small set of edges so that the graph becomes acyclic. Two strategies:
// - depth_first (default): a depth-first search from the nodes in the order the author wrote
//   them reverses exactly the edges that close a cycle back to a node still on the search path.
//   The flow the author wrote first keeps its direction: `A --> B --> C --> A` reverses C→A.
//   This is what dot and dagre do, and what Mermaid users expect.
// - greedy: Eades, Lin and Smyth ("A fast and effective heuristic for the feedback arc set
//   problem", IPL 47, 1993): peel off sinks and sources, otherwise take the node whose
//   outgoing weight most exceeds its incoming weight (ties to the earlier node). Usually
//   reverses fewer edges, but may turn a diagram's main flow upside down.
//
// Pre:  `edges` join real nodes only; self-loops are not in `edges`.
// Post: `edges` form a DAG. Every reversed edge has from/to swapped and its chain marked
//       `reversed`. Adjacency is rebuilt.
#pragma once

#include "layered_graph.hpp"

#include <utility>
#include <vector>

namespace merrow::layout::detail {

void break_cycles(LayeredGraph& graph, CycleBreaking strategy = CycleBreaking::depth_first);

/// The depth-first strategy with the search's roots taken in the order `roots` lists them
/// (every node once) instead of by index.
void break_cycles_from(LayeredGraph& graph, const std::vector<NodeId>& roots);

/// For each of `node_count` nodes joined by `edges`: its place in the order in which the
/// depth-first strategy's search first reaches the nodes (self-loops ignored).
std::vector<std::size_t> depth_first_discovery(std::size_t node_count,
                                               const std::vector<std::pair<NodeId, NodeId>>& edges);

/// True if `edges` contain no directed cycle (used by the invariant checks).
bool is_acyclic(const LayeredGraph& graph);

} // namespace merrow::layout::detail
