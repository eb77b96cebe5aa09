// `merrow check FILE…`: parse diagrams and report every problem, without rendering. For
// editors, `--format json` prints one array of diagnostics on standard output.
#include "command_support.hpp"
#include "diagnostic_json.hpp"
#include "merrow/cli/files.hpp"
#include "merrow/layout/json.hpp"
#include "merrow/parser/parse.hpp"

#include <iostream>
#include <memory>

namespace merrow::cli::detail {

namespace {

namespace json = layout::json;

struct CheckOptions {
    std::vector<std::string> files;
    std::string format = "text";
    std::string config_file;
    bool quiet = false;
    bool verbose = false;
};

// The shared diagnostic shape, with the file it belongs to first.
json::Value to_json(const model::Diagnostic& d, const std::string& file) {
    json::Object object{{"file", file}};
    for (auto& member : diagnostic_to_json(d)) {
        object.push_back(std::move(member));
    }
    return object;
}

// A file that could not be read, as a diagnostic (editors show it like any other).
model::Diagnostic unreadable(const std::string& error) {
    model::Diagnostic d;
    d.message = "cannot read the file: " + error;
    return d;
}

class Reporter {
  public:
    explicit Reporter(const CheckOptions& o) : o_(o) {}

    void report(const std::vector<model::Diagnostic>& diagnostics, const std::string& file,
                std::string_view source) {
        for (const model::Diagnostic& d : diagnostics) {
            if ((o_.quiet && d.severity != model::Severity::error) || (d.verbose && !o_.verbose)) {
                continue;
            }
            if (o_.format == "json") {
                out_.push_back(to_json(d, file));
            } else {
                std::cerr << model::format_diagnostic(d, file, source);
            }
        }
    }

    void finish() const {
        if (o_.format == "json") {
            std::cout << json::write(json::Value(out_)) << '\n';
        }
    }

  private:
    const CheckOptions& o_;
    json::Array out_;
};

int check_command(const CheckOptions& o) {
    Reporter reporter(o);
    int exit_code = exit_ok;
    parser::ParseOptions options;
    if (!o.config_file.empty()) {
        const SiteConfig site = read_site_config(o.config_file, options.base_config);
        if (site.exit_code == exit_io) {
            reporter.report({unreadable(site.read_error)}, o.config_file, {});
            reporter.finish();
            return exit_io;
        }
        reporter.report(site.diagnostics, o.config_file, site.text);
        if (site.exit_code != exit_ok) {
            reporter.finish();
            return site.exit_code;
        }
        options.base_config = site.config;
    }
    for (const std::string& file : o.files) {
        const std::string display_name = file == "-" ? "<stdin>" : file;
        std::string error;
        const auto source = read_file(file, error);
        if (!source) {
            reporter.report({unreadable(error)}, display_name, {});
            exit_code = exit_io;
            continue;
        }
        const parser::ParseResult result = parser::parse(*source, options);
        reporter.report(result.diagnostics, display_name, *source);
        if (!result.ok() && exit_code == exit_ok) {
            exit_code = exit_diagram_error;
        }
    }
    reporter.finish();
    return exit_code;
}

} // namespace

Command add_check_command(CLI::App& app) {
    auto o = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand(
        "check", "Check Mermaid files for errors without rendering them (exit 0: all valid, "
                 "1: errors, 3: a file could not be read)");
    check->add_option("files", o->files, "Mermaid files (- for standard input)")->required();
    check->add_option("--format", o->format, "text (default) or json (for editors)")
        ->check(CLI::IsMember({"text", "json"}));
    check->add_option("-c,--configFile", o->config_file,
                      "Mermaid configuration file (JSON or YAML), as for rendering");
    check->add_flag("-q,--quiet", o->quiet, "Report errors only");
    check->add_flag("-v,--verbose", o->verbose,
                    "Also report remarks such as configuration keys merrow ignores");
    return {check, [o] {
                return check_command(*o);
            }};
}

} // namespace merrow::cli::detail
