// Crossings and lengths of drawn layouts, and the engine's choice between candidate layouts of
// diagrams with subgraphs, which is made on them.
#include "drawn_quality.hpp"
#include "layout_checks.hpp"
#include "levels.hpp"
#include "merrow/layout/engine.hpp"

#include <catch2/catch.hpp>

using namespace merrow::layout;
using merrow::layout::detail::drawn_crossings;
using merrow::layout::detail::mean_edge_length;

namespace {

// A straight edge as one cubic piece.
EdgeRoute straight(Point a, Point b) {
    EdgeRoute r;
    r.points = {a,
                {a.x + (b.x - a.x) / 3, a.y + (b.y - a.y) / 3},
                {a.x + 2 * (b.x - a.x) / 3, a.y + 2 * (b.y - a.y) / 3},
                b};
    return r;
}

// A graph of the benchmark's shape: boxes of the given sizes, named n0, n1, …, and edges
// (from, to, label width; 0 for none), with labels 14 high.
Graph boxes_and_edges(std::initializer_list<std::pair<double, double>> sizes,
                      std::initializer_list<std::tuple<std::size_t, std::size_t, double>> edges) {
    Graph g;
    for (const auto& [width, height] : sizes) {
        g.nodes.push_back(
            {"n" + std::to_string(g.nodes.size()), {width, height}, Outline::box, {}});
    }
    for (const auto& [from, to, label] : edges) {
        g.edges.push_back({{from, false},
                           {to, false},
                           label > 0 ? std::optional<Size>(Size{label, 14}) : std::nullopt,
                           1,
                           1});
    }
    return g;
}

Graph four_nodes() {
    Graph g;
    for (const char* id : {"a", "b", "c", "d"}) {
        g.nodes.push_back({id, {20, 20}, Outline::box, {}});
    }
    return g;
}

// flow_n0010_03 of shared/bench: two subgraphs.
Graph flow_n0010_03() {
    Graph g = boxes_and_edges({{80, 80},
                               {120, 40},
                               {180, 40},
                               {80, 80},
                               {60, 40},
                               {60, 40},
                               {40, 40},
                               {100, 40},
                               {80, 40},
                               {160, 40}},
                              {{7, 1, 90},
                               {7, 5, 0},
                               {4, 2, 50},
                               {0, 2, 0},
                               {8, 2, 0},
                               {3, 7, 0},
                               {8, 9, 40},
                               {7, 6, 0},
                               {7, 4, 0},
                               {7, 0, 30},
                               {7, 9, 60},
                               {6, 9, 0},
                               {0, 9, 60},
                               {7, 8, 0},
                               {1, 9, 50}});
    g.clusters = {{"c0", {5, 7, 0}, {}, {40, 24}, std::nullopt},
                  {"c1", {6, 9, 1, 8, 2, 4}, {}, {40, 24}, std::nullopt}};
    return g;
}

} // namespace

TEST_CASE("drawn crossings count proper crossings of different edges", "[layout][quality]") {
    Graph g = four_nodes();
    g.edges = {{{0, false}, {3, false}, std::nullopt, 1, 1},
               {{1, false}, {2, false}, std::nullopt, 1, 1}};
    Layout l;
    l.nodes = {{-10, -10, 20, 20}, {90, -10, 20, 20}, {-10, 90, 20, 20}, {90, 90, 20, 20}};
    SECTION("an X crosses once") {
        l.edges = {straight({0, 10}, {100, 90}), straight({100, 10}, {0, 90})};
        CHECK(drawn_crossings(g, l) == 1);
    }
    SECTION("parallel edges and edges that only touch do not cross") {
        l.edges = {straight({0, 10}, {0, 90}), straight({100, 10}, {100, 90})};
        CHECK(drawn_crossings(g, l) == 0);
        l.edges = {straight({0, 10}, {50, 50}), straight({50, 50}, {100, 90})};
        CHECK(drawn_crossings(g, l) == 0);
    }
    SECTION("a curve crossing another three times counts three times") {
        // x rises to about 68, falls below 50 and rises to 100 while y runs from 0 to 100.
        EdgeRoute wave;
        wave.points = {{0, 0}, {170, 33}, {-40, 66}, {100, 100}};
        l.edges = {straight({50, -10}, {50, 110}), wave};
        CHECK(drawn_crossings(g, l) == 3);
    }
    SECTION("edges fanning out of one node cross inside it without counting") {
        g.edges[1].source = {0, false};
        l.edges = {straight({-8, -8}, {100, 90}), straight({8, -8}, {0, 90})};
        CHECK(drawn_crossings(g, l) == 0);
        // The same geometry between unrelated nodes is a crossing.
        g.edges[1].source = {1, false};
        CHECK(drawn_crossings(g, l) == 1);
    }
    CHECK(mean_edge_length(l) > 0);
}

