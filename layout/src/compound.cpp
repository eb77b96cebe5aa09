#include "compound.hpp"

#include <algorithm>

namespace merrow::layout::detail {

bool within(const LayeredGraph& graph, std::size_t inner, std::size_t outer) {
    if (outer == none) {
        return true;
    }
    for (std::size_t c = inner; c != none; c = graph.clusters[c].parent) {
        if (c == outer) {
            return true;
        }
    }
    return false;
}

std::size_t common_cluster(const LayeredGraph& graph, std::size_t a, std::size_t b) {
    for (std::size_t c = a; c != none; c = graph.clusters[c].parent) {
        if (within(graph, b, c)) {
            return c;
        }
    }
    return none;
}

std::size_t child_towards(const LayeredGraph& graph, std::size_t scope, std::size_t c) {
    std::size_t previous = none;
    for (std::size_t up = c; up != scope; up = graph.clusters[up].parent) {
        if (up == none) {
            return none; // c is not inside scope
        }
        previous = up;
    }
    return previous;
}

void compute_cluster_spans(LayeredGraph& graph) {
    for (LCluster& c : graph.clusters) {
        c.top_rank = 0;
        c.bottom_rank = -1;
    }
    std::vector<bool> seen(graph.clusters.size(), false);
    for (NodeId v = 0; v < graph.nodes.size(); ++v) {
        const int r = graph.nodes[v].rank;
        for (std::size_t c = graph.node_cluster[v]; c != none; c = graph.clusters[c].parent) {
            LCluster& cl = graph.clusters[c];
            if (!seen[c]) {
                seen[c] = true;
                cl.top_rank = r;
                cl.bottom_rank = r;
            } else {
                cl.top_rank = std::min(cl.top_rank, r);
                cl.bottom_rank = std::max(cl.bottom_rank, r);
            }
        }
    }
}

std::size_t dummy_cluster(const LayeredGraph& graph, NodeId from, NodeId to, int rank) {
    const std::size_t cu = graph.node_cluster[from];
    const std::size_t cv = graph.node_cluster[to];
    const std::size_t shared = common_cluster(graph, cu, cv);
    std::size_t leaving = none; // deepest cluster of the upper end still spanning `rank`
    for (std::size_t c = cu; c != shared; c = graph.clusters[c].parent) {
        if (rank <= graph.clusters[c].bottom_rank) {
            leaving = c;
            break;
        }
    }
    std::size_t entering = none; // deepest cluster of the lower end already spanning `rank`
    for (std::size_t c = cv; c != shared; c = graph.clusters[c].parent) {
        if (rank >= graph.clusters[c].top_rank) {
            entering = c;
            break;
        }
    }
    if (leaving != none && entering != none) {
        // Both span the rank: stay with whichever end is nearer.
        const int up = rank - graph.nodes[from].rank;
        const int down = graph.nodes[to].rank - rank;
        return up <= down ? leaving : entering;
    }
    if (leaving != none) {
        return leaving;
    }
    if (entering != none) {
        return entering;
    }
    return shared;
}

} // namespace merrow::layout::detail
