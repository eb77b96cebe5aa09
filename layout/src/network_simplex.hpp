// Network simplex for problems of the form: integer values r(v) minimising
// Σ weight(e)·(r(head) − r(tail)) subject to r(head) − r(tail) ≥ min_length(e).
// Gansner, Koutsofios, North, Vo, "A technique for drawing directed graphs", IEEE TSE 19(3),
// 1993, §2. Used for ranking (phase 2) and for x-coordinates (phase 5, on an auxiliary graph).
//
// The implementation updates the spanning tree incrementally: after each pivot only the cut
// values on the cycle the entering edge closes change, and only the subtree below the lowest
// common ancestor of that cycle is renumbered. The initial feasible tree is built by merging
// tight components smallest first.
#pragma once

#include <cstddef>
#include <vector>

namespace merrow::layout::detail {

struct NsEdge {
    std::size_t tail = 0;
    std::size_t head = 0;
    int min_length = 1; ///< may be negative
    double weight = 1;
};

struct NsResult {
    std::vector<int> rank;      ///< per node; each connected component starts at 0
    std::size_t iterations = 0; ///< pivots performed
    bool optimal = true;        ///< false if the iteration cap stopped it early (still feasible)
};

/// How the optimum is found. Both give an optimal solution; where several are optimal they may
/// pick different ones.
enum class NsMethod {
    /// Pivots on this problem's spanning tree from a feasible solution (`initial` or
    /// longest-path values), as dot does: where optima tie, it stays close to the start.
    dual,
    /// Solves the dual min-cost flow (flow_simplex.hpp): far fewer operations per pivot on
    /// large problems. Needs `initial`, which is returned where the cap stops it.
    flow,
};

/// Solves the problem on an acyclic graph (parallel edges allowed). `initial`, if given, must be
/// a feasible solution to start from; otherwise longest-path ranks are used. Never loops
/// forever: after `max_iterations` pivots per component the current feasible solution is
/// returned.
NsResult network_simplex(std::size_t node_count, const std::vector<NsEdge>& edges,
                         std::size_t max_iterations, const std::vector<int>* initial = nullptr,
                         NsMethod method = NsMethod::dual);

} // namespace merrow::layout::detail
