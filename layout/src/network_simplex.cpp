#include "network_simplex.hpp"

#include "flow_simplex.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>
#include <span>
#include <tuple>
#include <utility>

namespace merrow::layout::detail {

namespace {

constexpr std::size_t no_edge = std::numeric_limits<std::size_t>::max();
constexpr std::size_t stale = std::numeric_limits<std::size_t>::max(); ///< a low to renumber

// Per-node lists of edges in one array: node v's list is items[start[v]] … items[start[v + 1]]
// (the solver is built many times per layout; one vector per node and list was most of the
// allocations of a 100-node layout).
struct EdgeLists {
    std::vector<std::size_t> start;
    std::vector<std::size_t> items;

    // Lists with room for each node's count[v] entries, empty.
    void shape(const std::vector<std::size_t>& count) {
        start.assign(count.size() + 1, 0);
        std::partial_sum(count.begin(), count.end(), start.begin() + 1);
        items.assign(start.back(), 0);
    }
    std::span<const std::size_t> operator[](std::size_t v) const {
        return {items.data() + start[v], items.data() + start[v + 1]};
    }
};

// One connected component with merged parallel edges; indices are local.
class Solver {
  public:
    Solver(std::size_t n, std::vector<NsEdge> edges)
        : n_(n), edges_(std::move(edges)), rank_(n, 0), tree_edge_(edges_.size(), false),
          tree_count_(n, 0), parent_edge_(n, no_edge), low_(n, 0), lim_(n, 0), at_lim_(n + 1, 0),
          old_at_lim_(n + 1, 0), cut_(edges_.size(), 0), negative_(edges_.size() / 64 + 1, 0) {
        std::vector<std::size_t> outs(n, 0);
        std::vector<std::size_t> ins(n, 0);
        for (const NsEdge& e : edges_) {
            ++outs[e.tail];
            ++ins[e.head];
        }
        std::vector<std::size_t> both(n);
        for (std::size_t v = 0; v < n; ++v) {
            both[v] = outs[v] + ins[v];
        }
        incident_.shape(both);
        out_edges_.shape(outs);
        in_edges_.shape(ins);
        // A node's tree edges are some of its edges: its incident list's size is room enough.
        tree_incident_.shape(both);
        std::vector<std::size_t> fill_incident(incident_.start.begin(), incident_.start.end() - 1);
        std::vector<std::size_t> fill_out(out_edges_.start.begin(), out_edges_.start.end() - 1);
        std::vector<std::size_t> fill_in(in_edges_.start.begin(), in_edges_.start.end() - 1);
        for (std::size_t e = 0; e < edges_.size(); ++e) {
            incident_.items[fill_incident[edges_[e].tail]++] = e;
            incident_.items[fill_incident[edges_[e].head]++] = e;
            out_edges_.items[fill_out[edges_[e].tail]++] = e;
            in_edges_.items[fill_in[edges_[e].head]++] = e;
        }
    }

    std::size_t solve(std::size_t max_iterations, const std::vector<int>* initial, bool& optimal) {
        if (initial != nullptr) {
            rank_ = *initial;
        } else {
            initial_ranks();
        }
        feasible_tree();
        for (std::size_t e = 0; e < edges_.size(); ++e) {
            if (tree_edge_[e]) {
                add_tree_incident(edges_[e].tail, e);
                add_tree_incident(edges_[e].head, e);
            }
        }
        number_subtree(0, no_edge, 1);
        compute_all_cut_values();
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
            if (entering == no_edge) {
                break; // cannot happen on a connected graph; stop rather than loop
            }
            pivot(leaving, entering);
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

    std::size_t other_end(std::size_t e, std::size_t v) const {
        return edges_[e].tail == v ? edges_[e].head : edges_[e].tail;
    }

    // Longest-path values: every edge at least as long as it must be.
    void initial_ranks() {
        std::vector<std::size_t> pending(n_, 0);
        for (const NsEdge& e : edges_) {
            ++pending[e.head];
        }
        std::vector<std::size_t> ready;
        std::vector<bool> reached(n_, false);
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
                const int candidate = rank_[v] + edges_[e].min_length;
                if (!reached[w] || candidate > rank_[w]) {
                    rank_[w] = candidate;
                    reached[w] = true;
                }
                if (--pending[w] == 0) {
                    ready.push_back(w);
                }
            }
        }
    }

