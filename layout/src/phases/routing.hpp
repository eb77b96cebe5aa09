// Phase 6 — edge routing.
//
// Each edge leaves its upper node through a port on the bottom of the node's outline and
// enters its lower node through a port on the top; ports of one side are spread and sorted by
// where their edges go, so edges leave without crossing each other at the node. The outermost
// edge of a box's bottom (top) whose neighbour lies beside the box rather than below it uses
// the box's left or right side instead, where the line from the centre to that neighbour
// crosses it, as Mermaid clips its edges: from the bottom it would leave at the corner, its
// arrowhead pointing at the corner, a clear flaw in left-to-right drawings, whose boxes are
// short across the flow. It keeps the bottom where the share beside the box is too narrow
// for its route to run straight off the side, or where its route would be much longer. Every band
// is shared out along the rank: each dummy, label and node gets the room up to the middle of the
// free space next to it (band_slots), and edges sharing a node's side split its share in port
// order. An edge's corridor is its shares of the bands it crosses, joined across the gaps
// between bands, where nothing but edges lives. The edge is pulled taut through that corridor
// and drawn as a smooth curve inside it (corridor.hpp): shorter than running vertically
// through each band and turning only in the gaps, as a dot spline is in its boxes. Edge labels
// are passed vertically. Ends on diamonds and ellipses leave (reach) the outline along the
// path's first (last) leg, as Mermaid's edges follow their slope, unless that would cut back
// into the shape: then they too run vertically out of the bounding box. An ellipse's ports sit
// where the radius towards their edges meets its outline, down to its sides, and one at either
// end of its rank keeps the room beside it, so that many edges at a small circle arrive from
// all round it instead of crowding its top. Shares never overlap, so no route passes through
// a node, a label or a foreign cluster, and two routes cross only where their dummies' order
// makes them. Self-loops are drawn on the right side, in the room positioning reserved for
// them.
//
// Pre:  coordinates assigned (positioning.cpp); chains list their nodes top to bottom.
// Post: routes[e] holds 3n+1 cubic Bézier control points from the true source to the true
//       target of input edge e (reversed edges are turned back); waypoints hold the corridor
//       as before (vertical runs in bands, one step per gap) for the named curves; label
//       boxes placed. No route dips into the box, diamond or ellipse at either of its ends
//       by more than half a pixel; an end on a box's left or right side is at least 8 px from
//       its corners.
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
