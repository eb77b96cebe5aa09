// Each phase's postcondition, checked right after the phase runs, over hand-made graphs and a
// seeded family of random graphs (cycles, labels, self-loops, long and parallel edges).
#include "layered_graph.hpp"
#include "phases/crossings.hpp"
#include "phases/cycles.hpp"
#include "phases/normalize.hpp"
#include "phases/ordering.hpp"
#include "phases/positioning.hpp"
#include "phases/ranking.hpp"
#include "pipeline.hpp"
#include "random_graph.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

using namespace merrow::layout;
using namespace merrow::layout::detail;

namespace {

std::vector<Graph> corpus() {
    std::vector<Graph> graphs;
    // The tier diagram's shape: a labelled chain.
    Graph tier;
    for (int i = 0; i < 5; ++i) {
        tier.nodes.push_back({"G" + std::to_string(i), {260, 78}, Outline::box, {}});
    }
    for (std::size_t i = 0; i + 1 < 5; ++i) {
        tier.edges.push_back({{i, false}, {i + 1, false}, Size{120, 24}, 1, 1});
    }
    graphs.push_back(tier);
    // A cycle with a self-loop and parallel edges.
    Graph cyc;
    for (int i = 0; i < 4; ++i) {
        cyc.nodes.push_back({"c" + std::to_string(i), {60, 40}, Outline::box, {}});
    }
    cyc.edges = {{{0, false}, {1, false}, {}, 1, 1}, {{1, false}, {2, false}, {}, 1, 1},
                 {{2, false}, {0, false}, {}, 1, 1}, {{2, false}, {2, false}, Size{40, 24}, 1, 1},
                 {{0, false}, {3, false}, {}, 1, 1}, {{0, false}, {3, false}, {}, 1, 1},
                 {{3, false}, {0, false}, {}, 1, 1}};
    graphs.push_back(cyc);
    merrow::test::RandomGraphSpec spec;
    for (unsigned seed = 1; seed <= 30; ++seed) {
        spec.nodes = 5 + seed * 3;
        spec.label_share = (seed % 3 == 0) ? 0.0 : 0.3;
        graphs.push_back(merrow::test::random_graph(seed, spec));
    }
    return graphs;
}

const Options default_options{};

// The graph through every phase up to positioning, with the default options.
PipelineState positioned(const Graph& g) {
    PipelineState s = prepare(g, default_options);
    for (Phase p :
         {Phase::cycles, Phase::ranking, Phase::normalize, Phase::ordering, Phase::positioning}) {
        run_phase(s, p, default_options);
    }
    return s;
}

} // namespace

TEST_CASE("cycle removal leaves a DAG and marks what it reversed", "[layout][phase]") {
    for (const Graph& g : corpus()) {
        PipelineState s = prepare(g, default_options);
        const auto before = s.graph.edges;
        run_phase(s, Phase::cycles, default_options);
        REQUIRE(is_acyclic(s.graph));
        for (std::size_t i = 0; i < before.size(); ++i) {
            const LEdge& now = s.graph.edges[i];
            const bool swapped = now.from != before[i].from;
            CHECK(swapped == s.graph.chains[now.origin].reversed);
        }
    }
}

TEST_CASE("cycle removal keeps the first-written direction of a simple cycle", "[layout][phase]") {
    Graph g;
    for (int i = 0; i < 3; ++i) {
        g.nodes.push_back({"n" + std::to_string(i), {40, 40}, Outline::box, {}});
    }
    g.edges = {{{0, false}, {1, false}, {}, 1, 1},
               {{1, false}, {2, false}, {}, 1, 1},
               {{2, false}, {0, false}, {}, 1, 1}};
    PipelineState s = prepare(g, default_options);
    run_phase(s, Phase::cycles, default_options);
    CHECK_FALSE(s.graph.chains[0].reversed);
    CHECK_FALSE(s.graph.chains[1].reversed);
    CHECK(s.graph.chains[2].reversed);
}

