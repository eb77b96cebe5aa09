// Phase 5 — coordinate assignment.
//
// y (after x): each rank is a horizontal band as tall as its tallest node; bands are
// separated by rank_spacing / rank_factor, so an edge-label rank between two node ranks costs
// exactly its label's height, and by more where cluster borders or a fan of three or more
// edges that all travel far to one side need it. Nodes are centred in their band.
//
// x: Brandes and Köpf, "Fast and simple horizontal coordinate assignment" (GD 2001): four
// vertical alignments (up/down × left/right) that align each node with a median neighbour,
// preferring inner segments between dummies (type-1 conflicts) so long edges run straight;
// each alignment is compacted over a block graph by longest path (which sidesteps the flaw
// the 2020 erratum describes in the original class-shift compaction); the four results are
// aligned to the narrowest one and balanced by taking the mean of the two median candidates.
// Then network simplex on Gansner et al.'s auxiliary graph makes Σ weight·|x_u − x_v| optimal
// (with subgraph borders when the graph has clusters), measuring an edge between its ports
// where it meets a block at a fixed port, so nodes line up with the node they link to inside.
// Among optimal placements it takes the narrowest: the drawing's two ends are variables too,
// pulled together by a weight too light to bend any edge. Large graphs are solved through the
// dual min-cost flow (flow_simplex.hpp), which is faster there. Last, a node whose edges all
// go one way (a root, a sink) moves to the middle of the range where its cost is least, as
// far as there is room: between its children rather than above the first of them.
//
// Pre:  ordered (ordering.cpp): `layers` left to right, `order` set.
// Post: x, y set for every node; in each rank, neighbours are separated by at least their
//       half-widths plus the spacing; the leftmost extent is 0. rank_top/rank_bottom set.
#pragma once

#include "layered_graph.hpp"

namespace merrow::layout::detail {

struct SpacingOptions {
    double node_spacing = 50;
    double rank_spacing = 50;
    double edge_spacing = 20;
};

void assign_coordinates(LayeredGraph& graph, const SpacingOptions& spacing);

/// The least centre distance between u and its right neighbour v in one rank.
double separation(const LayeredGraph& graph, NodeId u, NodeId v, const SpacingOptions& spacing);

} // namespace merrow::layout::detail
