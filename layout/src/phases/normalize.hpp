// Phase 3 — normalisation.
//
// Splits every edge that spans more than one rank into a chain of unit edges through dummy
// nodes, one per rank crossed. The dummy in the middle of a labelled edge becomes the label
// node: it has the label's size, so the label takes real room in the drawing and nothing is
// ever placed over it.
//
// Pre:  ranks assigned; every edge spans ≥ 1 rank; labelled edges span ≥ 2.
// Post: every edge spans exactly one rank (properly layered). Each dummy belongs to the
//       cluster it passes through (compound.hpp: dummy_cluster). Each chain lists its nodes from
//       the upper to the lower end. `layers` holds every node in its rank (order not yet
//       meaningful).
#pragma once

#include "layered_graph.hpp"

#include <optional>
#include <vector>

namespace merrow::layout::detail {

/// `labels[e]` is the label size of input edge e in internal orientation, if it has one.
void normalize_edges(LayeredGraph& graph, const std::vector<std::optional<Size>>& labels);

/// True if every edge joins consecutive ranks.
bool is_properly_layered(const LayeredGraph& graph);

} // namespace merrow::layout::detail
