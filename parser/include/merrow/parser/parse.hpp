// Mermaid text → diagram model. The only writer of the model.
#pragma once

#include "merrow/model/config.hpp"
#include "merrow/model/diagnostic.hpp"
#include "merrow/model/diagram.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace merrow::parser {

struct ParseOptions {
    /// The configuration before the diagram's own frontmatter and directives are applied
    /// (Mermaid's defaults, or those merged with a `-c` file).
    model::Config base_config;
};

struct ParseResult {
    std::optional<model::Diagram> diagram;      ///< set when there are no errors
    std::vector<model::Diagnostic> diagnostics; ///< errors and warnings, in source order

    bool ok() const { return diagram.has_value(); }
};

/// Parses one diagram. Positions in diagnostics refer to `source` exactly as given (before
/// any of Mermaid's preprocessing), so they can be shown against the user's file.
ParseResult parse(std::string_view source, const ParseOptions& options = {});

} // namespace merrow::parser
