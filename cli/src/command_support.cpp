#include "command_support.hpp"

#include "merrow/cli/files.hpp"
#include "merrow/parser/parse.hpp"

#include <iostream>

namespace merrow::cli::detail {

int usage_error(const std::string& message) {
    std::cerr << "merrow: " << message << "\n(see merrow --help)\n";
    return exit_usage;
}

void print_diagnostics(const std::vector<model::Diagnostic>& diagnostics,
                       const std::string& display_name, std::string_view source, bool quiet,
                       bool verbose) {
    for (const model::Diagnostic& d : diagnostics) {
        if ((quiet && d.severity != model::Severity::error) || (d.verbose && !verbose)) {
            continue;
        }
        std::cerr << model::format_diagnostic(d, display_name, source);
    }
}

SiteConfig read_site_config(const std::string& path, const model::Config& base) {
    SiteConfig out;
    out.config = base;
    const auto text = read_file(path, out.read_error);
    if (!text) {
        out.exit_code = exit_io;
        return out;
    }
    out.text = *text;
    parser::ConfigFileResult result = parser::parse_config_file(out.text, path, base);
    out.diagnostics = std::move(result.diagnostics);
    if (model::has_errors(out.diagnostics)) {
        out.exit_code = exit_diagram_error;
        return out;
    }
    out.config = std::move(result.config);
    return out;
}

int load_site_config(const std::string& path, model::Config& config, bool quiet, bool verbose) {
    const SiteConfig site = read_site_config(path, config);
    if (site.exit_code == exit_io) {
        std::cerr << "merrow: cannot read `" << path << "`: " << site.read_error << '\n';
        return exit_io;
    }
    print_diagnostics(site.diagnostics, path, site.text, quiet, verbose);
    if (site.exit_code != exit_ok) {
        return site.exit_code;
    }
    config = site.config;
    return exit_ok;
}

} // namespace merrow::cli::detail
