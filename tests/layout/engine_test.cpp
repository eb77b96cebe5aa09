// The whole engine: geometric defects (what layout_metrics.py checks), all four directions,
// determinism, and the routes' contract.
#include "layout_checks.hpp"
#include "levels.hpp"
#include "merrow/layout/engine.hpp"
#include "random_graph.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace merrow::layout;
using merrow::test::find_defects;

namespace {

Graph tier_graph() {
    Graph g;
    const double widths[] = {260, 241, 250, 245, 260};
    const double heights[] = {78, 54, 78, 78, 78};
    for (int i = 0; i < 5; ++i) {
        g.nodes.push_back({"G" + std::to_string(i), {widths[i], heights[i]}, Outline::box, {}});
    }
    for (std::size_t i = 0; i + 1 < 5; ++i) {
        g.edges.push_back({{i, false}, {i + 1, false}, Size{110, 24}, 1, 1});
    }
    return g;
}

std::string describe(const merrow::test::LayoutDefects& d) {
    std::string s;
    for (std::size_t i = 0; i < d.details.size() && i < 10; ++i) {
        s += d.details[i] + "\n";
    }
    return s;
}

} // namespace

TEST_CASE("the tier diagram stacks its nodes with labels between them", "[layout][engine]") {
    const Graph g = tier_graph();
    const Layout l = layout_graph(g, {});
    const auto defects = find_defects(g, l);
    INFO(describe(defects));
    CHECK(defects.total() == 0);
    for (std::size_t i = 0; i + 1 < l.nodes.size(); ++i) {
        const Rect& upper = l.nodes[i];
        const Rect& lower = l.nodes[i + 1];
        CHECK(upper.center().x == Approx(lower.center().x));
        // rank gap 25 + label 24 + rank gap 25
        CHECK(lower.y - upper.bottom() == Approx(74));
        const Rect label = *l.edges[i].label;
        CHECK(label.y == Approx(upper.bottom() + 25));
        CHECK(label.center().x == Approx(upper.center().x));
        // A straight vertical edge from the bottom of one node to the top of the next.
        CHECK(l.edges[i].points.front().y == Approx(upper.bottom()));
        CHECK(l.edges[i].points.back().y == Approx(lower.y));
        for (const Point& p : l.edges[i].points) {
            CHECK(p.x == Approx(upper.center().x));
        }
    }
    CHECK(l.bounds.x == 0);
    CHECK(l.bounds.y == 0);
}

TEST_CASE("all four directions lay out without defects", "[layout][engine]") {
    merrow::test::RandomGraphSpec spec;
    for (Direction d : {Direction::TB, Direction::BT, Direction::LR, Direction::RL}) {
        for (unsigned seed = 100; seed < 112; ++seed) {
            spec.nodes = 6 + (seed % 7) * 4;
            const Graph g = merrow::test::random_graph(seed, spec);
            Options o;
            o.direction = d;
            const Layout l = layout_graph(g, o);
            const auto defects = find_defects(g, l);
            INFO("seed " << seed << " direction " << static_cast<int>(d) << "\n"
                         << describe(defects));
            CHECK(defects.total() == 0);
        }
    }
}

TEST_CASE("directions put ranks along the flow", "[layout][engine]") {
    Graph g;
    g.nodes = {{"a", {80, 40}, Outline::box, {}}, {"b", {80, 40}, Outline::box, {}}};
    g.edges = {{{0, false}, {1, false}, {}, 1, 1}};
    auto run = [&](Direction d) {
        Options o;
        o.direction = d;
        return layout_graph(g, o);
    };
    const Layout tb = run(Direction::TB);
    CHECK(tb.nodes[1].y > tb.nodes[0].bottom());
    const Layout bt = run(Direction::BT);
    CHECK(bt.nodes[0].y > bt.nodes[1].bottom());
    const Layout lr = run(Direction::LR);
    CHECK(lr.nodes[1].x > lr.nodes[0].right());
    CHECK(lr.nodes[0].width == 80);
    CHECK(lr.nodes[0].height == 40);
    CHECK(lr.nodes[1].x - lr.nodes[0].right() == Approx(50));
    const Layout rl = run(Direction::RL);
    CHECK(rl.nodes[0].x > rl.nodes[1].right());
}

