#include "ordering.hpp"

#include "compound.hpp"
#include "crossings.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <random>

namespace merrow::layout::detail {

namespace {

using Layers = std::vector<std::vector<std::size_t>>;

struct Arc {
    std::size_t to;
    double weight;
};

// One ordering problem: movable vertices in ranks, fixed anchors (vertices outside the scope,
// with a position), weighted arcs between consecutive ranks.
struct Problem {
    std::vector<int> rank;
    std::vector<bool> fixed;
    std::vector<double> coordinate; ///< fixed vertices only
    std::vector<std::vector<Arc>> up;
    std::vector<std::vector<Arc>> down;
    Layers layers;            ///< movable vertices per rank, in their starting order
    std::vector<double> base; ///< per rank: the position of the first movable slot
    /// Skeletons of nested clusters: each one's vertices, one per rank, top to bottom. They
    /// are also moved as a whole, which sweeps (one rank at a time) cannot do across their
    /// heavy edges.
    std::vector<std::vector<std::size_t>> chains;

    std::size_t add_vertex(int r, bool is_fixed, double coord) {
        rank.push_back(r);
        fixed.push_back(is_fixed);
        coordinate.push_back(coord);
        up.emplace_back();
        down.emplace_back();
        return rank.size() - 1;
    }

    void add_arc(std::size_t upper, std::size_t lower, double weight) {
        down[upper].push_back({lower, weight});
        up[lower].push_back({upper, weight});
    }
};

class Orderer {
  public:
    // Orders the movable vertices in `start` (all of the problem's, or one unconnected part).
    Orderer(const Problem& problem, const OrderingOptions& options, Layers start, bool swap_ties)
        : p_(problem), options_(options), layers_(std::move(start)), slot_(problem.rank.size(), 0),
          first_slot_(problem.rank.size(), 0), sources_(problem.layers.size()),
          swap_ties_(swap_ties) {
        for (std::size_t v = 0; v < p_.rank.size(); ++v) {
            const std::size_t at =
                p_.fixed[v]
                    ? static_cast<std::size_t>(p_.coordinate[v])
                    : static_cast<std::size_t>(p_.base[static_cast<std::size_t>(p_.rank[v])]);
            (p_.fixed[v] ? slot_ : first_slot_)[v] = at;
        }
        std::vector<bool> listed(p_.rank.size(), false);
        auto list = [&](std::size_t v) {
            if (!listed[v] && !p_.down[v].empty()) {
                listed[v] = true;
                sources_[static_cast<std::size_t>(p_.rank[v])].push_back(v);
            }
        };
        std::vector<bool> here(p_.rank.size(), false);
        for (const auto& layer : layers_) {
            for (std::size_t v : layer) {
                here[v] = true;
                list(v);
                for (const Arc& a : p_.up[v]) {
                    if (p_.fixed[a.to]) {
                        list(a.to);
                    }
                }
            }
        }
        for (const auto& chain : p_.chains) {
            if (std::all_of(chain.begin(), chain.end(), [&](std::size_t v) { return here[v]; })) {
                chains_.push_back(&chain);
            }
        }
        // Anchors with arcs down, by position; and how many slots each rank can have.
        fixed_sources_.assign(layers_.size(), {});
        width_.assign(layers_.size(), 0);
        for (std::size_t r = 0; r < layers_.size(); ++r) {
            for (std::size_t v : sources_[r]) {
                if (p_.fixed[v]) {
                    fixed_sources_[r].push_back(v);
                }
            }
            std::sort(
                fixed_sources_[r].begin(), fixed_sources_[r].end(),
                [&](std::size_t a, std::size_t b) { return p_.coordinate[a] < p_.coordinate[b]; });
            width_[r] = static_cast<std::size_t>(p_.base[r]) + layers_[r].size();
        }
        for (std::size_t v = 0; v < p_.rank.size(); ++v) {
            if (p_.fixed[v]) {
                auto& w = width_[static_cast<std::size_t>(p_.rank[v])];
                w = std::max(w, static_cast<std::size_t>(p_.coordinate[v]) + 1);
            }
        }
    }

    Layers run() {
        update_index();
        Layers best = layers_;
        double best_crossings = crossings();
        std::size_t stale = 0;
        for (std::size_t sweep = 0; sweep < options_.max_sweeps && best_crossings > 0; ++sweep) {
            if (sweep % 2 == 0) {
                for (std::size_t r = 1; r < layers_.size(); ++r) {
                    sort_by_barycenter(r, true);
                }
            } else {
                for (std::size_t r = layers_.size() - 1; r-- > 0;) {
                    sort_by_barycenter(r, false);
                }
            }
            // In the other runs, two sweeps in four also swap pairs whose order costs nothing
            // either way, as dot does: it moves the search off plateaus that strict improvement
            // cannot leave. The first run keeps the author's order wherever it costs nothing.
            transpose(swap_ties_ && sweep % 4 < 2);
            const double now = crossings();
            if (now < best_crossings) {
                best_crossings = now;
                best = layers_;
                stale = 0;
            } else if (++stale >= options_.patience) {
                break;
            }
        }
        // Sifting: move each vertex to its best slot in its rank while everything else stays.
        // It removes crossings that barycentre sorting and adjacent swaps cannot reach.
        layers_ = best;
        update_index();
        if (!chains_.empty()) {
            for (std::size_t round = 0; round < 3 && best_crossings > 0; ++round) {
                bool moved = false;
                for (const auto* chain : chains_) {
                    moved = shift_chain(*chain, best_crossings) || moved;
                }
                best = layers_;
                if (!moved) {
                    break;
                }
            }
        }
        for (std::size_t round = 0; round < options_.sifting_rounds && best_crossings > 0;
             ++round) {
            for (std::size_t r = 0; r < layers_.size(); ++r) {
                sift(r);
            }
            for (std::size_t r = layers_.size(); r-- > 0;) {
                sift(r);
            }
            const double now = crossings();
            if (now >= best_crossings) {
                break;
            }
            best_crossings = now;
            best = layers_;
        }
        best_crossings_ = best_crossings;
        return best;
    }

    double best_crossings() const { return best_crossings_; }

  private:
    // Positions are slots in the whole rank (anchors outside the scope keep theirs). Kept in
    // slot_, as they are read in every inner loop; a movable vertex's index in its rank of
    // layers_ follows from it.
    std::size_t pos(std::size_t v) const { return slot_[v]; }
    std::size_t index(std::size_t v) const { return slot_[v] - first_slot_[v]; }
    void set_index(std::size_t v, std::size_t i) { slot_[v] = first_slot_[v] + i; }

