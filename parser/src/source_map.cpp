#include "source_map.hpp"

#include <algorithm>

namespace merrow::parser {

namespace {

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

} // namespace

SourceMap::SourceMap(std::string_view source) : source_(source) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < source_.size(); ++i) {
        if (source_[i] == '\n') {
            line_starts_.push_back(i + 1);
        }
    }
}

model::SourcePos SourceMap::position(std::size_t offset) const {
    offset = std::min(offset, source_.size());
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<std::size_t>(after - line_starts_.begin()) - 1;
    const std::size_t line_start = line_starts_[line];

    // Count from the line start, or from the previous answer when that is on the same line
    // (forwards or backwards), whichever needs no more work.
    std::size_t column = 1;
    if (line == cached_line_ && offset >= cached_offset_) {
        column = cached_column_;
        for (std::size_t i = cached_offset_; i < offset; ++i) {
            column += is_continuation_byte(source_[i]) ? 0U : 1U;
        }
    } else if (line == cached_line_ && cached_offset_ - offset < offset - line_start) {
        column = cached_column_;
        for (std::size_t i = offset; i < cached_offset_; ++i) {
            column -= is_continuation_byte(source_[i]) ? 0U : 1U;
        }
    } else {
        for (std::size_t i = line_start; i < offset; ++i) {
            column += is_continuation_byte(source_[i]) ? 0U : 1U;
        }
    }
    cached_line_ = line;
    cached_offset_ = offset;
    cached_column_ = column;

    model::SourcePos pos;
    pos.line = static_cast<std::uint32_t>(line + 1);
    pos.column = static_cast<std::uint32_t>(column);
    pos.offset = offset;
    return pos;
}

model::SourceRange SourceMap::range(std::size_t begin, std::size_t end) const {
    return {position(begin), position(std::max(begin, end))};
}

model::Diagnostic& Diagnostics::add(model::Severity severity, std::size_t begin, std::size_t end,
                                    std::string message, std::string hint) {
    model::Diagnostic d;
    d.severity = severity;
    d.range = map_.range(begin, end);
    d.message = std::move(message);
    d.hint = std::move(hint);
    if (severity == model::Severity::error) {
        ++errors_;
    }
    items_.push_back(std::move(d));
    return items_.back();
}

void Diagnostics::note(model::Diagnostic& diagnostic, std::size_t begin, std::size_t end,
                       std::string message) const {
    diagnostic.notes.push_back({map_.range(begin, end), std::move(message)});
}

std::vector<model::Diagnostic> Diagnostics::take() {
    std::stable_sort(items_.begin(), items_.end(),
                     [](const model::Diagnostic& a, const model::Diagnostic& b) {
                         return a.range.begin.offset < b.range.begin.offset;
                     });
    errors_ = 0;
    return std::move(items_);
}

} // namespace merrow::parser
