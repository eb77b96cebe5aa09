// The network simplex problem of network_simplex.hpp solved through its linear-programming dual,
// an uncapacitated min-cost flow: arc e carries flow f(e) ≥ 0 at cost −min_length(e), and every
// node v must pass on Σ weight(out) − Σ weight(in). Optimal node potentials of that flow are
// optimal values of the original problem (with the sign flipped).
//
// Primal network simplex on the flow (Ahuja, Magnanti, Orlin, "Network Flows", 1993, ch. 11):
// an artificial root joined to every node gives the first basis; the entering arc is the most
// negative reduced cost in a block of about √m arcs (block search pricing, as in Király and
// Kovács's comparison of min-cost flow codes); the leaving arc keeps the tree strongly feasible,
// which rules out cycling. A pivot costs the cycle's length plus the size of the subtree it moves,
// where the dual method (network_simplex.cpp) scans one side of the cut and renumbers the
// subtree under the cycle's apex. On cyc 1000's x-coordinates (5,204 variables) this method
// pivots 10,801 times to the dual's 1,653, but moves 220 nodes a pivot where the dual touches
// about 3,500, and takes about half the time.
//
// Before: one connected component, acyclic, every weight ≥ 0, indices local to it.
// After (when optimal): values satisfying every constraint with the least weighted length;
// every node is joined to the others by a tree of tight constraints, as the dual method leaves
// them, rather than floating where no weight pulls it.
#pragma once

#include "network_simplex.hpp"

#include <cstddef>
#include <vector>

namespace merrow::layout::detail {

/// Values for one component, the least at 0; `optimal` is false if `max_iterations` pivots did
/// not reach the optimum, and the values are then `fallback` (which must be feasible), moved.
std::vector<int> solve_by_flow(std::size_t node_count, const std::vector<NsEdge>& edges,
                               std::size_t max_iterations, const std::vector<int>& fallback,
                               std::size_t& iterations, bool& optimal);

} // namespace merrow::layout::detail
