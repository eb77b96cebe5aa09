#include "flow_simplex.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace merrow::layout::detail {

namespace {

constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

// Arcs 0..m−1 are the problem's edges; arc m+v joins node v to the artificial root (node n).
// Flows on arcs outside the tree are always zero: nothing caps an arc, so an arc leaves the tree
// only when its flow drops to zero.
class FlowSolver {
  public:
    FlowSolver(std::size_t n, const std::vector<NsEdge>& edges)
        : n_(n), m_(edges.size()), root_(n), src_(m_ + n), dst_(m_ + n), cost_(m_ + n, 0),
          flow_(m_ + n, 0), parent_(n + 1, none), pred_(n + 1, none), up_(n + 1, 0), pi_(n + 1, 0),
          children_(n + 1), slot_(n + 1, 0), walk_mark_(n + 1, 0) {
        std::vector<double> supply(n_, 0); // what each node must send out more than it takes in
        long long largest = 0;
        for (std::size_t e = 0; e < m_; ++e) {
            src_[e] = edges[e].tail;
            dst_[e] = edges[e].head;
            cost_[e] = -static_cast<long long>(edges[e].min_length);
            largest = std::max(largest, std::abs(cost_[e]));
            supply[edges[e].tail] += edges[e].weight;
            supply[edges[e].head] -= edges[e].weight;
        }
        // Dearer than any path of real arcs, so the optimum uses no artificial arc.
        const long long artificial = (largest + 1) * static_cast<long long>(n_ + 1);
        // Arcs with no flow point at the root: the strongly feasible start.
        for (std::size_t v = 0; v < n_; ++v) {
            const std::size_t a = m_ + v;
            cost_[a] = artificial;
            const bool sends = supply[v] >= 0;
            src_[a] = sends ? v : root_;
            dst_[a] = sends ? root_ : v;
            flow_[a] = sends ? supply[v] : -supply[v];
            up_[v] = sends ? 1 : 0;
            pi_[v] = sends ? -artificial : artificial; // the arc's reduced cost is zero
            parent_[v] = root_;
            pred_[v] = a;
            attach(v, root_);
        }
    }

    bool solve(std::size_t max_iterations, std::size_t& iterations) {
        block_ = std::max<std::size_t>(10, static_cast<std::size_t>(std::sqrt(double(m_))));
        std::size_t pivots = 0;
        while (true) {
            const std::size_t entering = find_entering();
            if (entering == none) {
                break;
            }
            if (pivots == max_iterations || !pivot(entering)) {
                iterations += pivots;
                return false;
            }
            ++pivots;
        }
        iterations += pivots;
        for (std::size_t v = 0; v < n_; ++v) {
            if (flow_[m_ + v] > 1e-9) {
                return false; // infeasible: not a single acyclic component
            }
        }
        return join_floating_parts();
    }

    std::vector<int> values() const {
        const long long highest = *std::max_element(pi_.begin(), pi_.begin() + std::ptrdiff_t(n_));
        std::vector<int> value(n_);
        for (std::size_t v = 0; v < n_; ++v) {
            value[v] = static_cast<int>(highest - pi_[v]);
        }
        return value;
    }

  private:
    long long reduced_cost(std::size_t a) const { return cost_[a] + pi_[src_[a]] - pi_[dst_[a]]; }

    // Block search: the most negative reduced cost among the next block of arcs, or the next
    // block after it if none is negative, round the arcs once. Tree arcs cost zero and are
    // never chosen.
    std::size_t find_entering() {
        std::size_t best = none;
        long long best_cost = 0;
        std::size_t in_block = 0;
        for (std::size_t count = 0; count < m_; ++count) {
            const std::size_t a = next_;
            next_ = next_ + 1 == m_ ? 0 : next_ + 1;
            const long long c = reduced_cost(a);
            if (c < best_cost) {
                best_cost = c;
                best = a;
            }
            if (++in_block == block_) {
                if (best != none) {
                    return best;
                }
                in_block = 0;
            }
        }
        return best;
    }

