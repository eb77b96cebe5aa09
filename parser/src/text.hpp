// Label text as Mermaid shows it: quotes already removed by the grammar, then trimmed,
// `<br>` turned into line breaks and entity codes decoded.
#pragma once

#include "merrow/model/flowchart.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace merrow::parser {

/// Trims, turns every `<br>`, `<br/>` and `<br />` (any case) into '\n', then decodes entity
/// codes: Mermaid's `#quot;`, `#35;`, `#9829;` and HTML's `&amp;`, `&#35;`, `&#x23;`. Unknown
/// names are kept as written.
std::string decode_label(std::string_view raw);

/// A plain label's text with the bold and italic ranges of its inline HTML.
struct DecodedLabel {
    std::string text;
    std::vector<model::LabelStyle> styles;
};

/// decode_label() for plain labels, which may also use the inline HTML that Mermaid's strict
/// security level lets through and merrow can draw: `<b>`, `<strong>`, `<i>` and `<em>` (any
/// case, no attributes) and their closing tags. Those tags leave the text and become styled
/// ranges, as in HTML (a stray closing tag is dropped; an unclosed one lasts to the end).
/// Every other `<…>` stays in the text as written. Tags are read before entity codes are
/// decoded, so `&lt;b&gt;` is the text "<b>", never a tag.
DecodedLabel decode_label_markup(std::string_view raw);

/// Decodes only the entity codes (no trimming, no line breaks).
std::string decode_entities(std::string_view text);

/// The code point of a named entity (`quot`, `amp`, `hearts`…), or 0 if merrow does not know it.
char32_t named_entity(std::string_view name);

/// Appends `cp` to `out` as UTF-8 (U+FFFD for values that are not scalar values).
void append_utf8(std::string& out, char32_t cp);

} // namespace merrow::parser
