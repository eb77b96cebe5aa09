// The command-line front end: argument parsing and the sub-commands.
#pragma once

namespace merrow::cli {

enum ExitCode : int {
    exit_ok = 0,
    exit_diagram_error = 1,
    exit_usage = 2,
    exit_io = 3,
};

/// Runs merrow with the given arguments and returns the process exit code.
int run(int argc, char** argv);

} // namespace merrow::cli
