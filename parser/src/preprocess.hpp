// Mermaid's text clean-up before any grammar runs (line endings, quotes in HTML tags, frontmatter,
// directives, comments, entity codes), done without moving a single byte: every step blanks or
// swaps characters in a same-length copy, so an offset into the result is an offset into the
// source.
#pragma once

#include "source_map.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace merrow::parser {

/// Mermaid protects `#name;` and `#123;` before parsing so that their `;` does not end a
/// statement; merrow swaps that `;` for this byte in the prepared text. Text taken from the
/// prepared text for the model goes through restore_protected() or decode_label(), which read it
/// as the `;` it was.
inline constexpr char protected_semicolon = '\x1F';

/// `text` with every protected `;` turned back into `;`.
std::string restore_protected(std::string_view text);

/// A YAML frontmatter block: `---` on the first line, YAML, `---`.
struct FrontmatterBlock {
    std::size_t fence = 0;      ///< the opening `---`
    std::size_t body_begin = 0; ///< the YAML text: [body_begin, body_end)
    std::size_t body_end = 0;
    std::size_t indent = 0; ///< bytes of indentation before each fence (Mermaid 12 allows it)
};

/// `%%{type: args}%%`
struct DirectiveBlock {
    std::size_t begin = 0; ///< the `%%{`
    std::size_t end = 0;   ///< after the `}%%`
    std::string type;      ///< `init`, `initialize`, `wrap`… as written
    std::size_t type_offset = 0;
    std::size_t args_begin = 0; ///< [args_begin, args_end): the text after `type:`, trimmed
    std::size_t args_end = 0;
};

struct Prepared {
    std::string text; ///< same length as the source
    std::optional<FrontmatterBlock> frontmatter;
    std::vector<DirectiveBlock> directives; ///< in source order
    /// What Mermaid cuts out of the text (frontmatter, directives, comment lines), as byte
    /// ranges; here they are blanked. Needed to measure the text as Mermaid does.
    std::vector<std::pair<std::size_t, std::size_t>> removed;
};

/// The length Mermaid compares with `maxTextSize`: UTF-16 code units of the text without
/// frontmatter, directives and comment lines, and without leading white space.
std::size_t mermaid_text_length(const Prepared& prepared);

/// Applies the clean-up and reports what cannot be read at all (an unclosed frontmatter block or
/// directive) to `diagnostics`. Frontmatter and directives are blanked out of the text and
/// returned for the caller to read.
Prepared preprocess(std::string_view source, Diagnostics& diagnostics);

} // namespace merrow::parser
