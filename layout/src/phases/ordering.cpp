#include "ordering.hpp"

#include "crossings.hpp"

#include <algorithm>
#include <numeric>
#include <random>

namespace merrow::layout::detail {

namespace {

using Layers = std::vector<std::vector<NodeId>>;

class ComponentOrderer {
  public:
    // `position` is scratch space indexed by node, shared by all components.
    ComponentOrderer(const LayeredGraph& graph, Layers layers, const OrderingOptions& options,
                     std::vector<std::size_t>& position)
        : graph_(graph), layers_(std::move(layers)), options_(options), position_(position) {}

    Layers run() {
        update_positions();
        Layers best = layers_;
        std::size_t best_crossings = crossings();
        std::size_t stale = 0;
        for (std::size_t sweep = 0; sweep < options_.max_sweeps && best_crossings > 0; ++sweep) {
            const bool downwards = sweep % 2 == 0;
            if (downwards) {
                for (std::size_t r = 1; r < layers_.size(); ++r) {
                    sort_by_barycenter(r, true);
                }
            } else {
                for (std::size_t r = layers_.size() - 1; r-- > 0;) {
                    sort_by_barycenter(r, false);
                }
            }
            transpose();
            const std::size_t now = crossings();
            if (now < best_crossings) {
                best_crossings = now;
                best = layers_;
                stale = 0;
            } else if (++stale >= options_.patience) {
                break;
            }
        }
        best_crossings_ = best_crossings;
        // Sifting: move each node to its best slot in its rank while everything else stays.
        // It removes crossings that barycentre sorting and adjacent swaps cannot reach.
        layers_ = best;
        update_positions();
        for (std::size_t round = 0; round < options_.sifting_rounds && best_crossings > 0;
             ++round) {
            for (std::size_t r = 0; r < layers_.size(); ++r) {
                sift(r);
            }
            for (std::size_t r = layers_.size(); r-- > 0;) {
                sift(r);
            }
            const std::size_t now = crossings();
            if (now >= best_crossings) {
                break;
            }
            best_crossings = now;
            best = layers_;
        }
        best_crossings_ = best_crossings;
        return best;
    }

    /// Crossings of the order run() returned.
    std::size_t best_crossings() const { return best_crossings_; }

  private:
    std::size_t crossings() const {
        std::size_t total = 0;
        for (std::size_t r = 0; r + 1 < layers_.size(); ++r) {
            total += count_crossings_between(graph_, layers_, position_, r);
        }
        return total;
    }

    void update_positions() {
        for (const auto& layer : layers_) {
            for (std::size_t i = 0; i < layer.size(); ++i) {
                position_[layer[i]] = i;
            }
        }
    }

    // Reorders rank r by the mean position of each node's neighbours in the adjacent rank
    // (above when `use_upper`). Nodes without such neighbours keep their slot.
    void sort_by_barycenter(std::size_t r, bool use_upper) {
        auto& layer = layers_[r];
        struct Entry {
            double key;
            std::size_t old_index;
            NodeId node;
        };
        std::vector<Entry> movable;
        std::vector<bool> fixed(layer.size(), false);
        for (std::size_t i = 0; i < layer.size(); ++i) {
            const NodeId v = layer[i];
            const auto& edges = use_upper ? graph_.in_edges[v] : graph_.out_edges[v];
            if (edges.empty()) {
                fixed[i] = true;
                continue;
            }
            double sum = 0;
            double weight = 0;
            for (EdgeId e : edges) {
                const NodeId w = use_upper ? graph_.edges[e].from : graph_.edges[e].to;
                sum += static_cast<double>(position_[w]) * graph_.edges[e].weight;
                weight += graph_.edges[e].weight;
            }
            movable.push_back({sum / weight, i, v});
        }
        std::stable_sort(movable.begin(), movable.end(),
                         [](const Entry& a, const Entry& b) { return a.key < b.key; });
        std::size_t next = 0;
        for (std::size_t i = 0; i < layer.size(); ++i) {
            if (!fixed[i]) {
                layer[i] = movable[next++].node;
            }
        }
        for (std::size_t i = 0; i < layer.size(); ++i) {
            position_[layer[i]] = i;
        }
    }

    // Crossings among the edges of v and w towards one adjacent rank if v stands left of w.
    std::size_t pair_crossings(NodeId v, NodeId w, bool upper) const {
        const auto& ev = upper ? graph_.in_edges[v] : graph_.out_edges[v];
        const auto& ew = upper ? graph_.in_edges[w] : graph_.out_edges[w];
        std::size_t count = 0;
        for (EdgeId a : ev) {
            const NodeId x = upper ? graph_.edges[a].from : graph_.edges[a].to;
            for (EdgeId b : ew) {
                const NodeId y = upper ? graph_.edges[b].from : graph_.edges[b].to;
                if (position_[x] > position_[y]) {
                    ++count;
                }
            }
        }
        return count;
    }

    std::size_t both_sides(NodeId left, NodeId right) const {
        return pair_crossings(left, right, true) + pair_crossings(left, right, false);
    }

