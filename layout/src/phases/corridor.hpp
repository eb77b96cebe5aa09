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
// one tangent at each corner. A piece that leaves the corridor, or would swing across a
// neighbouring route, has its tangent arms shortened, down to the straight segment of the
// taut path, which always fits.
//
// Pre:  gates have strictly increasing y; the first and the last are single points; each
//       gate's interval lies within the room on both sides of it.
// Post: taut_route: the shortest y-monotone path from the first gate to the last through
//       every gate, as its corners (ends and pinned gates included, in order).
//       fit_routes: per corridor, 3n+1 cubic Bézier control points through those corners,
//       y-monotone, inside the corridor (at each gate's height and at its turning points),
//       tangent-continuous except where a piece fell back to its straight segment, vertical
//       at pinned gates. In each gap a curve keeps clear (at points a few pixels apart) of
//       the nearest routes' taut paths that its own does not cross, and routes side by side
//       at a node neither cross each other's curves nor run along them closer than 2.5 px
//       for 10 px or more, unless both are straight there.
#pragma once

#include "merrow/layout/geometry.hpp"

#include <cstddef>
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
    /// From here to the next gate lies a gap between bands, shared with the other routes that
    /// cross it; inside bands each route keeps to its own share.
    bool gap_below = false;
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
/// Each group in `leaving` (and then in `arriving`) lists routes that leave (reach) one node
/// side by side, in port order; neighbours in a group are also kept from crossing or running
/// along each other's curves, by flattening the later one's, and the earlier one's where that
/// is not enough. A route is in at most one group of each.
std::vector<std::vector<Point>> fit_routes(const std::vector<Corridor>& corridors,
                                           const std::vector<std::vector<std::size_t>>& leaving,
                                           const std::vector<std::vector<std::size_t>>& arriving);

} // namespace merrow::layout::detail
