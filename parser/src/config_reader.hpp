// Mermaid configuration (the `-c` file, frontmatter `config:`, `%%{init: …}%%`) → the typed
// model::Config. Each source is one layer applied over the previous ones, key by key, which is
// Mermaid's deep merge.
#pragma once

#include "merrow/model/config.hpp"
#include "source_map.hpp"
#include "yaml_text.hpp"

#include <cstdint>

namespace merrow::parser {

/// Where a layer comes from: the diagram may not change Mermaid's "secure" keys (maxEdges,
/// maxTextSize, securityLevel…), and Mermaid drops HTML-looking values it gives.
enum class ConfigSource : std::uint8_t { site, frontmatter, directive };

/// Applies `layer` (a mapping) onto `config`. Wrong types are errors at the value; keys merrow
/// does not use are verbose warnings.
void apply_config(const YAML::Node& layer, ConfigSource source, const MappedText& text,
                  model::Config& config, Diagnostics& diagnostics);

} // namespace merrow::parser
