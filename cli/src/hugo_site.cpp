#include "hugo_site.hpp"

#include "command_support.hpp"
#include "merrow/cli/files.hpp"
#include "merrow/cli/markdown_blocks.hpp"
#include "merrow/layout/json.hpp"
#include "render_settings.hpp"
#include "sha256.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#ifndef MERROW_VERSION
#define MERROW_VERSION "dev"
#endif

namespace merrow::cli::detail {

namespace fs = std::filesystem;
namespace json = layout::json;

namespace {

/// Bumped whenever the SVGs for the same text and settings would change in a way that should
/// re-render sites (it is part of the manifest's fingerprint).
constexpr std::string_view output_revision = "1";

constexpr std::string_view manifest_name = ".merrow-manifest.json";

bool is_markdown(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // The extensions Hugo reads as Markdown.
    return ext == ".md" || ext == ".markdown" || ext == ".mdown" || ext == ".mkd" || ext == ".mkdn";
}

/// Hidden files and folders and editor backups are not content (Hugo skips them too).
bool is_ignored(const fs::path& relative) {
    for (const fs::path& part : relative) {
        const std::string name = part.string();
        if (!name.empty() && (name[0] == '.' || name[0] == '#' || name.back() == '~')) {
            return true;
        }
    }
    return false;
}

struct Manifest {
    std::string fingerprint;
    std::set<std::string> files; ///< names in the output folder that merrow wrote
};

bool is_output_name(const std::string& name) {
    static const std::regex output(R"([0-9a-f]{64}\.(svg|png))");
    return std::regex_match(name, output);
}

Manifest read_manifest(const fs::path& path) {
    Manifest m;
    std::string error;
    const auto text = read_file(path.string(), error);
    if (!text) {
        return m;
    }
    try {
        const json::Value root = json::parse(*text);
        if (const json::Value* f = root.find("fingerprint"); f != nullptr && f->is_string()) {
            m.fingerprint = f->as_string();
        }
        if (const json::Value* files = root.find("files"); files != nullptr && files->is_array()) {
            for (const json::Value& name : files->as_array()) {
                // Only names merrow gives its files (a block's key and .svg or .png): a manifest
                // that was edited, or came with a repository, must never make merrow remove or
                // overwrite anything else, in its folder or outside it.
                if (name.is_string() && is_output_name(name.as_string())) {
                    m.files.insert(name.as_string());
                }
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "merrow: warning: ignoring `" << path.string() << "`: " << e.what() << '\n';
    }
    return m;
}

bool write_manifest(const fs::path& path, const Manifest& m, std::string& error) {
    json::Array files;
    for (const std::string& name : m.files) {
        files.emplace_back(name);
    }
    const json::Value root = json::Object{
        {"written_by", "merrow hugo render: the files below are merrow's, to re-render and to "
                       "remove when no mermaid block uses them; other files are left alone"},
        {"fingerprint", m.fingerprint},
        {"files", std::move(files)}};
    return write_file_atomically(path.string(), json::write(root) + "\n", error);
}

/// Removes temporary files that an interrupted run left (write_file_atomically names them
/// ".<target>.XXXXXX"; only those of diagram files, and only old ones: a run going on at the
/// same time may still be about to rename its own).
void remove_stale_temporaries(const fs::path& dir) {
    static const std::regex temporary(R"(\.[0-9a-f]{64}\.(svg|png)\.[A-Za-z0-9]{6})");
    const auto now = fs::file_time_type::clock::now();
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code time_ec;
        const auto written = it->last_write_time(time_ec);
        if (!time_ec && std::regex_match(name, temporary) &&
            now - written > std::chrono::minutes(1)) {
            std::error_code remove_ec;
            fs::remove(it->path(), remove_ec);
        }
    }
}

class ProgressBar {
  public:
    explicit ProgressBar(bool enabled) : enabled_(enabled) {}

    void update(std::size_t done, std::size_t total) {
        if (!enabled_ || total == 0) {
            return;
        }
        constexpr std::size_t width = 30;
        const std::size_t filled = done * width / total;
        std::string bar(filled, '#');
        bar.append(width - filled, '.');
        std::fprintf(stderr, "\r\033[Krendering [%s] %zu/%zu", bar.c_str(), done, total);
        std::fflush(stderr);
        shown_ = true;
    }

    void clear() {
        if (shown_) {
            std::fputs("\r\033[K", stderr);
            std::fflush(stderr);
            shown_ = false;
        }
    }

  private:
    bool enabled_;
    bool shown_ = false;
};

struct Use {
    std::size_t file = 0;
    std::size_t block = 0;
};

struct Diagram {
    std::string key;
    std::string text; ///< the first block's text (all uses have the same trimmed text)
    std::string theme;
    std::vector<Use> uses;
};

} // namespace

const std::vector<std::string>& hugo_settings_keys() {
    static const std::vector<std::string> keys{
        "content",       "output",         "format",     "theme",          "dark_theme",
        "dark_selector", "light_selector", "background", "look",           "font",
        "font_size",     "svg_text",       "scale",      "mermaid_config", "jobs"};
    return keys;
}

std::string read_hugo_settings(const std::string& path, HugoSiteSettings& s) {
    std::string error;
    const auto text = read_file(path, error);
    if (!text) {
        return path + ": cannot read: " + error;
    }
    try {
        const YAML::Node root = YAML::Load(*text);
        if (root.IsNull()) {
            return {};
        }
        if (!root.IsMap()) {
            return path + ":1: expected settings as `key: value` lines";
        }
        for (const auto& entry : root) {
            const std::string key = entry.first.as<std::string>();
            const YAML::Node& value = entry.second;
            const std::string where =
                path + ":" + std::to_string(entry.first.Mark().line + 1) + ": ";
            const auto& keys = hugo_settings_keys();
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
                std::string known;
                for (const std::string& k : keys) {
                    known += (known.empty() ? "" : ", ") + k;
                }
                return where + "unknown setting `" + key + "` (settings: " + known + ")";
            }
            if (key == "content") {
                s.content.clear();
                if (value.IsSequence()) {
                    for (const auto& item : value) {
                        s.content.push_back(item.as<std::string>());
                    }
                } else {
                    s.content.push_back(value.as<std::string>());
                }
                continue;
            }
            if (!value.IsScalar()) {
                return where + "`" + key + "` takes a single value";
            }
            if (key == "font_size" || key == "scale") {
                (key == "scale" ? s.scale : s.font_size) = value.as<double>();
            } else if (key == "jobs") {
                s.jobs = value.as<unsigned>();
            } else {
                const std::string v = value.as<std::string>();
                if (key == "output") {
                    s.output = v;
                } else if (key == "format") {
                    s.format = v;
                } else if (key == "theme") {
                    s.theme = v;
                } else if (key == "dark_theme") {
                    s.dark_theme = v;
                } else if (key == "dark_selector") {
                    s.dark_selector = v;
                } else if (key == "light_selector") {
                    s.light_selector = v;
                } else if (key == "background") {
                    s.background = v;
                } else if (key == "look") {
                    s.look = v;
                } else if (key == "font") {
                    s.font = v;
                } else if (key == "svg_text") {
                    s.svg_text = v;
                } else if (key == "mermaid_config") {
                    s.mermaid_config = v;
                }
            }
        }
    } catch (const YAML::Exception& e) {
        return path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg;
    }
    return {};
}

std::string make_render_options(const std::string& site, const HugoSiteSettings& s,
                                RenderOptions& options, std::string& fingerprint, bool quiet,
                                bool verbose) {
    options = RenderOptions{};
    std::string mermaid_config_text;
    if (s.format != "svg" && s.format != "png") {
        return "format must be `svg` or `png` (what a page can show)";
    }
    if (!s.mermaid_config.empty()) {
        const std::string path = site_path(site, s.mermaid_config);
        const SiteConfig config = read_site_config(path, options.config);
        if (config.exit_code == exit_io) {
            return "cannot read `" + path + "`: " + config.read_error;
        }
        print_diagnostics(config.diagnostics, path, config.text, quiet, verbose);
        if (config.exit_code != exit_ok) {
            return "the Mermaid configuration `" + path + "` has errors";
        }
        options.config = config.config;
        mermaid_config_text = config.text;
    }
    // merrow.yaml's own keys go over the Mermaid configuration: they are the site's choice.
    RenderSettings common;
    common.format = s.format;
    common.theme = s.theme;
    common.dark_theme = s.dark_theme;
    common.dark_selector = s.dark_selector;
    common.light_selector = s.light_selector;
    common.background = s.background;
    common.scale = s.scale;
    common.svg_text = s.svg_text;
    common.look = s.look;
    if (std::string error = apply_render_settings(common, options); !error.empty()) {
        return error;
    }
    if (!s.font.empty()) {
        options.config.font_family = s.font;
    }
    if (s.font_size != 0) {
        if (!(s.font_size > 0 && s.font_size <= 200)) {
            return "font_size must be between 0 and 200";
        }
        options.config.font_size = s.font_size;
    }
    // Inlined into HTML: no XML declaration.
    options.xml_declaration = false;

    // Everything that changes the pictures: a change re-renders the site's diagrams.
    std::ostringstream id;
    id << "merrow " << MERROW_VERSION << " output " << output_revision << '\n'
       << s.format << '\n'
       << s.theme << '\n'
       << s.dark_theme << '\n'
       << s.dark_selector << '\n'
       << s.light_selector << '\n'
       << s.background << '\n'
       << s.look << '\n'
       << s.font << '\n'
       << s.font_size << '\n'
       << s.svg_text << '\n'
       << s.scale << '\n'
       << mermaid_config_text;
    fingerprint = sha256_hex(id.str());
    return {};
}

std::string HugoRunSummary::line() const {
    char seconds_text[32];
    std::snprintf(seconds_text, sizeof seconds_text, "%.2f", seconds);
    return "rendered " + std::to_string(rendered) + ", unchanged " + std::to_string(unchanged) +
           ", removed " + std::to_string(removed) + ", failed " + std::to_string(failed) + " in " +
           seconds_text + " s";
}

std::string site_path(const std::string& site, const std::string& relative) {
    if (fs::path(relative).is_absolute()) {
        return relative;
    }
    std::string out = (fs::path(site) / relative).lexically_normal().string();
    return out;
}

bool scan_content(const std::string& site, const HugoSiteSettings& settings,
                  std::vector<ContentFile>& files_with_blocks, bool quiet) {
    bool complete = true;
    for (const std::string& dir : settings.content) {
        const fs::path root = site_path(site, dir);
        std::error_code ec;
        if (!fs::is_directory(root, ec)) {
            if (!quiet) {
                std::cerr << "merrow: warning: no content folder `" << root.string() << "`\n";
            }
            continue;
        }
        std::vector<fs::path> files;
        for (fs::recursive_directory_iterator
                 it(root, fs::directory_options::skip_permission_denied, ec),
             end;
             !ec && it != end; it.increment(ec)) {
            const fs::path relative = it->path().lexically_relative(root);
            std::error_code type_ec;
            if (is_ignored(relative)) {
                if (it->is_directory(type_ec)) {
                    it.disable_recursion_pending();
                }
                continue;
            }
            if (it->is_regular_file(type_ec) && is_markdown(it->path())) {
                files.push_back(it->path());
            }
        }
        if (ec) {
            std::cerr << "merrow: cannot list `" << root.string() << "`: " << ec.message() << '\n';
            complete = false;
        }
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            ContentFile source;
            source.display = file.lexically_normal().string();
            std::string error;
            auto text = read_file(file.string(), error);
            if (!text) {
                std::cerr << "merrow: cannot read `" << source.display << "`: " << error << '\n';
                complete = false;
                continue;
            }
            source.text = std::move(*text);
            source.blocks = find_mermaid_blocks(source.text);
            if (!source.blocks.empty()) {
                files_with_blocks.push_back(std::move(source));
            }
        }
    }
    return complete;
}