TEST_CASE("ranking respects every minimum length", "[layout][phase]") {
    for (const Graph& g : corpus()) {
        PipelineState s = prepare(g, default_options);
        run_phase(s, Phase::cycles, default_options);
        run_phase(s, Phase::ranking, default_options);
        int lowest = 1 << 30;
        for (const LNode& n : s.graph.nodes) {
            lowest = std::min(lowest, n.rank);
        }
        CHECK(lowest == 0);
        for (const LEdge& e : s.graph.edges) {
            CHECK(s.graph.nodes[e.to].rank - s.graph.nodes[e.from].rank >= e.min_length);
        }
    }
}

TEST_CASE("ranking puts a separated edge end past its cluster, unless that closes a cycle",
          "[layout][phase]") {
    // Cluster 0 holds p → q; u → v runs beside it. Without a separation u and v share the
    // cluster's two ranks.
    auto make = [] {
        LayeredGraph g;
        g.clusters.emplace_back();
        const NodeId p = g.add_node({}, 0);
        const NodeId q = g.add_node({}, 0);
        const NodeId u = g.add_node({});
        const NodeId v = g.add_node({});
        g.real_count = g.nodes.size();
        g.add_edge(p, q, none, 1, 1);
        g.add_edge(u, v, none, 1, 1);
        g.rebuild_adjacency();
        return g;
    };
    constexpr NodeId u = 2;
    constexpr NodeId v = 3;
    {
        LayeredGraph g = make();
        assign_ranks(g);
        CHECK(g.nodes[v].rank <= g.clusters[0].bottom_rank);
    }
    {
        LayeredGraph g = make();
        g.separations.push_back({v, 0, true});
        assign_ranks(g);
        CHECK(g.nodes[v].rank > g.clusters[0].bottom_rank);
        CHECK(g.nodes[v].rank - g.nodes[u].rank >= 1);
    }
    {
        LayeredGraph g = make();
        g.separations.push_back({u, 0, false});
        assign_ranks(g);
        CHECK(g.nodes[u].rank < g.clusters[0].top_rank);
        CHECK(g.nodes[v].rank - g.nodes[u].rank >= 1);
    }
    {
        // v → p: v above the cluster, so v below it would be a cycle; the separation is
        // dropped and every edge keeps its minimum length.
        LayeredGraph g = make();
        g.add_edge(v, 0, none, 1, 1);
        g.rebuild_adjacency();
        g.separations.push_back({v, 0, true});
        assign_ranks(g);
        for (const LEdge& e : g.edges) {
            CHECK(g.nodes[e.to].rank - g.nodes[e.from].rank >= e.min_length);
        }
        CHECK(g.nodes[v].rank < g.clusters[0].top_rank);
    }
}

TEST_CASE("labelled graphs double the ranks so labels get their own rank", "[layout][phase]") {
    const Graph tier = corpus().front();
    PipelineState s = prepare(tier, default_options);
    CHECK(s.graph.rank_factor == 2);
    for (Phase p : {Phase::cycles, Phase::ranking, Phase::normalize}) {
        run_phase(s, p, default_options);
    }
    for (std::size_t e = 0; e < tier.edges.size(); ++e) {
        const EdgeChain& chain = s.graph.chains[e];
        REQUIRE(chain.label_node != none);
        CHECK(s.graph.nodes[chain.label_node].kind == NodeKind::label);
        CHECK(s.graph.nodes[chain.label_node].rank == s.graph.nodes[chain.nodes.front()].rank + 1);
    }
}

TEST_CASE("normalisation makes the graph properly layered", "[layout][phase]") {
    for (const Graph& g : corpus()) {
        PipelineState s = prepare(g, default_options);
        for (Phase p : {Phase::cycles, Phase::ranking, Phase::normalize}) {
            run_phase(s, p, default_options);
        }
        REQUIRE(is_properly_layered(s.graph));
        for (std::size_t e = 0; e < g.edges.size(); ++e) {
            const EdgeChain& chain = s.graph.chains[e];
            if (chain.self_loop) {
                continue;
            }
            // Consecutive chain nodes sit on consecutive ranks.
            for (std::size_t i = 1; i < chain.nodes.size(); ++i) {
                CHECK(s.graph.nodes[chain.nodes[i]].rank ==
                      s.graph.nodes[chain.nodes[i - 1]].rank + 1);
            }
            CHECK((chain.label_node != none) == g.edges[e].label.has_value());
        }
    }
}

