#include "merrow/cli/commands.hpp"

#include "command_support.hpp"
#include "merrow/render/cairo_writer.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <stdexcept>

namespace merrow::cli {

namespace {

constexpr const char* version = "0.1.0";

} // namespace

int run(int argc, char** argv) {
    CLI::App app{"merrow: Mermaid diagrams to SVG, PNG, PDF and layout JSON, natively.\n"
                 "Flags follow mermaid-cli (mmdc)."};
    app.set_version_flag("-V,--version", version);
    const auto render = detail::add_render_options(app);
    // Sub-commands: each registers itself (see command_support.hpp).
    const std::vector<detail::Command> commands{
        detail::add_layout_command(app), detail::add_check_command(app),
        detail::add_hugo_command(app),   detail::add_daemon_command(app),
        detail::add_watch_command(app),  detail::add_serve_command(app)};
    app.require_subcommand(0, 1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return exit_ok;
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help("", CLI::AppFormatMode::All);
        return exit_ok;
    } catch (const CLI::CallForVersion&) {
        std::cout << "merrow " << version << '\n';
        return exit_ok;
    } catch (const CLI::ParseError& e) {
        return detail::usage_error(e.what());
    }
    try {
        for (const detail::Command& command : commands) {
            if (command.app->parsed()) {
                return command.run();
            }
        }
        return render();
    } catch (const render::CairoUnavailable& e) {
        std::cerr << "merrow: " << e.what() << '\n';
        return exit_io;
    } catch (const std::exception& e) {
        // A bug, not a user error: say so plainly rather than crash.
        std::cerr << "merrow: internal error: " << e.what() << '\n';
        return 70;
    }
}

} // namespace merrow::cli
