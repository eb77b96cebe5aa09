#include "merrow/scene/scene.hpp"

#include <utility>

namespace merrow::scene {

std::string_view role_name(ColorRole role) {
    switch (role) {
    case ColorRole::none:
        return {};
    case ColorRole::background:
        return "background";
    case ColorRole::node_fill:
        return "node-fill";
    case ColorRole::node_stroke:
        return "node-stroke";
    case ColorRole::node_text:
        return "node-text";
    case ColorRole::line:
        return "line";
    case ColorRole::edge_label_background:
        return "edge-label-background";
    case ColorRole::edge_label_text:
        return "edge-label-text";
    case ColorRole::cluster_fill:
        return "cluster-fill";
    case ColorRole::cluster_stroke:
        return "cluster-stroke";
    case ColorRole::cluster_text:
        return "cluster-text";
    case ColorRole::title_text:
        return "title-text";
    case ColorRole::note_fill:
        return "note-fill";
    case ColorRole::note_stroke:
        return "note-stroke";
    case ColorRole::note_text:
        return "note-text";
    }
    return {};
}

Item Item::of(Shape s) {
    Item item;
    item.kind = Kind::shape;
    item.shape = std::move(s);
    return item;
}

Item Item::of(TextRun t) {
    Item item;
    item.kind = Kind::text;
    item.text = std::move(t);
    return item;
}

Item Item::of(Group g) {
    Item item;
    item.kind = Kind::group;
    item.group = std::move(g);
    return item;
}

} // namespace merrow::scene
