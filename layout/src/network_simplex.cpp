#include "network_simplex.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

namespace merrow::layout::detail {

namespace {

constexpr std::size_t no_edge = std::numeric_limits<std::size_t>::max();

// The solver for one connected component with merged parallel edges. Node and edge indices
// are local to the component.
class Solver {
  public:
    Solver(std::size_t n, std::vector<NsEdge> edges)
        : n_(n), edges_(std::move(edges)), incident_(n), rank_(n, 0), in_tree_(n, false),
          tree_edge_(edges_.size(), false), parent_edge_(n, no_edge), low_(n, 0), lim_(n, 0),
          cut_(edges_.size(), 0) {
        for (std::size_t e = 0; e < edges_.size(); ++e) {
            incident_[edges_[e].tail].push_back(e);
            incident_[edges_[e].head].push_back(e);
        }
    }

    std::size_t solve(std::size_t max_iterations, bool& optimal) {
        initial_ranks();
        feasible_tree();
        compute_tree_structure();
        std::size_t iterations = 0;
        std::size_t search_start = 0;
        optimal = true;
        while (true) {
            const std::size_t leaving = leave_edge(search_start);
            if (leaving == no_edge) {
                break;
            }
            if (iterations == max_iterations) {
                optimal = false;
                break;
            }
            const std::size_t entering = enter_edge(leaving);
            tree_edge_[leaving] = false;
            tree_edge_[entering] = true;
            compute_tree_structure();
            ++iterations;
        }
        const int lowest = *std::min_element(rank_.begin(), rank_.end());
        for (int& r : rank_) {
            r -= lowest;
        }
        return iterations;
    }

    const std::vector<int>& ranks() const { return rank_; }

  private:
    int slack(std::size_t e) const {
        return rank_[edges_[e].head] - rank_[edges_[e].tail] - edges_[e].min_length;
    }

    // Longest-path layering: every edge at least as long as it must be, sources at 0.
    void initial_ranks() {
        std::vector<std::size_t> pending(n_, 0);
        for (const NsEdge& e : edges_) {
            ++pending[e.head];
        }
        std::vector<std::size_t> ready;
        for (std::size_t v = 0; v < n_; ++v) {
            if (pending[v] == 0) {
                ready.push_back(v);
            }
        }
        while (!ready.empty()) {
            const std::size_t v = ready.back();
            ready.pop_back();
            for (std::size_t e : incident_[v]) {
                if (edges_[e].tail != v) {
                    continue;
                }
                const std::size_t w = edges_[e].head;
                rank_[w] = std::max(rank_[w], rank_[v] + edges_[e].min_length);
                if (--pending[w] == 0) {
                    ready.push_back(w);
                }
            }
        }
    }

    // Grows a tree of tight edges from node 0; returns its size.
    std::size_t tight_tree() {
        std::fill(in_tree_.begin(), in_tree_.end(), false);
        std::fill(tree_edge_.begin(), tree_edge_.end(), false);
        std::vector<std::size_t> stack{0};
        in_tree_[0] = true;
        std::size_t size = 1;
        while (!stack.empty()) {
            const std::size_t v = stack.back();
            stack.pop_back();
            for (std::size_t e : incident_[v]) {
                const std::size_t w = edges_[e].tail == v ? edges_[e].head : edges_[e].tail;
                if (!in_tree_[w] && slack(e) == 0) {
                    in_tree_[w] = true;
                    tree_edge_[e] = true;
                    ++size;
                    stack.push_back(w);
                }
            }
        }
        return size;
    }

    void feasible_tree() {
        while (tight_tree() < n_) {
            // The non-tree edge with one end in the tree and the least slack; moving the tree
            // by that slack makes it tight.
            std::size_t best = no_edge;
            int best_slack = std::numeric_limits<int>::max();
            for (std::size_t e = 0; e < edges_.size(); ++e) {
                if (in_tree_[edges_[e].tail] != in_tree_[edges_[e].head] && slack(e) < best_slack) {
                    best_slack = slack(e);
                    best = e;
                }
            }
            const int delta = in_tree_[edges_[best].tail] ? best_slack : -best_slack;
            for (std::size_t v = 0; v < n_; ++v) {
                if (in_tree_[v]) {
                    rank_[v] += delta;
                }
            }
        }
    }

    // Post-order numbering (low/lim), parents, ranks along the tree and all cut values.
    void compute_tree_structure() {
        std::fill(parent_edge_.begin(), parent_edge_.end(), no_edge);
        std::vector<std::size_t> order; // post-order
        order.reserve(n_);
        struct Frame {
            std::size_t node;
            std::size_t next_incident;
        };
        std::vector<Frame> stack{{0, 0}};
        std::vector<bool> visited(n_, false);
        visited[0] = true;
        std::size_t counter = 1;
        low_[0] = 1;
        while (!stack.empty()) {
            Frame& frame = stack.back();
            const std::size_t v = frame.node;
            if (frame.next_incident < incident_[v].size()) {
                const std::size_t e = incident_[v][frame.next_incident++];
                if (!tree_edge_[e]) {
                    continue;
                }
                const std::size_t w = edges_[e].tail == v ? edges_[e].head : edges_[e].tail;
                if (visited[w]) {
                    continue;
                }
                visited[w] = true;
                parent_edge_[w] = e;
                // Tree edges are tight, so the child's rank follows from the parent's.
                rank_[w] = edges_[e].tail == v ? rank_[v] + edges_[e].min_length
                                               : rank_[v] - edges_[e].min_length;
                low_[w] = counter;
                stack.push_back({w, 0});
                continue;
            }
            lim_[v] = counter++;
            order.push_back(v);
            stack.pop_back();
            if (!stack.empty()) {
                low_[stack.back().node] = std::min(low_[stack.back().node], low_[v]);
            }
        }
        for (std::size_t v : order) {
            if (parent_edge_[v] != no_edge) {
                cut_[parent_edge_[v]] = cut_value(v);
            }
        }
    }

