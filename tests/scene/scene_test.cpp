#include "merrow/layout/flowchart_layout.hpp"
#include "merrow/scene/build.hpp"

#include <catch2/catch.hpp>

using namespace merrow;
using scene::Item;

namespace {

model::Diagram two_nodes(model::EdgeStroke stroke = model::EdgeStroke::normal) {
    model::Diagram d;
    model::Flowchart f;
    model::Node a;
    a.id = "A";
    a.label.text = "Start";
    a.style.fill = model::Color{0xe7, 0x4c, 0x3c, 255};
    a.style.color = model::Color{255, 255, 255, 255};
    model::Node b;
    b.id = "B";
    b.label.text = "End";
    b.shape = model::Shape::diamond;
    f.nodes = {a, b};
    model::Edge e;
    e.from = {model::EndRef::Kind::node, 0};
    e.to = {model::EndRef::Kind::node, 1};
    e.label.text = "go";
    e.stroke = stroke;
    f.edges = {e};
    d.body = f;
    return d;
}

struct Built {
    layout::FlowchartLayout layout;
    scene::Scene scene;
};

Built build(const model::Diagram& d) {
    layout::ApproximateTextMeasurer measurer;
    layout::FlowchartLayoutOptions options;
    Built b;
    b.layout = layout::layout_flowchart(*d.flowchart(), options, measurer);
    b.scene = scene::build_flowchart_scene(d, b.layout, scene::resolve_theme(d.config), {});
    return b;
}

const scene::Group* find_group(const scene::Scene& s, std::string_view id) {
    for (const Item& item : s.items) {
        if (item.kind == Item::Kind::group && item.group.id == id) {
            return &item.group;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("the scene is the layout plus padding, painted back to front", "[scene]") {
    const Built b = build(two_nodes());
    CHECK(b.scene.width == Approx(b.layout.geometry.bounds.width + 16));
    CHECK(b.scene.height == Approx(b.layout.geometry.bounds.height + 16));
    REQUIRE(b.scene.background);
    CHECK(*b.scene.background == model::Color{255, 255, 255, 255});
    std::vector<std::string> order;
    for (const Item& item : b.scene.items) {
        order.push_back(item.group.css_class);
    }
    CHECK(order == std::vector<std::string>{"edge", "edge-label", "node", "node"});
}

TEST_CASE("node style overrides the theme; text is centred in the node", "[scene]") {
    const Built b = build(two_nodes());
    const scene::Group* a = find_group(b.scene, "node-A");
    REQUIRE(a != nullptr);
    REQUIRE(a->items.size() == 2);
    CHECK(a->items[0].shape.fill == model::Color{0xe7, 0x4c, 0x3c, 255});
    CHECK(a->items[0].shape.stroke->color == model::Color{0x93, 0x70, 0xdb, 255});
    const scene::TextRun& text = a->items[1].text;
    CHECK(text.text == "Start");
    CHECK(text.color == model::Color{255, 255, 255, 255});
    const layout::Rect box = b.layout.geometry.nodes[0];
    CHECK(text.origin.x == Approx(box.center().x + 8));
    CHECK(text.anchor == scene::TextAnchor::middle);
    const scene::Group* end = find_group(b.scene, "node-B");
    REQUIRE(end != nullptr);
    CHECK(end->items[0].shape.fill == model::Color{0xEC, 0xEC, 0xFF, 255});
}

TEST_CASE("edges stop 4 px short of the arrowhead's tip, which touches the target", "[scene]") {
    const Built b = build(two_nodes());
    const scene::Group* edge = find_group(b.scene, "edge-0");
    REQUIRE(edge != nullptr);
    REQUIRE(edge->items.size() == 2);
    const auto& line = edge->items[0].shape.path.segments();
    const auto& head = edge->items[1].shape.path.segments();
    const layout::Point tip = b.layout.geometry.edges[0].points.back();
    const layout::Point head_tip = head.front().p1;
    CHECK(head_tip.x == Approx(tip.x + 8));
    CHECK(head_tip.y == Approx(tip.y + 8));
    const layout::Point line_end = line.back().p3;
    // Mermaid's markerOffsets.arrow_point: the line ends inside the 8 px head, not at its tip.
    CHECK(std::hypot(head_tip.x - line_end.x, head_tip.y - line_end.y) == Approx(4).margin(0.01));
    CHECK(edge->items[1].shape.fill == model::Color{0x33, 0x33, 0x33, 255});
}

TEST_CASE("edge labels sit on a background box at their layout position", "[scene]") {
    const Built b = build(two_nodes());
    const scene::Group* label = find_group(b.scene, "edge-label-0");
    REQUIRE(label != nullptr);
    REQUIRE(label->items.size() == 2);
    CHECK(label->items[0].shape.fill == model::Color{232, 232, 232, 204});
    CHECK(label->items[1].text.text == "go");
}

TEST_CASE("invisible edges take part in layout but are not drawn", "[scene]") {
    const Built b = build(two_nodes(model::EdgeStroke::invisible));
    CHECK(find_group(b.scene, "edge-0") == nullptr);
    CHECK(find_group(b.scene, "edge-label-0") == nullptr);
    CHECK(b.layout.geometry.nodes[1].y > b.layout.geometry.nodes[0].bottom());
}

TEST_CASE("dotted and thick edges get their stroke", "[scene]") {
    const Built dotted = build(two_nodes(model::EdgeStroke::dotted));
    CHECK_FALSE(find_group(dotted.scene, "edge-0")->items[0].shape.stroke->dash.empty());
    const Built thick = build(two_nodes(model::EdgeStroke::thick));
    CHECK(find_group(thick.scene, "edge-0")->items[0].shape.stroke->width == Approx(3.5));
}

TEST_CASE("ids are valid XML names and unique", "[scene]") {
    model::Diagram d = two_nodes();
    auto& f = std::get<model::Flowchart>(d.body);
    f.nodes[0].id = "a b";
    f.nodes[1].id = "a_b";
    const Built b = build(d);
    CHECK(find_group(b.scene, "node-a_b") != nullptr);
    CHECK(find_group(b.scene, "node-a_b-2") != nullptr);
}

TEST_CASE("a transparent background leaves the scene unpainted", "[scene]") {
    const model::Diagram d = two_nodes();
    layout::ApproximateTextMeasurer measurer;
    const auto l = layout::layout_flowchart(*d.flowchart(), {}, measurer);
    scene::SceneOptions o;
    o.transparent = true;
    CHECK_FALSE(scene::build_flowchart_scene(d, l, scene::resolve_theme(d.config), o).background);
}

TEST_CASE("themes resolve, with theme variables on top", "[scene][theme]") {
    model::Config c;
    c.theme = "base";
    c.theme_variables["primaryColor"] = "#ff0000";
    bool known = false;
    const scene::Theme t = scene::resolve_theme(c, &known);
    CHECK(known);
    CHECK(t.node_fill == model::Color{255, 0, 0, 255});
    // As in Mermaid, the classic themes draw nodes in their fixed mainBkg: primaryColor alone
    // does not reach them, mainBkg does.
    c.theme = "forest";
    CHECK(scene::resolve_theme(c).node_fill == model::Color{0xcd, 0xe4, 0x98, 255});
    c.theme_variables["mainBkg"] = "#00ff00";
    CHECK(scene::resolve_theme(c).node_fill == model::Color{0, 255, 0, 255});
    c.theme = "nope";
    scene::resolve_theme(c, &known);
    CHECK_FALSE(known);
}

namespace {

// a → b, with b in `inner`, itself in `outer`; subgraphs listed as Mermaid's parser lists
// them, as they end: the nested one first.
model::Diagram nested_subgraphs() {
    model::Diagram d;
    model::Flowchart f;
    for (const char* id : {"a", "b"}) {
        model::Node n;
        n.id = id;
        n.label.text = std::string(id) + ", wide enough for a title beside the edge";
        f.nodes.push_back(n);
    }
    model::Edge e;
    e.from = {model::EndRef::Kind::node, 0};
    e.to = {model::EndRef::Kind::node, 1};
    f.edges = {e};
    model::Subgraph inner;
    inner.id = "inner";
    inner.title.text = "inner";
    inner.nodes = {1};
    inner.parent = 1;
    model::Subgraph outer;
    outer.id = "outer";
    outer.title.text = "outer";
    outer.subgraphs = {0};
    f.subgraphs = {inner, outer};
    d.body = f;
    return d;
}

std::vector<const scene::Group*> cluster_groups(const scene::Scene& s) {
    std::vector<const scene::Group*> out;
    for (const Item& item : s.items) {
        if (item.kind == Item::Kind::group && item.group.css_class == "cluster") {
            out.push_back(&item.group);
        }
    }
    return out;
}

} // namespace

TEST_CASE("nested subgraphs are painted over their parents", "[scene]") {
    const Built b = build(nested_subgraphs());
    const auto clusters = cluster_groups(b.scene);
    REQUIRE(clusters.size() == 2);
    CHECK(clusters[0]->id.ends_with("outer"));
    CHECK(clusters[1]->id.ends_with("inner"));
}

TEST_CASE("a subgraph title sits where the layout moved it clear of edges", "[scene]") {
    // a → b enters `inner` at the middle of its top, where the title would be.
    const Built b = build(nested_subgraphs());
    const layout::Rect title = b.layout.geometry.cluster_titles[0];
    const layout::Rect box = b.layout.geometry.clusters[0];
    REQUIRE(std::abs(title.center().x - box.center().x) > 1);
    for (const scene::Group* g : cluster_groups(b.scene)) {
        if (g->id.ends_with("inner")) {
            const auto text = std::find_if(g->items.begin(), g->items.end(), [](const Item& i) {
                return i.kind == Item::Kind::text;
            });
            REQUIRE(text != g->items.end());
            // The scene adds its 8 px padding around the layout.
            CHECK(text->text.origin.x == Approx(title.center().x + 8));
        }
    }
}
