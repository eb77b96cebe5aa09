// `merrow hugo init|render|keys`: diagrams of a Hugo site rendered before `hugo` runs (Hugo
// templates cannot run programs), read back by a code-block render hook.
#include "command_support.hpp"
#include "hugo_site.hpp"
#include "hugo_template.hpp"
#include "merrow/cli/file_watcher.hpp"
#include "merrow/cli/files.hpp"
#include "merrow/cli/markdown_blocks.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace merrow::cli::detail {

namespace fs = std::filesystem;

namespace {

constexpr const char* settings_file_name = "merrow.yaml";

bool is_hugo_site(const std::string& site) {
    std::error_code ec;
    for (const char* name : {"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml",
                             "config.yaml", "config.yml", "config.json", "config"}) {
        if (fs::exists(fs::path(site) / name, ec)) {
            return true;
        }
    }
    return false;
}

int not_a_site(const std::string& site) {
    return usage_error("`" + site +
                       "` does not look like a Hugo site (no hugo.toml, config.toml or config/)");
}

/// The installed Hugo's version, from `hugo version`; nothing if Hugo is not installed.
std::optional<HugoVersion> installed_hugo_version() {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen("hugo version 2>/dev/null", "r"), ::pclose);
    if (!pipe) {
        return std::nullopt;
    }
    std::string out;
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe.get()) != nullptr) {
        out += buffer.data();
    }
    if (out.find("hugo") == std::string::npos) {
        return std::nullopt;
    }
    return parse_hugo_version(out);
}

// --- merrow hugo init

struct InitOptions {
    std::string site = ".";
    std::string hugo_version;
    bool force = false;
};

int init_command(const InitOptions& o) {
    if (!is_hugo_site(o.site)) {
        return not_a_site(o.site);
    }
    std::optional<HugoVersion> version;
    std::string version_source;
    if (!o.hugo_version.empty()) {
        version = parse_hugo_version(o.hugo_version);
        if (!version) {
            return usage_error("`" + o.hugo_version + "` is not a Hugo version (e.g. 0.111.3)");
        }
        version_source = "--hugo-version";
    } else if ((version = installed_hugo_version())) {
        version_source = "`hugo version`";
    }
    std::string relative;
    if (version) {
        relative = hugo_hook_path(*version);
    } else {
        // Without a Hugo to ask: follow the site's own layout; the old folder is still read
        // by Hugo 0.146 and later.
        std::error_code ec;
        relative = fs::is_directory(fs::path(o.site) / "layouts" / "_markup", ec)
                       ? hugo_hook_paths()[0]
                       : hugo_hook_paths()[1];
    }
    const std::string path = site_path(o.site, relative);
    const std::string_view hook = hugo_render_hook();
    std::string error;
    std::error_code ec;
    if (fs::exists(path, ec)) {
        const auto current = read_file(path, error);
        if (!current) {
            std::cerr << "merrow: cannot read `" << path << "`: " << error << '\n';
            return exit_io;
        }
        if (*current == hook) {
            std::cout << "merrow: " << path << " is installed and up to date\n";
            return exit_ok;
        }
        const auto& history = hugo_render_hook_history();
        const bool ours = std::find(history.begin(), history.end(), *current) != history.end();
        if (!ours && !o.force) {
            std::cerr << "merrow: `" << path
                      << "` exists and differs from merrow's render hook (changed by you?); "
                         "leaving it alone. Use --force to replace it.\n";
            return exit_diagram_error;
        }
    }
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (ec) {
        std::cerr << "merrow: cannot create `" << fs::path(path).parent_path().string()
                  << "`: " << ec.message() << '\n';
        return exit_io;
    }
    if (!write_file_atomically(path, hook, error)) {
        std::cerr << "merrow: cannot write `" << path << "`: " << error << '\n';
        return exit_io;
    }
    std::cout << "merrow: installed " << path;
    if (version) {
        std::cout << " (Hugo " << version->major << '.' << version->minor << '.' << version->patch
                  << ", from " << version_source << ")";
    }
    std::cout << "\nnext: merrow hugo render" << (o.site == "." ? "" : " " + o.site) << " && hugo"
              << (o.site == "." ? "" : " -s " + o.site) << '\n';
    for (const std::string& other : hugo_hook_paths()) {
        if (other != relative && fs::exists(site_path(o.site, other), ec)) {
            std::cerr << "merrow: note: " << site_path(o.site, other)
                      << " exists too; Hugo uses only one of them: remove the one you do not "
                         "want\n";
        }
    }
    return exit_ok;
}

