#include "network_simplex.hpp"

#include <catch2/catch.hpp>
#include <random>

using namespace merrow::layout::detail;

namespace {

double cost(const std::vector<NsEdge>& edges, const std::vector<int>& rank) {
    double total = 0;
    for (const NsEdge& e : edges) {
        total += e.weight * (rank[e.head] - rank[e.tail]);
    }
    return total;
}

} // namespace

TEST_CASE("network simplex finds the minimum total edge length", "[layout][ns]") {
    // a→b→c→d and a→d: longest path puts d at 3; nothing can be shorter.
    // e→d alone: e should sit right above d, not at rank 0 (longest path would put it at 0).
    const std::vector<NsEdge> edges{
        {0, 1, 1, 1}, {1, 2, 1, 1}, {2, 3, 1, 1}, {0, 3, 1, 1}, {4, 3, 1, 1}};
    const NsResult r = network_simplex(5, edges, 1000);
    CHECK(r.optimal);
    CHECK(r.rank == std::vector<int>{0, 1, 2, 3, 2});
    CHECK(cost(edges, r.rank) == 7);
}

TEST_CASE("network simplex honours minimum lengths and weights", "[layout][ns]") {
    // Heavy edge b→c is kept at its minimum; the light one stretches.
    const std::vector<NsEdge> edges{{0, 1, 2, 1}, {1, 2, 1, 10}, {0, 2, 1, 1}};
    const NsResult r = network_simplex(3, edges, 1000);
    CHECK(r.rank[1] - r.rank[0] >= 2);
    CHECK(r.rank[2] - r.rank[1] == 1);
    CHECK(cost(edges, r.rank) == 2 + 10 + 3);
}

TEST_CASE("network simplex handles disconnected graphs and parallel edges", "[layout][ns]") {
    const std::vector<NsEdge> edges{{0, 1, 1, 1}, {0, 1, 3, 1}, {2, 3, 1, 1}};
    const NsResult r = network_simplex(5, edges, 1000);
    CHECK(r.rank[1] - r.rank[0] == 3);
    CHECK(r.rank[0] == 0);
    CHECK(r.rank[2] == 0);
    CHECK(r.rank[3] == 1);
    CHECK(r.rank[4] == 0);
}

TEST_CASE("network simplex beats longest-path on a wide fan", "[layout][ns]") {
    // Sources feeding one sink through chains of different lengths: optimal ranks put each
    // source directly above where it is needed.
    std::vector<NsEdge> edges;
    // chain 0→1→2→3→4 and sources 5,6,7 → 4
    for (std::size_t i = 0; i < 4; ++i) {
        edges.push_back({i, i + 1, 1, 1});
    }
    for (std::size_t s = 5; s < 8; ++s) {
        edges.push_back({s, 4, 1, 1});
    }
    const NsResult r = network_simplex(8, edges, 1000);
    CHECK(cost(edges, r.rank) == 4 + 3);
}

