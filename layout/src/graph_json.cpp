#include "merrow/layout/graph_json.hpp"

#include <functional>
#include <stdexcept>
#include <unordered_map>

namespace merrow::layout {

namespace {

[[noreturn]] void bad(const std::string& what) {
    throw std::runtime_error("graph JSON: " + what);
}

const json::Value& member(const json::Value& object, std::string_view key,
                          const std::string& where) {
    const json::Value* v = object.find(key);
    if (v == nullptr) {
        bad(where + " has no \"" + std::string(key) + "\"");
    }
    return *v;
}

double number(const json::Value& object, std::string_view key, const std::string& where) {
    const json::Value& v = member(object, key, where);
    if (!v.is_number()) {
        bad(where + ": \"" + std::string(key) + "\" is not a number");
    }
    return v.as_number();
}

std::string text(const json::Value& v, const std::string& where) {
    if (v.is_string()) {
        return v.as_string();
    }
    if (v.is_number()) {
        return json::write(v);
    }
    bad(where + " is not a string");
}

json::Object rect_members(const Rect& r) {
    return {{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}};
}

} // namespace

GraphDocument read_graph_json(std::string_view input) {
    json::Value root;
    try {
        root = json::parse(input);
    } catch (const json::ParseError& e) {
        bad(std::string(e.what()) + " at byte " + std::to_string(e.offset()));
    }
    if (!root.is_object()) {
        bad("the document is not an object");
    }
    GraphDocument doc;
    if (const json::Value* d = root.find("direction"); d != nullptr && d->is_string()) {
        const std::string& s = d->as_string();
        if (s == "TB" || s == "TD") {
            doc.direction = Direction::TB;
        } else if (s == "BT") {
            doc.direction = Direction::BT;
        } else if (s == "LR") {
            doc.direction = Direction::LR;
        } else if (s == "RL") {
            doc.direction = Direction::RL;
        } else {
            bad("unknown direction \"" + s + "\"");
        }
    }
    std::unordered_map<std::string, std::size_t> node_index;
    const json::Value& nodes = member(root, "nodes", "the graph");
    if (!nodes.is_array()) {
        bad("\"nodes\" is not an array");
    }
    for (const json::Value& n : nodes.as_array()) {
        const std::string where = "node " + std::to_string(doc.graph.nodes.size());
        NodeSpec spec;
        spec.id = text(member(n, "id", where), where + " id");
        spec.size = {number(n, "width", where), number(n, "height", where)};
        if (!node_index.emplace(spec.id, doc.graph.nodes.size()).second) {
            bad("duplicate node id \"" + spec.id + "\"");
        }
        doc.graph.nodes.push_back(std::move(spec));
    }
    std::unordered_map<std::string, std::size_t> cluster_index;
    const json::Value* clusters = root.find("clusters");
    if (clusters != nullptr && clusters->is_array()) {
        for (const json::Value& c : clusters->as_array()) {
            const std::string where = "cluster " + std::to_string(doc.graph.clusters.size());
            ClusterSpec spec;
            spec.id = text(member(c, "id", where), where + " id");
            if (!cluster_index.emplace(spec.id, doc.graph.clusters.size()).second) {
                bad("duplicate cluster id \"" + spec.id + "\"");
            }
            doc.graph.clusters.push_back(std::move(spec));
        }
        for (std::size_t i = 0; i < clusters->as_array().size(); ++i) {
            const json::Value& c = clusters->as_array()[i];
            // Nesting is given either by a child's "parent" or by the parent listing the child.
            if (const json::Value* parent = c.find("parent");
                parent != nullptr && !parent->is_null()) {
                const std::string id = text(*parent, "cluster parent");
                const auto it = cluster_index.find(id);
                if (it == cluster_index.end()) {
                    bad("cluster \"" + doc.graph.clusters[i].id + "\" has unknown parent \"" + id +
                        "\"");
                }
                doc.graph.clusters[it->second].clusters.push_back(i);
            }
            const json::Value* members = c.find("nodes");
            if (members == nullptr || !members->is_array()) {
                continue;
            }
            for (const json::Value& m : members->as_array()) {
                const std::string id = text(m, "cluster member");
                if (auto it = node_index.find(id); it != node_index.end()) {
                    doc.graph.clusters[i].nodes.push_back(it->second);
                } else if (auto jt = cluster_index.find(id); jt != cluster_index.end()) {
                    doc.graph.clusters[i].clusters.push_back(jt->second);
                } else {
                    bad("cluster \"" + doc.graph.clusters[i].id + "\" lists unknown \"" + id +
                        "\"");
                }
            }
        }
    }
    auto endpoint = [&](const json::Value& e, std::string_view key, const std::string& where) {
        const std::string id = text(member(e, key, where), where);
        if (auto it = node_index.find(id); it != node_index.end()) {
            return EndpointSpec{it->second, false};
        }
        if (auto it = cluster_index.find(id); it != cluster_index.end()) {
            return EndpointSpec{it->second, true};
        }
        bad(where + " refers to unknown \"" + id + "\"");
    };
    if (const json::Value* edges = root.find("edges"); edges != nullptr && edges->is_array()) {
        for (const json::Value& e : edges->as_array()) {
            const std::string where = "edge " + std::to_string(doc.graph.edges.size());
            EdgeSpec spec;
            spec.source = endpoint(e, "source", where);
            spec.target = endpoint(e, "target", where);
            const json::Value* lw = e.find("labelWidth");
            const json::Value* lh = e.find("labelHeight");
            if (lw != nullptr && lh != nullptr && lw->is_number() && lh->is_number()) {
                spec.label = Size{lw->as_number(), lh->as_number()};
            }
            if (const json::Value* m = e.find("minlen"); m != nullptr && m->is_number()) {
                spec.min_length = static_cast<int>(m->as_number());
            }
            if (const json::Value* w = e.find("weight"); w != nullptr && w->is_number()) {
                spec.weight = w->as_number();
            }
            doc.graph.edges.push_back(spec);
        }
    }
    return doc;
}

LayoutIds ids_of(const Graph& graph) {
    LayoutIds ids;
    for (const NodeSpec& n : graph.nodes) {
        ids.nodes.push_back(n.id);
    }
    for (const ClusterSpec& c : graph.clusters) {
        ids.clusters.push_back(c.id);
    }
    return ids;
}

std::string write_layout_json(const Graph& graph, const Layout& layout, const json::Object& meta) {
    json::Array nodes;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
        json::Object n{{"id", graph.nodes[i].id}};
        for (auto& member : rect_members(layout.nodes[i])) {
            n.push_back(std::move(member));
        }
        nodes.emplace_back(std::move(n));
    }
    auto end_id = [&](const EndpointSpec& e) {
        return e.is_cluster ? graph.clusters[e.index].id : graph.nodes[e.index].id;
    };
    json::Array edges;
    for (std::size_t i = 0; i < graph.edges.size(); ++i) {
        json::Array points;
        for (const Point& p : layout.edges[i].points) {
            points.emplace_back(json::Array{p.x, p.y});
        }
        json::Object e{{"source", end_id(graph.edges[i].source)},
                       {"target", end_id(graph.edges[i].target)},
                       {"points", std::move(points)},
                       {"spline", true}};
        if (layout.edges[i].label) {
            e.emplace_back("label", rect_members(*layout.edges[i].label));
        }
        edges.emplace_back(std::move(e));
    }
    // Members as the metrics tool expects them: every node inside, nested clusters included.
    std::function<void(std::size_t, json::Array&, std::size_t)> collect =
        [&](std::size_t c, json::Array& out, std::size_t depth) {
            for (std::size_t n : graph.clusters[c].nodes) {
                out.emplace_back(graph.nodes[n].id);
            }
            if (depth < graph.clusters.size()) {
                for (std::size_t child : graph.clusters[c].clusters) {
                    collect(child, out, depth + 1);
                }
            }
        };
    json::Array clusters;
    for (std::size_t i = 0; i < graph.clusters.size(); ++i) {
        json::Object c{{"id", graph.clusters[i].id}};
        for (auto& member : rect_members(layout.clusters[i])) {
            c.push_back(std::move(member));
        }
        json::Array members;
        collect(i, members, 0);
        c.emplace_back("nodes", std::move(members));
        clusters.emplace_back(std::move(c));
    }
    json::Object root{{"nodes", std::move(nodes)},
                      {"edges", std::move(edges)},
                      {"clusters", std::move(clusters)},
                      {"meta", meta}};
    return json::write(root, 3) + "\n";
}

} // namespace merrow::layout
