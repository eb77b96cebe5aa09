// Shared pieces of the sub-commands. Each sub-command lives in its own file and registers
// itself with the CLI11 app through an add_*_command() function listed in commands.cpp.
#pragma once

#include "merrow/cli/commands.hpp"
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

/// Prints diagnostics as FILE:LINE:COL: severity: message, with the line and a caret.
void print_diagnostics(const std::vector<model::Diagnostic>& diagnostics,
                       const std::string& display_name, std::string_view source, bool quiet);

/// The top-level command (no sub-command): render one diagram like mmdc.
std::function<int()> add_render_options(CLI::App& app);

Command add_layout_command(CLI::App& app);

} // namespace merrow::cli::detail
