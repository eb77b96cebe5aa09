// Seeded random graphs for property tests of the layout engine. Uses std::mt19937 (fully
// specified by the standard) and its raw output only, so the same seed gives the same graph on
// every platform.
#pragma once

#include "merrow/layout/graph.hpp"

#include <random>
#include <string>

namespace merrow::test {

struct RandomGraphSpec {
    std::size_t nodes = 20;
    double edges_per_node = 1.5;
    double back_edge_share = 0.1; ///< edges pointing "upwards" (cycles)
    double label_share = 0.3;     ///< edges with a label box
    double self_loop_share = 0.02;
    double long_edge_share = 0.1; ///< edges with min_length 2 or 3
    std::size_t clusters = 0;     ///< groups of consecutive nodes, some nested
};

class Rng {
  public:
    explicit Rng(unsigned seed) : engine_(seed) {}
    std::size_t below(std::size_t n) { return n == 0 ? 0 : engine_() % n; }
    double unit() { return static_cast<double>(engine_()) / 4294967296.0; }
    bool chance(double p) { return unit() < p; }

  private:
    std::mt19937 engine_;
};

inline layout::Graph random_graph(unsigned seed, const RandomGraphSpec& spec) {
    Rng rng(seed);
    layout::Graph g;
    for (std::size_t i = 0; i < spec.nodes; ++i) {
        layout::NodeSpec n;
        n.id = "n" + std::to_string(i);
        n.size = {40.0 + static_cast<double>(rng.below(140)), rng.chance(0.2) ? 70.0 : 40.0};
        if (rng.chance(0.15)) {
            n.outline = layout::Outline::diamond;
        } else if (rng.chance(0.1)) {
            n.outline = layout::Outline::ellipse;
        }
        g.nodes.push_back(n);
    }
    const auto edge_count =
        static_cast<std::size_t>(static_cast<double>(spec.nodes) * spec.edges_per_node);
    for (std::size_t i = 0; i < edge_count && spec.nodes > 1; ++i) {
        layout::EdgeSpec e;
        std::size_t a = rng.below(spec.nodes);
        std::size_t b = rng.below(spec.nodes);
        if (rng.chance(spec.self_loop_share)) {
            b = a;
        } else {
            while (b == a) {
                b = rng.below(spec.nodes);
            }
            // Mostly forward in index order (a DAG-ish flow), some backwards.
            if ((a > b) != rng.chance(spec.back_edge_share)) {
                std::swap(a, b);
            }
        }
        e.source = {a, false};
        e.target = {b, false};
        if (rng.chance(spec.label_share)) {
            e.label = layout::Size{30.0 + static_cast<double>(rng.below(80)), 24};
        }
        if (rng.chance(spec.long_edge_share)) {
            e.min_length = 2 + static_cast<int>(rng.below(2));
        }
        g.edges.push_back(e);
    }
    // Clusters: disjoint runs of consecutive nodes; every third one nested in the previous.
    std::size_t next = 0;
    for (std::size_t c = 0; c < spec.clusters && next + 3 <= spec.nodes; ++c) {
        layout::ClusterSpec cluster;
        cluster.id = "c" + std::to_string(c);
        cluster.title = {40.0 + static_cast<double>(rng.below(60)), 24};
        const std::size_t size = 3 + rng.below(4);
        for (std::size_t i = next; i < next + size && i < spec.nodes; ++i) {
            cluster.nodes.push_back(i);
        }
        next += size;
        if (c % 3 == 2 && !g.clusters.empty()) {
            // Nest inside the previous cluster, which then also owns these nodes' box.
            g.clusters.back().clusters.push_back(g.clusters.size());
        }
        g.clusters.push_back(std::move(cluster));
        next += rng.below(3);
    }
    return g;
}

} // namespace merrow::test
