// Which `click` links may reach an output. Diagrams come from anywhere and their SVG is inlined
// into web pages, so merrow goes further than Mermaid's `securityLevel: strict`: a link is
// written only when its scheme is one that cannot run code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace merrow::model {

struct LinkCheck {
    std::optional<std::string> url; ///< the URL to write, when it is allowed
    std::string reason;             ///< why not, when it is not ("the scheme `javascript:`…")
};

/// Vets a `click … href` URL. Allowed: `http:`, `https:` and `mailto:` URLs and relative
/// references (`page.html`, `/docs/`, `#anchor`, `?q`, `//host/path`). Refused: every other
/// scheme (`javascript:`, `data:`, `vbscript:`, `file:`, …), anything with a `:` before its
/// first `/`, `?` or `#` that is not one of those schemes, and any control character (browsers
/// drop tabs and line breaks inside URLs, which would let `java&#9;script:` through). White
/// space around the URL is trimmed, as browsers do.
LinkCheck check_link(std::string_view url);

/// check_link(url).url: the URL to write, or nothing.
std::optional<std::string> safe_link(std::string_view url);

} // namespace merrow::model
