// The engine's phases as separate, inspectable steps. layout_graph() runs them all; tests run
// them one at a time and check each phase's postcondition in between.
#pragma once

#include "layered_graph.hpp"
#include "merrow/layout/graph.hpp"
#include "phases/orient.hpp"
#include "phases/routing.hpp"

#include <optional>
#include <vector>

namespace merrow::layout::detail {

enum class Phase { cycles, ranking, normalize, ordering, positioning, routing };

constexpr Phase all_phases[] = {Phase::cycles,   Phase::ranking,     Phase::normalize,
                                Phase::ordering, Phase::positioning, Phase::routing};

struct PipelineState {
    explicit PipelineState(Direction direction) : orientation(direction) {}

    LayeredGraph graph;
    std::vector<std::optional<Size>> labels; ///< per input edge, internal orientation
    Orientation orientation;
    std::vector<RoutedEdge> routes; ///< routing
};

/// Phase 0: builds the internal graph (internal orientation, self-loops set aside, minimum
/// lengths scaled by the rank factor). Throws std::invalid_argument for malformed graphs.
PipelineState prepare(const Graph& graph, const Options& options);

void run_phase(PipelineState& state, Phase phase, const Options& options);

/// Phase 7: maps the result back to the requested direction, sizes clusters and moves the
/// drawing so that its top-left corner is at (0, 0).
Layout finish(const PipelineState& state, const Graph& graph, const Options& options);

} // namespace merrow::layout::detail
