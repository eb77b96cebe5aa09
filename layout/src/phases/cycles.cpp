#include "cycles.hpp"

#include <deque>
#include <set>
#include <utility>

namespace merrow::layout::detail {

namespace {

// Produces a vertex sequence in which few (weighted) edges point backwards.
std::vector<NodeId> greedy_sequence(const LayeredGraph& g) {
    const std::size_t n = g.nodes.size();
    std::vector<double> in_weight(n, 0);
    std::vector<double> out_weight(n, 0);
    std::vector<std::size_t> in_degree(n, 0);
    std::vector<std::size_t> out_degree(n, 0);
    for (const LEdge& e : g.edges) {
        out_weight[e.from] += e.weight;
        in_weight[e.to] += e.weight;
        ++out_degree[e.from];
        ++in_degree[e.to];
    }
    std::vector<bool> removed(n, false);
    // Candidates ordered by (out - in) descending, then by node index ascending.
    auto key = [&](NodeId v) {
        return std::make_pair(in_weight[v] - out_weight[v], v);
    };
    std::set<std::pair<double, NodeId>> by_delta;
    std::deque<NodeId> sinks;
    std::deque<NodeId> sources;
    for (NodeId v = 0; v < n; ++v) {
        by_delta.insert(key(v));
        if (out_degree[v] == 0) {
            sinks.push_back(v);
        } else if (in_degree[v] == 0) {
            sources.push_back(v);
        }
    }
    std::vector<NodeId> head;
    std::vector<NodeId> tail; // filled back to front
    auto remove = [&](NodeId v) {
        removed[v] = true;
        by_delta.erase(key(v));
        for (EdgeId e : g.out_edges[v]) {
            const NodeId w = g.edges[e].to;
            if (removed[w]) {
                continue;
            }
            by_delta.erase(key(w));
            in_weight[w] -= g.edges[e].weight;
            by_delta.insert(key(w));
            if (--in_degree[w] == 0 && out_degree[w] != 0) {
                sources.push_back(w);
            }
        }
        for (EdgeId e : g.in_edges[v]) {
            const NodeId u = g.edges[e].from;
            if (removed[u]) {
                continue;
            }
            by_delta.erase(key(u));
            out_weight[u] -= g.edges[e].weight;
            by_delta.insert(key(u));
            if (--out_degree[u] == 0) {
                sinks.push_back(u);
            }
        }
    };
    std::size_t left = n;
    while (left > 0) {
        bool progress = true;
        while (progress) {
            progress = false;
            while (!sinks.empty()) {
                const NodeId v = sinks.front();
                sinks.pop_front();
                if (!removed[v]) {
                    tail.push_back(v);
                    remove(v);
                    --left;
                    progress = true;
                }
            }
            while (!sources.empty()) {
                const NodeId v = sources.front();
                sources.pop_front();
                if (!removed[v] && out_degree[v] != 0) {
                    head.push_back(v);
                    remove(v);
                    --left;
                    progress = true;
                }
            }
        }
        if (left == 0) {
            break;
        }
        const NodeId v = by_delta.begin()->second;
        head.push_back(v);
        remove(v);
        --left;
    }
    head.insert(head.end(), tail.rbegin(), tail.rend());
    return head;
}

// Reverse post-order of a depth-first search over out-edges (in input order), started from the
// sources first and then from every unvisited node in input order. Back edges are exactly the
// edges that point backwards in this sequence.
std::vector<NodeId> depth_first_sequence(const LayeredGraph& g) {
    const std::size_t n = g.nodes.size();
    std::vector<bool> visited(n, false);
    std::vector<NodeId> post_order;
    post_order.reserve(n);
    struct Frame {
        NodeId node;
        std::size_t next;
    };
    std::vector<Frame> stack;
    auto visit = [&](NodeId root) {
        if (visited[root]) {
            return;
        }
        visited[root] = true;
        stack.push_back({root, 0});
        while (!stack.empty()) {
            Frame& top = stack.back();
            const auto& out = g.out_edges[top.node];
            if (top.next < out.size()) {
                const NodeId w = g.edges[out[top.next++]].to;
                if (!visited[w]) {
                    visited[w] = true;
                    stack.push_back({w, 0});
                }
                continue;
            }
            post_order.push_back(top.node);
            stack.pop_back();
        }
    };
    for (NodeId v = 0; v < n; ++v) {
        if (g.in_edges[v].empty()) {
            visit(v);
        }
    }
    for (NodeId v = 0; v < n; ++v) {
        visit(v);
    }
    return {post_order.rbegin(), post_order.rend()};
}

} // namespace

void break_cycles(LayeredGraph& graph, CycleBreaking strategy) {
    graph.rebuild_adjacency();
    const std::vector<NodeId> sequence =
        strategy == CycleBreaking::greedy ? greedy_sequence(graph) : depth_first_sequence(graph);
    std::vector<std::size_t> position(graph.nodes.size(), 0);
    for (std::size_t i = 0; i < sequence.size(); ++i) {
        position[sequence[i]] = i;
    }
    for (LEdge& e : graph.edges) {
        if (position[e.from] > position[e.to]) {
            std::swap(e.from, e.to);
            graph.chains[e.origin].reversed = true;
        }
    }
    graph.rebuild_adjacency();
}

bool is_acyclic(const LayeredGraph& graph) {
    const std::size_t n = graph.nodes.size();
    std::vector<std::size_t> in_degree(n, 0);
    std::vector<std::vector<NodeId>> succ(n);
    for (const LEdge& e : graph.edges) {
        ++in_degree[e.to];
        succ[e.from].push_back(e.to);
    }
    std::vector<NodeId> ready;
    for (NodeId v = 0; v < n; ++v) {
        if (in_degree[v] == 0) {
            ready.push_back(v);
        }
    }
    std::size_t seen = 0;
    while (!ready.empty()) {
        const NodeId v = ready.back();
        ready.pop_back();
        ++seen;
        for (NodeId w : succ[v]) {
            if (--in_degree[w] == 0) {
                ready.push_back(w);
            }
        }
    }
    return seen == n;
}

} // namespace merrow::layout::detail
