#include "orient.hpp"

#include <algorithm>
#include <cmath>

namespace merrow::layout::detail {

Point Orientation::offset_to_internal(Point p) const {
    switch (direction_) {
    case Direction::TB:
        return p;
    case Direction::BT:
        return {p.x, -p.y};
    case Direction::LR:
        return {p.y, p.x};
    case Direction::RL:
        return {p.y, -p.x};
    }
    return p;
}

Point Orientation::offset_to_external(Point p) const {
    switch (direction_) {
    case Direction::TB:
        return p;
    case Direction::BT:
        return {p.x, -p.y};
    case Direction::LR:
        return {p.y, p.x};
    case Direction::RL:
        return {-p.y, p.x};
    }
    return p;
}

Point Orientation::point_to_external(Point p, Size extent) const {
    switch (direction_) {
    case Direction::TB:
        return p;
    case Direction::BT:
        return {p.x, extent.height - p.y};
    case Direction::LR:
        return {p.y, p.x};
    case Direction::RL:
        return {extent.height - p.y, p.x};
    }
    return p;
}

Rect Orientation::rect_to_external(const Rect& r, Size extent) const {
    const Point a = point_to_external({r.x, r.y}, extent);
    const Point b = point_to_external({r.right(), r.bottom()}, extent);
    return Rect{std::min(a.x, b.x), std::min(a.y, b.y), std::abs(b.x - a.x), std::abs(b.y - a.y)};
}

} // namespace merrow::layout::detail
