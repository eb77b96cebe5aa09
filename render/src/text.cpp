#include "detail/text.hpp"

#include "merrow/model/utf8.hpp"

namespace merrow::render::detail {

void append_utf8(std::string& out, char32_t cp) {
    model::append_utf8(out, cp);
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
