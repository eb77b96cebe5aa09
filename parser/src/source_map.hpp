// Byte offsets → user-visible positions, and the diagnostics list every parser stage appends to.
#pragma once

#include "merrow/model/diagnostic.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::parser {

/// Maps byte offsets to line/column positions in the original source. Columns count code
/// points. A query near the previous one on the same line is answered from it, so giving every
/// node and edge of a 200 kB one-line diagram a position stays linear.
class SourceMap {
  public:
    explicit SourceMap(std::string_view source);

    model::SourcePos position(std::size_t offset) const;
    model::SourceRange range(std::size_t begin, std::size_t end) const;
    std::string_view source() const { return source_; }

  private:
    std::string_view source_;
    std::vector<std::size_t> line_starts_;
    // The last answer, reused when the next query is further along the same line.
    mutable std::size_t cached_line_ = 0;
    mutable std::size_t cached_offset_ = 0;
    mutable std::size_t cached_column_ = 1;
};

/// Diagnostics in the making. Everything is recorded by byte offset; positions are computed
/// against the original source, which preprocessing never shifts.
class Diagnostics {
  public:
    explicit Diagnostics(std::string_view source) : map_(source) {}

    model::Diagnostic& add(model::Severity severity, std::size_t begin, std::size_t end,
                           std::string message, std::string hint = {});
    model::Diagnostic& error(std::size_t begin, std::size_t end, std::string message,
                             std::string hint = {}) {
        return add(model::Severity::error, begin, end, std::move(message), std::move(hint));
    }
    model::Diagnostic& warning(std::size_t begin, std::size_t end, std::string message,
                               std::string hint = {}) {
        return add(model::Severity::warning, begin, end, std::move(message), std::move(hint));
    }
    void note(model::Diagnostic& diagnostic, std::size_t begin, std::size_t end,
              std::string message) const;

    std::size_t error_count() const { return errors_; }
    const SourceMap& map() const { return map_; }

    /// All diagnostics, in source order (stable for equal positions).
    std::vector<model::Diagnostic> take();

  private:
    SourceMap map_;
    std::vector<model::Diagnostic> items_;
    std::size_t errors_ = 0;
};

} // namespace merrow::parser
