// `merrow layout GRAPH.json`: the layout engine alone, on the benchmark exchange format.
#include "command_support.hpp"
#include "merrow/cli/files.hpp"
#include "merrow/layout/engine.hpp"
#include "merrow/layout/graph_json.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

namespace merrow::cli::detail {

namespace {

struct LayoutCommandOptions {
    std::string graph;
    std::string output = "-";
    int repeat = 1;
};

int layout_command(const LayoutCommandOptions& o) {
    std::string error;
    const auto text = read_file(o.graph, error);
    if (!text) {
        std::cerr << "merrow: cannot read `" << o.graph << "`: " << error << '\n';
        return exit_io;
    }
    layout::GraphDocument doc;
    try {
        doc = layout::read_graph_json(*text);
    } catch (const std::exception& e) {
        std::cerr << o.graph << ": error: " << e.what() << '\n';
        return exit_diagram_error;
    }
    layout::Options options;
    options.direction = doc.direction;
    layout::Layout result;
    std::vector<double> times;
    const int runs = std::max(1, o.repeat);
    try {
        for (int i = 0; i < runs; ++i) {
            const auto start = std::chrono::steady_clock::now();
            result = layout::layout_graph(doc.graph, options);
            const auto stop = std::chrono::steady_clock::now();
            times.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
        }
    } catch (const std::exception& e) {
        std::cerr << o.graph << ": error: " << e.what() << '\n';
        return exit_diagram_error;
    }
    std::sort(times.begin(), times.end());
    const double median = times.size() % 2 == 1
                              ? times[times.size() / 2]
                              : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
    const std::string json = layout::write_layout_json(
        doc.graph, result, {{"layout_ms", median}, {"runs", runs}, {"engine", "merrow"}});
    if (!write_file_atomically(o.output, json, error)) {
        std::cerr << "merrow: cannot write `" << o.output << "`: " << error << '\n';
        return exit_io;
    }
    return exit_ok;
}

} // namespace

Command add_layout_command(CLI::App& app) {
    auto o = std::make_shared<LayoutCommandOptions>();
    CLI::App* cmd = app.add_subcommand(
        "layout", "Lay out a graph JSON file (benchmark format) with the engine");
    cmd->add_option("graph", o->graph, "Graph JSON file")->required();
    cmd->add_option("-o,--output", o->output, "Layout JSON output (default: stdout)");
    cmd->add_option("--repeat", o->repeat, "Run N times; meta.layout_ms is the median");
    return {cmd, [o] {
                return layout_command(*o);
            }};
}

} // namespace merrow::cli::detail
