// UTF-8 encoding, shared by every stage that turns code points back into text (entity codes,
// JSON escapes, SVG character references, messages naming a character).
#pragma once

#include <string>

namespace merrow::model {

/// Appends `cp` to `out` as UTF-8. A value UTF-8 cannot carry (a surrogate, or past U+10FFFF)
/// is written as U+FFFD, so the result is always valid UTF-8.
void append_utf8(std::string& out, char32_t cp);

} // namespace merrow::model
