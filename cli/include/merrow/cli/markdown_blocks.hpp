// Mermaid code blocks inside Markdown: where they are, what they say, and how to map a
// diagnostic inside a block back to the Markdown file. Shared by the Hugo hook, markdown
// output (`-i doc.md -o out.md`), `merrow watch` and `merrow serve`.
#pragma once

#include "merrow/model/diagnostic.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace merrow::cli {

struct MermaidBlock {
    /// The diagram text: the block's content lines with the block's indentation (list items,
    /// blockquote markers) removed and line endings normalised to '\n'.
    std::string text;
    std::size_t first_line = 1;   ///< 1-based line of the first content line in the file
    std::size_t indent = 0;       ///< code points removed from the start of each content line
    std::size_t begin_offset = 0; ///< byte offset of the opening fence's line start
    std::size_t end_offset = 0;   ///< byte offset just past the closing fence's line
    /// Fence attributes, e.g. ```mermaid {theme="dark" render="img" alt="…"}, in order.
    std::vector<std::pair<std::string, std::string>> attributes;
};

/// Every mermaid fenced block (``` and ~~~, any length ≥ 3, info string starting with
/// "mermaid"), outside YAML/TOML front matter and outside longer fences. Never throws.
std::vector<MermaidBlock> find_mermaid_blocks(std::string_view markdown);

/// A diagnostic from parsing `block.text`, moved to the block's place in the Markdown file.
model::Diagnostic to_file_position(const MermaidBlock& block, model::Diagnostic diagnostic);

} // namespace merrow::cli
