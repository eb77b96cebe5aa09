#include "network_simplex.hpp"

#include <catch2/catch.hpp>

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
