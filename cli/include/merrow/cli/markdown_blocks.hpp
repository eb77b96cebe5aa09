// Mermaid code blocks inside Markdown: where they are, what they say, and how to map a
// diagnostic inside a block back to the Markdown file. Shared by the Hugo hook, markdown
// output (`-i doc.md -o out.md`), `merrow watch` and `merrow serve`.
//
// Blocks are found the way CommonMark (and so Hugo's Goldmark and markdown-it) finds them:
// containers (block quotes, list items) are tracked, so a fence inside a list item or a block
// quote is found with its container's indentation removed, a fence inside a longer fence, an
// indented code block or an HTML block is not a diagram, and a block quote or list item that
// ends also ends the fence inside it.
#pragma once

#include "merrow/model/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace merrow::cli {

/// Where one line of a block's text comes from in the Markdown file.
struct MermaidLineOrigin {
    std::size_t offset = 0;    ///< byte offset in the file of the line's first kept byte
    std::uint32_t column = 1;  ///< its 1-based column (code points) in the file's line
    std::uint32_t padding = 0; ///< spaces at the start of the text line that stand for part
                               ///< of a tab the indentation removal split (CommonMark)
};

struct MermaidBlock {
    /// The diagram text: the block's content lines with the block's indentation (list items,
    /// blockquote markers) removed and line endings normalised to '\n'. Every content line,
    /// the last one included, ends with '\n' (an empty block is "").
    std::string text;
    std::size_t first_line = 1;   ///< 1-based line of the first content line in the file
    std::size_t indent = 0;       ///< code points before the opening fence on its line
                                  ///< (container markers and indentation)
    std::size_t begin_offset = 0; ///< byte offset of the opening fence's line start
    std::size_t end_offset = 0;   ///< byte offset just past the closing fence's line
    /// Fence attributes, e.g. ```mermaid {theme="dark" render="img" alt="…"}, in order. Keys
    /// are lower-case as Hugo gives them to templates; `.a .b` becomes ("class", "a b") and
    /// `#x` becomes ("id", "x").
    std::vector<std::pair<std::string, std::string>> attributes;
    /// One entry per line of `text`, for mapping positions back to the file.
    std::vector<MermaidLineOrigin> line_origins;
    bool closed = true; ///< false if the document or container ended before a closing fence

    /// The value of attribute `key`, or `fallback` when the fence does not set it.
    std::string attribute(std::string_view key, std::string_view fallback = {}) const;
};

/// Every mermaid fenced block (``` and ~~~, any length ≥ 3, info string whose first word is
/// "mermaid"), outside YAML/TOML/JSON front matter and outside longer fences. Never throws.
std::vector<MermaidBlock> find_mermaid_blocks(std::string_view markdown);

/// A diagnostic from parsing `block.text`, moved to the block's place in the Markdown file
/// (lines, columns and byte offsets of its range and of its notes).
model::Diagnostic to_file_position(const MermaidBlock& block, model::Diagnostic diagnostic);

/// The content key of a block, identical to what the Hugo render hook computes from `.Inner`
/// (see cli/src/hugo_template.cpp): the SHA-256 (hex) of the text with CRLF made LF and
/// surrounding spaces, tabs and line breaks trimmed; a `theme` attribute is part of the key,
/// as "TEXT\n%% theme: NAME". Editors can use it to share rendered files with the site hook.
std::string mermaid_block_key(const MermaidBlock& block);

/// The key of a diagram text alone (no attributes), as above.
std::string mermaid_text_key(std::string_view text, std::string_view theme = {});

} // namespace merrow::cli