    // Tight components first (depth-first over zero-slack edges), then the smallest component
    // repeatedly moved by the least slack that lets one of its boundary edges become tight,
    // and merged into its neighbour. Small-to-large merging scans each node O(log n) times.
    void feasible_tree() {
        std::vector<std::size_t> component(n_, no_edge);
        std::vector<std::vector<std::size_t>> members;
        for (std::size_t start = 0; start < n_; ++start) {
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
                for (std::size_t e : incident_[v]) {
                    const std::size_t w = other_end(e, v);
                    if (component[w] == no_edge && slack(e) == 0) {
                        component[w] = id;
                        tree_edge_[e] = true;
                        stack.push_back(w);
                    }
                }
            }
        }
        using Entry = std::pair<std::size_t, std::size_t>; // (size, component)
        std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
        for (std::size_t c = 0; c < members.size(); ++c) {
            queue.push({members[c].size(), c});
        }
        std::size_t alive = members.size();
        while (alive > 1 && !queue.empty()) {
            const auto [size, a] = queue.top();
            queue.pop();
            if (members[a].size() != size || size == 0) {
                continue; // stale entry
            }
            std::size_t best_out = no_edge;
            std::size_t best_in = no_edge;
            for (std::size_t v : members[a]) {
                for (std::size_t e : incident_[v]) {
                    if (component[other_end(e, v)] == a) {
                        continue;
                    }
                    std::size_t& best = edges_[e].tail == v ? best_out : best_in;
                    if (best == no_edge || slack(e) < slack(best)) {
                        best = e;
                    }
                }
            }
            if (best_out == no_edge && best_in == no_edge) {
                break; // disconnected: the caller solves components separately
            }
            // Moving the component down shortens its outgoing edges, up its incoming ones.
            const bool move_down =
                best_in == no_edge || (best_out != no_edge && slack(best_out) <= slack(best_in));
            const std::size_t joining = move_down ? best_out : best_in;
            const int delta = move_down ? slack(joining) : -slack(joining);
            for (std::size_t v : members[a]) {
                rank_[v] += delta;
            }
            tree_edge_[joining] = true;
            const std::size_t v_in =
                component[edges_[joining].tail] == a ? edges_[joining].head : edges_[joining].tail;
            std::size_t b = component[v_in];
            std::size_t small = a;
            if (members[a].size() > members[b].size()) {
                std::swap(small, b);
            }
            for (std::size_t v : members[small]) {
                component[v] = b;
            }
            members[b].insert(members[b].end(), members[small].begin(), members[small].end());
            members[small].clear();
            queue.push({members[b].size(), b});
            --alive;
        }
    }

    // Post-order numbering of the subtree hanging from `root` by `via` (no_edge for the tree's
    // root), starting at `first`; also sets parent edges. Iterative: depth is unbounded.
    // A child still hanging by the same edge and starting at the same number keeps its old
    // numbers, unless a pivot invalidated it (see pivot): after a pivot most of the tree is
    // unchanged, and renumbering all of it made this the solver's main cost.
    void number_subtree(std::size_t root, std::size_t via, std::size_t first) {
        // A pivot leaves most subtrees under `root` as they were, only at other numbers: those
        // are shifted from a copy of the old order instead of walked again. (The first call
        // numbers everything; its old numbers mean nothing.)
        const bool renumbering = numbered_;
        if (renumbering) {
            std::copy(at_lim_.begin() + static_cast<std::ptrdiff_t>(first),
                      at_lim_.begin() + static_cast<std::ptrdiff_t>(lim_[root] + 1),
                      old_at_lim_.begin() + static_cast<std::ptrdiff_t>(first));
        }
        std::vector<Frame>& stack = frames_;
        stack.assign(1, Frame{root, 0});
        parent_edge_[root] = via;
        low_[root] = first;
        std::size_t counter = first;
        while (!stack.empty()) {
            Frame& frame = stack.back();
            const std::size_t v = frame.node;
            if (frame.next < tree_count_[v]) {
                const std::size_t e = tree_incident_.items[tree_incident_.start[v] + frame.next++];
                if (e == parent_edge_[v]) {
                    continue;
                }
                const std::size_t w = other_end(e, v);
                if (parent_edge_[w] == e && low_[w] == counter) {
                    counter = lim_[w] + 1; // unchanged, and at the same numbers
                    continue;
                }
                if (renumbering && parent_edge_[w] == e && low_[w] != stale) {
                    // Unchanged, shifted: its nodes keep their order and their offsets.
                    const std::size_t old_low = low_[w];
                    const std::size_t old_lim = lim_[w];
                    for (std::size_t l = old_low; l <= old_lim; ++l) {
                        const std::size_t u = old_at_lim_[l];
                        low_[u] = low_[u] - old_low + counter;
                        lim_[u] = lim_[u] - old_low + counter;
                        at_lim_[lim_[u]] = u;
                    }
                    counter += old_lim - old_low + 1;
                    continue;
                }
                parent_edge_[w] = e;
                low_[w] = counter;
                stack.push_back({w, 0});
                continue;
            }
            lim_[v] = counter;
            at_lim_[counter] = v;
            ++counter;
            stack.pop_back();
            if (!stack.empty()) {
                low_[stack.back().node] = std::min(low_[stack.back().node], low_[v]);
            }
        }
        numbered_ = true;
    }

