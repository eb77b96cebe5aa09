// Mermaid's text clean-up before any grammar runs (line endings, comments, quotes in HTML tags,
// frontmatter and directives), done without moving a single byte: every step blanks or swaps
// characters in a same-length copy, so an offset into the result is an offset into the source.
#pragma once

#include "source_map.hpp"

#include <string>
#include <string_view>

namespace merrow::parser {

struct Prepared {
    std::string text; ///< same length as the source
};

/// Applies the clean-up and reports what it cannot handle (yet) to `diagnostics`.
Prepared preprocess(std::string_view source, Diagnostics& diagnostics);

} // namespace merrow::parser
