#include "hierarchy.hpp"

#include <algorithm>

namespace merrow::layout::detail {

namespace {

constexpr std::size_t unset = std::numeric_limits<std::size_t>::max();

// The level an end sits in: a node's level; a block's enclosing level; a flat cluster's level.
std::size_t home_level(const Hierarchy& h, const EndpointSpec& end) {
    return end.is_cluster ? h.level_of[end.index] : h.node_level[end.index];
}

} // namespace

std::size_t Hierarchy::flat_cluster_of_node(std::size_t node) const {
    const std::size_t c = node_cluster[node];
    return (c == no_cluster || block[c]) ? no_cluster : c;
}

std::size_t Hierarchy::flat_cluster_of_block(std::size_t cluster) const {
    const std::size_t p = cluster_parent[cluster];
    return (p == no_cluster || block[p]) ? no_cluster : p;
}

Hierarchy build_hierarchy(const Graph& graph, Direction root_direction,
                          const std::vector<bool>& force_block) {
    const std::size_t count = graph.clusters.size();
    Hierarchy h;
    h.cluster_parent.assign(count, unset);
    for (std::size_t c = 0; c < count; ++c) {
        for (std::size_t child : graph.clusters[c].clusters) {
            if (child >= count || child == c || h.cluster_parent[child] != unset) {
                continue;
            }
            // Refuse a link that would close a cycle: walk up from the would-be parent.
            bool cycle = false;
            for (std::size_t up = c, steps = 0; up != unset && steps <= count;
                 up = h.cluster_parent[up], ++steps) {
                if (up == child) {
                    cycle = true;
                    break;
                }
            }
            if (!cycle) {
                h.cluster_parent[child] = c;
            }
        }
    }
    std::vector<std::size_t> cluster_depth(count, 0);
    for (std::size_t c = 0; c < count; ++c) {
        std::size_t d = 1;
        for (std::size_t up = h.cluster_parent[c]; up != unset; up = h.cluster_parent[up]) {
            ++d;
        }
        cluster_depth[c] = d;
    }
    // Parents before children, so inherited directions are known when needed.
    std::vector<std::size_t> by_depth(count);
    for (std::size_t c = 0; c < count; ++c) {
        by_depth[c] = c;
    }
    std::stable_sort(by_depth.begin(), by_depth.end(), [&](std::size_t a, std::size_t b) {
        return cluster_depth[a] < cluster_depth[b];
    });
    h.block.assign(count, false);
    h.direction.assign(count, root_direction);
    h.level_of.assign(count, 0);
    const std::size_t levels = count + 1;
    h.parent.assign(levels, 0);
    h.depth.assign(levels, 0);
    h.nodes.assign(levels, {});
    h.blocks.assign(levels, {});
    h.flat.assign(levels, {});
    for (std::size_t c : by_depth) {
        const std::size_t p = h.cluster_parent[c];
        const Direction inherited = p == unset ? root_direction : h.direction[p];
        const std::size_t enclosing =
            p == unset ? 0 : (h.block[p] ? Hierarchy::level_of_block(p) : h.level_of[p]);
        const auto& own = graph.clusters[c].direction;
        h.block[c] =
            (own.has_value() && *own != inherited) || (c < force_block.size() && force_block[c]);
        h.direction[c] = own.value_or(inherited);
        h.level_of[c] = enclosing;
        if (h.block[c]) {
            const std::size_t level = Hierarchy::level_of_block(c);
            h.parent[level] = enclosing;
            h.depth[level] = h.depth[enclosing] + 1;
            h.blocks[enclosing].push_back(c);
        } else {
            h.flat[enclosing].push_back(c);
        }
    }
    h.node_cluster.assign(graph.nodes.size(), unset);
    for (std::size_t c = 0; c < count; ++c) {
        for (std::size_t n : graph.clusters[c].nodes) {
            if (n < graph.nodes.size() && (h.node_cluster[n] == unset ||
                                           cluster_depth[c] > cluster_depth[h.node_cluster[n]])) {
                h.node_cluster[n] = c;
            }
        }
    }
    h.node_level.assign(graph.nodes.size(), 0);
    for (std::size_t n = 0; n < graph.nodes.size(); ++n) {
        const std::size_t c = h.node_cluster[n];
        if (c != unset) {
            h.node_level[n] = h.block[c] ? Hierarchy::level_of_block(c) : h.level_of[c];
        }
        h.nodes[h.node_level[n]].push_back(n);
    }
    h.top_down.push_back(0);
    for (std::size_t i = 0; i < h.top_down.size(); ++i) {
        for (std::size_t c : h.blocks[h.top_down[i]]) {
            h.top_down.push_back(Hierarchy::level_of_block(c));
        }
    }
    return h;
}

EdgeSplit split_edge(const Hierarchy& h, const EdgeSpec& edge) {
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
    const std::size_t home = home_level(h, end);
    if (home == level) {
        if (!end.is_cluster) {
            return {Item::Kind::node, end.index};
        }
        return {h.block[end.index] ? Item::Kind::block : Item::Kind::cluster, end.index};
    }
    // Climb to the child level of `level` on the way up: that level's block is the item.
    std::size_t current = home;
    while (h.parent[current] != level && current != 0) {
        current = h.parent[current];
    }
    return {Item::Kind::block, current - 1};
}

} // namespace merrow::layout::detail
