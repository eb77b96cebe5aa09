// Part of phase 6 (routing.cpp): the shortest smooth route through an edge's corridor.
//
// A corridor is what routing knows of the free room along one edge, top to bottom: gates,
// horizontal intervals at increasing y that the route must pass, and between each gate and the
// next the interval of x it must keep to. Routing derives them from the bands the edge crosses:
// inside a band, the edge's share of the room between its neighbours; across a gap, where
// nothing but edges lives, the hull of the two bands' shares.
//
// The route is first pulled taut (the shortest path through the gates, found by a funnel, as
// a string pulled through a row of slits), then its corners are joined by cubic pieces with
// one tangent at each corner. A piece that leaves the corridor has its tangent arms shortened,
// down to the straight segment of the taut path, which is always inside.
//
// Pre:  gates have strictly increasing y; the first and the last are single points; each
//       gate's interval lies within the room on both sides of it.
// Post: taut_route: the shortest y-monotone path from the first gate to the last through
//       every gate, as its corners (ends and pinned gates included, in order).
//       fit_routes: per corridor, 3n+1 cubic Bézier control points through those corners,
//       y-monotone, inside the corridor at every sampled point, tangent-continuous except
//       where a piece fell back to its straight segment, vertical at pinned gates; two
//       curves cross (at sampled points) only where their taut paths cross.
#pragma once

#include "merrow/layout/geometry.hpp"

#include <cstddef>
#include <utility>
#include <vector>

namespace merrow::layout::detail {

struct Gate {
    double y = 0;
    double lo = 0; ///< the interval the route passes at y
    double hi = 0;
    double room_lo = 0; ///< the interval it keeps to from here to the next gate
    double room_hi = 0;
    /// The route passes here vertically, at lo (= hi): an end on a curved outline, a port a
    /// block's inside continues from, an edge label's band.
    bool pinned = false;
};

struct Corner {
    Point at;
    bool pinned = false;
};

std::vector<Corner> taut_route(const std::vector<Gate>& gates);

struct Corridor {
    std::vector<Gate> gates;
    std::vector<Corner> corners; ///< taut_route(gates)
};

/// The curves of all routes of one drawing. Each keeps to its corridor, and it crosses another
/// route's taut path only if their taut paths cross: a curve swings out a little on the
/// outside of each bend, and another route running close by there would be crossed twice.
/// Each pair (first, second) in `neighbours` (routes leaving or reaching one node side by
/// side, in port order) is also kept from crossing each other's curves, by flattening the
/// second's; in that order, so that the result does not depend on the threads.
std::vector<std::vector<Point>>
fit_routes(const std::vector<Corridor>& corridors,
           const std::vector<std::pair<std::size_t, std::size_t>>& neighbours);

} // namespace merrow::layout::detail
