// Label text as Mermaid shows it: quotes already removed by the grammar, then trimmed,
// `<br>` turned into line breaks and entity codes decoded.
#pragma once

#include <string>
#include <string_view>

namespace merrow::parser {

/// Trims, turns every `<br>`, `<br/>` and `<br />` (any case) into '\n', then decodes entity
/// codes: Mermaid's `#quot;`, `#35;`, `#9829;` and HTML's `&amp;`, `&#35;`, `&#x23;`. Unknown
/// names are kept as written.
std::string decode_label(std::string_view raw);

/// Decodes only the entity codes (no trimming, no line breaks).
std::string decode_entities(std::string_view text);

/// The code point of a named entity (`quot`, `amp`, `hearts`…), or 0 if merrow does not know it.
char32_t named_entity(std::string_view name);

/// Appends `cp` to `out` as UTF-8 (U+FFFD for values that are not scalar values).
void append_utf8(std::string& out, char32_t cp);

} // namespace merrow::parser
