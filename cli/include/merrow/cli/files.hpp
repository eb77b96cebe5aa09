// File input and output that never leaves a half-written file behind.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace merrow::cli {

/// Reads a whole file ("-" is standard input). On failure returns nothing and sets `error`
/// to the reason (e.g. "No such file or directory").
std::optional<std::string> read_file(const std::string& path, std::string& error);

/// Writes `bytes` to a temporary file in the target's directory, flushes it to disk and renames
/// it over `path`, so readers see either the old file or the complete new one. "-" writes to
/// standard output. Returns false and sets `error` on failure; the target is then untouched.
bool write_file_atomically(const std::string& path, std::string_view bytes, std::string& error);

} // namespace merrow::cli