TEST_CASE("ordering permutes each rank and never ends worse than it started", "[layout][phase]") {
    for (const Graph& g : corpus()) {
        PipelineState s = prepare(g, default_options);
        for (Phase p : {Phase::cycles, Phase::ranking, Phase::normalize}) {
            run_phase(s, p, default_options);
        }
        auto sorted_layers = s.graph.layers;
        for (auto& layer : sorted_layers) {
            std::sort(layer.begin(), layer.end());
        }
        run_phase(s, Phase::ordering, default_options);
        for (std::size_t r = 0; r < s.graph.layers.size(); ++r) {
            auto layer = s.graph.layers[r];
            for (std::size_t i = 0; i < layer.size(); ++i) {
                CHECK(s.graph.nodes[layer[i]].order == i);
                CHECK(s.graph.nodes[layer[i]].rank == static_cast<int>(r));
            }
            std::sort(layer.begin(), layer.end());
            CHECK(layer == sorted_layers[r]);
            CHECK_FALSE(layer.empty());
        }
    }
}

TEST_CASE("ordering removes all crossings from a graph that has a planar order",
          "[layout][phase]") {
    // Two chains written crosswise: a0→b1, a1→b0 with a0 left of a1 forces a crossing unless
    // the second rank is reordered.
    Graph g;
    for (const char* id : {"a0", "a1", "b0", "b1", "c0", "c1"}) {
        g.nodes.push_back({id, {40, 40}, Outline::box, {}});
    }
    g.edges = {{{0, false}, {3, false}, {}, 1, 1},
               {{1, false}, {2, false}, {}, 1, 1},
               {{3, false}, {4, false}, {}, 1, 1},
               {{2, false}, {5, false}, {}, 1, 1},
               {{0, false}, {2, false}, {}, 1, 1}};
    PipelineState s = prepare(g, default_options);
    for (Phase p : {Phase::cycles, Phase::ranking, Phase::normalize, Phase::ordering}) {
        run_phase(s, p, default_options);
    }
    CHECK(count_crossings(s.graph, s.graph.layers) == 0);
}

TEST_CASE("ordering keeps held nodes in the order of their keys even where that costs crossings",
          "[layout][phase]") {
    // A block's ports held by where their edges go outside (levels.cpp): every node of the
    // last rank is held, in the reverse of the order ordering would choose; then the lower
    // pair of two parallel edges is held crosswise, and the free upper pair must follow.
    for (const Graph& g : corpus()) {
        PipelineState s = prepare(g, default_options);
        for (Phase p : {Phase::cycles, Phase::ranking, Phase::normalize}) {
            run_phase(s, p, default_options);
        }
        PipelineState free = s;
        run_phase(free, Phase::ordering, default_options);
        for (std::size_t i = 0; i < free.graph.layers.back().size(); ++i) {
            s.graph.nodes[free.graph.layers.back()[i]].pin = -static_cast<double>(i);
        }
        run_phase(s, Phase::ordering, default_options);
        const auto& last = s.graph.layers.back();
        REQUIRE(last.size() == free.graph.layers.back().size());
        for (std::size_t i = 0; i + 1 < last.size(); ++i) {
            CHECK(*s.graph.nodes[last[i]].pin < *s.graph.nodes[last[i + 1]].pin);
        }
        for (std::size_t i = 0; i < last.size(); ++i) {
            CHECK(s.graph.nodes[last[i]].order == i);
        }
    }
    Graph g;
    for (const char* id : {"a0", "a1", "b0", "b1"}) {
        g.nodes.push_back({id, {40, 40}, Outline::box, {}});
    }
    g.edges = {{{0, false}, {2, false}, {}, 1, 1}, {{1, false}, {3, false}, {}, 1, 1}};
    PipelineState s = prepare(g, default_options);
    for (Phase p : {Phase::cycles, Phase::ranking, Phase::normalize}) {
        run_phase(s, p, default_options);
    }
    s.graph.nodes[2].pin = 1.0; // b0 right of b1
    s.graph.nodes[3].pin = 0.0;
    run_phase(s, Phase::ordering, default_options);
    CHECK(s.graph.nodes[3].order < s.graph.nodes[2].order);
    // The free first rank follows: a1 (to b1) goes left, so nothing crosses.
    CHECK(count_crossings(s.graph, s.graph.layers) == 0);
}