    void update_index() {
        for (const auto& layer : layers_) {
            for (std::size_t i = 0; i < layer.size(); ++i) {
                set_index(layer[i], i);
            }
        }
    }

    // Weighted crossings between rank r and r + 1 (Barth–Jünger–Mutzel's accumulation, with a
    // Fenwick tree over the lower rank's slots): upper ends in left-to-right order; the arcs of
    // one upper end are all counted before any of them is added, as they cannot cross.
    double crossings_between(std::size_t r) const {
        const std::size_t width = width_[r + 1];
        tree_.assign(width + 1, 0);
        double inserted = 0;
        double total = 0;
        const auto& movable = layers_[r];
        const auto& fixed = fixed_sources_[r];
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < movable.size() || j < fixed.size()) {
            const bool take_fixed =
                i == movable.size() || (j < fixed.size() && pos(fixed[j]) < pos(movable[i]));
            const std::size_t u = take_fixed ? fixed[j++] : movable[i++];
            const auto& arcs = p_.down[u];
            for (const Arc& a : arcs) {
                double at_most = 0;
                for (std::size_t k = pos(a.to) + 1; k > 0; k -= k & (~k + 1)) {
                    at_most += tree_[k];
                }
                total += a.weight * (inserted - at_most);
            }
            for (const Arc& a : arcs) {
                for (std::size_t k = pos(a.to) + 1; k <= width; k += k & (~k + 1)) {
                    tree_[k] += a.weight;
                }
                inserted += a.weight;
            }
        }
        return total;
    }

    double crossings() const {
        double total = 0;
        for (std::size_t r = 0; r + 1 < layers_.size(); ++r) {
            total += crossings_between(r);
        }
        return total;
    }

    // Reorders rank r by the weighted mean position of each vertex's neighbours in the adjacent
    // rank (above when `use_upper`). Vertices without such neighbours keep their slot.
    void sort_by_barycenter(std::size_t r, bool use_upper) {
        auto& layer = layers_[r];
        auto& movable = bary_scratch_;
        auto& stays = stays_scratch_;
        movable.clear();
        stays.assign(layer.size(), 0);
        for (std::size_t i = 0; i < layer.size(); ++i) {
            const std::size_t v = layer[i];
            const auto& arcs = use_upper ? p_.up[v] : p_.down[v];
            double sum = 0;
            double weight = 0;
            for (const Arc& a : arcs) {
                sum += static_cast<double>(pos(a.to)) * a.weight;
                weight += a.weight;
            }
            if (weight <= 0) {
                stays[i] = 1;
                continue;
            }
            movable.push_back({sum / weight, i, v});
        }
        // Ties keep their order (the slot breaks them), as a stable sort would, without the
        // buffer std::stable_sort allocates on every call.
        std::sort(movable.begin(), movable.end(), [](const BaryEntry& a, const BaryEntry& b) {
            return a.key != b.key ? a.key < b.key : a.slot < b.slot;
        });
        std::size_t next = 0;
        for (std::size_t i = 0; i < layer.size(); ++i) {
            if (stays[i] == 0) {
                layer[i] = movable[next++].vertex;
            }
        }
        for (std::size_t i = 0; i < layer.size(); ++i) {
            set_index(layer[i], i);
        }
    }

    // What w standing left of v costs, in weighted crossings of their arcs to both adjacent
    // ranks, compared with v left of w (negative: w should go first). Whole-number weights keep
    // the sums exact.
    double swap_gain(std::size_t v, std::size_t w) const {
        double gain = 0;
        for (const bool upper : {true, false}) {
            const auto& av = upper ? p_.up[v] : p_.down[v];
            const auto& aw = upper ? p_.up[w] : p_.down[w];
            for (const Arc& a : av) {
                const std::size_t pa = pos(a.to);
                for (const Arc& b : aw) {
                    const std::size_t pb = pos(b.to);
                    if (pb > pa) {
                        gain += a.weight * b.weight;
                    } else if (pa > pb) {
                        gain -= a.weight * b.weight;
                    }
                }
            }
        }
        return gain;
    }

    // Swaps adjacent pairs while that removes crossings; with `swap_ties`, the first pass also
    // swaps pairs that neither gain nor lose.
    // A pair's gain depends only on its own rank and the two beside it, so a rank whose last
    // pass swapped nothing, and whose neighbours have not changed since, would swap nothing
    // again and is skipped (dot's transpose keeps the same flags).
    void transpose(bool swap_ties) {
        const std::size_t ranks = layers_.size();
        auto& before = swapped_scratch_;
        auto& now = swapped_now_scratch_;
        before.assign(ranks, 1);
        now.assign(ranks, 0);
        bool improved = true;
        for (std::size_t pass = 0; improved && pass < 8; ++pass) {
            improved = false;
            for (std::size_t r = 0; r < ranks; ++r) {
                const bool stale = before[r] != 0 || (r + 1 < ranks && before[r + 1] != 0) ||
                                   (r > 0 && now[r - 1] != 0);
                now[r] = 0;
                if (!stale) {
                    continue;
                }
                auto& layer = layers_[r];
                for (std::size_t i = 0; i + 1 < layer.size(); ++i) {
                    const double gain = swap_gain(layer[i], layer[i + 1]);
                    if (gain < 0 || (swap_ties && pass == 0 && gain == 0)) {
                        std::swap(layer[i], layer[i + 1]);
                        set_index(layer[i], i);
                        set_index(layer[i + 1], i + 1);
                        improved = improved || gain < 0;
                        now[r] = 1;
                    }
                }
            }
            std::swap(before, now);
        }
    }

