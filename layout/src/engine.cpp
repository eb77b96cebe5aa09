#include "merrow/layout/engine.hpp"

#include "phases/cycles.hpp"
#include "phases/normalize.hpp"
#include "phases/ordering.hpp"
#include "phases/positioning.hpp"
#include "phases/ranking.hpp"
#include "pipeline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace merrow::layout {

namespace detail {

namespace {

bool finite_size(Size s) {
    return std::isfinite(s.width) && std::isfinite(s.height) && s.width >= 0 && s.height >= 0;
}

void validate(const Graph& graph) {
    for (const NodeSpec& n : graph.nodes) {
        if (!finite_size(n.size)) {
            throw std::invalid_argument("node `" + n.id + "` has an invalid size");
        }
    }
    for (std::size_t e = 0; e < graph.edges.size(); ++e) {
        const EdgeSpec& edge = graph.edges[e];
        for (const EndpointSpec& end : {edge.source, edge.target}) {
            const std::size_t limit = end.is_cluster ? graph.clusters.size() : graph.nodes.size();
            if (end.index >= limit) {
                throw std::invalid_argument("edge " + std::to_string(e) +
                                            " refers to a missing endpoint");
            }
        }
        if (edge.label && !finite_size(*edge.label)) {
            throw std::invalid_argument("edge " + std::to_string(e) + " has an invalid label");
        }
        if (edge.min_length < 0 || edge.min_length > 1000 || !std::isfinite(edge.weight) ||
            edge.weight < 0) {
            throw std::invalid_argument("edge " + std::to_string(e) +
                                        " has an invalid length or weight");
        }
    }
}

} // namespace

PipelineState prepare(const Graph& graph, const Options& options) {
    validate(graph);
    PipelineState state(options.direction);
    LayeredGraph& g = state.graph;
    const Orientation& o = state.orientation;
    for (const NodeSpec& spec : graph.nodes) {
        LNode node;
        node.origin = g.nodes.size();
        node.size = o.size_to_internal(spec.size);
        node.outline = spec.outline;
        for (const Point& p : spec.polygon) {
            node.polygon.push_back(o.offset_to_internal(p));
        }
        g.add_node(std::move(node));
    }
    g.real_count = g.nodes.size();

    const bool any_label = std::any_of(graph.edges.begin(), graph.edges.end(),
                                       [](const EdgeSpec& e) { return e.label.has_value(); });
    g.rank_factor = any_label ? 2 : 1;
    g.chains.resize(graph.edges.size());
    state.labels.resize(graph.edges.size());

    std::vector<std::size_t> loops(g.nodes.size(), 0);
    std::vector<double> loop_label_width(g.nodes.size(), 0);
    for (std::size_t e = 0; e < graph.edges.size(); ++e) {
        const EdgeSpec& spec = graph.edges[e];
        if (spec.label) {
            state.labels[e] = o.size_to_internal(*spec.label);
        }
        // Edges to clusters are laid out by the cluster stage (not yet: they get no route).
        if (spec.source.is_cluster || spec.target.is_cluster) {
            continue;
        }
        EdgeChain& chain = g.chains[e];
        if (spec.source.index == spec.target.index) {
            chain.self_loop = true;
            chain.loop_index = loops[spec.source.index]++;
            chain.nodes = {spec.source.index};
            if (state.labels[e]) {
                loop_label_width[spec.source.index] =
                    std::max(loop_label_width[spec.source.index], state.labels[e]->width);
            }
            continue;
        }
        const int length = std::max(1, spec.min_length) * g.rank_factor;
        g.add_edge(spec.source.index, spec.target.index, e, length, spec.weight);
    }
    for (NodeId v = 0; v < g.real_count; ++v) {
        g.nodes[v].right_extra = self_loop_room(loops[v], loop_label_width[v]);
    }
    g.rebuild_adjacency();
    return state;
}

void run_phase(PipelineState& state, Phase phase, const Options& options) {
    LayeredGraph& g = state.graph;
    switch (phase) {
    case Phase::cycles:
        break_cycles(g, options.cycle_breaking);
        break;
    case Phase::ranking:
        assign_ranks(g);
        break;
    case Phase::normalize:
        normalize_edges(g, state.labels);
        break;
    case Phase::ordering:
        order_nodes(g);
        break;
    case Phase::positioning:
        assign_coordinates(g, {options.node_spacing, options.rank_spacing, options.edge_spacing});
        break;
    case Phase::routing:
        state.routes = route_edges(g, state.labels, {options.route_style, 14});
        break;
    }
}

namespace {

void grow(Rect& box, const Rect& r) {
    if (box.width < 0) {
        box = r;
        return;
    }
    const double x0 = std::min(box.x, r.x);
    const double y0 = std::min(box.y, r.y);
    const double x1 = std::max(box.right(), r.right());
    const double y1 = std::max(box.bottom(), r.bottom());
    box = {x0, y0, x1 - x0, y1 - y0};
}

// Clusters as the box around their members. Placeholder geometry until clusters become
// compound nodes of the engine: members are not yet kept together.
Rect cluster_box(const Graph& graph, const Layout& layout, std::size_t c, double padding,
                 std::vector<std::optional<Rect>>& memo, std::size_t depth) {
    if (memo[c]) {
        return *memo[c];
    }
    Rect box{0, 0, -1, -1};
    if (depth < graph.clusters.size()) {
        for (std::size_t n : graph.clusters[c].nodes) {
            grow(box, layout.nodes[n]);
        }
        for (std::size_t child : graph.clusters[c].clusters) {
            grow(box, cluster_box(graph, layout, child, padding, memo, depth + 1));
        }
    }
    if (box.width < 0) {
        box = {0, 0, 0, 0};
    }
    const Size title = graph.clusters[c].title;
    box = {box.x - padding, box.y - padding - title.height, box.width + 2 * padding,
           box.height + 2 * padding + title.height};
    box.width = std::max(box.width, title.width + 2 * padding);
    memo[c] = box;
    return box;
}

} // namespace

Layout finish(const PipelineState& state, const Graph& graph, const Options& options) {
    const LayeredGraph& g = state.graph;
    const Orientation& o = state.orientation;
    // The internal drawing's extent, for mirroring.
    double max_x = 0;
    double max_y = 0;
    for (const LNode& n : g.nodes) {
        max_x = std::max(max_x, n.x + n.size.width / 2 + n.right_extra);
        max_y = std::max(max_y, n.y + n.size.height / 2);
    }
    const Size extent{max_x, max_y};

    Layout layout;
    layout.nodes.resize(graph.nodes.size());
    for (NodeId v = 0; v < g.real_count; ++v) {
        const LNode& n = g.nodes[v];
        const Rect internal{n.x - n.size.width / 2, n.y - n.size.height / 2, n.size.width,
                            n.size.height};
        layout.nodes[v] = o.rect_to_external(internal, extent);
    }
    layout.edges.resize(graph.edges.size());
    for (std::size_t e = 0; e < graph.edges.size() && e < state.routes.size(); ++e) {
        for (const Point& p : state.routes[e].points) {
            layout.edges[e].points.push_back(o.point_to_external(p, extent));
        }
        for (const Point& p : state.routes[e].waypoints) {
            layout.edges[e].waypoints.push_back(o.point_to_external(p, extent));
        }
        if (state.routes[e].label) {
            layout.edges[e].label = o.rect_to_external(*state.routes[e].label, extent);
        }
    }
    std::vector<std::optional<Rect>> memo(graph.clusters.size());
    layout.clusters.resize(graph.clusters.size());
    for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
        layout.clusters[c] = cluster_box(graph, layout, c, options.cluster_padding, memo, 0);
    }

