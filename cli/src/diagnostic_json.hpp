// Diagnostics as JSON objects, the one shape every machine-readable output uses (`merrow check
// --format json`, `merrow daemon`, `merrow serve`), so an editor parses them one way.
#pragma once

#include "merrow/layout/json.hpp"
#include "merrow/model/diagnostic.hpp"

#include <vector>

namespace merrow::cli::detail {

/// {"line", "column", "end": {"line", "column"}, "severity", "message", "hint", "notes"}.
layout::json::Object diagnostic_to_json(const model::Diagnostic& diagnostic);

layout::json::Array diagnostics_to_json(const std::vector<model::Diagnostic>& diagnostics,
                                        bool verbose = false);

} // namespace merrow::cli::detail
