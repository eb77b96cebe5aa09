// The YAML of an `@{ … }` block, read the way Mermaid reads it: the text between the braces,
// with line breaks inside double-quoted strings turned into `<br/>`, is a flow mapping when it
// is on one line (`{ shape: cyl }`) and a block mapping otherwise. What the keys mean for a node,
// an edge or a subgraph is the builder's business.
#pragma once

#include "flowchart/drafts.hpp"
#include "source_map.hpp"
#include "yaml_text.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::parser::flowchart {

struct ShapeDataEntry {
    std::string key;
    std::size_t key_begin = 0; ///< source offsets, for messages
    std::size_t key_end = 0;
    Scalar value;            ///< for a list or mapping: the type string, text empty
    bool structured = false; ///< the value is a list or mapping
    std::size_t value_begin = 0;
    std::size_t value_end = 0;
};

struct ShapeData {
    std::vector<ShapeDataEntry> entries; ///< in the order written

    const ShapeDataEntry* find(std::string_view key) const;
};

/// Reads the block whose content (between `@{` and `}`, in the prepared text) is `content`.
/// YAML errors are reported; then nothing is returned.
std::optional<ShapeData> read_shape_data(Span content, Diagnostics& diagnostics);

} // namespace merrow::parser::flowchart
