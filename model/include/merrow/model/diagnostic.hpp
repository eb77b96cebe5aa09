// Diagnostics: what every stage reports to the user, with a position in the source text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::model {

/// A position in the original source text. Lines and columns are 1-based; columns count
/// Unicode code points (what an editor shows), `offset` counts bytes from the start.
struct SourcePos {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    std::size_t offset = 0;

    friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

/// A half-open range [begin, end) in the source text.
struct SourceRange {
    SourcePos begin;
    SourcePos end;

    friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

enum class Severity : std::uint8_t { error, warning, note };

std::string_view to_string(Severity severity);

/// A secondary location that explains a diagnostic ("the label opened here").
struct RelatedNote {
    SourceRange range;
    std::string message;
};

struct Diagnostic {
    Severity severity = Severity::error;
    SourceRange range;
    std::string message; ///< one sentence, lower-case start, no trailing period
    std::string hint;    ///< optional: how to fix it
    std::vector<RelatedNote> notes;
    /// Worth showing only when the user asked for details (`-v`): configuration keys merrow
    /// ignores and similar remarks that are not mistakes.
    bool verbose = false;
};

/// Computes the position of byte `offset` in `source` (lines split at '\n').
SourcePos position_of(std::string_view source, std::size_t offset);

/// Renders a diagnostic the way compilers do:
///
///     FILE:LINE:COL: error: MESSAGE
///      LINE | the source line
///           |     ^~~~
///     hint: HINT
///
/// `source` is the whole original text; the line shown is taken from it.
std::string format_diagnostic(const Diagnostic& diagnostic, std::string_view file_name,
                              std::string_view source);

/// True if any diagnostic in the list is an error.
bool has_errors(const std::vector<Diagnostic>& diagnostics);

} // namespace merrow::model
