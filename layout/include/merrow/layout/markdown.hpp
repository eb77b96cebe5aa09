// Mermaid's markdown labels ("`**bold** and _italic_`"): the inline emphasis subset Mermaid
// renders, turned into plain text with styled ranges.
#pragma once

#include "merrow/layout/text_measurer.hpp"

#include <string_view>

namespace merrow::layout {

/// Parses `**strong**`, `__strong__`, `*em*` and `_em_` (nested in any order, CommonMark's
/// flanking rules, so `snake_case_name` stays plain), backslash escapes of punctuation, and line
/// breaks: runs of blank lines become one break and each line loses its leading spaces, as
/// Mermaid's markdown preprocessing does. Unmatched markers stay as literal text.
StyledText parse_markdown(std::string_view markdown);

} // namespace merrow::layout