TEST_CASE("the mean edge length is the length of the drawn curves", "[layout][quality]") {
    Layout l;
    l.edges = {straight({0, 0}, {30, 40}), straight({0, 0}, {0, 10})};
    CHECK(mean_edge_length(l) == Approx(30));
    CHECK(mean_edge_length(Layout{}) == 0);
}

TEST_CASE("a diagram with a subgraph gets the candidate layout with the fewest crossings",
          "[layout][quality][clusters]") {
    // A benchmark graph (flow_n0010_00 of shared/bench): laid out flat inside the drawing's
    // layering it has 4 crossings; with the subgraph laid out as a block of its own, 1.
    Graph g = boxes_and_edges({{60, 40},
                               {100, 40},
                               {120, 40},
                               {60, 40},
                               {100, 40},
                               {180, 40},
                               {60, 40},
                               {80, 40},
                               {160, 54},
                               {160, 80}},
                              {{0, 5, 90},
                               {5, 1, 0},
                               {2, 4, 0},
                               {3, 4, 30},
                               {2, 3, 30},
                               {3, 9, 0},
                               {4, 8, 0},
                               {4, 9, 0},
                               {4, 7, 0},
                               {6, 4, 0},
                               {4, 1, 50},
                               {3, 5, 30},
                               {0, 4, 0},
                               {2, 6, 30},
                               {2, 0, 0}});
    g.clusters = {{"c0", {3, 2, 4, 5, 9, 0, 6}, {}, {40, 24}, std::nullopt}};
    Options o;
    const Layout flat = detail::lay_out_levels(g, o, {false});
    const Layout blocks = detail::lay_out_levels(g, o, {true});
    REQUIRE(drawn_crossings(g, blocks) < drawn_crossings(g, flat));
    const Layout chosen = layout_graph(g, o);
    CHECK(drawn_crossings(g, chosen) == drawn_crossings(g, blocks));
    CHECK(mean_edge_length(chosen) <= 1.2 * mean_edge_length(flat));
    const auto defects = merrow::test::find_defects(g, chosen);
    CHECK(defects.total() == 0);
}

TEST_CASE("blocks laid out again with their ports held in the order around them cross less",
          "[layout][quality][clusters]") {
    // flow_n0010_03 of shared/bench with both subgraphs as blocks. Each block orders its ports
    // on its own, before the drawing around it is ordered, and the edges between the blocks
    // cross 9 times. Held in the order the drawing's level gave their chains next to each
    // block, they cross twice.
    Graph g = flow_n0010_03();
    Options o;
    detail::LevelRun first;
    const Layout own = detail::lay_out_levels(g, o, {true, true}, {}, &first);
    REQUIRE_FALSE(first.port_slots.empty());
    detail::LevelRun again;
    again.held_ports = &first.port_slots;
    const Layout held = detail::lay_out_levels(g, o, {true, true}, {}, &again);
    CHECK(2 * drawn_crossings(g, held) <= drawn_crossings(g, own));
    CHECK(merrow::test::find_defects(g, held).total() == 0);
    // The engine makes that layout too, and keeps it or one that crosses still less.
    const Layout chosen = layout_graph(g, o);
    CHECK(drawn_crossings(g, chosen) <= drawn_crossings(g, held));
    CHECK(merrow::test::find_defects(g, chosen).total() == 0);
}

TEST_CASE("a diagram of more than 40 nodes still gets its blocks' ports held",
          "[layout][quality][clusters]") {
    // flow_n0010_03 again, its subgraphs running bottom to top in a top-to-bottom drawing (so
    // both are blocks), and 35 more nodes on their own: too large for the other candidate
    // layouts, not for holding ports (11 crossings, held 7).
    Graph g = flow_n0010_03();
    for (int i = 0; i < 35; ++i) {
        g.nodes.push_back({"x" + std::to_string(i), {40, 40}, Outline::box, {}});
    }
    for (auto& cluster : g.clusters) {
        cluster.direction = Direction::BT;
    }
    Options o;
    detail::LevelRun first;
    const Layout own = detail::lay_out_levels(g, o, {false, false}, {}, &first);
    detail::LevelRun again;
    again.held_ports = &first.port_slots;
    const Layout held = detail::lay_out_levels(g, o, {false, false}, {}, &again);
    REQUIRE(drawn_crossings(g, held) < drawn_crossings(g, own));
    const Layout chosen = layout_graph(g, o);
    CHECK(drawn_crossings(g, chosen) == drawn_crossings(g, held));
    CHECK(merrow::test::find_defects(g, chosen).total() == 0);
}
