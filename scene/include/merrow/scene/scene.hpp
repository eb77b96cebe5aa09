// The backend-neutral scene: positioned paths and text runs, fully resolved (colours, fonts,
// line breaks). Backends (SVG writer, Cairo) draw it without knowing anything about diagrams.
#pragma once

#include "merrow/layout/geometry.hpp"
#include "merrow/layout/path.hpp"
#include "merrow/layout/text_measurer.hpp"
#include "merrow/model/style.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::scene {

using layout::FontSpec;
using layout::Path;
using layout::PathSegment;
using layout::Point;
using layout::Rect;
using model::Color;

/// Which theme colour a paint is, so that a writer can emit it as a CSS custom property and
/// switch palettes (light and dark in one SVG). `none`: a colour of the diagram's own styles
/// (`style`, `classDef`, `linkStyle`), which no palette changes.
enum class ColorRole : std::uint8_t {
    none,
    background,
    node_fill,
    node_stroke,
    node_text,
    line,
    edge_label_background,
    edge_label_text,
    cluster_fill,
    cluster_stroke,
    cluster_text,
    title_text,
    note_fill,
    note_stroke,
    note_text,
};

inline constexpr std::size_t color_role_count = 15;

/// The CSS-friendly name of a role ("node-fill"); empty for `none`.
std::string_view role_name(ColorRole role);

/// The colour of every role: one theme's palette.
struct Palette {
    std::array<Color, color_role_count> colors{};

    Color& operator[](ColorRole role) { return colors[static_cast<std::size_t>(role)]; }
    const Color& operator[](ColorRole role) const { return colors[static_cast<std::size_t>(role)]; }
};

enum class LineCap : std::uint8_t { butt, round, square };
enum class LineJoin : std::uint8_t { miter, round, bevel };

struct Stroke {
    Color color;
    double width = 1;
    std::vector<double> dash; ///< empty: solid
    LineCap cap = LineCap::butt;
    LineJoin join = LineJoin::miter;
    ColorRole role = ColorRole::none;
};

/// A filled and/or stroked path.
struct Shape {
    Path path;
    std::optional<Color> fill;
    std::optional<Stroke> stroke;
    double opacity = 1;
    ColorRole fill_role = ColorRole::none;
};

enum class TextAnchor : std::uint8_t { start, middle, end };

/// One line of text, positioned by its anchor point on the baseline.
struct TextRun {
    Point origin;
    std::string text;
    FontSpec font;
    Color color;
    ColorRole color_role = ColorRole::none;
    TextAnchor anchor = TextAnchor::middle;
    double width = 0; ///< the measured advance width (what layout reserved)
    /// Byte ranges of `text` set in bold or italic on top of `font` (markdown labels).
    std::vector<layout::TextStyleRun> styles;
};

struct Item;

/// A group of items: one diagram element (a node, an edge, a cluster) in the output, so that
/// backends can give it an id and a class, and wrap it in a link.
struct Group {
    std::string id;        ///< unique within the scene, already sanitised for XML ids
    std::string css_class; ///< e.g. "node", "edge", "cluster", "edge-label"
    std::string link;      ///< a vetted URL, or empty
    std::string link_target;
    std::string tooltip;
    std::vector<Item> items;
};

struct Item {
    enum class Kind : std::uint8_t { shape, text, group };
    Kind kind = Kind::shape;
    Shape shape;
    TextRun text;
    Group group;

    static Item of(Shape s);
    static Item of(TextRun t);
    static Item of(Group g);
};

struct Scene {
    double width = 0;
    double height = 0;
    std::optional<Color> background; ///< nothing: transparent
    ColorRole background_role = ColorRole::none;
    Palette palette; ///< the theme's colour of every role the items use
    /// A second palette for dark colour schemes: writers that can (SVG) switch every role to
    /// it under `prefers-color-scheme: dark`; the others draw `palette`.
    std::optional<Palette> dark_palette;
    std::string title; ///< for <title> and accessibility
    std::string description;
    std::vector<Item> items; ///< in painting order, back to front
};

} // namespace merrow::scene
