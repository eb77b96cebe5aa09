#include "hierarchy.hpp"

#include <limits>

namespace merrow::layout::detail {

namespace {

constexpr std::size_t unset = std::numeric_limits<std::size_t>::max();

// The level an end sits in: a node's own level, or for a cluster the level holding its block.
std::size_t home_level(const Hierarchy& h, const EndpointSpec& end) {
    return end.is_cluster ? h.parent[Hierarchy::level_of_cluster(end.index)]
                          : h.node_level[end.index];
}

} // namespace

Hierarchy build_hierarchy(const Graph& graph) {
    const std::size_t levels = graph.clusters.size() + 1;
    Hierarchy h;
    h.parent.assign(levels, unset);
    h.parent[0] = 0;
    for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
        for (std::size_t child : graph.clusters[c].clusters) {
            const std::size_t level = Hierarchy::level_of_cluster(child);
            if (child >= graph.clusters.size() || child == c || h.parent[level] != unset) {
                continue;
            }
            // Refuse a link that would close a cycle: walk up from the would-be parent.
            bool cycle = false;
            for (std::size_t up = Hierarchy::level_of_cluster(c), steps = 0;
                 up != 0 && up != unset && steps <= levels; up = h.parent[up], ++steps) {
                if (up == level) {
                    cycle = true;
                    break;
                }
            }
            if (!cycle) {
                h.parent[level] = Hierarchy::level_of_cluster(c);
            }
        }
    }
    for (std::size_t level = 1; level < levels; ++level) {
        if (h.parent[level] == unset) {
            h.parent[level] = 0;
        }
    }
    h.depth.assign(levels, 0);
    h.nodes.assign(levels, {});
    h.clusters.assign(levels, {});
    // Depth by walking up; the cycle check above bounds every walk.
    for (std::size_t level = 1; level < levels; ++level) {
        std::size_t d = 0;
        for (std::size_t up = level; up != 0; up = h.parent[up]) {
            ++d;
        }
        h.depth[level] = d;
        h.clusters[h.parent[level]].push_back(level - 1);
    }
    h.node_level.assign(graph.nodes.size(), 0);
    for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
        const std::size_t level = Hierarchy::level_of_cluster(c);
        for (std::size_t n : graph.clusters[c].nodes) {
            if (n < graph.nodes.size() && h.depth[level] > h.depth[h.node_level[n]]) {
                h.node_level[n] = level;
            }
        }
    }
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        h.nodes[h.node_level[n]].push_back(n);
    }
    // Parents before children: breadth-first from the root.
    h.top_down.push_back(0);
    for (std::size_t i = 0; i < h.top_down.size(); ++i) {
        for (std::size_t c : h.clusters[h.top_down[i]]) {
            h.top_down.push_back(Hierarchy::level_of_cluster(c));
        }
    }
    return h;
}

EdgeSplit split_edge(const Graph& /*graph*/, const Hierarchy& h, const EdgeSpec& edge) {
    EdgeSplit split;
    std::size_t a = home_level(h, edge.source);
    std::size_t b = home_level(h, edge.target);
    while (h.depth[a] > h.depth[b]) {
        split.source_side.push_back(a);
        a = h.parent[a];
    }
    while (h.depth[b] > h.depth[a]) {
        split.target_side.push_back(b);
        b = h.parent[b];
    }
    while (a != b) {
        split.source_side.push_back(a);
        split.target_side.push_back(b);
        a = h.parent[a];
        b = h.parent[b];
    }
    split.lca = a;
    return split;
}

Item item_at(const Hierarchy& h, const EndpointSpec& end, std::size_t level) {
    std::size_t current = home_level(h, end);
    if (current == level) {
        return {end.is_cluster, end.index};
    }
    // Climb to the child of `level` on the way up: that child's block is the item.
    while (h.parent[current] != level && current != 0) {
        current = h.parent[current];
    }
    return {true, current - 1};
}

} // namespace merrow::layout::detail
