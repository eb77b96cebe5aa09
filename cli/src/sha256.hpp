// SHA-256, for content keys that must equal what Hugo's `sha256` template function computes.
#pragma once

#include <string>
#include <string_view>

namespace merrow::cli::detail {

/// The SHA-256 digest of `data` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

} // namespace merrow::cli::detail
