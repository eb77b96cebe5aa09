// "Did you mean …?" for names the user misspelt (shapes, configuration keys).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace merrow::parser {

/// The candidate closest to `word` by edit distance (ignoring case), if it is close enough to be
/// a plausible typo: at most one edit for short words, two for longer ones.
std::optional<std::string_view> closest_name(std::string_view word,
                                             std::span<const std::string_view> candidates);

} // namespace merrow::parser