    void compute_all_cut_values() {
        // Post-order is the order of lim values.
        for (std::size_t l = 1; l <= n_; ++l) {
            const std::size_t v = at_lim_[l];
            if (parent_edge_[v] != no_edge) {
                set_cut(parent_edge_[v], cut_value(v));
            }
        }
    }

    // Cut value of the tree edge joining `child` to its parent, from those of the child's own
    // tree edges: the weight crossing from the tail side to the head side, minus the reverse.
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

    // A tree edge with a negative cut value: the most negative among the first few found,
    // searching on from where the last search stopped (dot's search size). Choosing well among
    // several candidates cuts the number of pivots severalfold; searching cyclically avoids
    // revisiting the same region.
    std::size_t leave_edge(std::size_t& search_start) const {
        constexpr std::size_t search_size = 30;
        const std::size_t m = edges_.size();
        std::size_t best = no_edge;
        std::size_t found = 0;
        // From search_start to the end, then from the start round to search_start: two plain
        // ranges, as a modulo per edge took a third of the solver's time near the optimum,
        // where few candidates are left and every search reads all edges.
        const std::size_t from = search_start % std::max<std::size_t>(m, 1);
        for (const auto& [first, last] : {std::pair{from, m}, std::pair{std::size_t{0}, from}}) {
            for (std::size_t e = next_negative(first, last); e < last;
                 e = next_negative(e + 1, last)) {
                if (best == no_edge || cut_[e] < cut_[best]) {
                    best = e;
                }
                if (++found == search_size) {
                    search_start = (e + 1) % m;
                    return best;
                }
            }
        }
        if (best != no_edge) {
            search_start = (best + 1) % m;
        }
        return best;
    }

    // Every cut value is written here, so that the pivot search can skip 64 edges at a time
    // where none is negative (near the optimum it reads all of them on every pivot). Edges out of
    // the tree keep a cut value of 0, so they are never marked.
    void set_cut(std::size_t e, double value) {
        cut_[e] = value;
        const std::uint64_t bit = std::uint64_t{1} << (e % 64);
        if (value < -1e-9) {
            negative_[e / 64] |= bit;
        } else {
            negative_[e / 64] &= ~bit;
        }
    }

