#include "merrow/model/utf8.hpp"

namespace merrow::model {

void append_utf8(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = 0xFFFD;
    }
    const auto put = [&](char32_t bits) {
        out.push_back(static_cast<char>(static_cast<unsigned char>(bits)));
    };
    if (cp < 0x80) {
        put(cp);
    } else if (cp < 0x800) {
        put(0xC0 | (cp >> 6U));
        put(0x80 | (cp & 0x3FU));
    } else if (cp < 0x10000) {
        put(0xE0 | (cp >> 12U));
        put(0x80 | ((cp >> 6U) & 0x3FU));
        put(0x80 | (cp & 0x3FU));
    } else {
        put(0xF0 | (cp >> 18U));
        put(0x80 | ((cp >> 12U) & 0x3FU));
        put(0x80 | ((cp >> 6U) & 0x3FU));
        put(0x80 | (cp & 0x3FU));
    }
}

} // namespace merrow::model
