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

/// Pieces of phase 0 shared by the flat pipeline below and the level engine (levels.cpp).
LNode make_real_node(const NodeSpec& spec, std::size_t origin, const Orientation& orientation);

/// Self-loops per node, to keep room for them beside their node.
struct SelfLoops {
    std::vector<std::size_t> count;
    std::vector<double> widest_label;

    explicit SelfLoops(std::size_t nodes) : count(nodes, 0), widest_label(nodes, 0) {}
    /// Sets every node's right_extra for its loops.
    void reserve_room(LayeredGraph& graph) const;
};

/// Adds input edge `spec` as chain `chain` from `from` to `to`: a self-loop (counted in
/// `loops`), or an edge of the layered graph with its minimum length scaled by the rank factor.
void add_edge_chain(PipelineState& state, std::size_t chain, NodeId from, NodeId to,
                    const EdgeSpec& spec, SelfLoops& loops);

/// Phase 0: builds the internal graph (internal orientation, self-loops set aside, minimum
/// lengths scaled by the rank factor). Throws std::invalid_argument for malformed graphs.
PipelineState prepare(const Graph& graph, const Options& options);

void run_phase(PipelineState& state, Phase phase, const Options& options);

/// Phase 7: maps the result back to the requested direction, sizes clusters and moves the
/// drawing so that its top-left corner is at (0, 0).
Layout finish(const PipelineState& state, const Graph& graph, const Options& options);

} // namespace merrow::layout::detail