    // Bounds, then shift everything so the drawing starts at (0, 0).
    Rect bounds{0, 0, -1, -1};
    for (const Rect& r : layout.nodes) {
        grow(bounds, r);
    }
    for (const Rect& r : layout.clusters) {
        grow(bounds, r);
    }
    for (const EdgeRoute& route : layout.edges) {
        for (const Point& p : route.points) {
            grow(bounds, {p.x, p.y, 0, 0});
        }
        if (route.label) {
            grow(bounds, *route.label);
        }
    }
    if (bounds.width < 0) {
        bounds = {0, 0, 0, 0};
    }
    const double dx = -bounds.x;
    const double dy = -bounds.y;
    auto shift = [&](Rect& r) {
        r.x += dx;
        r.y += dy;
    };
    for (Rect& r : layout.nodes) {
        shift(r);
    }
    for (Rect& r : layout.clusters) {
        shift(r);
    }
    for (EdgeRoute& route : layout.edges) {
        for (Point& p : route.points) {
            p.x += dx;
            p.y += dy;
        }
        for (Point& p : route.waypoints) {
            p.x += dx;
            p.y += dy;
        }
        if (route.label) {
            shift(*route.label);
        }
    }
    layout.bounds = {0, 0, bounds.width, bounds.height};
    return layout;
}

} // namespace detail

Layout layout_graph(const Graph& graph, const Options& options) {
    detail::PipelineState state = detail::prepare(graph, options);
    for (detail::Phase phase : detail::all_phases) {
        detail::run_phase(state, phase, options);
    }
    return detail::finish(state, graph, options);
}

} // namespace merrow::layout
