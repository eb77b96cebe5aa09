// The configuration a diagram carries itself: YAML frontmatter (`title`, `config`) and
// `%%{init: …}%%` / `%%{wrap}%%` directives, applied over the caller's base configuration in
// Mermaid's order.
#pragma once

#include "merrow/model/config.hpp"
#include "preprocess.hpp"
#include "source_map.hpp"

#include <string>
#include <string_view>

namespace merrow::parser {

struct DiagramSettings {
    model::Config config;
    std::string title; ///< frontmatter `title`
};

/// base (defaults and `-c`) < frontmatter `config` < directives, in source order.
DiagramSettings read_diagram_settings(std::string_view source, const Prepared& prepared,
                                      const model::Config& base, Diagnostics& diagnostics);

} // namespace merrow::parser
