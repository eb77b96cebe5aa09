// Phase 6 — edge routing.
//
// Each edge leaves its upper node through a port on the bottom of the node's outline and
// enters its lower node through a port on the top; ports of one side are spread and sorted by
// where their edges go, so edges leave without crossing each other at the node. Inside a rank
// band an edge runs vertically (at its dummy's x); between bands it is one cubic S-curve
// with vertical tangents. Because nothing but edges lives between bands, and dummies keep
// their separation inside a band, no route can pass through a node or a label. Self-loops are
// drawn on the right side, in the room positioning reserved for them.
//
// Pre:  coordinates assigned (positioning.cpp); chains list their nodes top to bottom.
// Post: routes[e] holds 3n+1 cubic Bézier control points from the true source to the true
//       target of input edge e (reversed edges are turned back); label boxes placed.
#pragma once

#include "layered_graph.hpp"

#include <optional>
#include <vector>

namespace merrow::layout::detail {

struct RouteOptions {
    RouteStyle style = RouteStyle::spline;
    double port_spacing = 14; ///< between neighbouring ports on one side of a node
};

struct RoutedEdge {
    std::vector<Point> points;
    std::vector<Point> waypoints; ///< source to target; see EdgeRoute::waypoints
    std::optional<Rect> label;
};

/// `labels[e]` is input edge e's label size in internal orientation, for self-loops.
std::vector<RoutedEdge> route_edges(const LayeredGraph& graph,
                                    const std::vector<std::optional<Size>>& labels,
                                    const RouteOptions& options);

/// Room to keep right of a node for its self-loops (and their labels).
double self_loop_room(std::size_t loops, double widest_label);

/// The point where the horizontal line `dy` below the centre leaves the node's outline on its
/// right (or left) side.
Point side_exit(const LNode& node, double dy, bool right);

/// The point where the vertical line at `x` leaves the node's outline at its bottom (or top).
Point outline_exit(const LNode& node, double x, bool bottom);

} // namespace merrow::layout::detail