// --- merrow hugo render

struct RenderFlags {
    std::string site = ".";
    std::string settings_file; ///< default: SITE/merrow.yaml when it exists
    bool watch = false;
    bool force = false;
    bool quiet = false;
    bool verbose = false;
    unsigned jobs = 0;
    // Flags over merrow.yaml (empty: not given).
    std::string format, theme, dark_theme, dark_selector, light_selector, background, look, font,
        svg_text, mermaid_config;
    bool dark_selector_given = false;
    bool light_selector_given = false;
};

struct LoadedSite {
    HugoSiteSettings settings;
    RenderOptions options;
    std::string fingerprint;
    std::string settings_path; ///< empty if none
};

/// merrow.yaml, then the flags; exit_ok or the exit code after printing why.
int load_site(const RenderFlags& f, LoadedSite& site) {
    site = LoadedSite{};
    std::string path = f.settings_file;
    std::error_code ec;
    if (path.empty() && fs::exists(fs::path(f.site) / settings_file_name, ec)) {
        path = site_path(f.site, settings_file_name);
    }
    if (!path.empty()) {
        const std::string error = read_hugo_settings(path, site.settings);
        if (!error.empty()) {
            std::cerr << "merrow: " << error << '\n';
            return fs::exists(path, ec) ? exit_usage : exit_io;
        }
        site.settings_path = path;
    }
    HugoSiteSettings& s = site.settings;
    const auto over = [](std::string& setting, const std::string& flag) {
        if (!flag.empty()) {
            setting = flag;
        }
    };
    over(s.format, f.format);
    over(s.theme, f.theme);
    over(s.dark_theme, f.dark_theme);
    if (f.dark_selector_given) {
        s.dark_selector = f.dark_selector;
    }
    if (f.light_selector_given) {
        s.light_selector = f.light_selector;
    }
    over(s.background, f.background);
    over(s.look, f.look);
    over(s.font, f.font);
    over(s.svg_text, f.svg_text);
    over(s.mermaid_config, f.mermaid_config);
    if (f.jobs != 0) {
        s.jobs = f.jobs;
    }
    const std::string error =
        make_render_options(f.site, s, site.options, site.fingerprint, f.quiet, f.verbose);
    if (!error.empty()) {
        return usage_error(error);
    }
    return exit_ok;
}

/// Makes a running `hugo server` re-render pages: it rebuilds when an asset appears but does
/// not re-render a page whose hook found nothing before; a write to the hook template does.
/// The same bytes are written in place, so the template never changes, even for a moment.
void touch_render_hook(const std::string& site) {
    for (const std::string& relative : hugo_hook_paths()) {
        const std::string path = site_path(site, relative);
        std::string error;
        const auto bytes = read_file(path, error);
        if (!bytes) {
            continue;
        }
        const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        std::size_t written = 0;
        while (written < bytes->size()) {
            const ssize_t n = ::pwrite(fd, bytes->data() + written, bytes->size() - written,
                                       static_cast<off_t>(written));
            if (n <= 0) {
                break;
            }
            written += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }
}

std::string clock_time() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    ::localtime_r(&now, &local);
    std::array<char, 16> text{};
    std::strftime(text.data(), text.size(), "%H:%M:%S", &local);
    return text.data();
}

int exit_code_of(const HugoRunSummary& s) {
    if (s.io_error) {
        return exit_io;
    }
    return s.failed > 0 ? exit_diagram_error : exit_ok;
}

