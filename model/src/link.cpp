#include "merrow/model/link.hpp"

#include <optional>
#include <string>

namespace merrow::model {

namespace {

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_scheme_char(char c) {
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// What the URL parser strips from both ends: C0 controls and the space.
bool is_trimmed(char c) {
    return static_cast<unsigned char>(c) <= 0x20;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// The URL as a consumer that decodes character references once more would read it: HTML's
// (`&#106;`, `&#x6A;`, `&colon;`, with or without `;`) and Mermaid's (`#106;`), with the tabs,
// line breaks and spaces browsers drop inside URLs taken out.
std::string decoded_for_scheme(std::string_view url) {
    std::string out;
    for (std::size_t i = 0; i < url.size();) {
        const char c = url[i];
        if ((c == '&' || c == '#') && i + 1 < url.size()) {
            std::size_t j = i + 1;
            if (c == '&' && url[j] != '#') {
                std::size_t end = j;
                while (end < url.size() && is_alpha(url[end])) {
                    ++end;
                }
                std::string name;
                for (std::size_t k = j; k < end; ++k) {
                    name.push_back(lower(url[k]));
                }
                const char* replacement = name == "colon"                      ? ":"
                                          : name == "tab" || name == "newline" ? ""
                                          : name == "amp"                      ? "&"
                                                                               : nullptr;
                if (replacement != nullptr) {
                    out += replacement;
                    i = end < url.size() && url[end] == ';' ? end + 1 : end;
                    continue;
                }
            } else {
                if (c == '&') {
                    ++j; // past `&#`
                }
                const bool hex = j < url.size() && (url[j] == 'x' || url[j] == 'X');
                std::size_t k = hex ? j + 1 : j;
                unsigned long value = 0;
                const std::size_t digits_begin = k;
                while (k < url.size() && k - digits_begin < 8 &&
                       ((url[k] >= '0' && url[k] <= '9') ||
                        (hex &&
                         ((url[k] >= 'a' && url[k] <= 'f') || (url[k] >= 'A' && url[k] <= 'F'))))) {
                    const char d = url[k];
                    value = value * (hex ? 16 : 10) +
                            static_cast<unsigned long>(d <= '9' ? d - '0' : lower(d) - 'a' + 10);
                    ++k;
                }
                const bool terminated = k < url.size() && url[k] == ';';
                // Mermaid's form needs its `;`; HTML's may go without.
                if (k > digits_begin && (c == '&' || terminated) && value < 0x80) {
                    out.push_back(static_cast<char>(value));
                    i = terminated ? k + 1 : k;
                    continue;
                }
            }
        }
        out.push_back(c);
        ++i;
    }
    std::string squeezed;
    for (const char c : out) {
        if (static_cast<unsigned char>(c) > 0x20) {
            squeezed.push_back(c);
        }
    }
    return squeezed;
}

// The scheme of a URL, lower case, when it has a valid one before any `/`, `?` or `#`.
std::optional<std::string> scheme_of(std::string_view url, bool& malformed) {
    malformed = false;
    const std::size_t colon = url.find(':');
    const std::size_t delimiter = url.find_first_of("/?#");
    if (colon == std::string_view::npos ||
        (delimiter != std::string_view::npos && delimiter < colon)) {
        return std::nullopt;
    }
    const std::string_view scheme = url.substr(0, colon);
    std::string name;
    bool valid = !scheme.empty() && is_alpha(scheme.front());
    for (const char c : scheme) {
        valid = valid && is_scheme_char(c);
        name.push_back(lower(c));
    }
    malformed = !valid;
    return name;
}

bool allowed_scheme(const std::string& name) {
    return name == "http" || name == "https" || name == "mailto";
}

} // namespace

LinkCheck check_link(std::string_view url) {
    while (!url.empty() && is_trimmed(url.front())) {
        url.remove_prefix(1);
    }
    while (!url.empty() && is_trimmed(url.back())) {
        url.remove_suffix(1);
    }
    LinkCheck out;
    if (url.empty()) {
        out.reason = "the link is empty";
        return out;
    }
    for (const char c : url) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != ' ') || u == 0x7F) {
            out.reason = "the link contains a control character";
            return out;
        }
    }
    // The scheme is what comes before the first `:`, unless a `/`, `?` or `#` comes first
    // (then the reference is relative).
    bool malformed = false;
    if (const auto scheme = scheme_of(url, malformed); scheme && !allowed_scheme(*scheme)) {
        out.reason = malformed ? "the link has a `:` before any `/`, so browsers may read a "
                                 "scheme into it; only http, https, mailto and relative links "
                                 "are written"
                               : "links with the scheme `" + *scheme +
                                     ":` can run code or reach local files; only http, https, "
                                     "mailto and relative links are written";
        return out;
    }
    // merrow escapes `&`, so a browser never decodes `&#106;avascript:`; a page that decodes
    // once more (or a careless copy of the link) would, so such spellings are refused too.
    const std::string decoded = decoded_for_scheme(url);
    if (const auto scheme = scheme_of(decoded, malformed);
        decoded != url && scheme && !allowed_scheme(*scheme)) {
        out.reason = "the link spells the scheme `" + *scheme +
                     ":` with character references or white space; only http, https, mailto "
                     "and relative links are written";
        return out;
    }
    out.url = std::string(url);
    return out;
}

std::optional<std::string> safe_link(std::string_view url) {
    return check_link(url).url;
}

} // namespace merrow::model