    // The first edge in [from, last) with a negative cut value, or `last`.
    std::size_t next_negative(std::size_t from, std::size_t last) const {
        std::size_t word = from / 64;
        if (from >= last) {
            return last;
        }
        std::uint64_t bits = negative_[word] & (~std::uint64_t{0} << (from % 64));
        while (bits == 0) {
            if (++word * 64 >= last) {
                return last;
            }
            bits = negative_[word];
        }
        return std::min(last, word * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
    }

    bool in_subtree(std::size_t v, std::size_t root) const {
        return low_[root] <= lim_[v] && lim_[v] <= lim_[root];
    }

    // The least-slack non-tree edge crossing the cut of `leaving` the other way round. Only the
    // smaller side of the cut is scanned.
    std::size_t enter_edge(std::size_t leaving) const {
        const std::size_t tail = edges_[leaving].tail;
        const std::size_t head = edges_[leaving].head;
        const bool tail_below = lim_[tail] < lim_[head];
        const std::size_t below = tail_below ? tail : head;
        const std::size_t inside = lim_[below] - low_[below] + 1;
        const bool scan_inside = 2 * inside <= n_;
        std::size_t best = no_edge;
        int best_slack = std::numeric_limits<int>::max();
        // A crossing edge points into the subtree when the leaving edge's tail is below, out of
        // it otherwise. From a node on the scanned side only its edges in that direction can
        // cross, and they do when their other end is on the other side: the same candidates, in
        // the same order, as testing both ends of every incident edge, at half the lookups.
        const bool use_out = tail_below != scan_inside;
        const auto& lists = use_out ? out_edges_ : in_edges_;
        auto consider = [&](std::size_t v) {
            for (std::size_t f : lists[v]) {
                if (tree_edge_[f]) {
                    continue;
                }
                const std::size_t other = use_out ? edges_[f].head : edges_[f].tail;
                if (in_subtree(other, below) == scan_inside) {
                    continue;
                }
                const int s = slack(f);
                if (s < best_slack) {
                    best_slack = s;
                    best = f;
                }
            }
        };
        if (scan_inside) {
            for (std::size_t l = low_[below]; l <= lim_[below]; ++l) {
                consider(at_lim_[l]);
            }
        } else {
            for (std::size_t l = 1; l <= n_; ++l) {
                if (l < low_[below] || l > lim_[below]) {
                    consider(at_lim_[l]);
                }
            }
        }
        return best;
    }

    // Walks from v towards the root until reaching an ancestor of w, adjusting the cut value
    // of every tree edge passed: the entering edge closes a cycle through the leaving one, and
    // exactly the edges on that cycle change, by the leaving edge's cut value.
    // The nodes passed are exactly those whose subtree the pivot changes; they are marked for
    // renumbering.
    std::size_t adjust_path(std::size_t v, std::size_t w, double delta, bool forward) {
        while (!in_subtree(w, v)) {
            const std::size_t g = parent_edge_[v];
            const bool same = (edges_[g].tail == v) == forward;
            set_cut(g, cut_[g] + (same ? delta : -delta));
            low_[v] = stale;
            v = other_end(g, v);
        }
        return v;
    }

    void add_tree_incident(std::size_t v, std::size_t e) {
        tree_incident_.items[tree_incident_.start[v] + tree_count_[v]++] = e;
    }

    // Keeps the others in their order, as the numbering walks them in it.
    void remove_tree_incident(std::size_t v, std::size_t e) {
        const auto first =
            tree_incident_.items.begin() + static_cast<std::ptrdiff_t>(tree_incident_.start[v]);
        const auto last = first + static_cast<std::ptrdiff_t>(tree_count_[v]);
        const auto at = std::find(first, last, e);
        std::copy(at + 1, last, at);
        --tree_count_[v];
    }

    void pivot(std::size_t leaving, std::size_t entering) {
        const std::size_t tail = edges_[leaving].tail;
        const std::size_t head = edges_[leaving].head;
        const std::size_t below = lim_[tail] < lim_[head] ? tail : head;
        // Move the subtree below the leaving edge so the entering edge becomes tight.
        const int delta = slack(entering);
        if (delta != 0) {
            const bool head_inside = in_subtree(edges_[entering].head, below);
            const int shift = head_inside ? -delta : delta;
            for (std::size_t l = low_[below]; l <= lim_[below]; ++l) {
                rank_[at_lim_[l]] += shift;
            }
        }
        const double value = cut_[leaving];
        const std::size_t lca =
            adjust_path(edges_[entering].tail, edges_[entering].head, value, true);
        adjust_path(edges_[entering].head, edges_[entering].tail, value, false);
        set_cut(entering, -value);
        set_cut(leaving, 0);
        tree_edge_[leaving] = false;
        tree_edge_[entering] = true;
        remove_tree_incident(tail, leaving);
        remove_tree_incident(head, leaving);
        add_tree_incident(edges_[entering].tail, entering);
        add_tree_incident(edges_[entering].head, entering);
        number_subtree(lca, parent_edge_[lca], low_[lca]);
    }

    struct Frame {
        std::size_t node;
        std::size_t next;
    };

    std::size_t n_;
    std::vector<NsEdge> edges_;
    EdgeLists incident_;
    EdgeLists out_edges_; ///< by tail, in edge order
    EdgeLists in_edges_;  ///< by head, in edge order
    std::vector<int> rank_;
    std::vector<char> tree_edge_; ///< char, not bool: read in the pivot search's inner loop
    EdgeLists tree_incident_;     ///< the first tree_count_[v] of v's room are in use
    std::vector<std::size_t> tree_count_;
    std::vector<std::size_t> parent_edge_;
    std::vector<std::size_t> low_;
    std::vector<std::size_t> lim_;
    std::vector<std::size_t> at_lim_;     ///< node with a given lim (1-based post-order)
    std::vector<std::size_t> old_at_lim_; ///< number_subtree's copy of the order it replaces
    bool numbered_ = false;               ///< whether low_/lim_/at_lim_ hold a numbering yet
    std::vector<double> cut_;
    std::vector<std::uint64_t> negative_; ///< bit per edge: cut value below zero (tree edges)
    std::vector<Frame> frames_;           ///< number_subtree's stack, kept to reuse its storage
};

} // namespace