    // Moves a whole skeleton to the relative position (the same fraction of every rank's width)
    // with the fewest crossings. Returns whether it moved; `crossings` is kept current.
    bool shift_chain(const std::vector<std::size_t>& chain, double& crossings_now) {
        std::vector<std::pair<std::size_t, std::size_t>> original; // (rank, index)
        for (std::size_t v : chain) {
            const auto r = static_cast<std::size_t>(p_.rank[v]);
            original.emplace_back(r, index(v));
        }
        auto remove = [&] {
            for (std::size_t v : chain) {
                auto& layer = layers_[static_cast<std::size_t>(p_.rank[v])];
                layer.erase(std::find(layer.begin(), layer.end(), v));
            }
        };
        // Only the chain's ranks change, so only their indices are renewed.
        auto insert_at = [&](double fraction) {
            for (std::size_t v : chain) {
                auto& layer = layers_[static_cast<std::size_t>(p_.rank[v])];
                const auto slot = static_cast<std::size_t>(
                    std::lround(fraction * static_cast<double>(layer.size())));
                layer.insert(
                    layer.begin() + static_cast<std::ptrdiff_t>(std::min(slot, layer.size())), v);
                for (std::size_t i = 0; i < layer.size(); ++i) {
                    set_index(layer[i], i);
                }
            }
        };
        std::size_t widest = 0;
        for (const auto& layer : layers_) {
            widest = std::max(widest, layer.size());
        }
        // Only the rank pairs the chain touches change.
        const std::size_t first = static_cast<std::size_t>(p_.rank[chain.front()]);
        const std::size_t last = static_cast<std::size_t>(p_.rank[chain.back()]);
        auto local = [&] {
            double total = 0;
            for (std::size_t r = first == 0 ? 0 : first - 1; r <= last && r + 1 < layers_.size();
                 ++r) {
                total += crossings_between(r);
            }
            return total;
        };
        const double outside = crossings_now - local();
        double best_cost = crossings_now;
        double best_fraction = -1;
        // Counted once at the far left; from there the chain only moves right, one adjacent
        // swap at a time, and each swap changes the count by exactly its swap gain.
        remove();
        insert_at(0);
        double cost = outside + local();
        for (std::size_t k = 0; k <= widest; ++k) {
            const double fraction =
                static_cast<double>(k) / static_cast<double>(std::max<std::size_t>(widest, 1));
            for (std::size_t v : chain) {
                auto& layer = layers_[static_cast<std::size_t>(p_.rank[v])];
                const std::size_t others = layer.size() - 1;
                const auto slot = std::min(others, static_cast<std::size_t>(std::lround(
                                                       fraction * static_cast<double>(others))));
                while (index(v) < slot) {
                    const std::size_t i = index(v);
                    const std::size_t w = layer[i + 1];
                    cost += swap_gain(v, w);
                    std::swap(layer[i], layer[i + 1]);
                    set_index(w, i);
                    set_index(v, i + 1);
                }
            }
            if (cost < best_cost - 1e-9) {
                best_cost = cost;
                best_fraction = fraction;
            }
        }
        remove();
        if (best_fraction < 0) {
            // Back where it was.
            for (std::size_t i = 0; i < chain.size(); ++i) {
                auto& layer = layers_[original[i].first];
                layer.insert(layer.begin() + static_cast<std::ptrdiff_t>(original[i].second),
                             chain[i]);
                for (std::size_t k = 0; k < layer.size(); ++k) {
                    set_index(layer[k], k);
                }
            }
            return false;
        }
        insert_at(best_fraction);
        crossings_now = best_cost;
        return true;
    }

    // Moves each vertex of rank r, one at a time, to the slot with the fewest crossings.
    void sift(std::size_t r) {
        auto& layer = layers_[r];
        if (layer.size() < 2) {
            return;
        }
        auto& vertices = sift_vertices_;
        vertices = layer;
        // The neighbours' positions (on the adjacent ranks) stay fixed while this rank is
        // sifted: read them once, sorted, so each pair costs a merge of two short lists.
        const std::size_t count = vertices.size();
        auto& start = sift_start_;
        start.assign(2 * count + 1, 0);
        auto& neighbours = sift_neighbours_;
        neighbours.clear();
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t u = vertices[k];
            for (const bool upper : {true, false}) {
                const std::size_t first = neighbours.size();
                for (const Arc& a : upper ? p_.up[u] : p_.down[u]) {
                    neighbours.emplace_back(pos(a.to), a.weight);
                }
                std::sort(neighbours.begin() + static_cast<std::ptrdiff_t>(first),
                          neighbours.end());
                start[2 * k + (upper ? 1 : 2)] = neighbours.size();
            }
        }
        auto& list_weight = sift_list_weight_;
        list_weight.assign(2 * count, 0);
        for (std::size_t l = 0; l < 2 * count; ++l) {
            for (std::size_t j = start[l]; j < start[l + 1]; ++j) {
                list_weight[l] += neighbours[j].second;
            }
        }
        std::vector<std::size_t>& slot = sift_slot_;
        slot.resize(p_.rank.size());
        for (std::size_t k = 0; k < count; ++k) {
            slot[vertices[k]] = k;
        }
        // swap_gain(v, w) from the sorted lists: each arc of v against the arcs of w further
        // right (w left of v crosses them) and further left.
        auto gain = [&](std::size_t v, std::size_t w) {
            double total = 0;
            for (std::size_t side = 0; side < 2; ++side) {
                const std::size_t wl = 2 * slot[w] + side;
                const std::size_t vb = start[2 * slot[v] + side];
                const std::size_t ve = start[2 * slot[v] + side + 1];
                const std::size_t wb = start[wl];
                const std::size_t we = start[wl + 1];
                if (vb == ve || wb == we) {
                    continue;
                }
                if ((ve - vb) * (we - wb) <= 8) {
                    // Short lists (most are a dummy's single arc): every pair, no merge.
                    for (std::size_t i = vb; i < ve; ++i) {
                        const std::size_t pa = neighbours[i].first;
                        double beside = 0; // w's weight right of pa minus left of it
                        for (std::size_t j = wb; j < we; ++j) {
                            const std::size_t pb = neighbours[j].first;
                            const double sign = static_cast<double>(static_cast<int>(pb > pa) -
                                                                    static_cast<int>(pb < pa));
                            beside += sign * neighbours[j].second;
                        }
                        total += neighbours[i].second * beside;
                    }
                    continue;
                }
                const double w_total = list_weight[wl];
                // Prefix sums of w's weights below each of v's positions.
                std::size_t j = wb;
                double below = 0;
                for (std::size_t i = vb; i < ve; ++i) {
                    const std::size_t pa = neighbours[i].first;
                    while (j < we && neighbours[j].first < pa) {
                        below += neighbours[j].second;
                        ++j;
                    }
                    double equal = 0;
                    for (std::size_t k = j; k < we && neighbours[k].first == pa; ++k) {
                        equal += neighbours[k].second;
                    }
                    const double above = w_total - below - equal;
                    total += neighbours[i].second * (above - below);
                }
            }
            return total;
        };
        auto& cost = sift_cost_;
        cost.assign(layer.size(), 0);
        for (std::size_t v : vertices) {
            const std::size_t from = index(v);
            layer.erase(layer.begin() + static_cast<std::ptrdiff_t>(from));
            cost[0] = 0;
            for (std::size_t i = 0; i < layer.size(); ++i) {
                const std::size_t w = layer[i];
                cost[i + 1] = cost[i] + gain(v, w);
            }
            std::size_t best = from;
            for (std::size_t i = 0; i <= layer.size(); ++i) {
                if (cost[i] < cost[best] - 1e-9) {
                    best = i;
                }
            }
            layer.insert(layer.begin() + static_cast<std::ptrdiff_t>(best), v);
            for (std::size_t i = 0; i < layer.size(); ++i) {
                set_index(layer[i], i);
            }
        }
    }

