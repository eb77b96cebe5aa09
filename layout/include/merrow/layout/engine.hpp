// The layered (Sugiyama) layout engine. The phases live in src/phases/, one per file, each with
// its pre- and postconditions; this is the whole pipeline behind one call.
#pragma once

#include "merrow/layout/graph.hpp"

namespace merrow::layout {

/// Lays out `graph`. Deterministic: the same graph and options give the same layout.
Layout layout_graph(const Graph& graph, const Options& options);

} // namespace merrow::layout
