// Node shapes: sizes from Mermaid's shape handlers, drawings that fill exactly their box, labels
// inside, and outlines that edges can be clipped against.
#include "merrow/layout/flowchart_layout.hpp"
#include "merrow/layout/shapes.hpp"
#include "merrow/scene/build.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace merrow;
using layout::Outline;
using layout::ShapeGeometry;
using layout::Size;
using model::Shape;

namespace {

constexpr Size label{80, 24};

std::vector<Shape> all_shapes() {
    std::vector<Shape> out;
    for (int i = 0; i <= static_cast<int>(Shape::anchor); ++i) {
        out.push_back(static_cast<Shape>(i));
    }
    return out;
}

ShapeGeometry geometry(Shape shape, Size text = label, layout::ShapeOptions options = {}) {
    return layout::shape_geometry(shape, text, options);
}

bool convex_and_contains(const std::vector<layout::Point>& poly, layout::Point p) {
    double sign = 0;
    for (std::size_t i = 0; i < poly.size(); ++i) {
        const layout::Point a = poly[i];
        const layout::Point b = poly[(i + 1) % poly.size()];
        const double cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if (std::abs(cross) < 1e-9) {
            continue;
        }
        if (sign == 0) {
            sign = cross > 0 ? 1 : -1;
        } else if ((cross > 0 ? 1 : -1) != sign) {
            return false;
        }
    }
    return true;
}

} // namespace

TEST_CASE("every shape draws exactly its box, with its label inside", "[scene][shapes]") {
    for (Shape shape : all_shapes()) {
        INFO(model::to_string(shape));
        const ShapeGeometry g = geometry(shape);
        CHECK(g.size.width > 0);
        CHECK(g.size.height > 0);
        REQUIRE_FALSE(g.parts.empty());
        // The union of what is drawn (hidden parts included) is the box, centred on 0.
        double left = 1e9;
        double top = 1e9;
        double right = -1e9;
        double bottom = -1e9;
        for (const layout::ShapePart& part : g.parts) {
            const layout::Rect b = part.path.bounds();
            left = std::min(left, b.x);
            top = std::min(top, b.y);
            right = std::max(right, b.right());
            bottom = std::max(bottom, b.bottom());
        }
        CHECK(left == Approx(-g.size.width / 2).margin(1e-6));
        CHECK(right == Approx(g.size.width / 2).margin(1e-6));
        CHECK(top == Approx(-g.size.height / 2).margin(1e-6));
        CHECK(bottom == Approx(g.size.height / 2).margin(1e-6));
        if (g.shows_label) {
            CHECK(std::abs(g.label_center.x) + label.width / 2 <= g.size.width / 2 + 0.5);
            CHECK(std::abs(g.label_center.y) + label.height / 2 <= g.size.height / 2 + 0.5);
        }
        if (g.outline == Outline::polygon) {
            CHECK(g.polygon.size() >= 3);
            CHECK(convex_and_contains(g.polygon, {0, 0}));
        }
    }
}

TEST_CASE("classic shapes have Mermaid's proportions", "[scene][shapes]") {
    const double tw = label.width;
    const double th = label.height;
    const double p = 15;
    const auto size = [](Shape s) {
        return geometry(s).size;
    };
    CHECK(size(Shape::rect) == Size{tw + 4 * p, th + 2 * p});
    CHECK(size(Shape::rounded) == Size{tw + 2 * p, th + 2 * p});
    CHECK(size(Shape::stadium).height == Approx(th + p));
    CHECK(size(Shape::stadium).width == Approx(tw + (th + p) / 4 + p));
    CHECK(size(Shape::subroutine) == Size{tw + 16 + p, th + p});
    CHECK(size(Shape::circle).width == Approx(tw + p));
    CHECK(size(Shape::double_circle).width == Approx(tw + 2 * p));
    CHECK(size(Shape::diamond).width == Approx(tw + th + 2 * p));
    const double w = tw + p;
    const double ry = (w / 2) / (2.5 + w / 50);
    CHECK(size(Shape::cylinder).width == Approx(w));
    CHECK(size(Shape::cylinder).height == Approx(th + p + 3 * ry));
    CHECK(size(Shape::hexagon).width == Approx(tw + 2 * (th + p) / 4 + p));
    CHECK(size(Shape::lean_right).width == Approx(tw + p + th + p));
    CHECK(size(Shape::inv_trapezoid).width == Approx(tw + 2 * p + th + 2 * p));
    CHECK(size(Shape::odd).width == Approx(tw + p + (th + p) / 4));
    // The cylinder's label sits low, below the rim, as in Mermaid.
    CHECK(geometry(Shape::cylinder).label_center.y > 0);
}