    const Problem& p_;
    OrderingOptions options_;
    Layers layers_;
    std::vector<std::size_t> slot_;       ///< vertex → slot in the whole rank (pos)
    std::vector<std::size_t> first_slot_; ///< movable vertex → slot of its rank's index 0
    std::vector<std::vector<std::size_t>> sources_;       ///< per rank: vertices with arcs down
    std::vector<const std::vector<std::size_t>*> chains_; ///< skeletons within this part
    std::vector<std::vector<std::size_t>> fixed_sources_; ///< per rank: anchors, by position
    std::vector<std::size_t> width_;                      ///< per rank: slots
    mutable std::vector<double> tree_;                    ///< scratch for crossings_between
    std::vector<std::size_t> sift_slot_;                  ///< scratch for sift: vertex → slot
    // Scratch buffers, kept between calls so the sweeps do not allocate.
    struct BaryEntry {
        double key;
        std::size_t slot;
        std::size_t vertex;
    };
    std::vector<BaryEntry> bary_scratch_;
    std::vector<char> stays_scratch_;
    std::vector<char> swapped_scratch_;     ///< per rank: swapped in the last transpose pass
    std::vector<char> swapped_now_scratch_; ///< per rank: swapped in this pass
    std::vector<std::size_t> sift_vertices_;
    std::vector<std::size_t> sift_start_;
    std::vector<std::pair<std::size_t, double>> sift_neighbours_;
    std::vector<double> sift_cost_;
    std::vector<double> sift_list_weight_;
    bool swap_ties_ = false; ///< transpose also swaps even pairs
    double best_crossings_ = 0;
};

// The movable vertices of `start` re-ordered depth-first from the lowest rank upwards (rank by
// rank from the bottom, each in its current order): vertices that meet below start together,
// as those that part below do in the top-down start. dot tries the same second start.
Layers bottom_up_order(const Problem& problem, const Layers& start) {
    std::vector<bool> movable(problem.rank.size(), false);
    for (const auto& layer : start) {
        for (std::size_t v : layer) {
            movable[v] = true;
        }
    }
    Layers layers(start.size());
    std::vector<bool> seen(problem.rank.size(), false);
    std::vector<std::size_t> stack;
    for (std::size_t r = start.size(); r-- > 0;) {
        for (std::size_t root : start[r]) {
            stack.push_back(root);
            while (!stack.empty()) {
                const std::size_t v = stack.back();
                stack.pop_back();
                if (seen[v]) {
                    continue;
                }
                seen[v] = true;
                layers[static_cast<std::size_t>(problem.rank[v])].push_back(v);
                // Reversed, so the first arc is visited first.
                const auto& arcs = problem.up[v];
                for (auto it = arcs.rbegin(); it != arcs.rend(); ++it) {
                    if (movable[it->to] && !seen[it->to]) {
                        stack.push_back(it->to);
                    }
                }
            }
        }
    }
    return layers;
}

// `start` with every rank shuffled by the k-th fixed seed.
Layers shuffled_order(const Layers& start, std::size_t k) {
    Layers shuffled = start;
    std::mt19937 rng(static_cast<std::uint32_t>(k + 1));
    for (auto& layer : shuffled) {
        for (std::size_t i = layer.size(); i > 1; --i) {
            std::swap(layer[i - 1], layer[rng() % i]);
        }
    }
    return shuffled;
}

struct Run {
    Layers layers;
    double crossings = 0;
};

Run order_from(const Problem& problem, const OrderingOptions& options, Layers from,
               bool swap_ties) {
    Orderer orderer(problem, options, std::move(from), swap_ties);
    Run run;
    run.layers = orderer.run();
    run.crossings = orderer.best_crossings();
    return run;
}

// Orders a problem from `start` and from its bottom-up counterpart, then restarts from
// shuffled orders; keeps the best (the first of the fewest crossings). Only the first run, from
// `start`, sweeps strictly. Once a run reaches no crossings the rest are skipped; big problems
// run them all at once on several cores instead, and keep the same one.
Layers solve(const Problem& problem, const OrderingOptions& options, const Layers& start,
             std::size_t size) {
    const std::size_t restarts =
        std::min(options.max_restarts, options.restart_budget / std::max<std::size_t>(size, 1));
    // Below this many vertices a run takes well under a millisecond: not worth a thread.
    constexpr std::size_t parallel_size = 150;
    const std::size_t cores = core_count();
    if (size >= parallel_size && cores > 1) {
        std::vector<Layers> starts{start, bottom_up_order(problem, start)};
        for (std::size_t k = 0; k < restarts; ++k) {
            starts.push_back(shuffled_order(start, k));
        }
        // One start per job: two or three starts would all fall in share_out's usual batch.
        std::vector<Run> runs(starts.size());
        share_out(
            starts.size(), 1,
            [&](std::size_t i, std::size_t) {
                runs[i] = order_from(problem, options, std::move(starts[i]), i != 0);
            },
            1);
        std::size_t best = 0;
        for (std::size_t i = 1; i < runs.size() && runs[best].crossings > 0; ++i) {
            if (runs[i].crossings < runs[best].crossings) {
                best = i;
            }
        }
        return std::move(runs[best].layers);
    }
    Run best = order_from(problem, options, start, false);
    auto attempt = [&](Layers from) {
        Run run = order_from(problem, options, std::move(from), true);
        if (run.crossings < best.crossings) {
            best = std::move(run);
        }
    };
    if (best.crossings > 0) {
        attempt(bottom_up_order(problem, start));
    }
    for (std::size_t k = 0; k < restarts && best.crossings > 0; ++k) {
        attempt(shuffled_order(start, k));
    }
    return std::move(best.layers);
}

// Depth-first from the sources, in input order, appending each node to its rank when first
// reached: chains stay together and the author's order is the starting point.
Layers depth_first_order(const LayeredGraph& graph) {
    Layers layers(graph.layers.size());
    std::vector<bool> seen(graph.nodes.size(), false);
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
    for (NodeId v = 0; v < graph.nodes.size(); ++v) {
        if (graph.in_edges[v].empty()) {
            visit(v);
        }
    }
    for (NodeId v = 0; v < graph.nodes.size(); ++v) {
        visit(v);
    }
    return layers;
}

