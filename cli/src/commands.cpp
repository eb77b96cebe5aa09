#include "merrow/cli/commands.hpp"

#include "merrow/cli/files.hpp"
#include "merrow/cli/pipeline.hpp"
#include "merrow/layout/engine.hpp"
#include "merrow/layout/graph_json.hpp"
#include "merrow/model/diagnostic.hpp"
#include "merrow/model/style.hpp"
#include "merrow/render/pango_measurer.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <stdexcept>

namespace merrow::cli {

namespace {

constexpr const char* version = "0.1.0";

struct MainOptions {
    std::string input;
    std::string output;
    std::string format;
    std::string theme;
    std::string background;
    double scale = 1;
    double width = 0;
    double height = 0;
    std::string svg_id;
    bool quiet = false;
    std::string puppeteer_config; // accepted for mmdc compatibility, unused
};

struct LayoutCommandOptions {
    std::string graph;
    std::string output = "-";
    int repeat = 1;
};

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

int render_command(const MainOptions& o) {
    if (o.input.empty()) {
        return usage_error("no input: give -i FILE (or -i - for standard input)");
    }
    std::string output = o.output;
    if (output.empty()) {
        // mmdc's default: the input path with ".svg" appended.
        output = o.input == "-" ? "-" : o.input + ".svg";
    }
    RenderOptions options;
    if (!o.format.empty()) {
        auto f = format_from_name(o.format);
        if (!f) {
            return usage_error("unknown output format `" + o.format +
                               "` (use svg, png, pdf or json)");
        }
        options.format = *f;
    } else if (output == "-") {
        if (!o.output.empty()) {
            return usage_error("writing to standard output needs -e FORMAT");
        }
        options.format = Format::svg;
    } else if (auto f = format_from_path(output)) {
        options.format = *f;
    } else {
        return usage_error("cannot tell the output format from `" + output +
                           "`: use a .svg, .png, .pdf or .json name, or -e FORMAT");
    }
    if (!o.theme.empty()) {
        options.config.theme = o.theme;
    }
    if (!o.background.empty()) {
        if (o.background != "transparent" && !model::parse_color(o.background)) {
            return usage_error("`" + o.background + "` is not a colour (-b)");
        }
        options.background = o.background;
    }
    if (!(o.scale > 0 && o.scale <= 64)) {
        return usage_error("the scale (-s) must be between 0 and 64");
    }
    options.scale = o.scale;
    if (o.width < 0 || o.height < 0) {
        return usage_error("width and height must be positive");
    }
    if (o.width > 0) {
        options.width = o.width;
    }
    if (o.height > 0) {
        options.height = o.height;
    }
    options.svg_id = o.svg_id;

    std::string error;
    const auto source = read_file(o.input, error);
    if (!source) {
        std::cerr << "merrow: cannot read `" << o.input << "`: " << error << '\n';
        return exit_io;
    }
    const std::string display_name = o.input == "-" ? "<stdin>" : o.input;
    render::PangoTextMeasurer measurer;
    const RenderResult result = render(*source, options, measurer);
    print_diagnostics(result.diagnostics, display_name, *source, o.quiet);
    if (!result.ok) {
        return exit_diagram_error;
    }
    if (!write_file_atomically(output, result.output, error)) {
        std::cerr << "merrow: cannot write `" << output << "`: " << error << '\n';
        return exit_io;
    }
    return exit_ok;
}

int layout_command(const LayoutCommandOptions& o) {
    std::string error;
    const auto text = read_file(o.graph, error);
    if (!text) {
        std::cerr << "merrow: cannot read `" << o.graph << "`: " << error << '\n';
        return exit_io;
    }
    layout::GraphDocument doc;
    try {
        doc = layout::read_graph_json(*text);
    } catch (const std::exception& e) {
        std::cerr << o.graph << ": error: " << e.what() << '\n';
        return exit_diagram_error;
    }
    layout::Options options;
    options.direction = doc.direction;
    layout::Layout result;
    std::vector<double> times;
    const int runs = std::max(1, o.repeat);
    try {
        for (int i = 0; i < runs; ++i) {
            const auto start = std::chrono::steady_clock::now();
            result = layout::layout_graph(doc.graph, options);
            const auto stop = std::chrono::steady_clock::now();
            times.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
        }
    } catch (const std::exception& e) {
        std::cerr << o.graph << ": error: " << e.what() << '\n';
        return exit_diagram_error;
    }
    std::sort(times.begin(), times.end());
    const double median = times.size() % 2 == 1
                              ? times[times.size() / 2]
                              : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
    const std::string json = layout::write_layout_json(
        doc.graph, result, {{"layout_ms", median}, {"runs", runs}, {"engine", "merrow"}});
    if (!write_file_atomically(o.output, json, error)) {
        std::cerr << "merrow: cannot write `" << o.output << "`: " << error << '\n';
        return exit_io;
    }
    return exit_ok;
}

} // namespace

int run(int argc, char** argv) {
    CLI::App app{"merrow: Mermaid diagrams to SVG, PNG, PDF and layout JSON, natively.\n"
                 "Flags follow mermaid-cli (mmdc)."};
    app.set_version_flag("-V,--version", version);
    MainOptions o;
    app.add_option("-i,--input", o.input, "Input Mermaid file, or - for standard input");
    app.add_option("-o,--output", o.output,
                   "Output file (.svg, .png, .pdf or .json), or - for standard output");
    app.add_option("-e,--outputFormat", o.format, "Output format: svg, png, pdf or json");
    app.add_option("-t,--theme", o.theme, "Theme: default, neutral, dark, forest, base");
    app.add_option("-b,--backgroundColor", o.background,
                   "Background colour (CSS colour or transparent)");
    app.add_option("-s,--scale", o.scale, "Scale factor for PNG and PDF")->capture_default_str();
    app.add_option("-w,--width", o.width, "Fit PNG/PDF output to this width (px)");
    app.add_option("-H,--height", o.height, "Fit PNG/PDF output to this height (px)");
    app.add_option("-I,--svgId", o.svg_id, "Id prefix for the SVG (default: from the content)");
    app.add_option("-p,--puppeteerConfigFile", o.puppeteer_config,
                   "Accepted for mmdc compatibility; merrow needs no browser");
    app.add_flag("-q,--quiet", o.quiet, "Print errors only");

    LayoutCommandOptions lo;
    CLI::App* layout_cmd = app.add_subcommand(
        "layout", "Lay out a graph JSON file (benchmark format) with the engine");
    layout_cmd->add_option("graph", lo.graph, "Graph JSON file")->required();
    layout_cmd->add_option("-o,--output", lo.output, "Layout JSON output (default: stdout)");
    layout_cmd->add_option("--repeat", lo.repeat, "Run N times; meta.layout_ms is the median");

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
        return usage_error(e.what());
    }
    try {
        if (layout_cmd->parsed()) {
            return layout_command(lo);
        }
        return render_command(o);
    } catch (const std::exception& e) {
        // A bug, not a user error: say so plainly rather than crash.
        std::cerr << "merrow: internal error: " << e.what() << '\n';
        return 70;
    }
}

} // namespace merrow::cli
