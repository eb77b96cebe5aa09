#include "merrow/model/flowchart.hpp"

#include <array>

namespace merrow::model {

std::string_view to_string(Direction direction) {
    switch (direction) {
    case Direction::TB:
        return "TB";
    case Direction::BT:
        return "BT";
    case Direction::LR:
        return "LR";
    case Direction::RL:
        return "RL";
    }
    return "TB";
}

std::string_view to_string(Shape shape) {
    // Indexed by the enum's value; keep in the enum's order.
    static constexpr std::array<std::string_view, 55> names{
        "rect",
        "rounded",
        "stadium",
        "subroutine",
        "cylinder",
        "circle",
        "double-circle",
        "odd",
        "diamond",
        "hexagon",
        "lean-right",
        "lean-left",
        "trapezoid",
        "inv-trapezoid",
        "ellipse",
        "datastore",
        "bang",
        "cloud",
        "text",
        "card",
        "shaded-process",
        "small-circle",
        "framed-circle",
        "fork",
        "hourglass",
        "brace",
        "brace-r",
        "braces",
        "bolt",
        "document",
        "delay",
        "horizontal-cylinder",
        "lined-cylinder",
        "curved-trapezoid",
        "divided-rectangle",
        "triangle",
        "window-pane",
        "filled-circle",
        "notched-pentagon",
        "flipped-triangle",
        "sloped-rectangle",
        "documents",
        "stacked-rectangle",
        "bow-tie-rectangle",
        "crossed-circle",
        "tagged-document",
        "tagged-rectangle",
        "paper-tape",
        "lined-document",
        "state",
        "choice",
        "note",
        "icon",
        "image",
        "anchor",
    };
    static_assert(names.size() == static_cast<std::size_t>(Shape::anchor) + 1);
    return names[static_cast<std::size_t>(shape)];
}

std::optional<std::size_t> Flowchart::find_node(std::string_view id) const {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].id == id) {
            return i;
        }
    }
    return std::nullopt;
}

std::optional<std::size_t> Flowchart::find_subgraph(std::string_view id) const {
    for (std::size_t i = 0; i < subgraphs.size(); ++i) {
        if (subgraphs[i].id == id) {
            return i;
        }
    }
    return std::nullopt;
}

const ClassDef* Flowchart::find_class(std::string_view name) const {
    for (const ClassDef& c : class_defs) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace merrow::model