TEST_CASE("fresh starts of a small level with clusters never end worse and often end better",
          "[layout][phase]") {
    // A scope orders the edges leaving a nested cluster without seeing which of its nodes they
    // come from; whole orderings from other starts find combinations it cannot.
    merrow::test::RandomGraphSpec spec;
    spec.nodes = 24;
    spec.clusters = 4;
    spec.label_share = 0.3;
    std::size_t single_total = 0;
    std::size_t fresh_total = 0;
    std::size_t fewer = 0;
    for (unsigned seed = 1; seed <= 40; ++seed) {
        const Graph g = merrow::test::random_graph(seed, spec);
        PipelineState s = prepare(g, default_options);
        // The flat pipeline leaves clusters to the level engine; here they are laid out flat
        // in one level, as that engine does for clusters without a direction of their own.
        s.graph.clusters.resize(g.clusters.size());
        for (std::size_t c = 0; c < g.clusters.size(); ++c) {
            for (std::size_t child : g.clusters[c].clusters) {
                s.graph.clusters[child].parent = c;
                s.graph.clusters[c].children.push_back(child);
            }
            for (std::size_t n : g.clusters[c].nodes) {
                s.graph.node_cluster[n] = c;
            }
        }
        REQUIRE_FALSE(s.graph.clusters.empty());
        for (Phase p : {Phase::cycles, Phase::ranking, Phase::normalize}) {
            run_phase(s, p, default_options);
        }
        LayeredGraph single = s.graph;
        OrderingOptions once;
        once.fresh_starts = 0;
        order_nodes(single, once);
        order_nodes(s.graph);
        CHECK(clusters_contiguous(s.graph));
        const std::size_t a = count_crossings(single, single.layers);
        const std::size_t b = count_crossings(s.graph, s.graph.layers);
        CHECK(b <= a);
        single_total += a;
        fresh_total += b;
        fewer += b < a ? 1U : 0U;
    }
    // Measured when written: 35 of the 40 graphs gain, 1,750 → 1,447 crossings in all.
    CHECK(fewer >= 20);
    CHECK(fresh_total < single_total);
}

TEST_CASE("crossing count agrees with a brute-force count", "[layout][phase]") {
    for (const Graph& g : corpus()) {
        PipelineState s = prepare(g, default_options);
        for (Phase p : {Phase::cycles, Phase::ranking, Phase::normalize}) {
            run_phase(s, p, default_options);
        }
        std::vector<std::size_t> pos(s.graph.nodes.size());
        for (const auto& layer : s.graph.layers) {
            for (std::size_t i = 0; i < layer.size(); ++i) {
                pos[layer[i]] = i;
            }
        }
        std::size_t brute = 0;
        const auto& edges = s.graph.edges;
        for (std::size_t i = 0; i < edges.size(); ++i) {
            for (std::size_t j = i + 1; j < edges.size(); ++j) {
                const LEdge& a = edges[i];
                const LEdge& b = edges[j];
                if (s.graph.nodes[a.from].rank != s.graph.nodes[b.from].rank) {
                    continue;
                }
                const long du = static_cast<long>(pos[a.from]) - static_cast<long>(pos[b.from]);
                const long dl = static_cast<long>(pos[a.to]) - static_cast<long>(pos[b.to]);
                if ((du < 0 && dl > 0) || (du > 0 && dl < 0)) {
                    ++brute;
                }
            }
        }
        CHECK(count_crossings(s.graph, s.graph.layers) == brute);
    }
}

