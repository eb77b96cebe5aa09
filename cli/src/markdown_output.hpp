// `merrow -i doc.md -o out.md`, as mmdc does it: every mermaid block rendered to a numbered
// file beside the output (out-1.svg, out-2.svg, …) and replaced by an image link to it.
#pragma once

#include "merrow/cli/pipeline.hpp"

#include <string>
#include <string_view>

namespace merrow::cli::detail {

/// True for the extensions read as Markdown (.md, .markdown).
bool is_markdown_path(std::string_view path);

/// out.md → out-3.svg (the number before the extension; the format's extension).
std::string numbered_image_path(const std::string& output, std::size_t number,
                                std::string_view extension);

struct MarkdownRender {
    std::string input_name; ///< for messages
    std::string output;     ///< .md/.markdown: rewrite the document; .svg/.png/.pdf: images only
    std::string artefacts;  ///< mmdc's -a: the images go here instead (empty: beside output)
    RenderOptions options;  ///< options.format is the images' format
    bool quiet = false;
    bool verbose = false;
};

/// Renders every block of `markdown`; on any error writes nothing and returns exit 1.
int render_markdown(std::string_view markdown, const MarkdownRender& job);

} // namespace merrow::cli::detail