// Regroups each rank so every cluster is contiguous, keeping the order in which things first
// appear in the rank.
void make_contiguous(const LayeredGraph& graph, Layers& layers) {
    if (graph.clusters.empty()) {
        return;
    }
    for (auto& layer : layers) {
        // A tree of groups per rank: key none is the rank itself.
        std::map<std::size_t, std::vector<std::pair<bool, std::size_t>>>
            children; // cluster → items
        auto add = [&](std::size_t group, bool is_cluster, std::size_t id) {
            auto& list = children[group];
            if (std::find(list.begin(), list.end(), std::make_pair(is_cluster, id)) == list.end()) {
                list.emplace_back(is_cluster, id);
            }
        };
        for (NodeId v : layer) {
            std::size_t below = none;
            for (std::size_t c = graph.node_cluster[v]; c != none; c = graph.clusters[c].parent) {
                if (below == none) {
                    add(c, false, v);
                } else {
                    add(c, true, below);
                }
                below = c;
            }
            if (below == none) {
                add(none, false, v);
            } else {
                add(none, true, below);
            }
        }
        std::vector<NodeId> flat;
        std::vector<std::pair<bool, std::size_t>> stack;
        const auto& roots = children[none];
        for (auto it = roots.rbegin(); it != roots.rend(); ++it) {
            stack.push_back(*it);
        }
        while (!stack.empty()) {
            const auto [is_cluster, id] = stack.back();
            stack.pop_back();
            if (!is_cluster) {
                flat.push_back(id);
                continue;
            }
            const auto& list = children[id];
            for (auto it = list.rbegin(); it != list.rend(); ++it) {
                stack.push_back(*it);
            }
        }
        layer = std::move(flat);
    }
}

// Orders the inside of `scope` (none: the whole graph) within its current slots.
void order_scope(LayeredGraph& graph, std::size_t scope, const OrderingOptions& options) {
    const std::size_t ranks = graph.layers.size();
    std::vector<std::size_t> global_index(graph.nodes.size(), 0);
    for (const auto& layer : graph.layers) {
        for (std::size_t i = 0; i < layer.size(); ++i) {
            global_index[layer[i]] = i;
        }
    }
    // Held nodes stay where they are: every scope sees them as fixed anchors.
    auto inside = [&](NodeId v) {
        return !graph.nodes[v].pin && within(graph, graph.node_cluster[v], scope);
    };

    Problem p;
    p.layers.assign(ranks, {});
    p.base.assign(ranks, 0);
    std::vector<std::size_t> vertex_of(graph.nodes.size(), none);
    std::map<std::pair<std::size_t, int>, std::size_t> skeleton; // (child cluster, rank)
    std::vector<std::pair<std::size_t, int>> skeleton_key;       // per vertex, or (none, 0)
    std::vector<NodeId> node_of;                                 // per vertex, or none
    auto note = [&](std::size_t vertex, NodeId node, std::size_t cluster, int r) {
        if (node_of.size() <= vertex) {
            node_of.resize(vertex + 1, none);
            skeleton_key.resize(vertex + 1, {none, 0});
        }
        node_of[vertex] = node;
        skeleton_key[vertex] = {cluster, r};
    };
    auto representative = [&](NodeId v) -> std::size_t {
        if (!inside(v)) {
            if (vertex_of[v] == none) {
                vertex_of[v] =
                    p.add_vertex(graph.nodes[v].rank, true, static_cast<double>(global_index[v]));
                note(vertex_of[v], v, none, 0);
            }
            return vertex_of[v];
        }
        const std::size_t c = graph.node_cluster[v];
        if (c == scope) {
            if (vertex_of[v] == none) {
                vertex_of[v] = p.add_vertex(graph.nodes[v].rank, false, 0);
                note(vertex_of[v], v, none, 0);
            }
            return vertex_of[v];
        }
        const std::size_t child = child_towards(graph, scope, c);
        const auto key = std::make_pair(child, graph.nodes[v].rank);
        auto it = skeleton.find(key);
        if (it == skeleton.end()) {
            const std::size_t vertex = p.add_vertex(key.second, false, 0);
            note(vertex, none, child, key.second);
            it = skeleton.emplace(key, vertex).first;
        }
        return it->second;
    };
    // Movable vertices in their current order, and each rank's first slot.
    for (std::size_t r = 0; r < ranks; ++r) {
        bool first = true;
        for (NodeId v : graph.layers[r]) {
            if (!inside(v)) {
                continue;
            }
            if (first) {
                p.base[r] = static_cast<double>(global_index[v]);
                first = false;
            }
            const std::size_t vertex = representative(v);
            if (p.layers[r].empty() || p.layers[r].back() != vertex) {
                p.layers[r].push_back(vertex);
            }
        }
    }
    // Arcs: every unit edge touching the scope, between representatives.
    std::map<std::pair<std::size_t, std::size_t>, double> arcs;
    for (const LEdge& e : graph.edges) {
        if (!inside(e.from) && !inside(e.to)) {
            continue;
        }
        const std::size_t a = representative(e.from);
        const std::size_t b = representative(e.to);
        if (a == b || (p.fixed[a] && p.fixed[b])) {
            continue;
        }
        arcs[{a, b}] += e.weight;
    }
    std::map<std::size_t, std::vector<std::size_t>> chain_of; // child cluster → its vertices
    for (const auto& [key, vertex] : skeleton) {
        auto next = skeleton.find({key.first, key.second + 1});
        if (next != skeleton.end()) {
            arcs[{vertex, next->second}] = options.skeleton_weight;
        }
        chain_of[key.first].push_back(vertex); // map order: by rank
    }
    for (auto& [cluster, chain] : chain_of) {
        p.chains.push_back(std::move(chain));
    }
    for (const auto& [key, weight] : arcs) {
        p.add_arc(key.first, key.second, weight);
    }
    std::size_t movable = 0;
    for (const auto& layer : p.layers) {
        movable += layer.size();
    }
    if (movable < 2) {
        return;
    }

    // The whole graph: unconnected parts are ordered apart and placed side by side, unless
    // held nodes anchor them: then the anchors decide where each part goes, so all are
    // ordered together.
    std::vector<Layers> parts;
    const bool anchored = std::find(p.fixed.begin(), p.fixed.end(), true) != p.fixed.end();
    if (scope == none && !anchored) {
        const std::size_t n = p.rank.size();
        std::vector<std::size_t> part(n, none);
        std::size_t count = 0;
        for (const auto& layer : p.layers) {
            for (std::size_t start : layer) {
                if (part[start] != none) {
                    continue;
                }
                std::vector<std::size_t> stack{start};
                part[start] = count;
                while (!stack.empty()) {
                    const std::size_t v = stack.back();
                    stack.pop_back();
                    for (const auto* list : {&p.up[v], &p.down[v]}) {
                        for (const Arc& a : *list) {
                            if (part[a.to] == none) {
                                part[a.to] = count;
                                stack.push_back(a.to);
                            }
                        }
                    }
                }
                ++count;
            }
        }
        // Parts in order of their lowest node index: the order the author introduced them.
        std::vector<std::size_t> first_node(count, none);
        for (std::size_t v = 0; v < n; ++v) {
            const NodeId node = node_of[v];
            const std::size_t key = node != none ? node : graph.nodes.size() + v;
            first_node[part[v]] = std::min(first_node[part[v]], key);
        }
        std::vector<std::size_t> part_order(count);
        for (std::size_t i = 0; i < count; ++i) {
            part_order[i] = i;
        }
        std::sort(part_order.begin(), part_order.end(),
                  [&](std::size_t a, std::size_t b) { return first_node[a] < first_node[b]; });
        for (std::size_t id : part_order) {
            Layers start = p.layers;
            std::size_t size = 0;
            for (auto& layer : start) {
                layer.erase(std::remove_if(layer.begin(), layer.end(),
                                           [&](std::size_t v) { return part[v] != id; }),
                            layer.end());
                size += layer.size();
            }
            parts.push_back(solve(p, options, start, size));
        }
    } else if (scope == none) {
        parts.push_back(solve(p, options, p.layers, movable));
    } else {
        // Inside a cluster, with everything around it fixed, fewer restarts pay off.
        OrderingOptions inner = options;
        inner.max_restarts = std::min<std::size_t>(options.max_restarts, 3);
        parts.push_back(solve(p, inner, p.layers, movable));
    }

    // Write back: each vertex expands to its node, or to its cluster's nodes in their order.
    for (std::size_t r = 0; r < ranks; ++r) {
        if (p.layers[r].empty()) {
            continue;
        }
        std::map<std::size_t, std::vector<NodeId>> members; // child cluster → its nodes here
        std::vector<NodeId> outside_before;
        std::vector<NodeId> outside_after;
        bool seen_inside = false;
        for (NodeId v : graph.layers[r]) {
            if (!inside(v)) {
                (seen_inside ? outside_after : outside_before).push_back(v);
                continue;
            }
            seen_inside = true;
            const std::size_t c = graph.node_cluster[v];
            if (c != scope) {
                members[child_towards(graph, scope, c)].push_back(v);
            }
        }
        std::vector<NodeId> layer = outside_before;
        for (const Layers& part : parts) {
            for (std::size_t vertex : part[r]) {
                if (node_of[vertex] != none) {
                    layer.push_back(node_of[vertex]);
                } else {
                    const auto& list = members[skeleton_key[vertex].first];
                    layer.insert(layer.end(), list.begin(), list.end());
                }
            }
        }
        layer.insert(layer.end(), outside_after.begin(), outside_after.end());
        graph.layers[r] = std::move(layer);
    }
}

