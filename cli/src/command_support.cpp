#include "command_support.hpp"

#include <iostream>

namespace merrow::cli::detail {

int usage_error(const std::string& message) {
    std::cerr << "merrow: " << message << "\n(see merrow --help)\n";
    return exit_usage;
}

void print_diagnostics(const std::vector<model::Diagnostic>& diagnostics,
                       const std::string& display_name, std::string_view source, bool quiet) {
    for (const model::Diagnostic& d : diagnostics) {
        if (quiet && d.severity != model::Severity::error) {
            continue;
        }
        std::cerr << model::format_diagnostic(d, display_name, source);
    }
}

} // namespace merrow::cli::detail
