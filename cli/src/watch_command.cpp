// `merrow watch FILE|DIR -o OUTDIR`: render every diagram of a Mermaid file, a Markdown file or
// a folder of them, then again whenever a file changes. A diagram with errors is reported as
// FILE:LINE:COL (its line in the Markdown file) and its previous output is left alone, so a
// half-typed edit never blanks a picture that a site or an open viewer shows.
#include "command_support.hpp"
#include "merrow/cli/file_watcher.hpp"
#include "merrow/cli/files.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "preview_documents.hpp"
#include "render_settings.hpp"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>

namespace merrow::cli::detail {

namespace {

namespace fs = std::filesystem;

struct WatchOptions {
    std::string input;
    std::string output_dir;
    RenderSettings settings;
    std::string config_file;
    int debounce_ms = 50;
    bool once = false;
    bool quiet = false;
    bool verbose = false;
};

// The watcher a signal should wake (set while watching).
std::atomic<FileWatcher*> active_watcher{nullptr};
volatile std::sig_atomic_t stop_requested = 0;

extern "C" void on_stop_signal(int /*signal*/) {
    stop_requested = 1;
    if (FileWatcher* watcher = active_watcher.load()) {
        watcher->interrupt(); // writes to an eventfd: safe in a signal handler
    }
}

class Watch {
  public:
    Watch(const WatchOptions& o, RenderOptions options)
        : o_(o), options_(std::move(options)), folder_(fs::is_directory(o.input)) {}

    /// Renders every document; true if all diagrams are valid.
    bool render_all() {
        bool ok = true;
        for (const std::string& path : find_documents(o_.input)) {
            ok = render(path) && ok;
        }
        return ok;
    }

    /// Renders what changed (files, or folders whose files appeared).
    void render_changed(const std::vector<std::string>& changed) {
        std::set<std::string> done;
        for (const std::string& path : changed) {
            std::error_code ec;
            if (path == o_.input && !folder_) {
                if (fs::exists(path, ec)) {
                    render(path);
                } else {
                    std::cerr << "merrow: `" << path << "` was removed; waiting for it\n";
                }
                continue;
            }
            if (fs::is_directory(path, ec)) {
                // A new folder, or the watched folder after an event overflow: rescan it.
                for (const std::string& file : find_documents(path)) {
                    if (done.insert(file).second) {
                        render(file);
                    }
                }
                continue;
            }
            if (!document_kind(path) || !fs::is_regular_file(path, ec) || hidden(path)) {
                continue; // removed, or not a document: its outputs stay
            }
            if (done.insert(path).second) {
                render(path);
            }
        }
    }

  private:
    bool hidden(const std::string& path) const {
        const fs::path relative = fs::path(path).lexically_relative(o_.input);
        for (const fs::path& part : relative) {
            const std::string name = part.string();
            if ((name.size() > 1 && name[0] == '.' && name != "..") || name == "node_modules") {
                return true;
            }
        }
        return false;
    }

    // OUTDIR/<path below the watched folder, or the file name>, extension swapped; Markdown
    // diagrams are numbered in the order of their blocks (post-1.svg, post-2.svg).
    fs::path output_for(const std::string& path, std::size_t ordinal, bool numbered) const {
        fs::path relative =
            folder_ ? fs::path(path).lexically_relative(o_.input) : fs::path(path).filename();
        std::string name = relative.stem().string();
        if (numbered) {
            name += "-" + std::to_string(ordinal + 1);
        }
        name += "." + std::string(format_name(options_.format));
        return fs::path(o_.output_dir) / relative.parent_path() / name;
    }

