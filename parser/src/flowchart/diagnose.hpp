// Turns a SyntaxError into a diagnostic worth reading: the table's message with its
// placeholders filled, refined by what was actually found at the error (a bracket inside a
// label, `->` for `-->`, a keyword at the start of an id…), and where to resume parsing.
#pragma once

#include "flowchart/actions.hpp"
#include "flowchart/errors.hpp"
#include "source_map.hpp"

#include <cstddef>
#include <string_view>

namespace merrow::parser::flowchart {

struct Resume {
    std::size_t from = 0;   ///< resume after the first separator at or after this offset
    bool line_only = false; ///< only a line break counts (the error is inside text, where `;`
                            ///< is just a character)
};

/// Reports `error` (raised while reading the statement that starts at `statement_start`).
Resume report_syntax_error(const SyntaxError& error, const ParseState& state, std::string_view text,
                           std::size_t statement_start, Diagnostics& diagnostics);

} // namespace merrow::parser::flowchart
