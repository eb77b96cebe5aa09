// The engine's private working graph. Every phase reads and writes this one structure; each
// field says which phase fills it. Layout runs internally top-to-bottom (ranks grow
// downwards, order grows rightwards); orient.cpp maps the result to the requested direction.
#pragma once

#include "merrow/layout/geometry.hpp"
#include "merrow/layout/graph.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace merrow::layout::detail {

using NodeId = std::size_t;
using EdgeId = std::size_t;
constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

enum class NodeKind : std::uint8_t {
    real,  ///< a node of the input graph
    dummy, ///< a bend point of a long edge (normalize)
    label, ///< carries an edge label box (normalize)
};

struct LNode {
    NodeKind kind = NodeKind::real;
    std::size_t origin = none; ///< input node index (real) or input edge index (dummy, label)
    Size size;                 ///< internal orientation: width lies along the rank
    Outline outline = Outline::box;
    std::vector<Point> polygon; ///< internal orientation, relative to the centre
    double right_extra = 0;     ///< room kept free right of the node (self-loops, lanes)
    double left_extra = 0;      ///< room kept free left of the node (lanes to side ports)
    int rank = 0;               ///< ranking
    std::size_t order = 0;      ///< ordering: index within its rank
    /// ordering: held in its rank in the order of this key among the other held nodes
    std::optional<double> pin;
    double x = 0; ///< positioning: centre
    double y = 0; ///< positioning: centre
};

struct LEdge {
    NodeId from = 0;
    NodeId to = 0;
    std::size_t origin = none; ///< input edge index
    int min_length = 1;
    double weight = 1;
};

/// A fixed point on a node's border (internal orientation): on the top or bottom side at an x
/// offset from the centre, or on the left or right side at a y offset. Side ports are reached
/// through a vertical lane beside the node; `lane` counts lanes outwards from the node.
struct PortSpec {
    enum class Side : std::uint8_t { top, bottom, left, right };
    Side side = Side::bottom;
    double offset = 0;
    std::size_t lane = 0;
};

/// Distance between the vertical lanes that lead to side ports.
constexpr double side_lane_gap = 12;

/// One input edge as the engine sees it: the chain of layered nodes it became.
struct EdgeChain {
    bool self_loop = false;
    bool reversed = false;      ///< cycles: drawn against the rank direction
    std::vector<NodeId> nodes;  ///< normalize: tail, dummies…, head (in rank direction)
    NodeId label_node = none;   ///< normalize: the label dummy, if the edge has a label
    std::size_t loop_index = 0; ///< self-loops: 0 for the first loop on its node, 1, …
    /// Where the edge must leave its source / enter its target. Set when that end is a cluster
    /// block whose inside was laid out already: the edge continues inside the block from
    /// exactly there.
    std::optional<PortSpec> source_port;
    std::optional<PortSpec> target_port;

    /// The port at the chain's upper node (nodes.front()) and at its lower node: the tail's and
    /// the head's, unless cycle removal reversed the edge.
    std::optional<PortSpec>& upper_port() { return reversed ? target_port : source_port; }
    std::optional<PortSpec>& lower_port() { return reversed ? source_port : target_port; }
    const std::optional<PortSpec>& upper_port() const {
        return reversed ? target_port : source_port;
    }
    const std::optional<PortSpec>& lower_port() const {
        return reversed ? source_port : target_port;
    }
};

/// A cluster laid out inside this graph (a subgraph that keeps the direction around it): its
/// members stay contiguous in every rank and its box is kept clear of everything else.
struct LCluster {
    std::size_t parent = none;         ///< the enclosing cluster in this graph, or none
    std::vector<std::size_t> children; ///< nested clusters
    std::size_t origin = none;         ///< input cluster index
    Size title;                        ///< the title's box, external orientation
    /// Room kept inside the box around the members (padding, and the title strip on the side
    /// that is the top in the caller's direction), in internal orientation.
    double room_before = 0; ///< before the first rank
    double room_after = 0;  ///< after the last rank
    double room_left = 0;
    double room_right = 0;
    double min_width = 0;  ///< along the rank (the title must fit)
    double min_height = 0; ///< across ranks
    int top_rank = 0;      ///< ranking: first rank with a member
    int bottom_rank = -1;  ///< ranking: last rank with a member (empty when < top_rank)
    Rect box;              ///< positioning: the cluster's box, internal orientation
};

