// The engine around the phases for graphs of any shape: one layered graph per level (the
// drawing, and every subgraph laid out in a direction of its own), clusters as compound nodes
// inside each level, and edges split at the ports on level borders and joined again. Where a
// subgraph's flow runs across the one around it, its edges cross the side of its box that
// faces their other end, so that they arrive the way the drawing flows, and go on straight
// through the side of a subgraph nested there that has a direction of its own.
//
// Pre:  a validated graph (engine.cpp).
// Post: every node, edge (routes joined across levels, edges to clusters cut at the border)
//       and cluster placed, titles placed clear of edges, the drawing's top-left at (0, 0).
#pragma once

#include "merrow/layout/graph.hpp"

#include <map>
#include <vector>

namespace merrow::layout::detail {

/// An input edge that must pass the end of a cluster rather than its side: its lower end is
/// ranked below the whole cluster, or its upper end above it.
struct Separation {
    std::size_t edge = 0;
    std::size_t cluster = 0;
    bool lower_end_below = true;
    bool operator==(const Separation&) const = default;
};

/// Per (block's level, edge): where the edge's chain sits next to the block in the level
/// around it, as that level ordered it (a slot along its ranks).
using PortSlots = std::map<std::pair<std::size_t, std::size_t>, double>;

/// A choice lay_out_levels leaves open, and what it reports about the layout it made.
struct LevelRun {
    bool leave_clusters_downwards = true; ///< in: the ranking rule of that name (ranking.cpp)
    std::size_t downward_links = 0;       ///< out: edges that rule constrained, all levels
    PortSlots port_slots;                 ///< out: the slots of this run's block ports
    /// in: port_slots of an earlier run with the same blocks; each block then holds its top
    /// and bottom ports in that order and orders its inside around them
    const PortSlots* held_ports = nullptr;
    /// in: small levels with clusters are also ordered anew from shuffled starts
    /// (OrderingOptions::fresh_starts)
    bool fresh_starts = false;
    /// in: where edges cross a title with no room beside them, lay the graph out again with
    /// those clusters wider (lay_out_levels)
    bool room_for_titles = true;
    /// out, per cluster: how much wider its box must be for its title to find room beside
    /// the edges that cross its title strip (0 where the title is clear of them)
    std::vector<double> title_shortfall;
};

/// Lays the graph out; the clusters flagged in `force_block` (and those with a direction of
/// their own) become blocks: laid out on their own, as one node of the level around them.
/// Separations whose cluster is laid out flat in the level of their edge constrain its ranks.
Layout lay_out_levels(const Graph& graph, const Options& options,
                      const std::vector<bool>& force_block,
                      const std::vector<Separation>& separations = {}, LevelRun* run = nullptr);

/// An edge whose route passes through a cluster although neither end of it is inside.
struct ClusterCrossing {
    std::size_t edge = 0;
    std::size_t cluster = 0;
};

std::vector<ClusterCrossing> cluster_crossings(const Graph& graph, const Layout& layout);

/// How a layout kept edges out of clusters they do not belong to.
struct ClusterResolution {
    std::vector<Separation> separations;
    std::vector<bool> blocks;             ///< per cluster: made a block for that
    bool leave_clusters_downwards = true; ///< the ranking rule was kept (see LevelRun)
};

/// layout_graph's work after validation (engine.cpp); `resolution`, when given, receives what
/// it took.
Layout lay_out_clustered(const Graph& graph, const Options& options,
                         ClusterResolution* resolution = nullptr);

} // namespace merrow::layout::detail