TEST_CASE("layouts are deterministic", "[layout][engine]") {
    merrow::test::RandomGraphSpec spec;
    spec.nodes = 60;
    const Graph g = merrow::test::random_graph(7, spec);
    const Layout a = layout_graph(g, {});
    const Layout b = layout_graph(g, {});
    REQUIRE(a.nodes.size() == b.nodes.size());
    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        CHECK(a.nodes[i] == b.nodes[i]);
    }
    for (std::size_t e = 0; e < a.edges.size(); ++e) {
        CHECK(a.edges[e].points == b.edges[e].points);
    }
}

TEST_CASE("self-loops and parallel edges are drawn apart", "[layout][engine]") {
    Graph g;
    g.nodes = {{"a", {80, 40}, Outline::box, {}}, {"b", {80, 40}, Outline::box, {}}};
    g.edges = {{{0, false}, {1, false}, {}, 1, 1},
               {{0, false}, {1, false}, {}, 1, 1},
               {{1, false}, {0, false}, {}, 1, 1},
               {{0, false}, {0, false}, Size{30, 24}, 1, 1},
               {{0, false}, {0, false}, {}, 1, 1}};
    const Layout l = layout_graph(g, {});
    const auto defects = find_defects(g, l);
    INFO(describe(defects));
    CHECK(defects.total() == 0);
    CHECK(l.edges[0].points.front() != l.edges[1].points.front());
    CHECK(l.edges[0].points.back() != l.edges[1].points.back());
    CHECK(l.edges[3].points != l.edges[4].points);
    // The loops leave and re-enter the right side of their node.
    CHECK(l.edges[3].points.front().x == Approx(l.nodes[0].right()));
    REQUIRE(l.edges[3].label);
    CHECK_FALSE(l.edges[3].label->overlaps(l.nodes[0]));
}

TEST_CASE("edges end on the outline of diamonds and circles", "[layout][engine]") {
    Graph g;
    g.nodes = {{"d", {100, 100}, Outline::diamond, {}}, {"c", {60, 60}, Outline::ellipse, {}}};
    g.edges = {{{0, false}, {1, false}, {}, 1, 1}};
    const Layout l = layout_graph(g, {});
    const Point start = l.edges[0].points.front();
    const Point end = l.edges[0].points.back();
    CHECK(start.y == Approx(l.nodes[0].bottom()).margin(1e-6));
    CHECK(end.y == Approx(l.nodes[1].y).margin(1e-6));
}

TEST_CASE("malformed graphs are refused, not crashed on", "[layout][engine]") {
    Graph g;
    g.nodes = {{"a", {10, 10}, Outline::box, {}}};
    g.edges = {{{0, false}, {5, false}, {}, 1, 1}};
    CHECK_THROWS_AS(layout_graph(g, {}), std::invalid_argument);
    g.edges.clear();
    g.nodes[0].size.width = -1;
    CHECK_THROWS_AS(layout_graph(g, {}), std::invalid_argument);
    CHECK(layout_graph(Graph{}, {}).nodes.empty());
}

TEST_CASE("clusters keep their members together and every other edge out", "[layout][clusters]") {
    merrow::test::RandomGraphSpec spec;
    for (Direction d : {Direction::TB, Direction::LR, Direction::BT, Direction::RL}) {
        for (unsigned seed = 200; seed < 212; ++seed) {
            spec.nodes = 12 + (seed % 5) * 6;
            spec.clusters = 2 + seed % 4;
            const Graph g = merrow::test::random_graph(seed, spec);
            Options o;
            o.direction = d;
            const Layout l = layout_graph(g, o);
            const auto defects = find_defects(g, l);
            INFO("seed " << seed << " direction " << static_cast<int>(d) << "\n"
                         << describe(defects));
            CHECK(defects.total() == 0);
        }
    }
}

