#include "preview_documents.hpp"

#include "merrow/cli/files.hpp"
#include "merrow/cli/markdown_blocks.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace merrow::cli::detail {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

std::size_t count_lines(std::string_view text) {
    std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    if (!text.empty() && text.back() != '\n') {
        ++lines;
    }
    return std::max<std::size_t>(lines, 1);
}

RenderedDiagram render_one(std::string source, std::size_t first_line, const RenderOptions& options,
                           const layout::TextMeasurer& measurer) {
    RenderedDiagram diagram;
    diagram.line = first_line;
    diagram.end_line = first_line + count_lines(source) - 1;
    const auto start = std::chrono::steady_clock::now();
    RenderResult result = render(source, options, measurer);
    diagram.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    diagram.source = std::move(source);
    diagram.ok = result.ok;
    diagram.output = std::move(result.output);
    diagram.diagnostics = std::move(result.diagnostics);
    return diagram;
}

} // namespace

bool RenderedDocument::ok() const {
    return read_error.empty() && std::all_of(diagrams.begin(), diagrams.end(),
                                             [](const RenderedDiagram& d) { return d.ok; });
}

std::optional<DocumentKind> document_kind(const std::string& path) {
    const std::string ext = lower(fs::path(path).extension().string());
    if (ext == ".mmd" || ext == ".mermaid") {
        return DocumentKind::mermaid;
    }
    if (ext == ".md" || ext == ".markdown" || ext == ".mdx") {
        return DocumentKind::markdown;
    }
    return std::nullopt;
}

RenderedDocument render_document(const std::string& path, DocumentKind kind,
                                 const RenderOptions& options,
                                 const layout::TextMeasurer& measurer) {
    RenderedDocument document;
    document.path = path;
    const auto text = read_file(path, document.read_error);
    if (!text) {
        return document;
    }
    document.text = *text;
    if (kind == DocumentKind::mermaid) {
        document.diagrams.push_back(render_one(document.text, 1, options, measurer));
        return document;
    }
    for (const MermaidBlock& block : find_mermaid_blocks(document.text)) {
        RenderedDiagram diagram = render_one(block.text, block.first_line, options, measurer);
        for (model::Diagnostic& d : diagram.diagnostics) {
            d = to_file_position(block, std::move(d));
        }
        document.diagrams.push_back(std::move(diagram));
    }
    return document;
}

std::vector<std::string> find_documents(const std::string& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        return {folder};
    }
    std::vector<std::string> out;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code type_ec;
        if (it->is_directory(type_ec)) {
            // Hidden folders (.git, .hugo_build.lock's neighbours) and npm's hold no posts.
            if ((!name.empty() && name[0] == '.') || name == "node_modules") {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (document_kind(name) && it->is_regular_file(type_ec)) {
            out.push_back(it->path().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace merrow::cli::detail
