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
/// any of Mermaid's preprocessing), so they can be shown against the user's file. The diagram's
/// configuration is `options.base_config`, then its frontmatter `config`, then its
/// `%%{init}%%` directives (Mermaid's order).
ParseResult parse(std::string_view source, const ParseOptions& options = {});

struct ConfigFileResult {
    model::Config config;
    std::vector<model::Diagnostic> diagnostics; ///< positions refer to the file's text

    bool ok() const { return !model::has_errors(diagnostics); }
};

/// Reads a site configuration file (mmdc's `--configFile`): a JSON or YAML object with Mermaid's
/// keys, applied over `base`. `path` is only used to word messages (JSON or YAML).
ConfigFileResult parse_config_file(std::string_view text, std::string_view path,
                                   const model::Config& base = {});

} // namespace merrow::parser