struct LayeredGraph {
    std::vector<LNode> nodes;
    std::vector<LEdge> edges;       ///< acyclic after cycles.cpp; unit-span after normalize.cpp
    std::vector<EdgeChain> chains;  ///< indexed like the input edges
    std::vector<LCluster> clusters; ///< compound clusters laid out in this graph
    std::vector<std::size_t> node_cluster; ///< per node: innermost cluster, or none
    std::size_t real_count = 0;            ///< nodes [0, real_count) are the input nodes

    std::vector<std::vector<EdgeId>> out_edges; ///< rebuilt by rebuild_adjacency()
    std::vector<std::vector<EdgeId>> in_edges;

    std::vector<std::vector<NodeId>> layers; ///< ordering: nodes of each rank, left to right
    std::vector<double> rank_top;            ///< positioning: band of each rank
    std::vector<double> rank_bottom;
    /// positioning: below each band, the strip where clusters ending at that rank have their
    /// bottom borders; above each band, where clusters starting there have their tops and
    /// titles. Edges cross these strips vertically and turn only in the free part of a gap.
    std::vector<double> border_below;
    std::vector<double> border_above;
    /// Extra room wanted between rank r and r + 1 (cluster titles and borders); the gap is the
    /// larger of this and the usual rank spacing. Missing entries mean no extra room.
    std::vector<double> min_gap_after;

    /// ranking: nodes that must rank below (or above) all of a cluster, so that their edge
    /// can pass the cluster's end instead of its side (set by the engine, see engine.cpp).
    struct RankSeparation {
        NodeId node = 0;
        std::size_t cluster = 0;
        bool node_below = true;
    };
    std::vector<RankSeparation> separations;
    /// ranking: whether edges into a sibling cluster that sends nothing back leave their own
    /// cluster through its bottom (see ranking.cpp), and how many edges that rule constrained.
    bool leave_clusters_downwards = true;
    std::size_t downward_links = 0;
    /// ordering: whether a small level with clusters is also ordered anew from shuffled
    /// starts (OrderingOptions::fresh_starts)
    bool fresh_starts = false;
    /// out of ordering: on small levels without clusters that cross nothing, other orders
    /// that cross nothing (OrderingOptions::tie_starts), for the level to choose among
    std::vector<std::vector<std::vector<NodeId>>> tied_orders;
    bool offer_tied_orders = false; ///< in: whether to look for them (no blocks in the level)
    /// Rank distance factor: 2 when edge labels exist (labels sit on the odd ranks between
    /// node ranks, as in dot), else 1.
    int rank_factor = 1;

    void rebuild_adjacency();
    /// Sets each node's `order` to its index in its layer of `layers`.
    void number_orders();
    NodeId add_node(LNode node, std::size_t cluster = none);
    EdgeId add_edge(NodeId from, NodeId to, std::size_t origin, int min_length, double weight);
};

/// The offset along the rank of a fixed port on a node's top or bottom; nothing for a port on
/// a side, or no port.
std::optional<double> rank_side_offset(const std::optional<PortSpec>& port);

/// A port's offset along its node as a part of the node's slot: at most ±0.45, so that slot
/// plus part keeps the slots' order (0 for a node without width).
double slot_part(const LNode& node, double offset);

/// Where a unit edge (after normalize) meets its end nodes, as offsets along the rank from
/// their centres: the fixed ports on a block's top or bottom, where the edge goes on inside
/// the block, and for a port on a block's side the lane beside it that leads there; zero at
/// every other end.
std::pair<double, double> port_offsets(const LayeredGraph& graph, const LEdge& edge);

} // namespace merrow::layout::detail
