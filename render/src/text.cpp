#include "detail/text.hpp"

namespace merrow::render::detail {

void append_utf8(std::string& out, char32_t cp) {
    const auto put = [&](char32_t bits) {
        out.push_back(static_cast<char>(bits));
    };
    if (cp < 0x80) {
        put(cp);
    } else if (cp < 0x800) {
        put(0xC0 | (cp >> 6));
        put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        put(0xE0 | (cp >> 12));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    } else {
        put(0xF0 | (cp >> 18));
        put(0x80 | ((cp >> 12) & 0x3F));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    }
}

std::string normalize_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_code_point(text, [&](char32_t cp) {
        if (cp == '\t' || cp == '\n') {
            out.push_back(' ');
        } else if (cp != '\r' && is_xml_char(cp)) {
            append_utf8(out, cp);
        }
    });
    return out;
}

} // namespace merrow::render::detail
