// A Hugo site's pre-render step: its settings (merrow.yaml and flags), the scan of its content
// for mermaid blocks, and one incremental, parallel render of them into assets/mermaid/.
#pragma once

#include "merrow/cli/markdown_blocks.hpp"
#include "merrow/cli/pipeline.hpp"
#include "parallel_render.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace merrow::cli::detail {

/// What merrow.yaml (or flags) may set for a site; everything optional.
struct HugoSiteSettings {
    std::vector<std::string> content{"content"}; ///< folders scanned, relative to the site
    std::string output = "assets/mermaid";       ///< where diagrams go, relative to the site
    std::string format = "svg";                  ///< svg or png
    std::string theme;
    std::string dark_theme;
    std::string dark_selector = ".dark";
    std::string light_selector;
    std::string background;
    std::string look;
    std::string font;     ///< font family for labels (the browser needs it too)
    double font_size = 0; ///< 0: the theme's
    std::string svg_text = "text";
    double scale = 1;           ///< png
    std::string mermaid_config; ///< Mermaid configuration file (like -c), relative to the site
    unsigned jobs = 0;          ///< 0: all cores
};

/// The keys merrow.yaml accepts, for messages and the documentation test.
const std::vector<std::string>& hugo_settings_keys();

/// Reads merrow.yaml over `settings`. Returns an error message ("FILE:LINE: …"), or empty.
std::string read_hugo_settings(const std::string& path, HugoSiteSettings& settings);

/// The render options for `settings` (reading the Mermaid configuration file, relative to
/// `site`, and printing its problems), and the fingerprint of everything that changes the
/// pictures. Returns an error message, or empty.
std::string make_render_options(const std::string& site, const HugoSiteSettings& settings,
                                RenderOptions& options, std::string& fingerprint, bool quiet,
                                bool verbose);

/// A Markdown file of the site's content and its mermaid blocks.
struct ContentFile {
    std::string display; ///< the path shown in messages
    std::string text;
    std::vector<MermaidBlock> blocks;
};

/// Reads every Markdown file below the content folders (the extensions Hugo reads; hidden
/// files and backups skipped), in path order, keeping those with mermaid blocks. Returns false
/// if a file or folder could not be read (after saying so on standard error).
bool scan_content(const std::string& site, const HugoSiteSettings& settings,
                  std::vector<ContentFile>& files_with_blocks, bool quiet);

struct HugoRunOptions {
    bool force = false;    ///< re-render every diagram merrow owns
    bool quiet = false;    ///< errors only, no summary
    bool verbose = false;  ///< remarks too
    bool progress = false; ///< a progress bar on standard error (a terminal)
};

struct HugoRunSummary {
    std::size_t rendered = 0;
    std::size_t unchanged = 0;
    std::size_t removed = 0;
    std::size_t failed = 0;
    bool io_error = false; ///< a file could not be read or written
    double seconds = 0;

    /// "rendered 12, unchanged 140, removed 1, failed 0 in 0.21 s"
    std::string line() const;
};

/// The site renderer; kept alive by watch mode so its measurers and caches are reused.
class HugoSiteRenderer {
  public:
    HugoSiteRenderer(std::string site, HugoSiteSettings settings, RenderOptions options,
                     std::string fingerprint);

    /// Scans the content, renders what is missing, removes what merrow wrote that no block
    /// uses any more, and reports problems on standard error.
    HugoRunSummary run(const HugoRunOptions& options);

    /// The folders and files whose changes matter (for watching).
    std::vector<std::string> watched_paths() const;

  private:
    std::string site_;
    HugoSiteSettings settings_;
    RenderOptions options_;
    std::string fingerprint_;
    ParallelRenderer renderer_;
};

/// A path inside the site as the user should see it: "content/posts/x.md" for site ".",
/// "blog/content/posts/x.md" for site "blog".
std::string site_path(const std::string& site, const std::string& relative);

} // namespace merrow::cli::detail