    bool render(const std::string& path) {
        const auto kind = document_kind(path);
        if (!kind) {
            return true;
        }
        const RenderedDocument document = render_document(path, *kind, options_, measurer_);
        if (!document.read_error.empty()) {
            std::cerr << "merrow: cannot read `" << path << "`: " << document.read_error << '\n';
            return false;
        }
        const bool numbered = *kind == DocumentKind::markdown;
        bool ok = true;
        std::set<fs::path> outputs;
        for (std::size_t i = 0; i < document.diagrams.size(); ++i) {
            const RenderedDiagram& diagram = document.diagrams[i];
            print_diagnostics(diagram.diagnostics, path, document.text, o_.quiet, o_.verbose);
            const fs::path output = output_for(path, i, numbered);
            outputs.insert(output);
            if (!diagram.ok) {
                ok = false;
                if (!o_.quiet) {
                    std::error_code ec;
                    std::cout << (fs::exists(output, ec) ? "kept " : "did not write ")
                              << output.string() << " (" << path << ':' << diagram.line
                              << " has errors)" << std::endl;
                }
                continue;
            }
            std::error_code ec;
            fs::create_directories(output.parent_path(), ec);
            std::string error;
            if (!write_file_atomically(output.string(), diagram.output, error)) {
                std::cerr << "merrow: cannot write `" << output.string() << "`: " << error << '\n';
                ok = false;
                continue;
            }
            if (!o_.quiet) {
                std::cout << "wrote " << output.string() << " (" << path << ':' << diagram.line
                          << ", " << static_cast<int>(diagram.milliseconds + 0.5) << " ms)"
                          << std::endl;
            }
        }
        if (numbered && document.diagrams.empty() && !o_.quiet && !o_.once) {
            std::cout << "no mermaid blocks in " << path << std::endl;
        }
        // Blocks that were deleted from the file: remove the outputs this watch wrote for them
        // (never files it did not write).
        std::set<fs::path>& previous = written_[path];
        for (const fs::path& old : previous) {
            if (outputs.count(old) == 0) {
                std::error_code ec;
                if (fs::remove(old, ec) && !o_.quiet) {
                    std::cout << "removed " << old.string() << " (its block is gone)" << std::endl;
                }
            }
        }
        previous = std::move(outputs);
        return ok;
    }

    const WatchOptions& o_;
    RenderOptions options_;
    bool folder_;
    render::PangoTextMeasurer measurer_;
    std::map<std::string, std::set<fs::path>> written_;
};

int watch_command(const WatchOptions& o) {
    std::error_code ec;
    if (!fs::exists(o.input, ec)) {
        std::cerr << "merrow: cannot watch `" << o.input << "`: No such file or directory\n";
        return exit_io;
    }
    if (!fs::is_directory(o.input, ec) && !document_kind(o.input)) {
        return usage_error("`" + o.input +
                           "` is neither a folder nor a .mmd, .mermaid, .md or .markdown file");
    }
    RenderOptions options;
    if (!o.config_file.empty()) {
        if (const int code = load_site_config(o.config_file, options.config, o.quiet, o.verbose);
            code != exit_ok) {
            return code;
        }
    }
    if (std::string error = apply_render_settings(o.settings, options); !error.empty()) {
        return usage_error(error);
    }
    if (options.format == Format::json) {
        return usage_error("watch writes svg, png or pdf");
    }
    if (o.debounce_ms < 0 || o.debounce_ms > 10000) {
        return usage_error("--debounce must be between 0 and 10000 ms");
    }

    Watch watch(o, options);
    if (o.once) {
        return watch.render_all() ? exit_ok : exit_diagram_error;
    }
    // Watch before the first render, so that a save during it is not missed.
    std::unique_ptr<FileWatcher> watcher;
    try {
        watcher = std::make_unique<FileWatcher>(std::vector<std::string>{o.input});
    } catch (const std::runtime_error& e) {
        std::cerr << "merrow: " << e.what() << '\n';
        return exit_io;
    }
    active_watcher = watcher.get();
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);
    watch.render_all();
    if (!o.quiet) {
        std::cout << "watching " << o.input << " (Ctrl-C to stop)" << std::endl;
    }
    while (stop_requested == 0) {
        const std::vector<std::string> changed = watcher->wait(
            std::chrono::milliseconds(1000), std::chrono::milliseconds(o.debounce_ms));
        if (stop_requested != 0) {
            break;
        }
        watch.render_changed(changed);
    }
    active_watcher = nullptr;
    return exit_ok;
}

} // namespace

Command add_watch_command(CLI::App& app) {
    auto o = std::make_shared<WatchOptions>();
    CLI::App* watch = app.add_subcommand(
        "watch", "Render the diagrams of a Mermaid or Markdown file, or of a folder of them, "
                 "into OUTDIR, and again on every change; errors keep the last good output");
    watch->add_option("input", o->input, "A .mmd or .md file, or a folder")->required();
    watch->add_option("-o,--output", o->output_dir, "Folder for the pictures")->required();
    add_render_settings_flags(*watch, o->settings);
    watch->add_option("-c,--configFile", o->config_file,
                      "Mermaid configuration file (JSON or YAML), like mmdc's");
    watch->add_option("--debounce", o->debounce_ms,
                      "Quiet time after a change before rendering, in ms (default 50)");
    watch->add_flag("--once", o->once, "Render once and exit (1 if any diagram has errors)");
    watch->add_flag("-q,--quiet", o->quiet, "Print errors only");
    watch->add_flag("-v,--verbose", o->verbose, "Also print remarks");
    return {watch, [o] {
                return watch_command(*o);
            }};
}

} // namespace merrow::cli::detail