TEST_CASE("a separation makes an edge pass the end of a cluster, in every direction",
          "[layout][clusters]") {
    // Cluster {p → q} and the edge u → v, which would otherwise run beside it on its ranks.
    Graph g;
    for (const char* id : {"p", "q", "u", "v"}) {
        g.nodes.push_back({id, {60, 40}, Outline::box, {}});
    }
    g.edges = {{{0, false}, {1, false}, {}, 1, 1}, {{2, false}, {3, false}, {}, 1, 1}};
    g.clusters = {{"c", {0, 1}, {}, {40, 24}, {}}};
    for (Direction d : {Direction::TB, Direction::BT, Direction::LR, Direction::RL}) {
        Options o;
        o.direction = d;
        const std::vector<bool> flat(1, false);
        // Along the flow: how far down (TB) a box reaches, and where it starts.
        auto start = [&](const Rect& r) {
            switch (d) {
            case Direction::TB:
                return r.y;
            case Direction::BT:
                return -r.bottom();
            case Direction::LR:
                return r.x;
            case Direction::RL:
                return -r.right();
            }
            return r.y;
        };
        auto end = [&](const Rect& r) {
            switch (d) {
            case Direction::TB:
                return r.bottom();
            case Direction::BT:
                return -r.y;
            case Direction::LR:
                return r.right();
            case Direction::RL:
                return -r.x;
            }
            return r.bottom();
        };
        const Layout beside = detail::lay_out_levels(g, o, flat);
        CHECK(start(beside.nodes[3]) < end(beside.clusters[0]));
        const Layout below = detail::lay_out_levels(g, o, flat, {{1, 0, true}});
        CHECK(start(below.nodes[3]) > end(below.clusters[0]));
        const Layout above = detail::lay_out_levels(g, o, flat, {{1, 0, false}});
        CHECK(end(above.nodes[2]) < start(above.clusters[0]));
        CHECK(find_defects(g, below).total() == 0);
        CHECK(find_defects(g, above).total() == 0);
    }
}

TEST_CASE("three clusters linked both ways stay flat: each edge passes a cluster's end",
          "[layout][clusters]") {
    // x1 → x2, y1 → y2 and z1 → z2 in three clusters, every two of them linked both ways
    // (x1 → y2 and y1 → x2, and so on), so none is stacked on another: side by side, one of
    // them stands between the other two and their edges run past it on its ranks. Moving those
    // edges' ends past the cluster clears them without making any cluster a block.
    Graph g;
    for (const char* id : {"x1", "x2", "y1", "y2", "z1", "z2"}) {
        g.nodes.push_back({id, {80, 40}, Outline::box, {}});
    }
    g.edges = {{{0, false}, {1, false}, {}, 1, 1}, {{2, false}, {3, false}, {}, 1, 1},
               {{4, false}, {5, false}, {}, 1, 1}, {{0, false}, {3, false}, {}, 1, 1},
               {{2, false}, {1, false}, {}, 1, 1}, {{2, false}, {5, false}, {}, 1, 1},
               {{4, false}, {3, false}, {}, 1, 1}, {{4, false}, {1, false}, {}, 1, 1},
               {{0, false}, {5, false}, {}, 1, 1}};
    g.clusters = {{"x", {0, 1}, {}, {40, 24}, {}},
                  {"y", {2, 3}, {}, {40, 24}, {}},
                  {"z", {4, 5}, {}, {40, 24}, {}}};
    for (Direction d : {Direction::TB, Direction::LR}) {
        Options o;
        o.direction = d;
        CHECK_FALSE(
            detail::cluster_crossings(g, detail::lay_out_levels(g, o, {false, false, false}))
                .empty());
        detail::ClusterResolution resolution;
        const Layout l = detail::lay_out_clustered(g, o, &resolution);
        CHECK_FALSE(resolution.separations.empty());
        CHECK(std::none_of(resolution.blocks.begin(), resolution.blocks.end(),
                           [](bool b) { return b; }));
        const auto defects = find_defects(g, l);
        INFO(describe(defects));
        CHECK(defects.total() == 0);
    }
}

