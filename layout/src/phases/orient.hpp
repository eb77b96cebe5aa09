// Phase 0 and 7 — orientation.
//
// The engine always lays out top to bottom. Before phase 1 every size and outline is turned
// into that internal orientation (LR/RL swap width and height; BT/RL mirror); after routing
// every coordinate is turned back. This keeps the phases free of direction cases.
//
// Pre (to_internal):   sizes as the caller gave them.
// Post (to_external):  coordinates in the caller's direction; ranks grow along the flow.
#pragma once

#include "merrow/layout/graph.hpp"

#include <vector>

namespace merrow::layout::detail {

class Orientation {
  public:
    explicit Orientation(Direction direction) : direction_(direction) {}

    bool transposed() const { return direction_ == Direction::LR || direction_ == Direction::RL; }

    Size size_to_internal(Size s) const { return transposed() ? Size{s.height, s.width} : s; }
    Size size_to_external(Size s) const { return size_to_internal(s); }

    /// An offset from a node's centre, external → internal.
    Point offset_to_internal(Point p) const;
    /// An offset from a node's centre, internal → external.
    Point offset_to_external(Point p) const;

    /// A point of the internal drawing whose extent is `internal_extent`, internal → external.
    Point point_to_external(Point p, Size internal_extent) const;

    /// A box of the internal drawing, internal → external.
    Rect rect_to_external(const Rect& r, Size internal_extent) const;

  private:
    Direction direction_;
};

} // namespace merrow::layout::detail
