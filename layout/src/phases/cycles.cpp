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

struct DepthFirst {
    std::vector<NodeId> sequence;      ///< reverse post-order
    std::vector<std::size_t> discover; ///< per node: how many nodes the search reached before it
};

// Depth-first search over out-edges in input order, started from the sources first and then
// from every unvisited node, each time in the order of `roots` (every node once). Back edges
// are exactly the edges that point backwards in the reverse post-order. `successor(v, i)` is
// the head of v's i-th out-edge, or `none` past the last; `has_in(v)` whether v has in-edges.
template <class Successor, class HasIn>
DepthFirst depth_first(const std::vector<NodeId>& roots, const Successor& successor,
                       const HasIn& has_in) {
    const std::size_t n = roots.size();
    DepthFirst result;
    result.discover.assign(n, none);
    std::size_t discovered = 0;
    std::vector<NodeId> post_order;
    post_order.reserve(n);
    struct Frame {
        NodeId node;
        std::size_t next;
    };
    std::vector<Frame> stack;
    auto visit = [&](NodeId root) {
        if (result.discover[root] != none) {
            return;
        }
        result.discover[root] = discovered++;
        stack.push_back({root, 0});
        while (!stack.empty()) {
            Frame& top = stack.back();
            const NodeId w = successor(top.node, top.next);
            if (w != none) {
                ++top.next;
                if (result.discover[w] == none) {
                    result.discover[w] = discovered++;
                    stack.push_back({w, 0});
                }
                continue;
            }
            post_order.push_back(top.node);
            stack.pop_back();
        }
    };
    for (NodeId v : roots) {
        if (!has_in(v)) {
            visit(v);
        }
    }
    for (NodeId v : roots) {
        visit(v);
    }
    result.sequence.assign(post_order.rbegin(), post_order.rend());
    return result;
}

std::vector<NodeId> in_index_order(std::size_t n) {
    std::vector<NodeId> order(n);
    for (NodeId v = 0; v < n; ++v) {
        order[v] = v;
    }
    return order;
}

std::vector<NodeId> depth_first_sequence(const LayeredGraph& g, const std::vector<NodeId>& roots) {
    return depth_first(
               roots,
               [&](NodeId v, std::size_t i) {
                   return i < g.out_edges[v].size() ? g.edges[g.out_edges[v][i]].to : none;
               },
               [&](NodeId v) { return !g.in_edges[v].empty(); })
        .sequence;
}

void reverse_back_edges(LayeredGraph& graph, const std::vector<NodeId>& sequence) {
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

} // namespace

void break_cycles(LayeredGraph& graph, CycleBreaking strategy) {
    graph.rebuild_adjacency();
    reverse_back_edges(graph,
                       strategy == CycleBreaking::greedy
                           ? greedy_sequence(graph)
                           : depth_first_sequence(graph, in_index_order(graph.nodes.size())));
}

void break_cycles_from(LayeredGraph& graph, const std::vector<NodeId>& roots) {
    graph.rebuild_adjacency();
    reverse_back_edges(graph, depth_first_sequence(graph, roots));
}

std::vector<std::size_t>
depth_first_discovery(std::size_t node_count, const std::vector<std::pair<NodeId, NodeId>>& edges) {
    std::vector<std::vector<NodeId>> out(node_count);
    std::vector<bool> has_in(node_count, false);
    for (const auto& [from, to] : edges) {
        if (from != to) {
            out[from].push_back(to);
            has_in[to] = true;
        }
    }
    return depth_first(
               in_index_order(node_count),
               [&](NodeId v, std::size_t i) { return i < out[v].size() ? out[v][i] : none; },
               [&](NodeId v) { return static_cast<bool>(has_in[v]); })
        .discover;
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
