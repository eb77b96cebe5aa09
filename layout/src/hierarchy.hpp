// The cluster tree as levels. Level 0 is the whole drawing; level c + 1 is the inside of
// cluster c. Every level is laid out as its own layered graph in which a child cluster is one
// node (a block); an edge between levels is split into one piece per level it passes, joined
// at ports on the cluster borders. This keeps every cluster contiguous and rectangular, lets
// no edge pass through a cluster it does not belong to, and lets a cluster keep its own
// direction.
#pragma once

#include "merrow/layout/graph.hpp"

#include <cstddef>
#include <vector>

namespace merrow::layout::detail {

struct Hierarchy {
    std::vector<std::size_t> node_level;            ///< the innermost level holding each node
    std::vector<std::size_t> parent;                ///< per level; the root's parent is itself
    std::vector<std::size_t> depth;                 ///< per level; the root has depth 0
    std::vector<std::vector<std::size_t>> nodes;    ///< per level: its own nodes
    std::vector<std::vector<std::size_t>> clusters; ///< per level: its child clusters
    std::vector<std::size_t> top_down;              ///< levels, every parent before its children

    static std::size_t level_of_cluster(std::size_t cluster) { return cluster + 1; }
};

/// Resolves nesting: a cluster listed as a child by several clusters belongs to the first;
/// nesting cycles are cut; a node listed by several clusters belongs to the innermost one.
Hierarchy build_hierarchy(const Graph& graph);

/// How one input edge is split over the levels.
struct EdgeSplit {
    std::size_t lca = 0;                  ///< the level where both ends are items
    std::vector<std::size_t> source_side; ///< levels whose border the edge leaves, inner first
    std::vector<std::size_t> target_side; ///< levels whose border it enters, inner first
};

EdgeSplit split_edge(const Graph& graph, const Hierarchy& h, const EdgeSpec& edge);

/// The item (node or block) that stands for `end` at `level`, an ancestor-or-self of the
/// level holding it.
struct Item {
    bool is_block = false;
    std::size_t index = 0; ///< node index, or cluster index for blocks

    friend bool operator==(const Item&, const Item&) = default;
};

Item item_at(const Hierarchy& h, const EndpointSpec& end, std::size_t level);

} // namespace merrow::layout::detail
