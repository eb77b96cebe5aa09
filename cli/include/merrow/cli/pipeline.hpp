// The whole pipeline behind one call: Mermaid text → parse → layout → scene → output bytes.
// The command line, the site hook, batch rendering and the editor daemon all go through here.
#pragma once

#include "merrow/layout/text_measurer.hpp"
#include "merrow/model/config.hpp"
#include "merrow/model/diagnostic.hpp"
#include "merrow/render/pango_measurer.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::cli {

enum class Format { svg, png, pdf, json };

std::optional<Format> format_from_name(std::string_view name); ///< "svg", "png", …
std::optional<Format> format_from_path(std::string_view path); ///< by extension
std::string_view format_name(Format format);

/// PNG and PDF are drawn by Cairo: measuring them on Cairo's fonts lets the painter reuse them.
inline render::FontBackend font_backend_for(Format format) {
    return format == Format::png || format == Format::pdf ? render::FontBackend::cairo
                                                          : render::FontBackend::freetype;
}

struct RenderOptions {
    Format format = Format::svg;
    model::Config config;                  ///< base config (defaults, `-c`, `-t`)
    std::optional<std::string> background; ///< `-b`: a CSS colour or "transparent"
    double scale = 1;                      ///< `-s`
    std::optional<double> width;           ///< `-w`
    std::optional<double> height;          ///< `-H`
    std::string svg_id;                    ///< `-I`: id prefix; empty derives one from the text
    /// `--dark-theme`: a second theme the SVG switches to under a dark colour scheme (empty:
    /// none).
    std::string dark_theme;
    std::string dark_selector = ".dark"; ///< `--dark-selector`: also switches to it
    std::string light_selector;          ///< `--light-selector`: forces the light palette
    bool svg_text_paths = false;         ///< `--svg-text paths`: glyph outlines, not <text>
    bool xml_declaration = true;         ///< `<?xml …?>` first (off for inlining)
};

struct RenderResult {
    std::string output;                         ///< the file's bytes; empty on error
    std::vector<model::Diagnostic> diagnostics; ///< errors and warnings
    bool ok = false;
};

/// Renders one diagram. Never throws for bad diagram text: problems come back as diagnostics.
/// `measurer` must be used by one thread at a time.
RenderResult render(std::string_view source, const RenderOptions& options,
                    const layout::TextMeasurer& measurer);

} // namespace merrow::cli
