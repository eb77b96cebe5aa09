// Runs the flowchart grammar over prepared text, statement by statement, recovering from
// syntax errors so that one run reports every independent mistake.
#pragma once

#include "merrow/model/config.hpp"
#include "merrow/model/flowchart.hpp"
#include "source_map.hpp"

#include <string>
#include <string_view>

namespace merrow::parser::flowchart {

struct FlowchartParse {
    model::Flowchart chart;
    std::string keyword; ///< `graph`, `flowchart`, `flowchart-elk` or `swimlane-beta`
    std::string acc_title;
    std::string acc_descr;
};

/// Parses `text` (the preprocessed source, which starts with a flowchart header) under the
/// diagram's configuration `config`. Returns the chart even when there were errors; the caller
/// decides from `diagnostics`.
FlowchartParse parse_flowchart(std::string_view text, const model::Config& config,
                               Diagnostics& diagnostics);

/// After this many errors the parser stops: later ones are mostly consequences.
inline constexpr std::size_t max_errors = 20;

} // namespace merrow::parser::flowchart
