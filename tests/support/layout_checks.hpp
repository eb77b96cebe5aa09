// Geometric checks on finished layouts, independent of how the engine works: the same
// properties ../shared/tools/layout/layout_metrics.py measures.
#pragma once

#include "merrow/layout/graph.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace merrow::test {

/// Points along the cubic pieces of a route (3n+1 control points), `steps` per piece.
inline std::vector<layout::Point> flatten(const std::vector<layout::Point>& pts, int steps = 24) {
    std::vector<layout::Point> out;
    if (pts.empty()) {
        return out;
    }
    out.push_back(pts.front());
    for (std::size_t k = 0; k + 3 < pts.size(); k += 3) {
        for (int i = 1; i <= steps; ++i) {
            out.push_back(layout::cubic_point(&pts[k], static_cast<double>(i) / steps));
        }
    }
    return out;
}

inline bool strictly_inside(const layout::Rect& r, layout::Point p, double tol) {
    return p.x > r.x + tol && p.x < r.right() - tol && p.y > r.y + tol && p.y < r.bottom() - tol;
}

struct LayoutDefects {
    std::size_t node_overlaps = 0;
    std::size_t edge_node_hits = 0; ///< (edge, foreign node) pairs
    std::size_t label_node_overlaps = 0;
    std::size_t label_label_overlaps = 0;
    std::size_t unrouted_edges = 0;
    std::size_t bad_endpoints = 0; ///< routes not starting/ending at their nodes' boxes
    std::size_t cluster_members_outside = 0;
    std::size_t cluster_foreign_nodes = 0;
    std::size_t cluster_overlaps = 0;
    std::size_t edge_foreign_cluster_hits = 0; ///< (edge, cluster it does not belong to)
    std::vector<std::string> details;

    std::size_t total() const {
        return node_overlaps + edge_node_hits + label_node_overlaps + label_label_overlaps +
               unrouted_edges + bad_endpoints + cluster_members_outside + cluster_foreign_nodes +
               cluster_overlaps + edge_foreign_cluster_hits;
    }
};

/// Every node inside cluster c (nested clusters included).
inline std::vector<bool> cluster_members(const layout::Graph& g, std::size_t c,
                                         std::size_t depth = 0) {
    std::vector<bool> in(g.nodes.size(), false);
    for (std::size_t n : g.clusters[c].nodes) {
        in[n] = true;
    }
    if (depth < g.clusters.size()) {
        for (std::size_t child : g.clusters[c].clusters) {
            const auto nested = cluster_members(g, child, depth + 1);
            for (std::size_t n = 0; n < in.size(); ++n) {
                in[n] = in[n] || nested[n];
            }
        }
    }
    return in;
}

/// Whether cluster `inner` is cluster `outer` or nested in it.
inline bool cluster_within(const layout::Graph& g, std::size_t inner, std::size_t outer,
                           std::size_t depth = 0) {
    if (inner == outer) {
        return true;
    }
    if (depth >= g.clusters.size()) {
        return false;
    }
    return std::any_of(
        g.clusters[outer].clusters.begin(), g.clusters[outer].clusters.end(),
        [&](std::size_t child) { return cluster_within(g, inner, child, depth + 1); });
}

inline bool contains(const layout::Rect& outer, const layout::Rect& inner, double tol) {
    return inner.x >= outer.x - tol && inner.y >= outer.y - tol &&
           inner.right() <= outer.right() + tol && inner.bottom() <= outer.bottom() + tol;
}

inline bool near_box(const layout::Rect& r, layout::Point p, double tol) {
    return p.x >= r.x - tol && p.x <= r.right() + tol && p.y >= r.y - tol &&
           p.y <= r.bottom() + tol;
}

