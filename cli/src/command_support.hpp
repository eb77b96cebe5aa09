// Shared pieces of the sub-commands. Each sub-command lives in its own file and registers
// itself with the CLI11 app through an add_*_command() function listed in commands.cpp.
#pragma once

#include "merrow/cli/commands.hpp"
#include "merrow/model/config.hpp"
#include "merrow/model/diagnostic.hpp"

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::cli::detail {

/// A registered sub-command: its CLI11 app and what to run when it was given.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

/// Prints "merrow: MESSAGE" and a pointer to --help; returns exit_usage.
int usage_error(const std::string& message);

/// Prints diagnostics as FILE:LINE:COL: severity: message, with the line and a caret. `quiet`
/// keeps errors only; remarks meant for `-v` are printed only when `verbose`.
void print_diagnostics(const std::vector<model::Diagnostic>& diagnostics,
                       const std::string& display_name, std::string_view source, bool quiet,
                       bool verbose = false);

/// A site configuration file (`-c FILE`, mmdc's --configFile) read over a base configuration.
struct SiteConfig {
    model::Config config;
    std::string text; ///< the file's contents, for showing diagnostics
    std::vector<model::Diagnostic> diagnostics;
    int exit_code = exit_ok; ///< exit_io if unreadable, exit_diagram_error if it has errors
    std::string read_error;  ///< why it could not be read
};

SiteConfig read_site_config(const std::string& path, const model::Config& base);

/// Reads the site configuration at `path` over `config` for a command: an unreadable file or
/// one with errors is reported on stderr. Returns exit_ok, or the exit code to end with.
int load_site_config(const std::string& path, model::Config& config, bool quiet,
                     bool verbose = false);

/// The top-level command (no sub-command): render one diagram like mmdc.
std::function<int()> add_render_options(CLI::App& app);

Command add_layout_command(CLI::App& app);
Command add_check_command(CLI::App& app);
Command add_hugo_command(CLI::App& app);
Command add_daemon_command(CLI::App& app);
Command add_watch_command(CLI::App& app);
Command add_serve_command(CLI::App& app);

} // namespace merrow::cli::detail
