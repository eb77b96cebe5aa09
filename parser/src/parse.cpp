#include "merrow/parser/parse.hpp"

#include "config_reader.hpp"
#include "diagram_config.hpp"
#include "flowchart/parse_flowchart.hpp"
#include "preprocess.hpp"
#include "source_map.hpp"
#include "yaml_text.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <string>
#include <utility>

namespace merrow::parser {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// Header keywords of the other Mermaid diagram types, to say "not supported" rather than
// "not a diagram".
constexpr std::array<std::string_view, 33> other_diagrams{
    "sequenceDiagram",
    "classDiagram",
    "classDiagram-v2",
    "stateDiagram",
    "stateDiagram-v2",
    "erDiagram",
    "requirementDiagram",
    "requirement",
    "block-beta",
    "block",
    "architecture-beta",
    "mindmap",
    "kanban",
    "gantt",
    "timeline",
    "journey",
    "gitGraph",
    "pie",
    "quadrantChart",
    "xychart-beta",
    "xychart",
    "sankey-beta",
    "sankey",
    "packet-beta",
    "packet",
    "radar-beta",
    "treemap",
    "treemap-beta",
    "C4Context",
    "C4Container",
    "C4Component",
    "C4Dynamic",
    "C4Deployment",
};

enum class Kind { flowchart, other, unknown, empty };

struct Detected {
    Kind kind = Kind::empty;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t glued = 0; ///< length of the keyword in `graphTD`
};

Detected detect(std::string_view text) {
    Detected d;
    std::size_t i = 0;
    while (i < text.size() && is_space(text[i])) {
        ++i;
    }
    if (i == text.size()) {
        return d;
    }
    std::size_t j = i;
    while (j < text.size() && is_word(text[j])) {
        ++j;
    }
    d.begin = i;
    d.end = j > i ? j : i + 1;
    const std::string_view word = text.substr(i, j - i);
    // `swimlane-beta` (Mermaid 12) is a flowchart drawn in lanes.
    if (word == "graph" || word == "flowchart" || word == "flowchart-elk" ||
        word == "swimlane-beta") {
        d.kind = Kind::flowchart;
    } else if (std::find(other_diagrams.begin(), other_diagrams.end(), word) !=
               other_diagrams.end()) {
        d.kind = Kind::other;
    } else {
        d.kind = Kind::unknown;
        for (const std::string_view kw : {"flowchart", "graph"}) {
            if (word.substr(0, kw.size()) == kw) {
                d.glued = kw.size(); // `graphTD`
            }
        }
    }
    return d;
}

ParseResult run(std::string_view source, const ParseOptions& options) {
    Diagnostics diagnostics(source);
    const Prepared prepared = preprocess(source, diagnostics);
    const std::string_view text = prepared.text;
    DiagramSettings settings =
        read_diagram_settings(source, prepared, options.base_config, diagnostics);

    ParseResult result;
    const Detected detected = detect(text);
    switch (detected.kind) {
    case Kind::empty:
        if (diagnostics.error_count() == 0) {
            diagnostics.error(0, 0, "the diagram is empty",
                              "start with a header such as `flowchart TD`");
        }
        break;
    case Kind::other:
        diagnostics.error(
            detected.begin, detected.end,
            "`" + std::string(text.substr(detected.begin, detected.end - detected.begin)) +
                "` diagrams are not supported yet",
            "merrow draws flowcharts: start the diagram with `flowchart` or "
            "`graph`");
        break;
    case Kind::unknown: {
        const std::string_view word = text.substr(detected.begin, detected.end - detected.begin);
        std::string hint = "a flowchart starts with a header such as `flowchart TD`";
        if (word.substr(0, 3) == "---") {
            hint = "YAML frontmatter must start on the very first line";
        } else if (detected.glued > 0) {
            hint = "separate the direction from the keyword: `" +
                   std::string(word.substr(0, detected.glued)) + " " +
                   std::string(word.substr(detected.glued)) + "`";
        }
        diagnostics.error(detected.begin, detected.end,
                          "expected `flowchart` or `graph` at the start of the diagram",
                          std::move(hint));
        break;
    }
    case Kind::flowchart: {
        // Mermaid renders an error message instead of a diagram whose text is too long.
        if (const std::size_t length = mermaid_text_length(prepared);
            length > settings.config.max_text_size) {
            diagnostics.error(detected.begin, detected.end,
                              "the diagram is " + std::to_string(length) +
                                  " characters long, more than Mermaid's limit of " +
                                  std::to_string(settings.config.max_text_size) +
                                  " (`maxTextSize`)",
                              "raise the limit in a configuration file given with `-c`: "
                              "`{\"maxTextSize\": " +
                                  std::to_string(length) + "}`");
        }
        flowchart::FlowchartParse parsed =
            flowchart::parse_flowchart(text, settings.config, diagnostics);
        if (diagnostics.error_count() == 0) {
            model::Diagram diagram;
            diagram.config = std::move(settings.config);
            if (parsed.keyword == "flowchart-elk") {
                diagram.config.layout = "elk";
            } else if (parsed.keyword == "swimlane-beta") {
                diagram.config.layout = "swimlane";
            }
            diagram.title = std::move(settings.title);
            diagram.acc_title = std::move(parsed.acc_title);
            diagram.acc_descr = std::move(parsed.acc_descr);
            diagram.body = std::move(parsed.chart);
            result.diagram = std::move(diagram);
        }
        break;
    }
    }
    result.diagnostics = diagnostics.take();
    return result;
}

} // namespace

ConfigFileResult parse_config_file(std::string_view text, std::string_view path,
                                   const model::Config& base) {
    ConfigFileResult result;
    result.config = base;
    try {
        Diagnostics diagnostics(text);
        MappedText mapped;
        mapped.append_source(text, 0);
        const bool json = path.size() >= 5 && path.substr(path.size() - 5) == ".json";
        if (const auto doc = load_yaml(mapped, json ? "the JSON" : "the YAML", diagnostics)) {
            apply_config(*doc, ConfigSource::site, mapped, result.config, diagnostics);
        }
        result.diagnostics = diagnostics.take();
    } catch (const std::exception& e) {
        model::Diagnostic d;
        d.message = std::string("internal error while reading the configuration: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

ParseResult parse(std::string_view source, const ParseOptions& options) {
    try {
        return run(source, options);
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here; report it rather than take the caller down.
        ParseResult result;
        model::Diagnostic d;
        d.message = std::string("internal error while parsing: ") + e.what();
        result.diagnostics.push_back(std::move(d));
        return result;
    }
}

} // namespace merrow::parser
