// The cluster tree. Most clusters keep their parent's direction: they are laid out inside
// their parent's layered graph as compound nodes (members contiguous in every rank, a box that
// nothing else enters). A cluster with its own direction becomes a block instead: its inside
// is laid out separately, as a level of its own, and the block is one node of the enclosing
// level; edges between levels are split at ports on the block's border.
//
// Level 0 is the whole drawing; level c + 1 is the inside of block cluster c (unused for
// clusters that are not blocks).
#pragma once

#include "merrow/layout/graph.hpp"

#include <cstddef>
#include <limits>
#include <vector>

namespace merrow::layout::detail {

constexpr std::size_t no_cluster = std::numeric_limits<std::size_t>::max();

struct Hierarchy {
    std::vector<std::size_t> cluster_parent; ///< per cluster: its parent, or no_cluster
    std::vector<std::size_t> node_cluster;   ///< per node: innermost cluster, or no_cluster
    std::vector<bool> block;                 ///< per cluster: laid out as a block
    std::vector<Direction> direction;        ///< per cluster: the direction inside it

    std::vector<std::size_t> node_level;          ///< per node: the level that lays it out
    std::vector<std::size_t> level_of;            ///< per cluster: the level its box belongs to
    std::vector<std::size_t> parent;              ///< per level; the root's parent is itself
    std::vector<std::size_t> depth;               ///< per level; the root has depth 0
    std::vector<std::vector<std::size_t>> nodes;  ///< per level: its nodes
    std::vector<std::vector<std::size_t>> blocks; ///< per level: block clusters inside it
    std::vector<std::vector<std::size_t>> flat;   ///< per level: other clusters inside it
    std::vector<std::size_t> top_down;            ///< levels, every parent before its children

    static std::size_t level_of_block(std::size_t cluster) { return cluster + 1; }

    /// The innermost flat (non-block) cluster around a node or block item within its level.
    std::size_t flat_cluster_of_node(std::size_t node) const;
    std::size_t flat_cluster_of_block(std::size_t cluster) const;
};

/// Resolves nesting: a cluster listed as a child by several clusters belongs to the first;
/// nesting cycles are cut; a node listed by several clusters belongs to the innermost one. A
/// cluster is a block when it sets a direction different from the one it would inherit, or
/// when `force_block` says so.
Hierarchy build_hierarchy(const Graph& graph, Direction root_direction,
                          const std::vector<bool>& force_block = {});

/// How one input edge is split over the levels.
struct EdgeSplit {
    std::size_t lca = 0;                  ///< the level where both ends are items
    std::vector<std::size_t> source_side; ///< levels whose border the edge leaves, inner first
    std::vector<std::size_t> target_side; ///< levels whose border it enters, inner first
};

EdgeSplit split_edge(const Hierarchy& h, const EdgeSpec& edge);

/// What stands for an edge end at a level that is an ancestor-or-self of the end's level: a
/// node, a block, or a flat cluster (an edge that ends at a cluster's border).
struct Item {
    enum class Kind { node, block, cluster };
    Kind kind = Kind::node;
    std::size_t index = 0; ///< node index, or cluster index

    friend bool operator==(const Item&, const Item&) = default;
};

Item item_at(const Hierarchy& h, const EndpointSpec& end, std::size_t level);

} // namespace merrow::layout::detail
