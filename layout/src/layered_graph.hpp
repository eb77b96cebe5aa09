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
    double right_extra = 0;     ///< room kept free right of the node (self-loops)
    int rank = 0;               ///< ranking
    std::size_t order = 0;      ///< ordering: index within its rank
    double x = 0;               ///< positioning: centre
    double y = 0;               ///< positioning: centre
};

struct LEdge {
    NodeId from = 0;
    NodeId to = 0;
    std::size_t origin = none; ///< input edge index
    int min_length = 1;
    double weight = 1;
};

/// One input edge as the engine sees it: the chain of layered nodes it became.
struct EdgeChain {
    bool self_loop = false;
    bool reversed = false;      ///< cycles: drawn against the rank direction
    std::vector<NodeId> nodes;  ///< normalize: tail, dummies…, head (in rank direction)
    NodeId label_node = none;   ///< normalize: the label dummy, if the edge has a label
    std::size_t loop_index = 0; ///< self-loops: 0 for the first loop on its node, 1, …
    /// Where the edge must leave its source / enter its target, as an x offset from the node's
    /// centre (internal orientation). Set when that end is a cluster block whose inside was
    /// laid out already: the edge continues inside the block from exactly there.
    std::optional<double> source_port;
    std::optional<double> target_port;
};

struct LayeredGraph {
    std::vector<LNode> nodes;
    std::vector<LEdge> edges;      ///< acyclic after cycles.cpp; unit-span after normalize.cpp
    std::vector<EdgeChain> chains; ///< indexed like the input edges
    std::size_t real_count = 0;    ///< nodes [0, real_count) are the input nodes

    std::vector<std::vector<EdgeId>> out_edges; ///< rebuilt by rebuild_adjacency()
    std::vector<std::vector<EdgeId>> in_edges;

    std::vector<std::vector<NodeId>> layers; ///< ordering: nodes of each rank, left to right
    std::vector<double> rank_top;            ///< positioning: band of each rank
    std::vector<double> rank_bottom;
    /// Extra room wanted between rank r and r + 1 (cluster titles and borders); the gap is the
    /// larger of this and the usual rank spacing. Missing entries mean no extra room.
    std::vector<double> min_gap_after;

    /// Rank distance factor: 2 when edge labels exist (labels sit on the odd ranks between
    /// node ranks, as in dot), else 1.
    int rank_factor = 1;

    void rebuild_adjacency();
    NodeId add_node(LNode node);
    EdgeId add_edge(NodeId from, NodeId to, std::size_t origin, int min_length, double weight);
};

} // namespace merrow::layout::detail
