// Shared helpers for the parser tests.
#pragma once

#include "merrow/model/diagnostic.hpp"
#include "merrow/parser/parse.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::test {

inline std::string dump_diagnostics(const parser::ParseResult& result, std::string_view source) {
    std::string out;
    for (const model::Diagnostic& d : result.diagnostics) {
        out += model::format_diagnostic(d, "input", source);
    }
    return out;
}

/// Options without Mermaid's size limits, for inputs that are large on purpose.
inline parser::ParseOptions unlimited() {
    parser::ParseOptions options;
    options.base_config.max_text_size = 100'000'000;
    options.base_config.max_edges = 100'000'000;
    options.base_config.max_subgraph_depth = 100'000'000;
    options.base_config.max_label_length = 100'000'000;
    return options;
}

/// Parses a diagram that must be valid; returns its flowchart.
inline model::Flowchart parse_chart(std::string_view source,
                                    const parser::ParseOptions& options = {}) {
    const parser::ParseResult result = parser::parse(source, options);
    INFO(dump_diagnostics(result, source));
    REQUIRE(result.ok());
    return *result.diagram->flowchart();
}

/// Parses a chart body under a `flowchart TB` header.
inline model::Flowchart parse_body(std::string_view body) {
    return parse_chart("flowchart TB\n" + std::string(body) + "\n");
}

inline std::vector<model::Diagnostic> of_severity(const parser::ParseResult& result,
                                                  model::Severity severity) {
    std::vector<model::Diagnostic> out;
    for (const model::Diagnostic& d : result.diagnostics) {
        if (d.severity == severity) {
            out.push_back(d);
        }
    }
    return out;
}

inline std::vector<model::Diagnostic> errors_of(std::string_view source,
                                                const parser::ParseOptions& options = {}) {
    return of_severity(parser::parse(source, options), model::Severity::error);
}

inline std::vector<model::Diagnostic> warnings_of(std::string_view source) {
    return of_severity(parser::parse(source), model::Severity::warning);
}

/// The only error of `source` (fails if there is not exactly one).
inline model::Diagnostic single_error(std::string_view source) {
    const parser::ParseResult result = parser::parse(source);
    const auto errors = of_severity(result, model::Severity::error);
    INFO(dump_diagnostics(result, source));
    REQUIRE(errors.size() == 1);
    return errors.front();
}

inline std::string at(const model::Diagnostic& d) {
    return std::to_string(d.range.begin.line) + ":" + std::to_string(d.range.begin.column);
}

inline const model::Node& node(const model::Flowchart& chart, std::string_view id) {
    const auto index = chart.find_node(id);
    INFO("node " << id);
    REQUIRE(index.has_value());
    return chart.nodes[*index];
}

inline std::string edge_ends(const model::Flowchart& chart, const model::Edge& edge) {
    return chart.nodes[edge.from.index].id + "->" + chart.nodes[edge.to.index].id;
}

} // namespace merrow::test
