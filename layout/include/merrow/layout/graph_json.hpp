// The layout exchange format of ../shared/bench/README.md: graph JSON in, layout JSON out.
#pragma once

#include "merrow/layout/graph.hpp"
#include "merrow/layout/json.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::layout {

struct GraphDocument {
    Graph graph;
    Direction direction = Direction::TB;
};

/// Reads {"direction", "nodes":[{id,width,height}], "edges":[{source,target,labelWidth?,
/// labelHeight?, minlen?, weight?}], "clusters":[{id, nodes:[ids of nodes or clusters]}]}.
/// Throws std::runtime_error naming the offending element.
GraphDocument read_graph_json(std::string_view text);

/// Ids used when writing a layout: nodes by index, clusters by index.
struct LayoutIds {
    std::vector<std::string> nodes;
    std::vector<std::string> clusters;
};

LayoutIds ids_of(const Graph& graph);

/// Writes {"nodes":[…], "edges":[{source,target,points,spline:true,label?}], "clusters":[…],
/// "meta":{…}}; `meta` entries are appended as given.
std::string write_layout_json(const Graph& graph, const Layout& layout,
                              const json::Object& meta = {});

} // namespace merrow::layout
