// The layout engine's input and output. The engine knows nothing of Mermaid: it sees boxes of
// given sizes, edges between them (optionally carrying a label box) and nested clusters.
// This is also the schema of `merrow layout GRAPH.json` (see docs and ../shared/bench/README.md).
#pragma once

#include "merrow/layout/geometry.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace merrow::layout {

enum class Direction : std::uint8_t { TB, BT, LR, RL };

/// The boundary a node's edges are clipped against, in the node's own box.
enum class Outline : std::uint8_t {
    box,     ///< the whole rectangle
    ellipse, ///< the ellipse inscribed in the box
    diamond, ///< the rhombus through the edge midpoints
    polygon, ///< NodeSpec::polygon, in coordinates relative to the box centre
};

struct NodeSpec {
    std::string id;
    Size size;
    Outline outline = Outline::box;
    std::vector<Point> polygon; ///< convex, relative to the centre; only for Outline::polygon
};

/// An edge end: a node, or a cluster (the edge then ends at the cluster's border).
struct EndpointSpec {
    std::size_t index = 0;
    bool is_cluster = false;

    friend bool operator==(const EndpointSpec&, const EndpointSpec&) = default;
};

struct EdgeSpec {
    EndpointSpec source;
    EndpointSpec target;
    std::optional<Size> label; ///< a label box to place on the edge
    int min_length = 1;        ///< minimum number of ranks between the ends
    double weight = 1;         ///< how strongly the edge is kept short and straight
};

struct ClusterSpec {
    std::string id;
    std::vector<std::size_t> nodes;    ///< direct member nodes
    std::vector<std::size_t> clusters; ///< direct child clusters
    Size title;                        ///< the title's box, placed at the top inside
    std::optional<Direction> direction;
};

struct Graph {
    std::vector<NodeSpec> nodes;
    std::vector<EdgeSpec> edges;
    std::vector<ClusterSpec> clusters;
};

/// How routed edges are shaped.
enum class RouteStyle : std::uint8_t {
    spline,   ///< smooth cubic curves, vertical at the ranks
    polyline, ///< straight segments
};

/// How cycles are broken (see layout/src/phases/cycles.hpp).
enum class CycleBreaking : std::uint8_t {
    depth_first, ///< keep the written flow: reverse the edges that close a cycle
    greedy,      ///< Eades–Lin–Smyth: usually fewer reversed edges
};

struct Options {
    Direction direction = Direction::TB;
    double node_spacing = 50; ///< between neighbours in one rank
    double rank_spacing = 50; ///< between ranks
    double edge_spacing = 20; ///< between parallel edge segments
    double cluster_padding = 8;
    RouteStyle route_style = RouteStyle::spline;
    CycleBreaking cycle_breaking = CycleBreaking::depth_first;
};

struct EdgeRoute {
    /// Cubic Bézier control points, 3n+1 of them, from the source's border to the target's.
    /// The first point lies on the source outline and the last on the target outline.
    std::vector<Point> points;
    /// The corridor the route runs through, as a polyline from source port to target port:
    /// vertical runs inside ranks, one diagonal step across each gap between ranks. A curve
    /// drawn through these points in order (Mermaid's `curve` setting) stays clear of nodes as
    /// long as it stays monotone along the flow within each step. Empty for self-loops.
    std::vector<Point> waypoints;
    std::optional<Rect> label; ///< where the label box was placed
};

struct Layout {
    std::vector<Rect> nodes; ///< indexed like Graph::nodes
    std::vector<EdgeRoute> edges;
    std::vector<Rect> clusters; ///< indexed like Graph::clusters
    /// Where each cluster's title goes: at the top of its box, centred unless edges entering
    /// the cluster would run through it, then moved aside to a free stretch of the top.
    std::vector<Rect> cluster_titles;
    Rect bounds; ///< everything above, with (0, 0) at the top-left
};

} // namespace merrow::layout
