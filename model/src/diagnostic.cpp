#include "merrow/model/diagnostic.hpp"

#include <algorithm>

namespace merrow::model {

std::string_view to_string(Severity severity) {
    switch (severity) {
    case Severity::error:
        return "error";
    case Severity::warning:
        return "warning";
    case Severity::note:
        return "note";
    }
    return "error";
}

namespace {

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// Number of code points in `text` (invalid bytes count as one each).
std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation_byte(c); }));
}

std::string_view line_at(std::string_view source, std::size_t offset) {
    offset = std::min(offset, source.size());
    std::size_t begin = 0;
    if (offset > 0) {
        const std::size_t newline = source.rfind('\n', offset - 1);
        if (newline != std::string_view::npos) {
            begin = newline + 1;
        }
    }
    std::size_t end = source.find('\n', begin);
    if (end == std::string_view::npos) {
        end = source.size();
    }
    std::string_view line = source.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return line;
}

} // namespace

SourcePos position_of(std::string_view source, std::size_t offset) {
    offset = std::min(offset, source.size());
    SourcePos pos;
    pos.offset = offset;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
        if (source[i] == '\n') {
            ++pos.line;
            line_start = i + 1;
        }
    }
    pos.column =
        static_cast<std::uint32_t>(code_points(source.substr(line_start, offset - line_start)) + 1);
    return pos;
}

std::string format_diagnostic(const Diagnostic& diagnostic, std::string_view file_name,
                              std::string_view source) {
    const SourcePos& at = diagnostic.range.begin;
    std::string out;
    out += file_name;
    out += ':' + std::to_string(at.line) + ':' + std::to_string(at.column) + ": ";
    out += to_string(diagnostic.severity);
    out += ": ";
    out += diagnostic.message;
    out += '\n';

    if (!source.empty()) {
        const std::string_view line = line_at(source, at.offset);
        const std::string number = std::to_string(at.line);
        const std::string gutter(number.size(), ' ');
        out += ' ' + number + " | ";
        // Tabs would shift the caret: show them as one space, as the column count does.
        for (char c : line) {
            out += (c == '\t') ? ' ' : c;
        }
        out += '\n';
        out += ' ' + gutter + " | ";
        out += std::string(at.column - 1, ' ');
        out += '^';
        const SourcePos& end = diagnostic.range.end;
        if (end.line == at.line && end.column > at.column + 1) {
            out += std::string(end.column - at.column - 1, '~');
        }
        out += '\n';
    }
    if (!diagnostic.hint.empty()) {
        out += "hint: " + diagnostic.hint + '\n';
    }
    for (const RelatedNote& note : diagnostic.notes) {
        out += std::string(file_name) + ':' + std::to_string(note.range.begin.line) + ':' +
               std::to_string(note.range.begin.column) + ": note: " + note.message + '\n';
    }
    return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

} // namespace merrow::model
