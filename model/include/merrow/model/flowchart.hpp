// The flowchart model: what the parser built, with ids resolved to indices. Immutable once the
// parser returns it; every later stage reads it through const references.
#pragma once

#include "merrow/model/diagnostic.hpp"
#include "merrow/model/style.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::model {

enum class Direction : std::uint8_t { TB, BT, LR, RL };

std::string_view to_string(Direction direction);

/// Every node shape Mermaid can draw: the classic bracket forms and the `@{ shape: … }` names
/// (canonical names in comments; the parser owns the alias table).
enum class Shape : std::uint8_t {
    rect,          // A[x]        rect, proc, process, rectangle
    rounded,       // A(x)        rounded, event
    stadium,       // A([x])      stadium, terminal, pill
    subroutine,    // A[[x]]      fr-rect, subprocess, subroutine
    cylinder,      // A[(x)]      cyl, db, database
    circle,        // A((x))      circle, circ
    double_circle, // A(((x)))    dbl-circ, double-circle
    odd,           // A>x]        odd (rect_left_inv_arrow)
    diamond,       // A{x}        diam, decision, question
    hexagon,       // A{{x}}      hex, prepare
    lean_right,    // A[/x/]      lean-r, in-out
    lean_left,     // A[\x\]      lean-l, out-in
    trapezoid,     // A[/x\]      trap-b, priority
    inv_trapezoid, // A[\x/]      trap-t, manual
    ellipse,       // A(-x-)
    datastore,     // datastore, data-store
    bang,
    cloud,
    text,           // text block, no border
    card,           // notch-rect
    shaded_process, // lin-rect
    small_circle,   // sm-circ, start
    framed_circle,  // fr-circ, stop
    fork,           // fork, join
    hourglass,      // hourglass, collate
    brace_left,     // brace, comment
    brace_right,    // brace-r
    braces,
    bolt,                // com-link, lightning-bolt
    document,            // doc
    delay,               // half-rounded-rectangle
    horizontal_cylinder, // h-cyl, das
    lined_cylinder,      // lin-cyl, disk
    curved_trapezoid,    // curv-trap, display
    divided_rect,        // div-rect
    triangle,            // tri, extract
    window_pane,         // win-pane
    filled_circle,       // f-circ, junction
    notched_pentagon,    // notch-pent, loop-limit
    flipped_triangle,    // flip-tri, manual-file
    sloped_rect,         // sl-rect, manual-input
    documents,           // docs, stacked-document
    stacked_rect,        // st-rect, processes
    bow_tie_rect,        // bow-rect, stored-data
    crossed_circle,      // cross-circ, summary
    tagged_document,     // tag-doc
    tagged_rect,         // tag-rect
    paper_tape,          // flag
    lined_document,      // lin-doc
    state,
    choice,
    note,
    icon,
    image,
    anchor,
};

std::string_view to_string(Shape shape);

enum class LabelFormat : std::uint8_t { plain, markdown };

/// A bold and/or italic byte range of a label's text.
struct LabelStyle {
    std::size_t start = 0;
    std::size_t length = 0;
    bool bold = false;
    bool italic = false;

    friend bool operator==(const LabelStyle&, const LabelStyle&) = default;
};

/// Label text as the user wrote it, after Mermaid's decoding: quotes removed, entity codes
/// (`#quot;`, `#35;`, `&amp;`) decoded, `<br>` turned into '\n'. Markdown markers are kept as
/// written when `format` is markdown; turning them into styled runs belongs to text layout.
/// Plain labels may use the inline HTML subset `<b>`, `<strong>`, `<i>` and `<em>`: the parser
/// takes those tags out of the text and records their ranges in `styles`; any other markup
/// stays in the text as literal characters, never to be read as HTML again.
struct Label {
    std::string text;
    LabelFormat format = LabelFormat::plain;
    std::vector<LabelStyle> styles{}; ///< sorted, not overlapping; plain labels only

    bool empty() const { return text.empty(); }
    friend bool operator==(const Label&, const Label&) = default;
};

/// A `click` action. Only links are ever rendered; callbacks are kept to be reported.
struct ClickAction {
    enum class Kind : std::uint8_t { link, callback };
    Kind kind = Kind::link;
    std::string target; ///< the URL, or the callback name
    std::string tooltip;
    std::string window; ///< _self, _blank, _parent, _top or empty
    std::string args;   ///< callback arguments as written
};

struct Node {
    std::string id;
    Label label; ///< the id itself when the user gave no text
    Shape shape = Shape::rect;
    std::vector<std::string> classes;
    /// Fully resolved: `classDef default`, then the node's classes in order, then its `style`
    /// statements in order (the parser does this, so later stages read one value).
    StyleProps style;
    std::optional<ClickAction> click;
    /// `@{ … }` extras for icon and image nodes (icon, img, form, pos, w, h, constraint).
    std::vector<std::pair<std::string, std::string>> metadata;
    SourceRange where; ///< the first mention
};

enum class ArrowHead : std::uint8_t { none, arrow, circle, cross };
enum class EdgeStroke : std::uint8_t { normal, thick, dotted, invisible };

/// An edge end: a node, or (Mermaid allows `A --> sub1`) a subgraph.
struct EndRef {
    enum class Kind : std::uint8_t { node, subgraph };
    Kind kind = Kind::node;
    std::size_t index = 0;

    friend bool operator==(const EndRef&, const EndRef&) = default;
};

struct Edge {
    EndRef from;
    EndRef to;
    ArrowHead head_start = ArrowHead::none;
    ArrowHead head_end = ArrowHead::arrow;
    EdgeStroke stroke = EdgeStroke::normal;
    int length = 1; ///< minimum rank distance: `-->` is 1, `--->` 2, … (capped at 10)
    Label label;
    std::string id; ///< `e1@-->`; empty when the user gave none
    std::vector<std::string> classes;
    StyleProps style;                 ///< `linkStyle`, merged over `linkStyle default`
    std::optional<std::string> curve; ///< `linkStyle … interpolate` or `@{ curve: … }`
    std::vector<std::pair<std::string, std::string>> metadata; ///< `e1@{ animate: true }` …
    SourceRange where;
};

struct Subgraph {
    std::string id;
    Label title;
    std::optional<Direction> direction;
    std::vector<std::size_t> nodes;     ///< direct member nodes, in order of first mention
    std::vector<std::size_t> subgraphs; ///< direct child subgraphs
    std::optional<std::size_t> parent;
    std::vector<std::string> classes;
    StyleProps style;
    /// `sub1@{ view: collapsed }` (Mermaid 12) and other `@{ … }` keys given to a subgraph.
    std::vector<std::pair<std::string, std::string>> metadata;
    /// The id was also used as a node (in an edge, a `style`, a bare mention). Mermaid then keeps
    /// a vertex with this id besides the subgraph and counts it among the nodes; merrow draws the
    /// subgraph in its place (edges end at the subgraph), so this only records that it happened.
    bool referenced_as_node = false;
    SourceRange where;
};

struct ClassDef {
    std::string name;
    StyleProps style;
};

struct Flowchart {
    Direction direction = Direction::TB;
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    std::vector<Subgraph> subgraphs;
    std::vector<ClassDef> class_defs; ///< in definition order; `default` applies to every node

    std::optional<std::size_t> find_node(std::string_view id) const;
    std::optional<std::size_t> find_subgraph(std::string_view id) const;
    const ClassDef* find_class(std::string_view name) const;
};

} // namespace merrow::model