HugoSiteRenderer::HugoSiteRenderer(std::string site, HugoSiteSettings settings,
                                   RenderOptions options, std::string fingerprint)
    : site_(std::move(site)), settings_(std::move(settings)), options_(std::move(options)),
      fingerprint_(std::move(fingerprint)), renderer_(settings_.jobs) {}

std::vector<std::string> HugoSiteRenderer::watched_paths() const {
    std::vector<std::string> paths;
    for (const std::string& dir : settings_.content) {
        const std::string path = site_path(site_, dir);
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            paths.push_back(path);
        }
    }
    if (!settings_.mermaid_config.empty()) {
        paths.push_back(site_path(site_, settings_.mermaid_config));
    }
    return paths;
}

HugoRunSummary HugoSiteRenderer::run(const HugoRunOptions& run_options) {
    const auto start = std::chrono::steady_clock::now();
    HugoRunSummary summary;

    // 1. Every mermaid block of the content, grouped by key.
    std::vector<ContentFile> sources;
    const bool complete_scan = scan_content(site_, settings_, sources, run_options.quiet);
    summary.io_error = !complete_scan;
    std::vector<Diagram> diagrams;
    std::map<std::string, std::size_t> by_key;
    for (std::size_t f = 0; f < sources.size(); ++f) {
        for (std::size_t b = 0; b < sources[f].blocks.size(); ++b) {
            const MermaidBlock& block = sources[f].blocks[b];
            const std::string key = mermaid_block_key(block);
            auto [it, inserted] = by_key.emplace(key, diagrams.size());
            if (inserted) {
                diagrams.push_back({key, block.text, block.attribute("theme"), {}});
            }
            diagrams[it->second].uses.push_back({f, b});
        }
    }

    // 2. What to render: missing files, and merrow's own files after a settings change.
    const fs::path out_dir = site_path(site_, settings_.output);
    const fs::path manifest_path = out_dir / manifest_name;
    const Manifest old = read_manifest(manifest_path);
    const bool settings_changed = old.fingerprint != fingerprint_;
    const std::string ext = "." + std::string(format_name(options_.format));
    std::vector<RenderJob> jobs;
    std::vector<std::size_t> job_diagram;
    std::set<std::string> used;
    for (std::size_t d = 0; d < diagrams.size(); ++d) {
        const std::string name = diagrams[d].key + ext;
        used.insert(name);
        std::error_code ec;
        const bool exists = fs::exists(out_dir / name, ec);
        const bool owned = old.files.count(name) != 0;
        if (exists && !(owned && (settings_changed || run_options.force))) {
            ++summary.unchanged;
            continue;
        }
        RenderJob job;
        job.source = diagrams[d].text;
        job.options = options_;
        if (!diagrams[d].theme.empty()) {
            job.options.config.theme = diagrams[d].theme;
        }
        // Page-unique ids when several diagrams are inlined in one page.
        job.options.svg_id = "mermaid-" + diagrams[d].key.substr(0, 12);
        job.output_path = (out_dir / name).string();
        jobs.push_back(std::move(job));
        job_diagram.push_back(d);
    }

    remove_stale_temporaries(out_dir);

    // Before writing anything, the manifest claims what this run may write (with the old
    // fingerprint), so an interrupted run leaves no file that merrow would not own.
    Manifest next = old;
    std::string error;
    if (!jobs.empty()) {
        std::error_code ec;
        fs::create_directories(out_dir, ec);
        if (ec) {
            std::cerr << "merrow: cannot create `" << out_dir.string() << "`: " << ec.message()
                      << '\n';
            summary.io_error = true;
            summary.failed = jobs.size();
            return summary;
        }
        for (const RenderJob& job : jobs) {
            next.files.insert(fs::path(job.output_path).filename().string());
        }
        if (!write_manifest(manifest_path, next, error)) {
            std::cerr << "merrow: cannot write `" << manifest_path.string() << "`: " << error
                      << '\n';
            summary.io_error = true;
            summary.failed = jobs.size();
            return summary;
        }
    }

    // 3. Render in parallel; each worker writes its file atomically.
    ProgressBar bar(run_options.progress && !run_options.quiet);
    const auto results = renderer_.render(
        jobs, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
    bar.clear();

    for (std::size_t j = 0; j < jobs.size(); ++j) {
        const Diagram& diagram = diagrams[job_diagram[j]];
        const RenderJobResult& r = results[j];
        // Errors at every use of the diagram; warnings once.
        for (std::size_t u = 0; u < diagram.uses.size(); ++u) {
            const ContentFile& source = sources[diagram.uses[u].file];
            const MermaidBlock& block = source.blocks[diagram.uses[u].block];
            std::vector<model::Diagnostic> mapped;
            for (const model::Diagnostic& d : r.result.diagnostics) {
                if (u == 0 || d.severity == model::Severity::error) {
                    mapped.push_back(to_file_position(block, d));
                }
            }
            print_diagnostics(mapped, source.display, source.text, run_options.quiet,
                              run_options.verbose);
        }
        const std::string name = fs::path(jobs[j].output_path).filename().string();
        if (!r.result.ok) {
            ++summary.failed;
            // A stale picture of ours (older settings) must not stand in for a broken diagram.
            std::error_code ec;
            if (old.files.count(name) != 0) {
                fs::remove(jobs[j].output_path, ec);
            }
            next.files.erase(name);
        } else if (!r.write_error.empty()) {
            std::cerr << "merrow: cannot write `" << jobs[j].output_path << "`: " << r.write_error
                      << '\n';
            summary.io_error = true;
            ++summary.failed;
        } else {
            ++summary.rendered;
        }
    }

    // 4. Remove merrow's files that no block uses any more (not after an incomplete scan: a
    // file that could not be read may still use them).
    if (complete_scan) {
        for (const std::string& name : old.files) {
            if (used.count(name) != 0) {
                continue;
            }
            std::error_code ec;
            if (fs::remove(out_dir / name, ec)) {
                ++summary.removed;
            }
            if (!ec) {
                next.files.erase(name);
            }
        }
    }
    // Files merrow claimed but did not write (interrupted or failed) are not its own.
    for (auto it = next.files.begin(); it != next.files.end();) {
        std::error_code ec;
        it = fs::exists(out_dir / *it, ec) ? std::next(it) : next.files.erase(it);
    }
    next.fingerprint = fingerprint_;
    if (next.files != old.files || next.fingerprint != old.fingerprint) {
        std::error_code ec;
        fs::create_directories(out_dir, ec);
        if (!write_manifest(manifest_path, next, error)) {
            std::cerr << "merrow: cannot write `" << manifest_path.string() << "`: " << error
                      << '\n';
            summary.io_error = true;
        }
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

} // namespace merrow::cli::detail