// Where a chain meets a fixed port on the top or bottom of its lower (or upper) end, as an
// offset along that side; nothing for other ends.
std::optional<double> rank_side_port(const EdgeChain& chain, bool lower) {
    return rank_side_offset(lower ? chain.lower_port() : chain.upper_port());
}

// Chains between the same two nodes, one of them a block they enter at fixed ports, in the
// order of those ports: where their dummies fill one run of slots in every rank between, the
// order inside the runs changes no crossing with any other edge (each of them passes every
// run, and meets the shared ends, the same way), and port order removes theirs with each
// other. Counting cannot see those: edges to one node never cross in it.
void order_parallel_chains_by_ports(LayeredGraph& graph) {
    std::map<std::pair<NodeId, NodeId>, std::vector<std::size_t>> groups;
    for (std::size_t k = 0; k < graph.chains.size(); ++k) {
        const EdgeChain& c = graph.chains[k];
        if (!c.self_loop && c.nodes.size() > 2 &&
            (rank_side_port(c, true) || rank_side_port(c, false))) {
            groups[{c.nodes.front(), c.nodes.back()}].push_back(k);
        }
    }
    std::vector<std::size_t> slot_of(graph.nodes.size(), 0);
    for (const auto& layer : graph.layers) {
        for (std::size_t i = 0; i < layer.size(); ++i) {
            slot_of[layer[i]] = i;
        }
    }
    for (auto& [ends, members] : groups) {
        if (members.size() < 2) {
            continue;
        }
        // The port order, by the lower end's ports, else the upper's; both must agree.
        auto key = [&](std::size_t k, bool lower) {
            return rank_side_port(graph.chains[k], lower).value_or(0);
        };
        const bool by_lower = rank_side_port(graph.chains[members.front()], true).has_value();
        std::vector<std::size_t> sorted = members;
        std::stable_sort(sorted.begin(), sorted.end(), [&](std::size_t a, std::size_t b) {
            return key(a, by_lower) < key(b, by_lower);
        });
        bool fits = true;
        for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
            fits = fits && key(sorted[i], !by_lower) <= key(sorted[i + 1], !by_lower);
        }
        const std::size_t inner = graph.chains[members.front()].nodes.size() - 2;
        std::vector<std::size_t> first_slot(inner, 0);
        for (std::size_t d = 0; fits && d < inner; ++d) {
            std::size_t lo = std::numeric_limits<std::size_t>::max();
            std::size_t hi = 0;
            for (std::size_t k : members) {
                const std::size_t slot = slot_of[graph.chains[k].nodes[d + 1]];
                lo = std::min(lo, slot);
                hi = std::max(hi, slot);
            }
            fits = hi - lo + 1 == members.size();
            first_slot[d] = lo;
        }
        if (!fits) {
            continue;
        }
        for (std::size_t d = 0; d < inner; ++d) {
            const NodeId any = graph.chains[sorted.front()].nodes[d + 1];
            auto& layer = graph.layers[static_cast<std::size_t>(graph.nodes[any].rank)];
            for (std::size_t i = 0; i < sorted.size(); ++i) {
                const NodeId v = graph.chains[sorted[i]].nodes[d + 1];
                layer[first_slot[d] + i] = v;
                slot_of[v] = first_slot[d] + i;
            }
        }
    }
}