int render_site_command(const RenderFlags& f) {
    if (!is_hugo_site(f.site)) {
        return not_a_site(f.site);
    }
    LoadedSite site;
    if (const int code = load_site(f, site); code != exit_ok) {
        return code;
    }
    const auto hooks = hugo_hook_paths();
    if (!f.quiet && std::none_of(hooks.begin(), hooks.end(), [&](const std::string& hook) {
            std::error_code ec;
            return fs::exists(site_path(f.site, hook), ec);
        })) {
        std::cerr << "merrow: note: the render hook is not installed, so Hugo will not use "
                     "these files: run `merrow hugo init` once\n";
    }
    auto renderer =
        std::make_unique<HugoSiteRenderer>(f.site, site.settings, site.options, site.fingerprint);
    HugoRunOptions run;
    run.force = f.force;
    run.quiet = f.quiet;
    run.verbose = f.verbose;
    run.progress = ::isatty(STDERR_FILENO) != 0;
    const HugoRunSummary first = renderer->run(run);
    // Also without --watch: a `hugo server` may be running.
    if (first.rendered + first.removed > 0) {
        touch_render_hook(f.site);
    }
    if (!f.quiet) {
        std::cout << (f.watch ? "[" + clock_time() + "] " : "") << first.line() << std::endl;
    }
    if (!f.watch) {
        return exit_code_of(first);
    }
    run.force = false;

    // Watch: re-render on every change of the content or the settings.
    const auto watched = [&] {
        std::vector<std::string> paths = renderer->watched_paths();
        if (!site.settings_path.empty()) {
            paths.push_back(site.settings_path);
        } else {
            // merrow.yaml may appear later: watch the site folder's direct files for it. The
            // whole site would also catch public/ and resources/, which Hugo rewrites.
            paths.push_back(site_path(f.site, settings_file_name));
        }
        return paths;
    };
    std::vector<std::string> paths = watched();
    // A merrow.yaml that does not exist yet cannot be watched by name; skip it.
    std::erase_if(paths, [](const std::string& p) {
        std::error_code ec;
        return !fs::exists(p, ec);
    });
    FileWatcher watcher(paths);
    if (!f.quiet) {
        std::cout << "watching";
        for (const std::string& p : paths) {
            std::cout << ' ' << p;
        }
        std::cout << " (Ctrl-C to stop)" << std::endl;
    }
    while (true) {
        const std::vector<std::string> changed = watcher.wait(std::chrono::hours(1));
        bool settings_changed = false;
        bool content_changed = false;
        for (const std::string& path : changed) {
            if (path == site.settings_path ||
                (!site.settings.mermaid_config.empty() &&
                 path == site_path(f.site, site.settings.mermaid_config))) {
                settings_changed = true;
            } else {
                // Folders (created, moved or deleted) may hold Markdown files too.
                const fs::path p(path);
                std::error_code ec;
                const std::string ext = p.extension().string();
                content_changed = content_changed || ext == ".md" || ext == ".markdown" ||
                                  ext == ".mdown" || ext == ".mkd" || ext == ".mkdn" ||
                                  fs::is_directory(p, ec) || ext.empty();
            }
        }
        if (settings_changed) {
            LoadedSite reloaded;
            if (load_site(f, reloaded) != exit_ok) {
                std::cerr << "merrow: keeping the previous settings\n";
                continue;
            }
            site = std::move(reloaded);
            renderer = std::make_unique<HugoSiteRenderer>(f.site, site.settings, site.options,
                                                          site.fingerprint);
        } else if (!content_changed) {
            continue;
        }
        const HugoRunSummary summary = renderer->run(run);
        if (summary.rendered + summary.removed > 0) {
            touch_render_hook(f.site);
        }
        if (!f.quiet) {
            std::cout << '[' << clock_time() << "] " << summary.line() << std::endl;
        }
    }
}