TEST_CASE("positioning keeps neighbours apart and ranks in separate bands", "[layout][phase]") {
    for (const Graph& g : corpus()) {
        PipelineState s = prepare(g, default_options);
        for (Phase p : {Phase::cycles, Phase::ranking, Phase::normalize, Phase::ordering,
                        Phase::positioning}) {
            run_phase(s, p, default_options);
        }
        const SpacingOptions spacing{default_options.node_spacing, default_options.rank_spacing,
                                     default_options.edge_spacing};
        double leftmost = 1e300;
        for (std::size_t r = 0; r < s.graph.layers.size(); ++r) {
            const auto& layer = s.graph.layers[r];
            for (std::size_t i = 0; i < layer.size(); ++i) {
                const LNode& n = s.graph.nodes[layer[i]];
                leftmost = std::min(leftmost, n.x - n.size.width / 2);
                CHECK(n.y - n.size.height / 2 >= s.graph.rank_top[r] - 1e-6);
                CHECK(n.y + n.size.height / 2 <= s.graph.rank_bottom[r] + 1e-6);
                if (i > 0) {
                    const LNode& left = s.graph.nodes[layer[i - 1]];
                    CHECK(n.x - left.x >=
                          separation(s.graph, layer[i - 1], layer[i], spacing) - 1e-6);
                }
            }
            if (r > 0) {
                // The usual gap, taller below a fan of three or more edges that all travel
                // more than three gaps to one side: half the edge spacing per edge but one.
                const double gap = default_options.rank_spacing / s.graph.rank_factor;
                std::size_t widest = 0;
                auto fan = [&](NodeId v, bool down) {
                    const auto& edges = down ? s.graph.out_edges[v] : s.graph.in_edges[v];
                    std::size_t left = 0;
                    std::size_t right = 0;
                    for (EdgeId id : edges) {
                        const LEdge& e = s.graph.edges[id];
                        const double dx =
                            s.graph.nodes[down ? e.to : e.from].x - s.graph.nodes[v].x;
                        left += dx < -3 * gap ? 1 : 0;
                        right += dx > 3 * gap ? 1 : 0;
                    }
                    if (left == edges.size() || right == edges.size()) {
                        widest = std::max(widest, edges.size());
                    }
                };
                for (NodeId v : s.graph.layers[r - 1]) {
                    fan(v, true);
                }
                for (NodeId v : layer) {
                    fan(v, false);
                }
                const double fan_room =
                    widest > 2 ? static_cast<double>(widest - 1) * spacing.edge_spacing / 2 : 0;
                CHECK(s.graph.rank_top[r] - s.graph.rank_bottom[r - 1] == Approx(gap + fan_room));
            }
        }
        CHECK(leftmost == Approx(0).margin(1e-6));
    }
}

TEST_CASE("a root sits midway between its children, a sink between its parents, a path node "
          "in line",
          "[layout][phase]") {
    // r → a, r → b with a narrow and b wide: any x for r between theirs costs the same, and the
    // solver alone put r above one of them. a and b both → s likewise. c → m → d: m keeps an
    // edge straight rather than bending both.
    Graph g;
    g.nodes = {{"r", {80, 40}, Outline::box, {}},  {"a", {60, 40}, Outline::box, {}},
               {"b", {300, 40}, Outline::box, {}}, {"s", {80, 40}, Outline::box, {}},
               {"c", {60, 40}, Outline::box, {}},  {"m", {60, 40}, Outline::box, {}},
               {"d", {60, 40}, Outline::box, {}}};
    g.edges = {{{0, false}, {1, false}, {}, 1, 1}, {{0, false}, {2, false}, {}, 1, 1},
               {{1, false}, {3, false}, {}, 1, 1}, {{2, false}, {3, false}, {}, 1, 1},
               {{4, false}, {5, false}, {}, 1, 1}, {{5, false}, {6, false}, {}, 1, 1},
               {{1, false}, {6, false}, {}, 1, 1}};
    const PipelineState s = positioned(g);
    const auto x = [&](NodeId v) {
        return s.graph.nodes[v].x;
    };
    CHECK(x(0) == Approx((x(1) + x(2)) / 2));
    CHECK(x(3) == Approx((x(1) + x(2)) / 2));
    CHECK((x(5) == Approx(x(4)) || x(5) == Approx(x(6))));
}

