// The top-level command: render one diagram, with mmdc's flags.
#include "command_support.hpp"
#include "markdown_output.hpp"
#include "merrow/cli/files.hpp"
#include "merrow/cli/pipeline.hpp"
#include "merrow/model/style.hpp"
#include "merrow/render/measure_cache.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "merrow/scene/theme.hpp"
#include "parallel_render.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <vector>

namespace merrow::cli::detail {

namespace {

struct MainOptions {
    std::vector<std::string> inputs; ///< several: batch mode
    std::string output;
    std::string format;
    std::string theme;
    std::string background;
    double scale = 1;
    double width = 0;
    double height = 0;
    std::string svg_id;
    std::string dark_theme;
    std::string dark_selector = ".dark";
    std::string light_selector;
    std::string svg_text = "text";
    std::string look;
    bool pdf_fit = false; // accepted for mmdc compatibility: PDF pages always fit the diagram
    bool quiet = false;
    bool verbose = false;
    std::string config_file;
    std::string puppeteer_config; // accepted for mmdc compatibility, unused
    std::string artefacts;        // Markdown input: where the images go
};

int batch_command(const MainOptions& o, const RenderOptions& options);
int apply_shared_options(const MainOptions& o, RenderOptions& options);

// The options every render shares, whatever the inputs and outputs: theme, configuration
// file, background, size, SVG and dark-mode settings.
int apply_shared_options(const MainOptions& o, RenderOptions& options) {
    if (!o.theme.empty()) {
        options.config.theme = o.theme;
    }
    if (!o.config_file.empty()) {
        // As in mmdc, the file is Mermaid's site configuration: read over `-t`, so its `theme`
        // wins; the diagram's own frontmatter and directives go over it when it is parsed.
        if (const int code = load_site_config(o.config_file, options.config, o.quiet, o.verbose);
            code != exit_ok) {
            return code;
        }
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
    if (!o.dark_theme.empty()) {
        const auto& names = scene::theme_names();
        if (std::find(names.begin(), names.end(), o.dark_theme) == names.end()) {
            return usage_error("unknown theme `" + o.dark_theme + "` (--dark-theme)");
        }
        options.dark_theme = o.dark_theme;
    }
    options.dark_selector = o.dark_selector;
    options.light_selector = o.light_selector;
    if (o.svg_text != "text" && o.svg_text != "paths") {
        return usage_error("--svg-text takes `text` or `paths`");
    }
    options.svg_text_paths = o.svg_text == "paths";
    if (!o.look.empty()) {
        if (o.look != "classic" && o.look != "neo") {
            return usage_error("--look takes `classic` or `neo`");
        }
        options.config.look = o.look;
    }
    return exit_ok;
}

// Several inputs in one process: rendered in parallel, one output per input (in -o DIR, or
// beside the input), errors reported per file. The exit code is the worst outcome.
int batch_command(const MainOptions& o, const RenderOptions& options) {
    namespace fs = std::filesystem;
    if (!o.output.empty() && o.output != "-") {
        std::error_code ec;
        fs::create_directories(o.output, ec);
        if (!fs::is_directory(o.output, ec)) {
            std::cerr << "merrow: with several inputs, -o names a folder; cannot use `" << o.output
                      << "`\n";
            return exit_usage;
        }
    } else if (o.output == "-") {
        return usage_error("several inputs cannot go to standard output");
    }
    const std::string extension(format_name(options.format));
    std::vector<RenderJob> jobs;
    std::vector<std::string> names;
    int worst = exit_ok;
    for (const std::string& input : o.inputs) {
        if (input == "-" || is_markdown_path(input)) {
            return usage_error("several inputs must be diagram files (not - or Markdown)");
        }
        std::string error;
        const auto source = read_file(input, error);
        if (!source) {
            std::cerr << "merrow: cannot read `" << input << "`: " << error << '\n';
            worst = std::max(worst, static_cast<int>(exit_io));
            continue;
        }
        RenderJob job;
        job.source = *source;
        job.options = options;
        job.output_path =
            o.output.empty()
                ? input + "." + extension
                : (fs::path(o.output) / (fs::path(input).stem().string() + "." + extension))
                      .string();
        jobs.push_back(std::move(job));
        names.push_back(input);
    }
    ParallelRenderer renderer;
    const std::vector<RenderJobResult> results = renderer.render(jobs);
    for (std::size_t i = 0; i < results.size(); ++i) {
        print_diagnostics(results[i].result.diagnostics, names[i], jobs[i].source, o.quiet,
                          o.verbose);
        if (!results[i].result.ok) {
            worst = std::max(worst, static_cast<int>(exit_diagram_error));
        } else if (!results[i].write_error.empty()) {
            std::cerr << "merrow: cannot write `" << jobs[i].output_path
                      << "`: " << results[i].write_error << '\n';
            worst = std::max(worst, static_cast<int>(exit_io));
        }
    }
    return worst;
}

/// One diagram, measured through the measurement cache when the output needs no fonts of its
/// own (SVG and JSON: PNG and PDF draw with the fonts they measured with, so they start them
/// anyway).
RenderResult render_measured(const std::string& source, const RenderOptions& options) {
    const render::FontBackend backend = font_backend_for(options.format);
    if (backend == render::FontBackend::freetype) {
        const auto file = render::default_measure_cache_file();
        const auto environment = file ? render::font_environment() : std::nullopt;
        if (environment) {
            const render::CachingTextMeasurer measurer(
                [] { return std::make_unique<render::PangoTextMeasurer>(); }, *file, *environment);
            RenderResult result = render(source, options, measurer);
            measurer.save();
            return result;
        }
    }
    const render::PangoTextMeasurer measurer(backend);
    return render(source, options, measurer);
}

int render_command(const MainOptions& o) {
    if (o.inputs.empty()) {
        return usage_error("no input: give -i FILE (or -i - for standard input)");
    }
    if (o.inputs.size() > 1) {
        RenderOptions options;
        if (!o.format.empty()) {
            const auto f = format_from_name(o.format);
            if (!f) {
                return usage_error("unknown output format `" + o.format +
                                   "` (use svg, png, pdf or json)");
            }
            options.format = *f;
        }
        if (const int code = apply_shared_options(o, options); code != exit_ok) {
            return code;
        }
        return batch_command(o, options);
    }
    const std::string& input = o.inputs.front();
    std::string output = o.output;
    if (output.empty()) {
        // mmdc's default: the input path with ".svg" appended.
        output = input == "-" ? "-" : input + ".svg";
    }
    // Markdown in (mmdc's mode): every mermaid block rendered to out-1.svg, out-2.svg, …
    const bool markdown_input = is_markdown_path(input);
    if (markdown_input && output == "-") {
        return usage_error("Markdown input needs -o FILE (.md, or .svg/.png/.pdf for images only)");
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
    } else if (markdown_input && is_markdown_path(output)) {
        options.format = Format::svg; // the images' format, as mmdc
    } else if (auto f = format_from_path(output)) {
        options.format = *f;
    } else {
        return usage_error("cannot tell the output format from `" + output +
                           "`: use a .svg, .png, .pdf or .json name, or -e FORMAT");
    }
    if (const int code = apply_shared_options(o, options); code != exit_ok) {
        return code;
    }

    std::string error;
    const auto source = read_file(input, error);
    if (!source) {
        std::cerr << "merrow: cannot read `" << input << "`: " << error << '\n';
        return exit_io;
    }
    const std::string display_name = input == "-" ? "<stdin>" : input;
    if (markdown_input) {
        if (options.format == Format::json) {
            return usage_error("Markdown input renders images: use -e svg, png or pdf");
        }
        return render_markdown(*source,
                               {display_name, output, o.artefacts, options, o.quiet, o.verbose});
    }
    const RenderResult result = render_measured(*source, options);
    print_diagnostics(result.diagnostics, display_name, *source, o.quiet, o.verbose);
    if (!result.ok) {
        return exit_diagram_error;
    }
    if (!write_file_atomically(output, result.output, error)) {
        std::cerr << "merrow: cannot write `" << output << "`: " << error << '\n';
        return exit_io;
    }
    return exit_ok;
}

} // namespace

std::function<int()> add_render_options(CLI::App& app) {
    auto o = std::make_shared<MainOptions>();
    app.add_option("-i,--input", o->inputs,
                   "Input Mermaid file (- for standard input); repeat for several, rendered in "
                   "parallel into the -o folder");
    app.add_option("-o,--output", o->output,
                   "Output file (.svg, .png, .pdf or .json), or - for standard output");
    app.add_option("-e,--outputFormat", o->format, "Output format: svg, png, pdf or json");
    app.add_option("-t,--theme", o->theme, "Theme: default, neutral, dark, forest, base");
    app.add_option("-b,--backgroundColor", o->background,
                   "Background colour (CSS colour or transparent)");
    app.add_option("-s,--scale", o->scale, "Scale factor for PNG and PDF")->capture_default_str();
    app.add_option("-w,--width", o->width, "Fit PNG/PDF output to this width (px)");
    app.add_option("-H,--height", o->height, "Fit PNG/PDF output to this height (px)");
    app.add_option("-I,--svgId", o->svg_id, "Id prefix for the SVG (default: from the content)");
    app.add_option("--dark-theme", o->dark_theme,
                   "SVG: also carry this theme's colours, used under a dark colour scheme");
    app.add_option("--dark-selector", o->dark_selector,
                   "SVG with --dark-theme: a selector that also switches to dark (default .dark)")
        ->capture_default_str();
    app.add_option("--light-selector", o->light_selector,
                   "SVG with --dark-theme: a selector that forces the light colours");
    app.add_option("--svg-text", o->svg_text,
                   "SVG text as `text` (default) or `paths` (glyph outlines, no fonts needed)");
    app.add_option("--look", o->look, "classic (default) or neo (Mermaid 12's look)");
    app.add_flag("-f,--pdfFit", o->pdf_fit,
                 "Accepted for mmdc compatibility; PDF pages are always the diagram's size");
    app.add_option("-p,--puppeteerConfigFile", o->puppeteer_config,
                   "Accepted for mmdc compatibility; merrow needs no browser");
    app.add_option("-a,--artefacts", o->artefacts,
                   "Markdown input: write the images to this folder (default: beside -o)");
    app.add_flag("-q,--quiet", o->quiet, "Print errors only");
    app.add_option("-c,--configFile", o->config_file,
                   "Mermaid configuration file (JSON or YAML), like mmdc's");
    app.add_flag("-v,--verbose", o->verbose,
                 "Also print remarks, such as configuration keys merrow ignores");
    return [o] {
        return render_command(*o);
    };
}

} // namespace merrow::cli::detail
