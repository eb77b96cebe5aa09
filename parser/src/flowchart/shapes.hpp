// The names `@{ shape: … }` accepts: Mermaid's shape registry (short names, aliases and the
// lower-case internal names), mapped onto model::Shape.
#pragma once

#include "merrow/model/flowchart.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace merrow::parser::flowchart {

/// The shape Mermaid draws for `name`, or nothing if Mermaid has no such shape.
std::optional<model::Shape> shape_by_name(std::string_view name);

/// For a name Mermaid refuses, the accepted name the user most likely meant: the documented name
/// of an internal one (`rect_left_inv_arrow` → `odd`, `squareRect` → `rect`), the lower-case
/// spelling, or the closest name by spelling. Empty if nothing is close.
std::string suggest_shape(std::string_view name);

} // namespace merrow::parser::flowchart