    // Cut value of the tree edge joining `child` to its parent, from the cut values of the
    // child's own tree edges (which post-order computed first).
    double cut_value(std::size_t child) const {
        const std::size_t e = parent_edge_[child];
        const bool child_is_tail = edges_[e].tail == child;
        double value = edges_[e].weight;
        for (std::size_t f : incident_[child]) {
            if (f == e) {
                continue;
            }
            const bool outgoing = edges_[f].tail == child;
            const bool points_to_head = outgoing == child_is_tail;
            value += points_to_head ? edges_[f].weight : -edges_[f].weight;
            if (tree_edge_[f]) {
                value += points_to_head ? -cut_[f] : cut_[f];
            }
        }
        return value;
    }

    std::size_t leave_edge(std::size_t& search_start) const {
        const std::size_t m = edges_.size();
        for (std::size_t i = 0; i < m; ++i) {
            const std::size_t e = (search_start + i) % m;
            if (tree_edge_[e] && cut_[e] < -1e-9) {
                search_start = (e + 1) % m;
                return e;
            }
        }
        return no_edge;
    }

    bool in_subtree(std::size_t v, std::size_t root) const {
        return low_[root] <= lim_[v] && lim_[v] <= lim_[root];
    }

    std::size_t enter_edge(std::size_t leaving) const {
        std::size_t tail = edges_[leaving].tail;
        std::size_t head = edges_[leaving].head;
        // The subtree below the leaving edge is the side further from the root.
        const bool tail_below = lim_[tail] < lim_[head];
        const std::size_t below = tail_below ? tail : head;
        std::size_t best = no_edge;
        int best_slack = std::numeric_limits<int>::max();
        for (std::size_t e = 0; e < edges_.size(); ++e) {
            if (tree_edge_[e] || e == leaving) {
                continue;
            }
            const bool t_in = in_subtree(edges_[e].tail, below);
            const bool h_in = in_subtree(edges_[e].head, below);
            // Replacement edges cross the cut in the direction opposite to the leaving edge.
            const bool crosses = tail_below ? (!t_in && h_in) : (t_in && !h_in);
            if (crosses && slack(e) < best_slack) {
                best_slack = slack(e);
                best = e;
            }
        }
        (void)tail;
        (void)head;
        return best;
    }

    std::size_t n_;
    std::vector<NsEdge> edges_;
    std::vector<std::vector<std::size_t>> incident_;
    std::vector<int> rank_;
    std::vector<bool> in_tree_;
    std::vector<bool> tree_edge_;
    std::vector<std::size_t> parent_edge_;
    std::vector<std::size_t> low_;
    std::vector<std::size_t> lim_;
    std::vector<double> cut_;
};

} // namespace

NsResult network_simplex(std::size_t node_count, const std::vector<NsEdge>& edges,
                         std::size_t max_iterations) {
    NsResult result;
    result.rank.assign(node_count, 0);
    // Connected components (ignoring direction).
    std::vector<std::vector<std::size_t>> adjacent(node_count);
    for (const NsEdge& e : edges) {
        adjacent[e.tail].push_back(e.head);
        adjacent[e.head].push_back(e.tail);
    }
    std::vector<std::size_t> component(node_count, no_edge);
    std::vector<std::vector<std::size_t>> members;
    for (std::size_t start = 0; start < node_count; ++start) {
        if (component[start] != no_edge) {
            continue;
        }
        const std::size_t id = members.size();
        members.emplace_back();
        std::vector<std::size_t> stack{start};
        component[start] = id;
        while (!stack.empty()) {
            const std::size_t v = stack.back();
            stack.pop_back();
            members[id].push_back(v);
            for (std::size_t w : adjacent[v]) {
                if (component[w] == no_edge) {
                    component[w] = id;
                    stack.push_back(w);
                }
            }
        }
        std::sort(members[id].begin(), members[id].end());
    }
    std::vector<std::size_t> local(node_count, 0);
    for (const auto& nodes : members) {
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            local[nodes[i]] = i;
        }
    }
    // Parallel edges merge into one: weights add up, the longest minimum length wins.
    std::vector<std::map<std::pair<std::size_t, std::size_t>, NsEdge>> merged(members.size());
    for (const NsEdge& e : edges) {
        auto& bucket = merged[component[e.tail]];
        const auto key = std::make_pair(local[e.tail], local[e.head]);
        auto [it, inserted] =
            bucket.try_emplace(key, NsEdge{key.first, key.second, e.min_length, e.weight});
        if (!inserted) {
            it->second.weight += e.weight;
            it->second.min_length = std::max(it->second.min_length, e.min_length);
        }
    }
    for (std::size_t c = 0; c < members.size(); ++c) {
        std::vector<NsEdge> component_edges;
        component_edges.reserve(merged[c].size());
        for (const auto& [key, e] : merged[c]) {
            component_edges.push_back(e);
        }
        Solver solver(members[c].size(), std::move(component_edges));
        bool optimal = true;
        result.iterations += solver.solve(max_iterations, optimal);
        result.optimal = result.optimal && optimal;
        for (std::size_t i = 0; i < members[c].size(); ++i) {
            result.rank[members[c][i]] = solver.ranks()[i];
        }
    }
    return result;
}

} // namespace merrow::layout::detail
