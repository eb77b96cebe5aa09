// UTF-8 and XML character handling shared by the SVG writer, the Cairo writer and the measurer,
// so that all three see exactly the same characters for a given input.
#pragma once

#include <string>
#include <string_view>

namespace merrow::render::detail {

/// Calls `fn(char32_t)` for every code point of `text`. Each byte that does not start a valid,
/// shortest-form UTF-8 sequence (or encodes a surrogate or a value above U+10FFFF) yields one
/// U+FFFD, as browsers decode it.
template <typename Fn> void for_each_code_point(std::string_view text, Fn&& fn) {
    const auto byte = [&](std::size_t i) {
        return static_cast<unsigned char>(text[i]);
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char lead = byte(i);
        std::size_t length = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if (lead < 0x80) {
            fn(static_cast<char32_t>(lead));
            ++i;
            continue;
        }
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            cp = lead & 0x1Fu;
            min = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            cp = lead & 0x0Fu;
            min = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            cp = lead & 0x07u;
            min = 0x10000;
        }
        bool valid = length != 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k) {
            const unsigned char next = byte(i + k);
            if ((next & 0xC0u) != 0x80u) {
                valid = false;
            } else {
                cp = (cp << 6) | (next & 0x3Fu);
            }
        }
        if (valid && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) {
            valid = false;
        }
        if (valid) {
            fn(cp);
            i += length;
        } else {
            fn(char32_t{0xFFFD});
            ++i;
        }
    }
}

void append_utf8(std::string& out, char32_t cp);

/// The characters XML 1.0 allows in a document.
constexpr bool is_xml_char(char32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/// The text of one drawn line as every backend draws it: valid UTF-8, tabs and line feeds as
/// spaces, carriage returns and other characters XML cannot carry removed.
std::string normalize_line(std::string_view text);

} // namespace merrow::render::detail