// Ordering sees a block (a subgraph laid out on its own) as one vertex, so it cannot tell in
// which order edges into it should arrive: their ports along the block decide that. This pass
// sorts ranks by barycentres in which an edge's end on a block counts at its port, and keeps
// an order only if it has fewer crossings counted that way (they include every crossing that
// ordering counted). Each rank is sorted within runs of one cluster, so clusters stay
// contiguous.
//
// The same pass, with adjacent swaps inside those runs added, also refines a whole level
// after its scopes were ordered one by one (`refine`): a scope sees each nested cluster as a
// skeleton, so it orders the edges that leave a cluster without knowing which of the
// cluster's nodes they come from.
class PortSweeps {
  public:
    explicit PortSweeps(LayeredGraph& graph, bool refine = false)
        : g_(graph), fraction_(graph.edges.size()), refine_(refine) {
        for (std::size_t k = 0; k < g_.edges.size(); ++k) {
            const auto [from, to] = port_offsets(g_, g_.edges[k]);
            fraction_[k] = {slot_part(g_.nodes[g_.edges[k].from], from),
                            slot_part(g_.nodes[g_.edges[k].to], to)};
            any_ = any_ || from != 0 || to != 0;
        }
    }

    /// Returns the crossings of the order it leaves, counted with ends at their ports; without
    /// ports and unless refining, it leaves the order alone and counts nothing (returns 0).
    double run() {
        if (!any_ && !refine_) {
            return 0;
        }
        update_slots();
        double best_crossings = count();
        auto best = g_.layers;
        for (std::size_t round = 0; round < 4 && best_crossings > 0; ++round) {
            for (std::size_t r = 1; r < g_.layers.size(); ++r) {
                sort_rank(r, true);
            }
            for (std::size_t r = g_.layers.size(); r-- > 1;) {
                sort_rank(r - 1, false);
            }
            if (refine_) {
                transpose();
            }
            const double crossings = count();
            if (crossings < best_crossings) {
                best = g_.layers;
                best_crossings = crossings;
            } else {
                break;
            }
        }
        g_.layers = std::move(best);
        return best_crossings;
    }

  private:
    void update_slots() {
        slot_.resize(g_.nodes.size());
        for (const auto& layer : g_.layers) {
            for (std::size_t i = 0; i < layer.size(); ++i) {
                slot_[layer[i]] = i;
            }
        }
    }

    // Sorts rank r by the mean position of each node's neighbours above (or below), ports
    // included; nodes without such neighbours keep their place, as in ordering.
    void sort_rank(std::size_t r, bool from_above) {
        auto& layer = g_.layers[r];
        std::size_t run_start = 0;
        for (std::size_t i = 1; i <= layer.size(); ++i) {
            if (i < layer.size() &&
                g_.node_cluster[layer[i]] == g_.node_cluster[layer[run_start]]) {
                continue;
            }
            std::vector<std::pair<double, std::size_t>> keyed; // (barycentre, index)
            std::vector<std::size_t> places;
            for (std::size_t j = run_start; j < i; ++j) {
                const NodeId v = layer[j];
                double sum = 0;
                double weight = 0;
                for (const EdgeId e : from_above ? g_.in_edges[v] : g_.out_edges[v]) {
                    sum += far_key(e, from_above) * g_.edges[e].weight;
                    weight += g_.edges[e].weight;
                }
                if (weight > 0 && !g_.nodes[v].pin) {
                    keyed.emplace_back(sum / weight, j);
                    places.push_back(j);
                }
            }
            std::stable_sort(keyed.begin(), keyed.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            std::vector<NodeId> moved;
            for (const auto& entry : keyed) {
                moved.push_back(layer[entry.second]);
            }
            for (std::size_t k = 0; k < places.size(); ++k) {
                layer[places[k]] = moved[k];
                slot_[moved[k]] = places[k];
            }
            run_start = i;
        }
    }

    // Where the far end of edge e lies in the rank above (or below): its node's slot, and the
    // port's part of it on a block.
    double far_key(EdgeId e, bool above) const {
        const LEdge& edge = g_.edges[e];
        return above ? static_cast<double>(slot_[edge.from]) + fraction_[e].first
                     : static_cast<double>(slot_[edge.to]) + fraction_[e].second;
    }

    // Weighted crossings among the edges of u and of v with the ranks above and below, with u
    // standing left of v.
    double pair_crossings(NodeId u, NodeId v) const {
        double total = 0;
        for (const bool above : {true, false}) {
            const auto& of_u = above ? g_.in_edges[u] : g_.out_edges[u];
            const auto& of_v = above ? g_.in_edges[v] : g_.out_edges[v];
            for (const EdgeId a : of_u) {
                const double key = far_key(a, above);
                for (const EdgeId b : of_v) {
                    if (far_key(b, above) < key) {
                        total += g_.edges[a].weight * g_.edges[b].weight;
                    }
                }
            }
        }
        return total;
    }

    // Swaps neighbours in one cluster (neither of them held) while that removes crossings.
    void transpose() {
        bool improved = true;
        for (std::size_t pass = 0; improved && pass < 8; ++pass) {
            improved = false;
            for (auto& layer : g_.layers) {
                for (std::size_t i = 0; i + 1 < layer.size(); ++i) {
                    const NodeId u = layer[i];
                    const NodeId v = layer[i + 1];
                    if (g_.node_cluster[u] != g_.node_cluster[v] || g_.nodes[u].pin ||
                        g_.nodes[v].pin || pair_crossings(v, u) >= pair_crossings(u, v)) {
                        continue;
                    }
                    std::swap(layer[i], layer[i + 1]);
                    slot_[v] = i;
                    slot_[u] = i + 1;
                    improved = true;
                }
            }
        }
    }

    // Crossings between consecutive ranks, with edge ends on one block ordered by their ports.
    // Per gap: ends sorted by upper key, then lower; a crossing is an earlier end whose lower
    // key is strictly greater (a Fenwick tree over the lower keys' ranks), so ends that share
    // a key never count, as in ordering.
    double count() {
        double total = 0;
        for (const auto& layer : g_.layers) {
            ends_.clear();
            for (const NodeId v : layer) {
                for (const EdgeId e : g_.out_edges[v]) {
                    const LEdge& edge = g_.edges[e];
                    ends_.push_back({static_cast<double>(slot_[v]) + fraction_[e].first,
                                     static_cast<double>(slot_[edge.to]) + fraction_[e].second,
                                     edge.weight, 0});
                }
            }
            if (ends_.size() < 2) {
                continue;
            }
            lower_keys_.clear();
            for (const End& end : ends_) {
                lower_keys_.push_back(end.lower);
            }
            std::sort(lower_keys_.begin(), lower_keys_.end());
            lower_keys_.erase(std::unique(lower_keys_.begin(), lower_keys_.end()),
                              lower_keys_.end());
            for (End& end : ends_) {
                end.lower_rank = static_cast<std::size_t>(
                    std::lower_bound(lower_keys_.begin(), lower_keys_.end(), end.lower) -
                    lower_keys_.begin());
            }
            std::sort(ends_.begin(), ends_.end(), [](const End& a, const End& b) {
                return a.upper != b.upper ? a.upper < b.upper : a.lower < b.lower;
            });
            const std::size_t width = lower_keys_.size();
            tree_.assign(width + 1, 0);
            double inserted = 0;
            for (const End& end : ends_) {
                double at_most = 0; // inserted weight with a lower key ≤ this one's
                for (std::size_t k = end.lower_rank + 1; k > 0; k -= k & (~k + 1)) {
                    at_most += tree_[k];
                }
                total += end.weight * (inserted - at_most);
                for (std::size_t k = end.lower_rank + 1; k <= width; k += k & (~k + 1)) {
                    tree_[k] += end.weight;
                }
                inserted += end.weight;
            }
        }
        return total;
    }

    struct End {
        double upper;
        double lower;
        double weight;
        std::size_t lower_rank;
    };

    LayeredGraph& g_;
    std::vector<std::pair<double, double>> fraction_; ///< per edge: port part of each end
    std::vector<std::size_t> slot_;
    std::vector<End> ends_;
    std::vector<double> lower_keys_;
    std::vector<double> tree_;
    bool any_ = false;
    bool refine_ = false;
};

// Puts each rank's held nodes in the order of their keys, in the slots they hold.
void order_held(LayeredGraph& graph) {
    for (auto& layer : graph.layers) {
        std::vector<std::size_t> slots;
        std::vector<NodeId> held;
        for (std::size_t i = 0; i < layer.size(); ++i) {
            if (graph.nodes[layer[i]].pin) {
                slots.push_back(i);
                held.push_back(layer[i]);
            }
        }
        std::stable_sort(held.begin(), held.end(), [&](NodeId a, NodeId b) {
            return *graph.nodes[a].pin < *graph.nodes[b].pin;
        });
        for (std::size_t k = 0; k < slots.size(); ++k) {
            layer[slots[k]] = held[k];
        }
    }
}

// Orders the whole level from `start`, scope by scope, then level-wide; with `refine`, returns
// the crossings of the order left in graph.layers (counted as PortSweeps counts them).
double order_level(LayeredGraph& graph, const OrderingOptions& options, Layers start, bool refine) {
    graph.layers = std::move(start);
    make_contiguous(graph, graph.layers);
    order_held(graph);
    // Scopes from the outside in: the graph, then clusters with parents before children.
    std::vector<std::size_t> scopes{none};
    for (std::size_t i = 0; i < scopes.size(); ++i) {
        for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
            if (graph.clusters[c].parent == scopes[i]) {
                scopes.push_back(c);
            }
        }
    }
    for (std::size_t scope : scopes) {
        order_scope(graph, scope, options);
    }
    order_parallel_chains_by_ports(graph);
    return PortSweeps(graph, refine).run();
}