inline LayoutDefects find_defects(const layout::Graph& g, const layout::Layout& l,
                                  double tol = 0.5) {
    LayoutDefects d;
    for (std::size_t i = 0; i < l.nodes.size(); ++i) {
        for (std::size_t j = i + 1; j < l.nodes.size(); ++j) {
            if (l.nodes[i].overlaps(l.nodes[j], tol)) {
                ++d.node_overlaps;
                d.details.push_back("nodes " + g.nodes[i].id + " and " + g.nodes[j].id +
                                    " overlap");
            }
        }
    }
    std::vector<layout::Rect> labels;
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
        const auto& route = l.edges[e];
        if (route.points.size() < 4 || (route.points.size() - 1) % 3 != 0) {
            ++d.unrouted_edges;
            d.details.push_back("edge " + std::to_string(e) + " has no proper route");
            continue;
        }
        const auto& src = g.edges[e].source;
        const auto& dst = g.edges[e].target;
        if (!src.is_cluster && !near_box(l.nodes[src.index], route.points.front(), 1)) {
            ++d.bad_endpoints;
            d.details.push_back("edge " + std::to_string(e) + " does not start at its source");
        }
        if (!dst.is_cluster && !near_box(l.nodes[dst.index], route.points.back(), 1)) {
            ++d.bad_endpoints;
            d.details.push_back("edge " + std::to_string(e) + " does not end at its target");
        }
        const auto curve = flatten(route.points);
        for (std::size_t n = 0; n < l.nodes.size(); ++n) {
            if ((!src.is_cluster && n == src.index) || (!dst.is_cluster && n == dst.index)) {
                continue;
            }
            for (const auto& p : curve) {
                if (strictly_inside(l.nodes[n], p, tol)) {
                    ++d.edge_node_hits;
                    d.details.push_back("edge " + std::to_string(e) + " crosses node " +
                                        g.nodes[n].id);
                    break;
                }
            }
        }
        if (route.label) {
            labels.push_back(*route.label);
        }
    }
    for (std::size_t c = 0; c < g.clusters.size(); ++c) {
        const auto members = cluster_members(g, c);
        const layout::Rect& box = l.clusters[c];
        for (std::size_t n = 0; n < g.nodes.size(); ++n) {
            if (members[n] && !contains(box, l.nodes[n], tol)) {
                ++d.cluster_members_outside;
                d.details.push_back("node " + g.nodes[n].id + " outside its cluster " +
                                    g.clusters[c].id);
            } else if (!members[n] && box.overlaps(l.nodes[n], tol)) {
                ++d.cluster_foreign_nodes;
                d.details.push_back("node " + g.nodes[n].id + " inside foreign cluster " +
                                    g.clusters[c].id);
            }
        }
        for (std::size_t other = c + 1; other < g.clusters.size(); ++other) {
            const layout::Rect& b = l.clusters[other];
            if (box.overlaps(b, tol) && !contains(box, b, tol) && !contains(b, box, tol)) {
                ++d.cluster_overlaps;
                d.details.push_back("clusters " + g.clusters[c].id + " and " +
                                    g.clusters[other].id + " overlap");
            }
        }
        for (std::size_t e = 0; e < g.edges.size(); ++e) {
            const auto& edge = g.edges[e];
            const bool own = (!edge.source.is_cluster && members[edge.source.index]) ||
                             (!edge.target.is_cluster && members[edge.target.index]) ||
                             (edge.source.is_cluster && cluster_within(g, edge.source.index, c)) ||
                             (edge.target.is_cluster && cluster_within(g, edge.target.index, c));
            if (own) {
                continue;
            }
            for (const auto& p : flatten(l.edges[e].points)) {
                if (strictly_inside(box, p, tol)) {
                    ++d.edge_foreign_cluster_hits;
                    d.details.push_back("edge " + std::to_string(e) + " passes through cluster " +
                                        g.clusters[c].id);
                    break;
                }
            }
        }
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        for (const auto& n : l.nodes) {
            if (labels[i].overlaps(n, tol)) {
                ++d.label_node_overlaps;
            }
        }
        for (std::size_t j = i + 1; j < labels.size(); ++j) {
            if (labels[i].overlaps(labels[j], tol)) {
                ++d.label_label_overlaps;
            }
        }
    }
    return d;
}

} // namespace merrow::test