NsResult network_simplex(std::size_t node_count, const std::vector<NsEdge>& edges,
                         std::size_t max_iterations, const std::vector<int>* initial,
                         NsMethod method) {
    NsResult result;
    result.rank.assign(node_count, 0);
    // Connected components (ignoring direction). The neighbour lists share one array (the
    // solver runs many times per layout, and one vector per node was most of its setup).
    std::vector<std::size_t> first_neighbour(node_count + 1, 0);
    for (const NsEdge& e : edges) {
        ++first_neighbour[e.tail + 1];
        ++first_neighbour[e.head + 1];
    }
    std::partial_sum(first_neighbour.begin(), first_neighbour.end(), first_neighbour.begin());
    std::vector<std::size_t> neighbours(first_neighbour.back());
    {
        std::vector<std::size_t> fill(first_neighbour.begin(), first_neighbour.end() - 1);
        for (const NsEdge& e : edges) {
            neighbours[fill[e.tail]++] = e.head;
            neighbours[fill[e.head]++] = e.tail;
        }
    }
    std::vector<std::size_t> component(node_count, no_edge);
    std::vector<std::vector<std::size_t>> members;
    std::vector<std::size_t> stack;
    for (std::size_t start = 0; start < node_count; ++start) {
        if (component[start] != no_edge) {
            continue;
        }
        const std::size_t id = members.size();
        members.emplace_back();
        stack.assign(1, start);
        component[start] = id;
        while (!stack.empty()) {
            const std::size_t v = stack.back();
            stack.pop_back();
            members[id].push_back(v);
            for (std::size_t k = first_neighbour[v]; k < first_neighbour[v + 1]; ++k) {
                const std::size_t w = neighbours[k];
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
    // Parallel edges merge into one: weights add up (in the order given), the longest minimum
    // length wins. Each component's edges go to its solver sorted by their ends.
    std::vector<std::vector<NsEdge>> merged(members.size());
    for (const NsEdge& e : edges) {
        merged[component[e.tail]].push_back({local[e.tail], local[e.head], e.min_length, e.weight});
    }
    for (auto& list : merged) {
        std::stable_sort(list.begin(), list.end(), [](const NsEdge& a, const NsEdge& b) {
            return std::tie(a.tail, a.head) < std::tie(b.tail, b.head);
        });
        std::size_t kept = 0;
        for (std::size_t k = 0; k < list.size(); ++k) {
            if (kept > 0 && list[kept - 1].tail == list[k].tail &&
                list[kept - 1].head == list[k].head) {
                list[kept - 1].weight += list[k].weight;
                list[kept - 1].min_length = std::max(list[kept - 1].min_length, list[k].min_length);
            } else {
                list[kept++] = list[k];
            }
        }
        list.resize(kept);
    }
    for (std::size_t c = 0; c < members.size(); ++c) {
        std::vector<NsEdge> component_edges = std::move(merged[c]);
        std::vector<int> start;
        if (initial != nullptr) {
            for (std::size_t v : members[c]) {
                start.push_back((*initial)[v]);
            }
        }
        bool optimal = true;
        std::vector<int> values;
        if (method == NsMethod::flow && initial != nullptr) {
            values = solve_by_flow(members[c].size(), component_edges, max_iterations, start,
                                   result.iterations, optimal);
        } else {
            Solver solver(members[c].size(), std::move(component_edges));
            result.iterations +=
                solver.solve(max_iterations, initial != nullptr ? &start : nullptr, optimal);
            values = solver.ranks();
        }
        result.optimal = result.optimal && optimal;
        for (std::size_t i = 0; i < members[c].size(); ++i) {
            result.rank[members[c][i]] = values[i];
        }
    }
    return result;
}

} // namespace merrow::layout::detail