// Orders the level `count` more times, from shuffled versions of `first`, on all cores at
// once (they are independent of each other). The starts bring the variety: no scope restarts
// from shuffled orders of its own.
std::vector<Run> shuffled_runs(const LayeredGraph& graph, const OrderingOptions& options,
                               const Layers& first, std::size_t count, bool refine) {
    OrderingOptions again = options;
    again.max_restarts = 0;
    std::vector<Run> runs(count);
    share_out(
        runs.size(), 2,
        [&](std::size_t k, std::size_t) {
            LayeredGraph copy = graph;
            runs[k].crossings = order_level(copy, again, shuffled_order(first, k), refine);
            runs[k].layers = std::move(copy.layers);
        },
        1);
    return runs;
}

} // namespace

void order_nodes(LayeredGraph& graph, const OrderingOptions& options) {
    const bool small = graph.real_count <= options.fresh_start_nodes;
    const Layers first = depth_first_order(graph);
    const bool fresh_starts = options.fresh_starts > 0 && !graph.clusters.empty() && small;
    const double first_crossings = order_level(graph, options, first, fresh_starts);
    graph.tied_orders.clear();
    if (fresh_starts && first_crossings > 0) {
        // Each scope keeps the best of its own restarts, judged by its own crossings; but how
        // a cluster is ordered inside depends on where the scope around it put the cluster's
        // edges, and a scope cannot see the crossings inside its nested clusters. On small
        // levels with clusters, whole orderings from shuffled starts are cheap, and the first
        // with the fewest crossings in the whole level is kept.
        const std::vector<Run> runs =
            shuffled_runs(graph, options, first, options.fresh_starts, true);
        const Run* best = nullptr;
        for (const Run& run : runs) {
            if (run.crossings < (best != nullptr ? best->crossings : first_crossings)) {
                best = &run;
            }
        }
        if (best != nullptr) {
            graph.layers = best->layers;
        }
    } else if (options.tie_starts > 0 && graph.offer_tied_orders && graph.clusters.empty() &&
               small &&
               std::any_of(graph.layers.begin(), graph.layers.end(),
                           [](const auto& layer) { return layer.size() > 1; }) &&
               count_crossings(graph, graph.layers) == 0) {
        // A small level without clusters that crosses nothing can still be drawn in several
        // ways that cross nothing; shuffled starts find some, and they go to the level's
        // choice (LayeredGraph::tied_orders, levels.cpp). Such levels order in no time; levels with
        // crossings keep their restarts' best, as before.
        const std::vector<Run> runs =
            shuffled_runs(graph, options, first, options.tie_starts, false);
        for (const Run& run : runs) {
            if (run.layers != graph.layers && count_crossings(graph, run.layers) == 0 &&
                std::find(graph.tied_orders.begin(), graph.tied_orders.end(), run.layers) ==
                    graph.tied_orders.end()) {
                graph.tied_orders.push_back(run.layers);
            }
        }
    }
    graph.number_orders();
}

bool clusters_contiguous(const LayeredGraph& graph) {
    for (std::size_t c = 0; c < graph.clusters.size(); ++c) {
        for (const auto& layer : graph.layers) {
            bool started = false;
            bool ended = false;
            for (NodeId v : layer) {
                const bool in = within(graph, graph.node_cluster[v], c);
                if (in && ended) {
                    return false;
                }
                if (in) {
                    started = true;
                } else if (started) {
                    ended = true;
                }
            }
        }
    }
    return true;
}

} // namespace merrow::layout::detail
