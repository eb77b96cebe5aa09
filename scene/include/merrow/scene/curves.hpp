// Mermaid's edge curves (`flowchart.curve`, `linkStyle … interpolate`, `e@{ curve: … }`): the
// d3-shape curve families Mermaid passes its edge points through, drawn through a route's
// corridor waypoints.
#pragma once

#include "merrow/layout/path.hpp"
#include "merrow/model/config.hpp"

#include <vector>

namespace merrow::scene {

/// The path `curve` draws through `points` (at least two), as d3-shape draws it: basis, linear,
/// step, stepBefore, stepAfter, monotoneX, monotoneY, natural, cardinal (tension 0), catmullRom
/// (alpha 0.5), bumpX, bumpY, and Mermaid's own `rounded` (straight runs, corners rounded with
/// a 5 px radius).
layout::Path curve_path(model::Curve curve, const std::vector<layout::Point>& points);

} // namespace merrow::scene