namespace {

// p → h, q → h, h → u, h → w, p and u narrow, q and w wide: any x for h between the two
// sides costs the same. `label` goes on p → h.
Graph hub_graph(std::optional<Size> label = std::nullopt) {
    Graph g;
    g.nodes = {{"p", {60, 40}, Outline::box, {}},
               {"q", {300, 40}, Outline::box, {}},
               {"h", {80, 40}, Outline::box, {}},
               {"u", {60, 40}, Outline::box, {}},
               {"w", {300, 40}, Outline::box, {}}};
    g.edges = {{{0, false}, {2, false}, label, 1, 1},
               {{1, false}, {2, false}, {}, 1, 1},
               {{2, false}, {3, false}, {}, 1, 1},
               {{2, false}, {4, false}, {}, 1, 1}};
    return g;
}

} // namespace

TEST_CASE("a hub with two parents and two children sits midway between them", "[layout][phase]") {
    // The solver alone put h in line with p and u, bending only the wide nodes' edges.
    const PipelineState s = positioned(hub_graph());
    const auto x = [&](NodeId v) {
        return s.graph.nodes[v].x;
    };
    INFO("p " << x(0) << " q " << x(1) << " h " << x(2) << " u " << x(3) << " w " << x(4));
    CHECK(x(2) == Approx((x(0) + x(1)) / 2).margin(1));
    CHECK(x(2) == Approx((x(3) + x(4)) / 2).margin(1));
}

TEST_CASE("a hub sits midway also where a label elsewhere gives every edge a middle rank",
          "[layout][phase]") {
    // With p → h labelled every edge spans two ranks, through the label or through a plain
    // dummy, and is still one step of the input; h was left in line with p and u as if its
    // edges were long.
    const PipelineState s = positioned(hub_graph(Size{40, 14}));
    REQUIRE(s.graph.rank_factor == 2);
    const auto x = [&](NodeId v) {
        return s.graph.nodes[v].x;
    };
    INFO("p " << x(0) << " q " << x(1) << " h " << x(2) << " u " << x(3) << " w " << x(4));
    CHECK(x(2) == Approx((x(3) + x(4)) / 2).margin(1));
}

TEST_CASE("a root's path into a branching node moves with it between the branches",
          "[layout][phase]") {
    // s → d → a and d → b, a narrow and b wide (a decision under its start): d's least cost
    // lies anywhere between a and b, but s held it in line with one of them, and s in turn
    // sat above d. Both move to the middle, the edge between them straight.
    Graph g;
    g.nodes = {{"s", {60, 40}, Outline::box, {}},
               {"d", {80, 40}, Outline::box, {}},
               {"a", {60, 40}, Outline::box, {}},
               {"b", {300, 40}, Outline::box, {}}};
    g.edges = {{{0, false}, {1, false}, {}, 1, 1},
               {{1, false}, {2, false}, {}, 1, 1},
               {{1, false}, {3, false}, {}, 1, 1}};
    const PipelineState s = positioned(g);
    const auto x = [&](NodeId v) {
        return s.graph.nodes[v].x;
    };
    INFO("s " << x(0) << " d " << x(1) << " a " << x(2) << " b " << x(3));
    CHECK(x(1) == Approx((x(2) + x(3)) / 2).margin(1));
    CHECK(x(0) == Approx(x(1)));
}

TEST_CASE("long edges run straight through their dummies where nothing is in the way",
          "[layout][phase]") {
    // a → b → c → d plus a → d (length 3): the long edge's two dummies line up.
    Graph g;
    for (const char* id : {"a", "b", "c", "d"}) {
        g.nodes.push_back({id, {60, 40}, Outline::box, {}});
    }
    g.edges = {{{0, false}, {1, false}, {}, 1, 1},
               {{1, false}, {2, false}, {}, 1, 1},
               {{2, false}, {3, false}, {}, 1, 1},
               {{0, false}, {3, false}, {}, 1, 1}};
    const PipelineState s = positioned(g);
    const EdgeChain& chain = s.graph.chains[3];
    REQUIRE(chain.nodes.size() == 4);
    CHECK(s.graph.nodes[chain.nodes[1]].x == Approx(s.graph.nodes[chain.nodes[2]].x));
}