TEST_CASE("edges into a sibling subgraph that sends nothing back leave through the bottom",
          "[layout][clusters]") {
    // a1 → a2 → a3 in cluster a, b0 → b1 → b2 in cluster b, and a1 → b1, a2 → b2: b1 and b2
    // rank below all of a, in every direction, while b0, which a does not feed, may share a's
    // ranks. Add b2 → a3 and the clusters link both ways: b1 may sit beside a again.
    Graph g;
    for (const char* id : {"a1", "a2", "a3", "b0", "b1", "b2"}) {
        g.nodes.push_back({id, {80, 40}, Outline::box, {}});
    }
    g.edges = {{{0, false}, {1, false}, {}, 1, 1}, {{1, false}, {2, false}, {}, 1, 1},
               {{3, false}, {4, false}, {}, 1, 1}, {{4, false}, {5, false}, {}, 1, 1},
               {{0, false}, {4, false}, {}, 1, 1}, {{1, false}, {5, false}, {}, 1, 1}};
    g.clusters = {{"a", {0, 1, 2}, {}, {40, 24}, {}}, {"b", {3, 4, 5}, {}, {40, 24}, {}}};
    for (Direction d : {Direction::TB, Direction::BT, Direction::LR, Direction::RL}) {
        Options o;
        o.direction = d;
        const Layout l = layout_graph(g, o);
        const Rect a = l.clusters[0];
        // Along the flow: where a ends, and where b1 and b0 begin.
        auto after_a = [&](const Rect& r) {
            switch (d) {
            case Direction::TB:
                return r.y > a.bottom();
            case Direction::BT:
                return r.bottom() < a.y;
            case Direction::LR:
                return r.x > a.right();
            case Direction::RL:
                return r.right() < a.x;
            }
            return false;
        };
        CHECK(after_a(l.nodes[4]));
        CHECK(after_a(l.nodes[5]));
        CHECK_FALSE(after_a(l.nodes[3]));
        CHECK(find_defects(g, l).total() == 0);
    }
    g.edges.push_back({{5, false}, {2, false}, {}, 1, 1});
    const Layout both = layout_graph(g, {});
    CHECK(both.nodes[4].y < both.clusters[0].bottom());
    CHECK(find_defects(g, both).total() == 0);
}

TEST_CASE("a cluster is sized to its content and its title", "[layout][clusters]") {
    Graph g;
    g.nodes = {{"a", {60, 40}, Outline::box, {}},
               {"b", {60, 40}, Outline::box, {}},
               {"c", {60, 40}, Outline::box, {}}};
    g.edges = {{{0, false}, {1, false}, {}, 1, 1}, {{1, false}, {2, false}, {}, 1, 1}};
    g.clusters = {{"wide title", {1, 2}, {}, {300, 24}, {}}};
    const Layout l = layout_graph(g, {});
    const Rect box = l.clusters[0];
    CHECK(box.width >= 300 + 16 - 1e-6);
    // The title strip is above the first member: padding, title, a small gap.
    CHECK(l.nodes[1].y - box.y >= 8 + 24 - 1e-6);
    CHECK(find_defects(g, l).total() == 0);
}

TEST_CASE("a subgraph keeps its own direction even when its nodes link outside",
          "[layout][clusters]") {
    // a → [b → c → d] → e, the bracket laid out left to right inside a top-to-bottom graph.
    Graph g;
    for (const char* id : {"a", "b", "c", "d", "e"}) {
        g.nodes.push_back({id, {60, 40}, Outline::box, {}});
    }
    g.edges = {{{0, false}, {1, false}, {}, 1, 1},
               {{1, false}, {2, false}, {}, 1, 1},
               {{2, false}, {3, false}, {}, 1, 1},
               {{3, false}, {4, false}, {}, 1, 1}};
    g.clusters = {{"side", {1, 2, 3}, {}, {40, 24}, Direction::LR}};
    const Layout l = layout_graph(g, {});
    // Inside: left to right, on one row.
    CHECK(l.nodes[2].x > l.nodes[1].right());
    CHECK(l.nodes[3].x > l.nodes[2].right());
    CHECK(l.nodes[1].center().y == Approx(l.nodes[2].center().y));
    // Outside: top to bottom.
    CHECK(l.nodes[0].bottom() < l.clusters[0].y);
    CHECK(l.nodes[4].y > l.clusters[0].bottom());
    const auto defects = find_defects(g, l);
    INFO(describe(defects));
    CHECK(defects.total() == 0);
}

TEST_CASE("random graphs with subgraphs in other directions have no defects",
          "[layout][clusters]") {
    merrow::test::RandomGraphSpec spec;
    for (Direction d : {Direction::TB, Direction::LR}) {
        for (unsigned seed = 300; seed < 310; ++seed) {
            spec.nodes = 14 + (seed % 4) * 6;
            spec.clusters = 3;
            Graph g = merrow::test::random_graph(seed, spec);
            for (std::size_t c = 0; c < g.clusters.size(); c += 2) {
                g.clusters[c].direction = d == Direction::TB ? Direction::LR : Direction::TB;
            }
            Options o;
            o.direction = d;
            const Layout l = layout_graph(g, o);
            const auto defects = find_defects(g, l);
            INFO("seed " << seed << "\n" << describe(defects));
            CHECK(defects.total() == 0);
        }
    }
}