void add_render_site_flags(CLI::App& cmd, RenderFlags& f) {
    cmd.add_option("site", f.site, "The Hugo site's folder (default: the current folder)");
    cmd.add_option("--config", f.settings_file,
                   "merrow's settings for the site (default: SITE/merrow.yaml if it exists)");
    cmd.add_flag("--force", f.force, "Re-render every diagram merrow wrote");
    cmd.add_option("-j,--jobs", f.jobs, "Render with this many threads (default: all cores)");
    cmd.add_flag("-q,--quiet", f.quiet, "Print errors only (no summary)");
    cmd.add_flag("-v,--verbose", f.verbose, "Also print remarks");
    cmd.add_option("-e,--outputFormat", f.format, "svg (default) or png");
    cmd.add_option("-t,--theme", f.theme, "Theme: default, neutral, dark, forest, base");
    cmd.add_option("--dark-theme", f.dark_theme,
                   "Also carry this theme's colours in every SVG, used under a dark colour "
                   "scheme or the dark selector");
    cmd.add_option("--dark-selector", f.dark_selector,
                   "With --dark-theme: a selector that also switches to dark (default .dark)")
        ->each([&f](const std::string&) { f.dark_selector_given = true; });
    cmd.add_option("--light-selector", f.light_selector,
                   "With --dark-theme: a selector that forces the light colours")
        ->each([&f](const std::string&) { f.light_selector_given = true; });
    cmd.add_option("-b,--backgroundColor", f.background, "Background colour or transparent");
    cmd.add_option("--look", f.look, "classic or neo");
    cmd.add_option("--font", f.font, "Font family for labels (the pages must have it too)");
    cmd.add_option("--svg-text", f.svg_text, "text (default) or paths (glyph outlines)");
    cmd.add_option("-c,--configFile", f.mermaid_config,
                   "Mermaid configuration file (JSON or YAML), like mmdc's");
}

// --- merrow hugo keys: each block's place and key, to check a site's template agrees.

int keys_command(const RenderFlags& f) {
    if (!is_hugo_site(f.site)) {
        return not_a_site(f.site);
    }
    LoadedSite site;
    if (const int code = load_site(f, site); code != exit_ok) {
        return code;
    }
    std::vector<ContentFile> files;
    const bool complete = scan_content(f.site, site.settings, files, f.quiet);
    for (const ContentFile& file : files) {
        for (const MermaidBlock& block : file.blocks) {
            std::cout << file.display << ':' << block.first_line - 1 << ' '
                      << mermaid_block_key(block) << '\n';
        }
    }
    return complete ? exit_ok : exit_io;
}

} // namespace

Command add_hugo_command(CLI::App& app) {
    CLI::App* hugo = app.add_subcommand(
        "hugo", "Render the mermaid blocks of a Hugo site before `hugo` builds it");
    hugo->require_subcommand(1);

    auto init = std::make_shared<InitOptions>();
    CLI::App* init_cmd = hugo->add_subcommand(
        "init", "Install the render hook template into the site (leaves a changed copy alone "
                "unless --force)");
    init_cmd->add_option("site", init->site, "The Hugo site's folder (default: current folder)");
    init_cmd->add_flag("--force", init->force, "Replace a template you changed");
    init_cmd->add_option("--hugo-version", init->hugo_version,
                         "The site's Hugo version (default: ask `hugo version`); decides "
                         "layouts/_default/_markup/ (before 0.146) or layouts/_markup/");

    auto render = std::make_shared<RenderFlags>();
    CLI::App* render_cmd = hugo->add_subcommand(
        "render", "Render every mermaid block of the site's content to assets/mermaid/ "
                  "(only what changed; exit 1 if a diagram has errors)");
    add_render_site_flags(*render_cmd, *render);
    render_cmd->add_flag("-w,--watch", render->watch,
                         "Keep running: re-render on every change, and make a running "
                         "`hugo server` show the new diagrams");

    auto keys = std::make_shared<RenderFlags>();
    CLI::App* keys_cmd = hugo->add_subcommand(
        "keys", "Print each mermaid block's place (FILE:LINE of its opening fence) and key");
    keys_cmd->add_option("site", keys->site, "The Hugo site's folder (default: current folder)");

    return {hugo, [=] {
                if (init_cmd->parsed()) {
                    return init_command(*init);
                }
                if (keys_cmd->parsed()) {
                    return keys_command(*keys);
                }
                return render_site_command(*render);
            }};
}

} // namespace merrow::cli::detail
