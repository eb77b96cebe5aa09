// Decisions about scene values that every backend must make the same way.
#pragma once

#include "merrow/scene/scene.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace merrow::render::detail {

/// A value in [0, 1]; NaN counts as 1 so that a bad opacity does not hide anything.
inline double unit_interval(double value) {
    return std::isnan(value) ? 1.0 : std::clamp(value, 0.0, 1.0);
}

/// SVG and Cairo both reject negative or all-zero dash arrays; such a stroke is drawn solid.
inline bool usable_dash(const std::vector<double>& dash) {
    double total = 0;
    for (double d : dash) {
        if (!std::isfinite(d) || d < 0) {
            return false;
        }
        total += d;
    }
    return total > 0;
}

/// A stroke that leaves a mark: positive, finite width.
inline bool visible_stroke(const std::optional<scene::Stroke>& stroke) {
    return stroke && std::isfinite(stroke->width) && stroke->width > 0;
}

} // namespace merrow::render::detail
