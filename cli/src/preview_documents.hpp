// The documents `merrow watch` and `merrow serve` keep rendered: Mermaid files (one diagram
// each) and Markdown files (one diagram per mermaid block), with diagnostics at their place in
// the file. Both commands render through here, so they agree on what a diagram is.
#pragma once

#include "merrow/cli/pipeline.hpp"
#include "merrow/layout/text_measurer.hpp"
#include "merrow/model/diagnostic.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace merrow::cli::detail {

enum class DocumentKind { mermaid, markdown };

/// By extension: .mmd and .mermaid are diagrams, .md, .markdown and .mdx are Markdown.
std::optional<DocumentKind> document_kind(const std::string& path);

struct RenderedDiagram {
    std::size_t line = 1;     ///< 1-based line of the diagram's first line in the file
    std::size_t end_line = 1; ///< its last line
    std::string source;       ///< the diagram text
    bool ok = false;
    std::string output; ///< the rendered bytes when ok
    /// Errors and warnings, at their place in the file (not in the block).
    std::vector<model::Diagnostic> diagnostics;
    double milliseconds = 0; ///< how long the render took
};

struct RenderedDocument {
    std::string path;       ///< as found or given
    std::string text;       ///< the file's contents
    std::string read_error; ///< set when the file could not be read
    std::vector<RenderedDiagram> diagrams;

    bool ok() const;
};

/// Reads and renders every diagram of a document. `measurer` is used by this thread only.
RenderedDocument render_document(const std::string& path, DocumentKind kind,
                                 const RenderOptions& options,
                                 const layout::TextMeasurer& measurer);

/// The documents under `folder`, recursively and sorted, leaving out hidden folders and
/// node_modules; `folder` itself when it names a file.
std::vector<std::string> find_documents(const std::string& folder);

} // namespace merrow::cli::detail