    // Moves each node of rank r, one at a time, to the slot with the fewest crossings.
    void sift(std::size_t r) {
        auto& layer = layers_[r];
        if (layer.size() < 2) {
            return;
        }
        const std::vector<NodeId> nodes = layer;
        std::vector<long> cost(layer.size());
        for (NodeId v : nodes) {
            const std::size_t from = position_[v];
            layer.erase(layer.begin() + static_cast<std::ptrdiff_t>(from));
            // cost[i]: crossings (relative) with v inserted before layer[i].
            cost[0] = 0;
            for (std::size_t i = 0; i < layer.size(); ++i) {
                const NodeId w = layer[i];
                cost[i + 1] = cost[i] + static_cast<long>(both_sides(w, v)) -
                              static_cast<long>(both_sides(v, w));
            }
            std::size_t best = from;
            for (std::size_t i = 0; i <= layer.size(); ++i) {
                if (cost[i] < cost[best]) {
                    best = i;
                }
            }
            layer.insert(layer.begin() + static_cast<std::ptrdiff_t>(best), v);
            for (std::size_t i = 0; i < layer.size(); ++i) {
                position_[layer[i]] = i;
            }
        }
    }

    void transpose() {
        bool improved = true;
        for (std::size_t pass = 0; improved && pass < 8; ++pass) {
            improved = false;
            for (auto& layer : layers_) {
                for (std::size_t i = 0; i + 1 < layer.size(); ++i) {
                    const NodeId v = layer[i];
                    const NodeId w = layer[i + 1];
                    const std::size_t keep =
                        pair_crossings(v, w, true) + pair_crossings(v, w, false);
                    const std::size_t swap =
                        pair_crossings(w, v, true) + pair_crossings(w, v, false);
                    if (swap < keep) {
                        std::swap(layer[i], layer[i + 1]);
                        position_[layer[i]] = i;
                        position_[layer[i + 1]] = i + 1;
                        improved = true;
                    }
                }
            }
        }
    }

    const LayeredGraph& graph_;
    Layers layers_;
    OrderingOptions options_;
    std::vector<std::size_t>& position_;
    std::size_t best_crossings_ = 0;
};

// Depth-first from the sources, in input order, appending each node to its rank when first
// reached: chains stay together and the author's order is the starting point.
Layers initial_order(const LayeredGraph& graph, const std::vector<NodeId>& members,
                     std::size_t rank_count, std::vector<bool>& seen) {
    Layers layers(rank_count);
    std::vector<NodeId> stack;
    auto visit = [&](NodeId start) {
        stack.push_back(start);
        while (!stack.empty()) {
            const NodeId v = stack.back();
            stack.pop_back();
            if (seen[v]) {
                continue;
            }
            seen[v] = true;
            layers[static_cast<std::size_t>(graph.nodes[v].rank)].push_back(v);
            const auto& out = graph.out_edges[v];
            for (auto it = out.rbegin(); it != out.rend(); ++it) {
                if (!seen[graph.edges[*it].to]) {
                    stack.push_back(graph.edges[*it].to);
                }
            }
        }
    };
    for (NodeId v : members) {
        if (graph.in_edges[v].empty()) {
            visit(v);
        }
    }
    for (NodeId v : members) {
        visit(v);
    }
    return layers;
}

} // namespace

void order_nodes(LayeredGraph& graph, const OrderingOptions& options) {
    const std::size_t n = graph.nodes.size();
    // Weakly connected components, numbered by their first node (real nodes come first, in
    // input order, so components appear in the order the author introduced them).
    std::vector<std::size_t> component(n, none);
    std::vector<std::vector<NodeId>> members;
    for (NodeId start = 0; start < n; ++start) {
        if (component[start] != none) {
            continue;
        }
        const std::size_t id = members.size();
        members.emplace_back();
        std::vector<NodeId> stack{start};
        component[start] = id;
        while (!stack.empty()) {
            const NodeId v = stack.back();
            stack.pop_back();
            members[id].push_back(v);
            auto reach = [&](NodeId w) {
                if (component[w] == none) {
                    component[w] = id;
                    stack.push_back(w);
                }
            };
            for (EdgeId e : graph.out_edges[v]) {
                reach(graph.edges[e].to);
            }
            for (EdgeId e : graph.in_edges[v]) {
                reach(graph.edges[e].from);
            }
        }
        std::sort(members[id].begin(), members[id].end());
    }

    const std::size_t rank_count = graph.layers.size();
    Layers result(rank_count);
    std::vector<std::size_t> position(n, 0);
    std::vector<bool> seen(n, false);
    for (const auto& nodes : members) {
        const Layers start = initial_order(graph, nodes, rank_count, seen);
        ComponentOrderer first(graph, start, options, position);
        Layers best = first.run();
        std::size_t best_crossings = first.best_crossings();
        // Restarts from shuffled orders (fixed seeds: deterministic). Small components get more
        // of them: they are cheap and small diagrams are where every crossing shows.
        const std::size_t restarts =
            best_crossings == 0
                ? 0
                : std::min(options.max_restarts,
                           options.restart_budget / std::max<std::size_t>(nodes.size(), 1));
        for (std::size_t k = 0; k < restarts && best_crossings > 0; ++k) {
            Layers shuffled = start;
            std::mt19937 rng(static_cast<std::uint32_t>(k + 1));
            for (auto& layer : shuffled) {
                for (std::size_t i = layer.size(); i > 1; --i) {
                    std::swap(layer[i - 1], layer[rng() % i]);
                }
            }
            ComponentOrderer attempt(graph, std::move(shuffled), options, position);
            Layers candidate = attempt.run();
            if (attempt.best_crossings() < best_crossings) {
                best_crossings = attempt.best_crossings();
                best = std::move(candidate);
            }
        }
        for (std::size_t r = 0; r < rank_count; ++r) {
            result[r].insert(result[r].end(), best[r].begin(), best[r].end());
        }
    }
    graph.layers = std::move(result);
    for (const auto& layer : graph.layers) {
        for (std::size_t i = 0; i < layer.size(); ++i) {
            graph.nodes[layer[i]].order = i;
        }
    }
}

} // namespace merrow::layout::detail