    void attach(std::size_t v, std::size_t p) {
        slot_[v] = children_[p].size();
        children_[p].push_back(v);
    }

    void detach(std::size_t v) {
        auto& siblings = children_[parent_[v]];
        const std::size_t last = siblings.back();
        siblings[slot_[v]] = last;
        slot_[last] = slot_[v];
        siblings.pop_back();
    }

    // Hangs `stem`'s side of the tree from `new_parent` by `arc`, reversing the path from `stem`
    // up to `cut` (whose parent arc leaves the tree), then moves that side's potentials by
    // `shift`.
    void rehang(std::size_t stem, std::size_t new_parent, std::size_t arc, std::size_t cut,
                long long shift) {
        std::size_t node = stem;
        std::size_t above = new_parent;
        while (true) {
            const std::size_t old_parent = parent_[node];
            const std::size_t old_arc = pred_[node];
            detach(node);
            parent_[node] = above;
            pred_[node] = arc;
            up_[node] = src_[arc] == node ? 1 : 0;
            attach(node, above);
            if (node == cut) {
                break;
            }
            above = node;
            arc = old_arc;
            node = old_parent;
        }
        each_in_subtree(stem, [&](std::size_t v) { pi_[v] += shift; });
    }

    template <class Visit> void each_in_subtree(std::size_t top, Visit&& visit) {
        stack_.assign(1, top);
        while (!stack_.empty()) {
            const std::size_t v = stack_.back();
            stack_.pop_back();
            visit(v);
            for (std::size_t child : children_[v]) {
                stack_.push_back(child);
            }
        }
    }

    // The lowest common ancestor: both ends walk up a step at a time, marking the nodes they
    // pass, until one steps on the other's mark. It costs the cycle's length and at most as much
    // again, and needs no depths, which every pivot would have to renew below the moved side.
    std::size_t meeting_point(std::size_t a, std::size_t b) {
        const std::size_t mark_a = ++walk_stamp_;
        const std::size_t mark_b = ++walk_stamp_;
        walk_mark_[a] = mark_a;
        walk_mark_[b] = mark_b;
        while (a != b) {
            if (a != root_) {
                a = parent_[a];
                if (walk_mark_[a] == mark_b) {
                    return a;
                }
                walk_mark_[a] = mark_a;
            }
            if (b != root_) {
                b = parent_[b];
                if (walk_mark_[b] == mark_a) {
                    return b;
                }
                walk_mark_[b] = mark_b;
            }
        }
        return a;
    }

    bool pivot(std::size_t entering) {
        const std::size_t first = src_[entering];
        const std::size_t second = dst_[entering];
        const std::size_t apex = meeting_point(first, second);
        // Flow goes round the cycle along the entering arc: down from the apex to `first`, up
        // from `second` to the apex. Of the arcs it empties first, the last met going round from
        // the apex leaves: the tree stays strongly feasible.
        double delta = std::numeric_limits<double>::infinity();
        std::size_t cut = none;
        bool cut_on_first = false;
        for (std::size_t u = first; u != apex; u = parent_[u]) {
            if (up_[u] != 0 && flow_[pred_[u]] < delta) {
                delta = flow_[pred_[u]];
                cut = u;
                cut_on_first = true;
            }
        }
        for (std::size_t u = second; u != apex; u = parent_[u]) {
            if (up_[u] == 0 && flow_[pred_[u]] <= delta) {
                delta = flow_[pred_[u]];
                cut = u;
                cut_on_first = false;
            }
        }
        if (cut == none) {
            return false; // unbounded: a cycle of negative length, which acyclic input excludes
        }
        if (delta > 0) {
            flow_[entering] += delta;
            for (std::size_t u = first; u != apex; u = parent_[u]) {
                flow_[pred_[u]] += up_[u] != 0 ? -delta : delta;
            }
            for (std::size_t u = second; u != apex; u = parent_[u]) {
                flow_[pred_[u]] += up_[u] != 0 ? delta : -delta;
            }
        }
        flow_[pred_[cut]] = 0;
        // The side cut off moves so that the entering arc costs nothing.
        const long long c = reduced_cost(entering);
        if (cut_on_first) {
            rehang(first, second, entering, cut, -c);
        } else {
            rehang(second, first, entering, cut, c);
        }
        return true;
    }