TEST_CASE("fixed-size shapes ignore their label", "[scene][shapes]") {
    CHECK(geometry(Shape::small_circle).size == Size{14, 14});
    CHECK(geometry(Shape::filled_circle).size == Size{14, 14});
    CHECK(geometry(Shape::crossed_circle).size == Size{60, 60});
    CHECK(geometry(Shape::choice).size == Size{28, 28});
    CHECK(geometry(Shape::bolt).size.height == Approx(70));
    CHECK(geometry(Shape::fork).size == Size{70, 10});
    layout::ShapeOptions lr;
    lr.horizontal = true;
    CHECK(geometry(Shape::fork, label, lr).size == Size{10, 70});
    for (Shape s : {Shape::small_circle, Shape::framed_circle, Shape::filled_circle, Shape::fork,
                    Shape::hourglass, Shape::bolt, Shape::crossed_circle, Shape::choice}) {
        INFO(model::to_string(s));
        CHECK_FALSE(geometry(s).shows_label);
    }
}

TEST_CASE("the neo look pads labels as Mermaid 12 does", "[scene][shapes]") {
    layout::ShapeOptions neo;
    neo.neo = true;
    CHECK(geometry(Shape::rect, label, neo).size == Size{label.width + 32, label.height + 24});
    neo.radius = 12;
    CHECK(geometry(Shape::rounded, label, neo).size == geometry(Shape::rounded).size);
}

TEST_CASE("the scene paints each part with the colours its ink asks for", "[scene][shapes]") {
    model::Diagram d;
    model::Flowchart f;
    const std::vector<std::pair<const char*, Shape>> nodes{{"ds", Shape::datastore},
                                                           {"dot", Shape::filled_circle},
                                                           {"note", Shape::note},
                                                           {"text", Shape::text},
                                                           {"sub", Shape::subroutine}};
    for (const auto& [id, shape] : nodes) {
        model::Node n;
        n.id = id;
        n.label.text = "x";
        n.shape = shape;
        f.nodes.push_back(n);
    }
    d.body = f;
    layout::ApproximateTextMeasurer measurer;
    const auto fl = layout::layout_flowchart(*d.flowchart(), {}, measurer);
    const scene::Theme theme = scene::resolve_theme(d.config);
    const scene::Scene s = scene::build_flowchart_scene(d, fl, theme, {});
    const auto group = [&](std::string_view id) -> const scene::Group& {
        for (const scene::Item& item : s.items) {
            if (item.group.id == id) {
                return item.group;
            }
        }
        FAIL("no group " << id);
        return s.items.front().group;
    };
    // A data store is filled, and stroked only along its top and bottom.
    const scene::Group& ds = group("node-ds");
    REQUIRE(ds.items.size() == 4);
    CHECK(ds.items[0].shape.fill);
    CHECK_FALSE(ds.items[0].shape.stroke);
    CHECK_FALSE(ds.items[1].shape.fill);
    CHECK(ds.items[1].shape.stroke);
    // A junction dot is filled with the border colour.
    const scene::Group& dot = group("node-dot");
    CHECK(dot.items[0].shape.fill == theme.node_stroke);
    CHECK(dot.items[0].shape.fill_role == scene::ColorRole::node_stroke);
    // Notes take the theme's note colours.
    const scene::Group& note = group("node-note");
    CHECK(note.items[0].shape.fill == theme.note_fill);
    CHECK(note.items[0].shape.stroke->color == theme.note_stroke);
    // A text block draws nothing but its text.
    const scene::Group& text = group("node-text");
    REQUIRE(text.items.size() == 1);
    CHECK(text.items[0].kind == scene::Item::Kind::text);
    // A subroutine's inner frame lines are stroked, not filled.
    const scene::Group& sub = group("node-sub");
    REQUIRE(sub.items.size() == 4);
    CHECK_FALSE(sub.items[1].shape.fill);
    CHECK(sub.items[1].shape.stroke->role == scene::ColorRole::node_stroke);
}