namespace {

bool feasible(const std::vector<NsEdge>& edges, const std::vector<int>& value) {
    for (const NsEdge& e : edges) {
        if (value[e.head] - value[e.tail] < e.min_length) {
            return false;
        }
    }
    return true;
}

// Whether tight constraints join every node to every other one of its component: what a
// spanning tree of tight edges leaves, and what keeps parts from floating where nothing pulls.
bool tight_joins_components(std::size_t n, const std::vector<NsEdge>& edges,
                            const std::vector<int>& value) {
    std::vector<std::size_t> any(n), tight(n);
    for (std::size_t v = 0; v < n; ++v) {
        any[v] = tight[v] = v;
    }
    auto find = [](std::vector<std::size_t>& up, std::size_t v) {
        while (up[v] != v) {
            v = up[v] = up[up[v]];
        }
        return v;
    };
    for (const NsEdge& e : edges) {
        any[find(any, e.tail)] = find(any, e.head);
        if (value[e.head] - value[e.tail] == e.min_length) {
            tight[find(tight, e.tail)] = find(tight, e.head);
        }
    }
    for (const NsEdge& e : edges) {
        if (find(tight, e.tail) != find(tight, e.head)) {
            return false;
        }
    }
    return true;
}

struct RandomProblem {
    std::size_t nodes = 0;
    std::vector<NsEdge> edges;
    std::vector<int> start; ///< feasible
};

// An x-coordinate problem as positioning builds it: ranks of nodes kept apart by weightless
// separation constraints, and per edge between neighbouring ranks an auxiliary variable below
// both ends (negative minimum lengths: port offsets) weighted 1, 2 or 8; the drawing's left and
// right ends with a 2^-20 pull between them. Unless `connected`, some ranks may be left
// unlinked: more components.
RandomProblem random_x_problem(std::mt19937& rng, bool connected = false) {
    RandomProblem p;
    const std::size_t ranks = 2 + rng() % 6;
    std::vector<std::vector<std::size_t>> layer(ranks);
    for (auto& l : layer) {
        const std::size_t width = 1 + rng() % 6;
        for (std::size_t i = 0; i < width; ++i) {
            l.push_back(p.nodes++);
        }
    }
    p.start.assign(p.nodes, 0);
    for (auto& l : layer) {
        int x = static_cast<int>(rng() % 40);
        for (std::size_t i = 0; i < l.size(); ++i) {
            if (i > 0) {
                const int gap = 20 + static_cast<int>(rng() % 60);
                p.edges.push_back({l[i - 1], l[i], gap, 0});
                x += gap + static_cast<int>(rng() % 30);
            }
            p.start[l[i]] = x;
        }
    }
    const std::size_t links = rng() % (2 * p.nodes + 1);
    const double weights[] = {1, 2, 8};
    for (std::size_t k = 0; k < links; ++k) {
        const std::size_t r = rng() % (ranks - 1);
        const std::size_t u = layer[r][rng() % layer[r].size()];
        const std::size_t v = layer[r + 1][rng() % layer[r + 1].size()];
        const int pu = static_cast<int>(rng() % 21) - 10;
        const int pv = static_cast<int>(rng() % 21) - 10;
        const std::size_t aux = p.nodes++;
        p.start.push_back(std::min(p.start[u] + pu, p.start[v] + pv));
        const double w = weights[rng() % 3];
        p.edges.push_back({aux, u, -pu, w});
        p.edges.push_back({aux, v, -pv, w});
    }
    const std::size_t left = p.nodes++;
    const std::size_t right = p.nodes++;
    int lowest = 0;
    int highest = 0;
    for (std::size_t r = 0; r < ranks; ++r) {
        if (!connected && rng() % 5 == 0) {
            continue; // not held by the drawing's ends
        }
        p.edges.push_back({left, layer[r].front(), 10, 0});
        p.edges.push_back({layer[r].back(), right, 10, 0});
        lowest = std::min(lowest, p.start[layer[r].front()] - 10);
        highest = std::max(highest, p.start[layer[r].back()] + 10);
    }
    p.start.push_back(lowest);
    p.start.push_back(highest);
    p.edges.push_back({left, right, 0, 1.0 / (1 << 20)});
    return p;
}

} // namespace

TEST_CASE("both network simplex methods reach the same minimum on random x problems",
          "[layout][ns]") {
    std::mt19937 rng(20261127);
    std::size_t different = 0;
    for (int round = 0; round < 400; ++round) {
        const RandomProblem p = random_x_problem(rng);
        REQUIRE(feasible(p.edges, p.start));
        const NsResult dual = network_simplex(p.nodes, p.edges, 100000, &p.start, NsMethod::dual);
        const NsResult flow = network_simplex(p.nodes, p.edges, 100000, &p.start, NsMethod::flow);
        INFO("round " << round);
        REQUIRE(dual.optimal);
        REQUIRE(flow.optimal);
        CHECK(feasible(p.edges, flow.rank));
        // Weights are whole numbers and 2^-20: both sums are exact.
        CHECK(cost(p.edges, flow.rank) == cost(p.edges, dual.rank));
        CHECK(tight_joins_components(p.nodes, p.edges, flow.rank));
        if (flow.rank != dual.rank) {
            ++different;
        }
    }
    // The two differ where optima tie, which random problems do often: the comparison above
    // is between different solutions, not one solver with itself.
    CHECK(different > 40);
}

TEST_CASE("the flow method stops at its cap with the start it was given", "[layout][ns]") {
    std::mt19937 rng(7);
    std::size_t capped = 0;
    for (int round = 0; round < 50; ++round) {
        const RandomProblem p = random_x_problem(rng, true);
        const NsResult flow = network_simplex(p.nodes, p.edges, 1, &p.start, NsMethod::flow);
        if (!flow.optimal) {
            ++capped;
            CHECK(feasible(p.edges, flow.rank));
            // The start, moved so each component begins at 0.
            for (const NsEdge& e : p.edges) {
                CHECK(flow.rank[e.head] - flow.rank[e.tail] == p.start[e.head] - p.start[e.tail]);
            }
        }
    }
    CHECK(capped > 10);
}