    // At the optimum, parts of the tree may still hang from the root by artificial arcs without
    // flow: nothing pulls them towards the rest, and their place is arbitrary. Each is moved by
    // the least slack of the constraints between it and the rest, which keeps every constraint
    // and the optimum (those constraints carry no flow), and hung from the one that became tight.
    bool join_floating_parts() {
        if (children_[root_].size() <= 1) {
            return true;
        }
        std::vector<std::vector<std::size_t>> incident(n_);
        for (std::size_t e = 0; e < m_; ++e) {
            incident[src_[e]].push_back(e);
            incident[dst_[e]].push_back(e);
        }
        std::vector<char> inside(n_ + 1, 0);
        std::vector<std::size_t> members;
        while (children_[root_].size() > 1) {
            const std::size_t top = children_[root_].back();
            members.clear();
            each_in_subtree(top, [&](std::size_t v) {
                members.push_back(v);
                inside[v] = 1;
            });
            std::size_t best_out = none; // least slack leaving the part
            std::size_t best_in = none;
            for (std::size_t v : members) {
                for (std::size_t e : incident[v]) {
                    const bool leaves = src_[e] == v;
                    if (inside[leaves ? dst_[e] : src_[e]] != 0) {
                        continue;
                    }
                    std::size_t& best = leaves ? best_out : best_in;
                    if (best == none || reduced_cost(e) < reduced_cost(best)) {
                        best = e;
                    }
                }
            }
            for (std::size_t v : members) {
                inside[v] = 0;
            }
            if (best_out == none && best_in == none) {
                return false; // disconnected: not a single component
            }
            const bool move_out =
                best_in == none ||
                (best_out != none && reduced_cost(best_out) <= reduced_cost(best_in));
            const std::size_t e = move_out ? best_out : best_in;
            // Lowering the part's potentials shortens the constraints leaving it.
            const long long shift = move_out ? -reduced_cost(e) : reduced_cost(e);
            const std::size_t stem = move_out ? src_[e] : dst_[e];
            const std::size_t other = move_out ? dst_[e] : src_[e];
            rehang(stem, other, e, top, shift);
        }
        return true;
    }

    std::size_t n_;
    std::size_t m_;
    std::size_t root_;
    std::vector<std::size_t> src_;
    std::vector<std::size_t> dst_;
    std::vector<long long> cost_;
    std::vector<double> flow_;
    std::vector<std::size_t> parent_;
    std::vector<std::size_t> pred_; ///< the tree arc to the parent
    std::vector<char> up_;          ///< whether that arc points to the parent
    std::vector<long long> pi_;     ///< potentials: reduced cost zero on every tree arc
    std::vector<std::vector<std::size_t>> children_;
    std::vector<std::size_t> slot_; ///< place in the parent's children
    std::vector<std::size_t> stack_;
    std::vector<std::size_t> walk_mark_; ///< meeting_point's marks
    std::size_t walk_stamp_ = 0;
    std::size_t block_ = 10;
    std::size_t next_ = 0;
};

} // namespace

std::vector<int> solve_by_flow(std::size_t node_count, const std::vector<NsEdge>& edges,
                               std::size_t max_iterations, const std::vector<int>& fallback,
                               std::size_t& iterations, bool& optimal) {
    FlowSolver solver(node_count, edges);
    optimal = solver.solve(max_iterations, iterations);
    if (optimal) {
        return solver.values();
    }
    std::vector<int> values = fallback;
    const int lowest = *std::min_element(values.begin(), values.end());
    for (int& v : values) {
        v -= lowest;
    }
    return values;
}

} // namespace merrow::layout::detail
