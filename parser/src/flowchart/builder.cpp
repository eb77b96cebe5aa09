#include "flowchart/builder.hpp"

#include "flowchart/shapes.hpp"
#include "merrow/model/config.hpp"
#include "merrow/model/link.hpp"
#include "preprocess.hpp"
#include "suggest.hpp"
#include "text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace merrow::parser::flowchart {

namespace {

model::ArrowHead head_of(char c) {
    switch (c) {
    case '>':
    case '<':
        return model::ArrowHead::arrow;
    case 'x':
        return model::ArrowHead::cross;
    case 'o':
        return model::ArrowHead::circle;
    default:
        return model::ArrowHead::none;
    }
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

int count(std::string_view text, char c) {
    return static_cast<int>(std::count(text.begin(), text.end(), c));
}

std::string quoted_id(std::string_view id) {
    return "`" + std::string(id) + "`";
}

// Splits Mermaid's comma-separated id lists (`class A,B hot`, `classDef a,b …`).
template <typename Fn> void for_each_listed(Span list, Fn&& fn) {
    std::size_t start = 0;
    while (start <= list.text.size()) {
        std::size_t comma = list.text.find(',', start);
        if (comma == std::string_view::npos) {
            comma = list.text.size();
        }
        if (comma > start) {
            fn(Span{list.text.substr(start, comma - start), list.offset + start});
        }
        start = comma + 1;
    }
}

model::Label label_of(std::string_view raw, model::LabelFormat format) {
    if (format == model::LabelFormat::markdown) {
        return model::Label{decode_label(raw), format};
    }
    DecodedLabel decoded = decode_label_markup(raw);
    return model::Label{std::move(decoded.text), format, std::move(decoded.styles)};
}

std::size_t code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

// Long labels are legal Mermaid but cost text layout time on every line they wrap into; past the
// limit the diagram is refused with the reason rather than rendered slowly.
void check_label_length(const model::Label& label, std::size_t begin, std::size_t end,
                        const model::Config& config, Diagnostics& diagnostics) {
    if (const std::size_t length = code_points(label.text); length > config.max_label_length) {
        diagnostics.error(begin, end,
                          "this label is " + std::to_string(length) +
                              " characters long, more than merrow's limit of " +
                              std::to_string(config.max_label_length) + " (`maxLabelLength`)",
                          "shorten it, or raise the limit in a configuration file given with "
                          "`-c`: `{\"maxLabelLength\": " +
                              std::to_string(length) + "}`");
    }
}

model::Label make_label(const LabelDraft& draft, const model::Config& config,
                        Diagnostics& diagnostics) {
    model::Label label = label_of(draft.raw.text, draft.format);
    check_label_length(label, draft.raw.offset, draft.raw.end(), config, diagnostics);
    return label;
}

// What Mermaid's `if (doc.label)` treats as a label: anything but an empty string, 0 or false.
bool truthy(const Scalar& s) {
    switch (s.type) {
    case Scalar::Type::null:
        return false;
    case Scalar::Type::boolean:
        return s.boolean;
    case Scalar::Type::number:
        return s.number != 0;
    case Scalar::Type::string:
        return !s.text.empty();
    }
    return false;
}

// The keys `@{ … }` has for a node and for an edge.
constexpr std::array<std::string_view, 10> node_keys{"shape", "label", "labelType",  "icon", "form",
                                                     "pos",   "img",   "constraint", "w",    "h"};
constexpr std::array<std::string_view, 4> edge_keys{"animate", "animation", "curve", "step"};

/// One end of an edge token as Mermaid's destructEndLink reads it.
struct EndToken {
    model::ArrowHead head = model::ArrowHead::none;
    bool both = false; ///< `<-->`, `x--x`, `o--o`
    model::EdgeStroke stroke = model::EdgeStroke::normal;
    int length = 1;
};

EndToken read_end_token(std::string_view token) {
    EndToken out;
    if (token.empty()) {
        return out;
    }
    std::string_view line = token.substr(0, token.size() - 1);
    const char last = token.back();
    const char first = token.front();
    const bool head = last == 'x' || last == '>' || last == 'o';
    if (head) {
        out.head = head_of(last);
        const char matching = last == '>' ? '<' : last;
        if (first == matching) {
            out.both = true;
            line.remove_prefix(1);
        }
    }
    // The length counts what is left of the line, one less; only a dotted line counts its dots.
    // So a start head that does not match (`x-->`, `o==>`) lengthens the edge, as in Mermaid.
    out.length = static_cast<int>(line.size()) - 1;
    if (!line.empty() && line.front() == '=') {
        out.stroke = model::EdgeStroke::thick;
    }
    if (!line.empty() && line.front() == '~') {
        out.stroke = model::EdgeStroke::invisible;
    }
    if (const int dots = count(line, '.'); dots > 0) {
        out.stroke = model::EdgeStroke::dotted;
        out.length = dots;
    }
    return out;
}

} // namespace

LinkKind read_link(std::string_view start, std::string_view line) {
    LinkKind kind;
    line = trim(line);
    start = trim(start);
    const EndToken end = read_end_token(line);
    kind.stroke = end.stroke;
    kind.length = std::clamp(end.length, 1, 10);
    kind.head_end = end.head;
    kind.head_start = end.both ? end.head : model::ArrowHead::none;
    if (start.empty()) {
        const char first = line.empty() ? '\0' : line.front();
        if (!end.both && (first == 'x' || first == 'o' || first == '<')) {
            kind.dropped_start = first;
        }
    } else {
        // `x-- text --x`: the opening token's head must repeat the closing one's.
        const char first = start.front();
        const bool start_head = first == 'x' || first == 'o' || first == '<';
        model::EdgeStroke start_stroke = model::EdgeStroke::normal;
        if (start.find('=') != std::string_view::npos) {
            start_stroke = model::EdgeStroke::thick;
        }
        if (start.find('.') != std::string_view::npos) {
            start_stroke = model::EdgeStroke::dotted;
        }
        if (start_stroke != end.stroke) {
            kind.invalid = true;
        } else if (start_head) {
            if (end.both || head_of(first) != end.head) {
                kind.invalid = true;
                kind.dropped_start = first;
            } else {
                kind.head_start = end.head;
            }
        }
    }
    if (kind.invalid) {
        // Mermaid's INVALID edge is drawn as a plain arrow.
        kind.head_start = model::ArrowHead::none;
        kind.head_end = model::ArrowHead::arrow;
        kind.stroke = model::EdgeStroke::normal;
    }
    if (kind.stroke == model::EdgeStroke::invisible) {
        kind.head_start = kind.head_end = model::ArrowHead::none;
    }
    return kind;
}

std::size_t FlowchartBuilder::node_for(Span id, std::size_t end) {
    if (const auto it = node_index_.find(id.text); it != node_index_.end()) {
        return it->second;
    }
    model::Node node;
    node.id = std::string(id.text);
    node.label.text = node.id;
    node.where = diagnostics_.map().range(id.offset, end);
    const std::size_t index = chart_.nodes.size();
    chart_.nodes.push_back(std::move(node));
    info_.emplace_back();
    node_index_.emplace(std::string(id.text), index);
    return index;
}

std::optional<std::size_t> FlowchartBuilder::add_vertex(const VertexDraft& vertex) {
    std::optional<ShapeData> data;
    if (vertex.shape_data) {
        data = read_shape_data(*vertex.shape_data, diagnostics_);
    }
    // An id given to an edge (`e1@-->`) is not a node: Mermaid applies `@{ … }` and `:::` to the
    // edge and makes no vertex.
    if (const auto e = edge_index_.find(vertex.id.text); e != edge_index_.end()) {
        if (vertex.shape || vertex.label) {
            diagnostics_.warning(vertex.id.offset, vertex.end,
                                 quoted_id(vertex.id.text) +
                                     " is the id of an edge, so this shape and label are ignored",
                                 "give the node another id");
        }
        if (data) {
            apply_edge_data(e->second, *data);
        }
        for (const Span& cls : vertex.classes) {
            chart_.edges[e->second].classes.emplace_back(cls.text);
            use_class(cls.text, cls.offset);
        }
        // A node of that name made before the edge stays usable, untouched.
        if (const auto n = node_index_.find(vertex.id.text); n != node_index_.end()) {
            return n->second;
        }
        return std::nullopt;
    }

    const std::size_t index = node_for(vertex.id, vertex.end);
    NodeInfo& info = info_[index];
    info.mentioned = true;
    if (vertex.label) {
        model::Node& node = chart_.nodes[index];
        model::Label label = make_label(*vertex.label, config_, diagnostics_);
        const model::Shape shape = vertex.shape.value_or(model::Shape::rect);
        // Mermaid keeps the latest definition that has text; a bare mention keeps the label.
        // A changed definition is usually a copy-paste slip, so say which one wins.
        if (info.labelled_at && (node.label != label || node.shape != shape)) {
            const char* what =
                node.label != label ? (node.shape != shape ? "label and shape" : "label") : "shape";
            auto& d = diagnostics_.warning(
                vertex.id.offset, vertex.end,
                "node " + quoted_id(node.id) + " is defined again with a different " + what +
                    "; this later definition is used",
                "define each node once and refer to it by its id elsewhere");
            diagnostics_.note(d, info.labelled_at->offset, info.labelled_at->end(),
                              "the earlier definition");
        }
        node.label = std::move(label);
        node.shape = shape;
        info.labelled_at =
            Span{std::string_view(vertex.id.text.data(), vertex.end - vertex.id.offset),
                 vertex.id.offset};
    }
    if (!vertex.property.empty()) {
        diagnostics_.warning(vertex.property.offset, vertex.property.end(),
                             "vertex properties (`[|" + std::string(vertex.property.text) +
                                 "|…]`) have no effect",
                             "Mermaid stores them but draws nothing differently; write `" +
                                 std::string(vertex.id.text) + "[text]`");
    }
    for (const Span& cls : vertex.classes) {
        chart_.nodes[index].classes.emplace_back(cls.text);
        use_class(cls.text, cls.offset);
    }
    if (data) {
        // Mermaid 12: `sub1@{ view: collapsed }` after the subgraph describes the subgraph.
        if (const auto sg = subgraph_index_.find(vertex.id.text); sg != subgraph_index_.end()) {
            apply_subgraph_data(sg->second, *data);
        } else {
            apply_node_data(index, vertex, *data);
        }
    }
    return index;
}

void FlowchartBuilder::apply_node_data(std::size_t index, const VertexDraft& vertex,
                                       const ShapeData& data) {
    model::Node& node = chart_.nodes[index];
    NodeInfo& info = info_[index];
    auto text_of = [&](const ShapeDataEntry& e, const char* what) -> std::optional<std::string> {
        if (e.structured) {
            diagnostics_.error(e.value_begin, e.value_end,
                               "`" + e.key + "` must be " + what + ", not a list or mapping");
            return std::nullopt;
        }
        return e.value.text;
    };
    if (const ShapeDataEntry* e = data.find("shape")) {
        if (const auto name = text_of(*e, "a shape name")) {
            if (const auto shape = shape_by_name(*name)) {
                node.shape = *shape;
            } else {
                const std::string near = suggest_shape(*name);
                const bool case_or_underscore = std::any_of(name->begin(), name->end(), [](char c) {
                    return (c >= 'A' && c <= 'Z') || c == '_';
                });
                std::string message = "unknown shape `" + *name + "`";
                if (!near.empty()) {
                    message += ", did you mean `" + near + "`?";
                }
                diagnostics_.error(e->value_begin, e->value_end, std::move(message),
                                   case_or_underscore
                                       ? "shape names are lower case, with `-` between words"
                                       : "see the shape list in Mermaid's flowchart "
                                         "documentation; common ones are rect, rounded, "
                                         "stadium, cyl, circle, diam, hex, doc, text");
            }
        }
    }
    const ShapeDataEntry* label = data.find("label");
    if (label && (label->structured || truthy(label->value))) {
        if (const auto text = text_of(*label, "text")) {
            model::LabelFormat format = model::LabelFormat::markdown;
            if (const ShapeDataEntry* type = data.find("labelType");
                type && (type->value.text == "text" || type->value.text == "string")) {
                format = model::LabelFormat::plain;
            }
            node.label = label_of(*text, format);
            check_label_length(node.label, label->value_begin, label->value_end, config_,
                               diagnostics_);
        }
    }
    const bool has_label_text = label && !label->structured && !trim(label->value.text).empty();
    auto keep = [&](const char* key) {
        if (const ShapeDataEntry* e = data.find(key); e && !e->structured && truthy(e->value)) {
            node.metadata.emplace_back(key, e->value.text);
            return true;
        }
        return false;
    };
    // An icon or image without a label of its own shows no text.
    if (keep("icon")) {
        info.icon = true;
        if (!has_label_text && node.label.text == node.id) {
            node.label.text.clear();
        }
    }
    keep("form");
    keep("pos");
    if (keep("img")) {
        info.image = true;
        if (!has_label_text && node.label.text == node.id) {
            node.label.text.clear();
        }
    }
    keep("constraint");
    keep("w");
    keep("h");
    for (std::size_t i = 0; i < data.entries.size(); ++i) {
        const ShapeDataEntry& e = data.entries[i];
        if (std::find(node_keys.begin(), node_keys.end(), e.key) != node_keys.end()) {
            continue;
        }
        std::string hint;
        if (i > 0 && data.entries[i - 1].key == "label" && e.value.type == Scalar::Type::null) {
            hint = "a `,` ends the label; to keep it in the label, put the label in quotes: "
                   "`label: \"…, …\"`";
        } else if (const auto near = closest_name(e.key, node_keys); near) {
            hint = "did you mean `" + std::string(*near) + "`?";
        }
        diagnostics_.warning(e.key_begin, e.key_end,
                             "unknown shape data key `" + e.key + "` for node " +
                                 quoted_id(vertex.id.text) + "; Mermaid ignores it",
                             std::move(hint));
    }
}

void FlowchartBuilder::apply_edge_data(std::size_t index, const ShapeData& data) {
    model::Edge& edge = chart_.edges[index];
    for (const ShapeDataEntry& e : data.entries) {
        if (e.structured) {
            diagnostics_.error(e.value_begin, e.value_end,
                               "`" + e.key + "` of an edge must be a single value");
            continue;
        }
        if (e.key == "curve") {
            if (!model::parse_curve(e.value.text)) {
                diagnostics_.warning(e.value_begin, e.value_end,
                                     "unknown curve `" + e.value.text +
                                         "`; the default curve is used",
                                     "use basis, linear, step, stepBefore, stepAfter, monotoneX, "
                                     "monotoneY, natural, cardinal, catmullRom, bumpX, bumpY or "
                                     "rounded");
                continue;
            }
            edge.curve = e.value.text;
        } else if (e.key == "step") {
            // Mermaid 12 numbers animated steps; it ignores anything but a positive integer.
            const bool positive_integer = e.value.type == Scalar::Type::number &&
                                          e.value.number >= 1 &&
                                          e.value.number == std::floor(e.value.number);
            if (!positive_integer) {
                diagnostics_.warning(e.value_begin, e.value_end,
                                     "`step` must be a whole number from 1; Mermaid ignores `" +
                                         e.value.text + "`");
                continue;
            }
        } else if (std::find(edge_keys.begin(), edge_keys.end(), e.key) == edge_keys.end()) {
            std::string hint;
            if (const auto near = closest_name(e.key, edge_keys); near) {
                hint = "did you mean `" + std::string(*near) + "`?";
            }
            diagnostics_.warning(e.key_begin, e.key_end,
                                 "unknown key `" + e.key + "` for edge " + quoted_id(edge.id) +
                                     "; Mermaid ignores it",
                                 std::move(hint));
            continue;
        }
        edge.metadata.emplace_back(e.key, e.value.text);
    }
}

void FlowchartBuilder::apply_subgraph_data(std::size_t index, const ShapeData& data) {
    model::Subgraph& subgraph = chart_.subgraphs[index];
    for (const ShapeDataEntry& e : data.entries) {
        subgraph.metadata.emplace_back(e.key, e.structured ? std::string() : e.value.text);
    }
}

void FlowchartBuilder::add_vertices(const VertexStatementDraft& statement) {
    std::vector<std::size_t> previous;
    std::vector<std::size_t> current;
    for (std::size_t g = 0; g < statement.groups.size(); ++g) {
        current.clear();
        for (const VertexDraft& vertex : statement.groups[g]) {
            const std::optional<std::size_t> index = add_vertex(vertex);
            if (!index) {
                if (!statement.links.empty()) {
                    diagnostics_.error(vertex.id.offset, vertex.id.end(),
                                       quoted_id(vertex.id.text) +
                                           " is the id of an edge, so no edge can start or end "
                                           "there",
                                       "give the node another id");
                }
                continue;
            }
            current.push_back(*index);
            if (!open_subgraphs_.empty()) {
                OpenSubgraph& open = open_subgraphs_.back();
                if (open.listed.insert(*index).second) {
                    open.nodes.push_back(*index);
                }
            }
        }
        if (g > 0 && g - 1 < statement.links.size()) {
            add_links(statement.links[g - 1], previous, current);
        }
        std::swap(previous, current);
    }
}

void FlowchartBuilder::add_links(const LinkDraft& link, const std::vector<std::size_t>& from,
                                 const std::vector<std::size_t>& to) {
    const LinkKind kind = read_link(link.start.text, link.line.text);
    if (kind.dropped_start != 0) {
        const std::string head(1, kind.dropped_start);
        diagnostics_.warning(
            link.begin, link.end,
            "the `" + head +
                "` at the start of this edge is ignored: Mermaid draws a "
                "start head only when it matches the end head",
            "match both ends (`<-->`, `x--x`, `o--o`) or leave the start head out");
    } else if (kind.invalid) {
        diagnostics_.warning(
            link.begin, link.end,
            "the two ends of this edge do not match (`" + std::string(trim(link.start.text)) +
                "` … `" + std::string(trim(link.line.text)) + "`); Mermaid draws a plain arrow",
            "close `--` with `-->`, `==` with `==>` and `-.` with `.->`");
    }
    // `A---oval`: Mermaid reads `---o` and a node `val`. Likely a slip when a word follows.
    const std::string_view source = diagnostics_.map().source();
    const std::string_view token = trim(link.line.text);
    if (!token.empty() && (token.back() == 'o' || token.back() == 'x') &&
        link.end == link.line.end() && link.line.end() < source.size() &&
        source[link.line.end()] >= 'a' && source[link.line.end()] <= 'z') {
        const char head = token.back();
        std::size_t word_end = link.line.end();
        while (word_end < source.size() &&
               ((source[word_end] >= 'a' && source[word_end] <= 'z') ||
                (source[word_end] >= 'A' && source[word_end] <= 'Z') ||
                (source[word_end] >= '0' && source[word_end] <= '9') || source[word_end] == '_')) {
            ++word_end;
        }
        const std::string rest(source.substr(link.line.end(), word_end - link.line.end()));
        // The edge without its head; `--` and `==` alone are not edges, `---` and `===` are.
        std::string open_edge(token.substr(0, token.size() - 1));
        if (open_edge == "--" || open_edge == "==") {
            open_edge += open_edge.back();
        }
        diagnostics_.warning(
            link.line.end() - 1, word_end,
            std::string("the `") + head + "` is read as " + (head == 'o' ? "a circle" : "a cross") +
                " at the end of the edge, which then goes to the node `" + rest + "`",
            "if the node is `" + std::string(1, head) + rest + "`, put a space before it: `A " +
                open_edge + " " + std::string(1, head) + rest + "`");
    }
    if (!link.start.empty() && link.label && !link.label->quoted &&
        link.label->raw.text.find('\n') != std::string_view::npos) {
        // Mermaid reads on to the next closing arrow, even lines later.
        diagnostics_.warning(
            link.start.offset, link.start.end(),
            "this edge label runs over a line break; is its closing `" +
                std::string(trim(link.line.text)) + "` on the wrong line, or missing?",
            "end the label on the line where it starts: `A " + std::string(link.start.text) +
                " text " + std::string(trim(link.line.text)) + " B`");
    }
    const model::Label label =
        link.label ? make_label(*link.label, config_, diagnostics_) : model::Label{};
    const model::SourceRange where = diagnostics_.map().range(link.begin, link.end);
    std::string id(link.id.text);
    if (!id.empty() && edge_index_.find(id) != edge_index_.end()) {
        diagnostics_.warning(link.id.offset, link.id.end(),
                             "the edge id " + quoted_id(id) +
                                 " is already used; Mermaid gives this edge an id of its own",
                             "edge ids must be unique");
        id.clear();
    }
    // Mermaid's order for `A & B --> C & D`: A→C, A→D, B→C, B→D. An edge id goes to the edge
    // from the last start to the first end.
    for (const std::size_t start : from) {
        for (const std::size_t end : to) {
            if (chart_.edges.size() >= config_.max_edges) {
                if (!edge_limit_reported_) {
                    edge_limit_reported_ = true;
                    diagnostics_.error(link.begin, link.end,
                                       "this diagram has more than " +
                                           std::to_string(config_.max_edges) +
                                           " edges, the most Mermaid draws (`maxEdges`)",
                                       "raise the limit in a configuration file given with `-c`: "
                                       "`{\"maxEdges\": 2000}`");
                }
                return;
            }
            model::Edge edge;
            edge.from = {model::EndRef::Kind::node, start};
            edge.to = {model::EndRef::Kind::node, end};
            edge.head_start = kind.head_start;
            edge.head_end = kind.head_end;
            edge.stroke = kind.stroke;
            edge.length = kind.length;
            edge.label = label;
            edge.where = where;
            // Mermaid gives each new edge the `linkStyle default` curve of the moment.
            edge.curve = default_curve_;
            const std::string& start_id = chart_.nodes[start].id;
            const std::string& end_id = chart_.nodes[end].id;
            const std::size_t before = same_ends_[start_id + '\n' + end_id]++;
            if (!id.empty() && start == from.back() && end == to.front()) {
                edge.id = id;
                edge_index_.emplace(id, chart_.edges.size());
            } else {
                // Mermaid names the other edges `L_<start>_<end>_<n>`, and `L_A_B_0@{ … }` or
                // `class L_A_B_0 …` reach them by that name. (Its count skips 1: 0, 2, 3…)
                const std::size_t n = before == 0 ? 0 : before + 1;
                edge_index_.emplace("L_" + start_id + "_" + end_id + "_" + std::to_string(n),
                                    chart_.edges.size());
            }
            chart_.edges.push_back(std::move(edge));
        }
    }
}

model::StyleProps FlowchartBuilder::read_css(Span css) {
    model::StyleParse parsed = model::parse_style(css.text);
    for (const model::StyleIssue& issue : parsed.issues) {
        const bool unknown = issue.message.rfind("unknown style property", 0) == 0;
        diagnostics_.warning(css.offset + issue.offset, css.offset + issue.offset + issue.length,
                             issue.message,
                             unknown ? "merrow understands fill, stroke, stroke-width, "
                                       "stroke-dasharray, color, opacity, font-size, font-family, "
                                       "font-weight and font-style"
                                     : "");
    }
    return std::move(parsed.props);
}

void FlowchartBuilder::add_style(Span target, Span css) {
    if (edge_index_.find(target.text) != edge_index_.end()) {
        // Mermaid's `style` looks for a vertex, finds the edge id and does nothing.
        diagnostics_.warning(target.offset, target.end(),
                             quoted_id(target.text) +
                                 " is the id of an edge; Mermaid ignores `style` for edges",
                             "style an edge with `linkStyle N …` (N counts edges from 0), or give "
                             "it a class: `class " +
                                 std::string(target.text) + " name`");
        return;
    }
    const std::size_t index = node_for(target, target.end());
    NodeInfo& info = info_[index];
    if (!info.mentioned && info.style_statements.empty()) {
        info.style_offset = target.offset;
    }
    info.style_statements.merge(read_css(css));
}

void FlowchartBuilder::add_class_def(Span names, Span css) {
    const model::StyleProps props = read_css(css);
    for_each_listed(names, [&](Span name) {
        auto it = class_index_.find(name.text);
        if (it == class_index_.end()) {
            it = class_index_.emplace(std::string(name.text), chart_.class_defs.size()).first;
            chart_.class_defs.push_back(model::ClassDef{std::string(name.text), {}});
        }
        chart_.class_defs[it->second].style.merge(props);
    });
}

void FlowchartBuilder::add_class(Span targets, Span class_name) {
    for_each_listed(targets, [&](Span target) {
        // Mermaid gives the class to whatever has this id: a node, an edge, a subgraph.
        if (const auto e = edge_index_.find(target.text); e != edge_index_.end()) {
            chart_.edges[e->second].classes.emplace_back(class_name.text);
            use_class(class_name.text, class_name.offset);
            return;
        }
        const auto it = node_index_.find(target.text);
        if (const auto sg = subgraph_index_.find(target.text); sg != subgraph_index_.end()) {
            chart_.subgraphs[sg->second].classes.emplace_back(class_name.text);
            use_class(class_name.text, class_name.offset);
            if (it == node_index_.end()) {
                return;
            }
        }
        if (it == node_index_.end()) {
            // Mermaid looks the node up when it reads the statement and skips unknown ids.
            diagnostics_.warning(
                target.offset, target.end(),
                "no node " + quoted_id(target.text) +
                    " is defined before this `class` statement, so Mermaid ignores it here",
                "define the node first, or attach the class where the node is defined: `" +
                    std::string(target.text) + ":::" + std::string(class_name.text) + "`");
            return;
        }
        chart_.nodes[it->second].classes.emplace_back(class_name.text);
        use_class(class_name.text, class_name.offset);
    });
}

void FlowchartBuilder::add_link_style(const LinkStyleDraft& draft) {
    std::optional<model::StyleProps> style;
    if (!draft.css.empty()) {
        style = read_css(draft.css);
    }
    std::optional<std::string> curve;
    if (!draft.curve.empty()) {
        curve = std::string(draft.curve.text);
        if (!model::parse_curve(*curve)) {
            diagnostics_.warning(draft.curve.offset, draft.curve.end(),
                                 "unknown curve `" + *curve + "`; the default curve is used",
                                 "use basis, linear, step, stepBefore, stepAfter, monotoneX, "
                                 "monotoneY, natural, cardinal, catmullRom, bumpX, bumpY or "
                                 "rounded");
        }
    }
    if (draft.is_default) {
        // Later `linkStyle default` statements replace earlier ones, as in Mermaid.
        if (style) {
            default_edge_style_ = style;
        }
        if (curve) {
            default_curve_ = curve;
        }
        return;
    }
    edge_styles_.resize(chart_.edges.size());
    for (const Span& index_text : draft.indices) {
        std::size_t index = 0;
        bool too_big = index_text.text.size() > 9;
        for (const char c : index_text.text) {
            index = index * 10 + static_cast<std::size_t>(c - '0');
        }
        too_big = too_big || index >= chart_.edges.size();
        if (too_big) {
            const std::size_t count = chart_.edges.size();
            diagnostics_.error(
                index_text.offset, index_text.end(),
                "`linkStyle` names edge " + std::string(index_text.text) + ", but " +
                    (count == 0
                         ? std::string("no edge is defined before it")
                         : "only " + std::to_string(count) + " edge" + (count == 1 ? "" : "s") +
                               " (0 to " + std::to_string(count - 1) + ") are defined before it"),
                "edges are numbered from 0 in the order they are defined; `A & B --> C` "
                "defines two");
            continue;
        }
        if (style) {
            edge_styles_[index] = style; // replaces an earlier `linkStyle` for this edge
        }
        if (curve) {
            chart_.edges[index].curve = curve;
        }
    }
}

void FlowchartBuilder::open_subgraph(const SubgraphDraft& draft) {
    // Every later stage walks the subgraph tree; the limit keeps that work (and its recursion)
    // bounded whatever the input. Still opened, so that the `end`s keep matching.
    if (open_subgraphs_.size() >= config_.max_subgraph_depth && !depth_limit_reported_) {
        depth_limit_reported_ = true;
        diagnostics_.error(draft.keyword.offset, draft.keyword.end(),
                           "this subgraph is nested " + std::to_string(open_subgraphs_.size() + 1) +
                               " deep, more than merrow's limit of " +
                               std::to_string(config_.max_subgraph_depth) + " (`maxSubgraphDepth`)",
                           "flatten the nesting, or raise the limit in a configuration file "
                           "given with `-c`: `{\"maxSubgraphDepth\": " +
                               std::to_string(open_subgraphs_.size() + 1) + "}`");
    }
    OpenSubgraph open;
    open.draft = draft;
    open_subgraphs_.push_back(std::move(open));
}

void FlowchartBuilder::describe_subgraph(const SubgraphDraft& draft) {
    if (!open_subgraphs_.empty()) {
        open_subgraphs_.back().draft = draft;
    }
}

void FlowchartBuilder::close_subgraph(Span end_keyword) {
    if (open_subgraphs_.empty()) {
        diagnostics_.error(end_keyword.offset, end_keyword.end(),
                           "unexpected `end`: there is no subgraph to close",
                           "`end` closes a subgraph; a node cannot be called `end` in "
                           "lowercase, write `End` or `END`");
        return;
    }
    OpenSubgraph open = std::move(open_subgraphs_.back());
    open_subgraphs_.pop_back();
    const SubgraphDraft& draft = open.draft;

    // Mermaid: the id is the text before `[title]`; without brackets the text (or the quoted
    // string) is both id and title, and a title with spaces gets a generated id instead.
    model::Subgraph subgraph;
    std::string id;
    bool generated = false;
    if (draft.quoted) {
        id = decode_label(draft.quoted->raw.text);
        subgraph.title = make_label(*draft.quoted, config_, diagnostics_);
        generated = id.find_first_of(" \t\n") != std::string::npos;
    } else if (!draft.text.empty()) {
        id = decode_label(draft.text.text);
        if (draft.title) {
            subgraph.title = make_label(*draft.title, config_, diagnostics_);
        } else {
            subgraph.title = model::Label{id, model::LabelFormat::plain};
            generated = id.find_first_of(" \t\n") != std::string::npos;
        }
    } else {
        generated = true;
    }
    if (generated) {
        id = "subGraph" + std::to_string(generated_ids_);
    }
    ++generated_ids_;
    subgraph.id = id;
    subgraph.direction = open.direction;
    if (!subgraph.direction && config_.flowchart.inherit_dir) {
        subgraph.direction = chart_.direction;
    }
    subgraph.where = diagnostics_.map().range(draft.keyword.offset, draft.end);

    // A node belongs to the first subgraph to close that mentions it (the innermost).
    if (claimed_.size() < chart_.nodes.size()) {
        claimed_.resize(chart_.nodes.size(), false);
    }
    for (const std::size_t node : open.nodes) {
        // Mermaid 12: a subgraph never contains (the node that shares) its own id.
        if (chart_.nodes[node].id == id) {
            continue;
        }
        if (!claimed_[node]) {
            claimed_[node] = true;
            subgraph.nodes.push_back(node);
        }
    }
    const std::size_t index = chart_.subgraphs.size();
    subgraph.subgraphs = open.children;
    if (const auto it = subgraph_index_.find(id); it != subgraph_index_.end()) {
        // Mermaid 12 merges a repeated subgraph into its first declaration (11.x drew two
        // clusters with one id).
        // A repetition that encloses its first declaration would make the subgraph contain
        // itself; no drawing can honour that, so it is an error rather than a cycle for every
        // later stage to trip over.
        const auto encloses_first = [&](std::size_t child) {
            for (std::optional<std::size_t> p = it->second; p; p = chart_.subgraphs[*p].parent) {
                if (*p == child) {
                    return true;
                }
            }
            return false;
        };
        if (std::any_of(subgraph.subgraphs.begin(), subgraph.subgraphs.end(), encloses_first)) {
            model::Diagnostic& d = diagnostics_.error(
                draft.keyword.offset, draft.keyword.end(),
                "subgraph " + quoted_id(id) +
                    " would contain itself: it is declared again around its first declaration",
                "give the inner or the outer subgraph another id");
            d.notes.push_back({chart_.subgraphs[it->second].where, "the first declaration"});
            return;
        }
        model::Subgraph& first = chart_.subgraphs[it->second];
        first.nodes.insert(first.nodes.end(), subgraph.nodes.begin(), subgraph.nodes.end());
        for (const std::size_t child : subgraph.subgraphs) {
            chart_.subgraphs[child].parent = it->second;
            first.subgraphs.push_back(child);
        }
        if (!first.direction) {
            first.direction = subgraph.direction;
        }
        return;
    }
    subgraph_index_.emplace(id, index);
    for (const std::size_t child : open.children) {
        chart_.subgraphs[child].parent = index;
    }
    chart_.subgraphs.push_back(std::move(subgraph));
    if (!open_subgraphs_.empty()) {
        open_subgraphs_.back().children.push_back(index);
    }
}

void FlowchartBuilder::set_subgraph_direction(Span direction) {
    if (open_subgraphs_.empty()) {
        diagnostics_.warning(direction.offset, direction.end(),
                             "`direction` outside a subgraph has no effect",
                             "set the diagram's direction in its header, e.g. `flowchart LR`");
        return;
    }
    const std::string_view d = direction.text;
    open_subgraphs_.back().direction = d == "BT"   ? model::Direction::BT
                                       : d == "LR" ? model::Direction::LR
                                       : d == "RL" ? model::Direction::RL
                                                   : model::Direction::TB;
}

void FlowchartBuilder::add_click(const ClickDraft& draft) {
    model::ClickAction action;
    if (!draft.url.empty()) {
        action.kind = model::ClickAction::Kind::link;
        action.target = restore_protected(draft.url.text);
        action.window = std::string(draft.window.text);
    } else {
        action.kind = model::ClickAction::Kind::callback;
        action.target = restore_protected(draft.callback.text);
        action.args = restore_protected(draft.args.text);
    }
    action.tooltip = restore_protected(draft.tooltip.text);
    // Said once per statement, here where the position is known; the scene drops the same
    // links again, so no output ever depends on this check alone.
    if (action.kind == model::ClickAction::Kind::link) {
        if (const model::LinkCheck check = model::check_link(action.target); !check.url) {
            diagnostics_.warning(draft.url.offset, draft.url.end(),
                                 "this link is left out of the output: " + check.reason,
                                 "link to an http, https or mailto URL, or a relative path");
        }
    } else {
        model::Diagnostic& d = diagnostics_.add(
            model::Severity::note, draft.callback.offset, draft.callback.end(),
            "merrow never runs `click` callbacks (as Mermaid's strict security level); the "
            "node is drawn without it");
        d.verbose = true;
    }
    for_each_listed(draft.targets, [&](Span target) {
        const auto it = node_index_.find(target.text);
        if (it == node_index_.end()) {
            // Mermaid attaches a click to a vertex that exists when it reads the statement.
            diagnostics_.warning(target.offset, target.end(),
                                 "no node " + quoted_id(target.text) +
                                     " is defined before this `click` statement, so Mermaid "
                                     "ignores it here",
                                 "move the `click` statement below the node's definition");
            return;
        }
        chart_.nodes[it->second].click = action;
    });
}

namespace {

std::string accessibility_text(std::string_view raw) {
    return decode_entities(restore_protected(trim(raw)));
}

} // namespace

void FlowchartBuilder::set_acc_title(Span text) {
    acc_title_ = accessibility_text(text.text);
}

void FlowchartBuilder::set_acc_descr(Span text) {
    acc_descr_ = accessibility_text(text.text);
}

void FlowchartBuilder::use_class(std::string_view name, std::size_t offset) {
    if (first_class_use_.find(name) == first_class_use_.end()) {
        first_class_use_.emplace(std::string(name), offset);
        class_use_order_.emplace_back(name);
    }
}

// `A --> sub1` where `sub1` is a subgraph: Mermaid merges the node into the subgraph, so the
// edge ends at the subgraph, and the node's classes and `style` statements style it.
void FlowchartBuilder::merge_subgraph_nodes() {
    std::vector<std::optional<std::size_t>> as_subgraph(chart_.nodes.size());
    bool any = false;
    for (std::size_t i = 0; i < chart_.nodes.size(); ++i) {
        if (const auto it = subgraph_index_.find(chart_.nodes[i].id); it != subgraph_index_.end()) {
            as_subgraph[i] = it->second;
            chart_.subgraphs[it->second].referenced_as_node = true;
            any = true;
        }
    }
    if (!any) {
        return;
    }
    std::vector<std::size_t> new_index(chart_.nodes.size(), 0);
    std::vector<model::Node> nodes;
    std::vector<NodeInfo> info;
    for (std::size_t i = 0; i < chart_.nodes.size(); ++i) {
        if (as_subgraph[i]) {
            model::Subgraph& subgraph = chart_.subgraphs[*as_subgraph[i]];
            for (std::string& cls : chart_.nodes[i].classes) {
                subgraph.classes.push_back(std::move(cls));
            }
            subgraph_styles_[*as_subgraph[i]].merge(info_[i].style_statements);
            continue;
        }
        new_index[i] = nodes.size();
        nodes.push_back(std::move(chart_.nodes[i]));
        info.push_back(std::move(info_[i]));
    }
    auto remap = [&](model::EndRef& end) {
        if (end.kind != model::EndRef::Kind::node) {
            return;
        }
        if (as_subgraph[end.index]) {
            end = {model::EndRef::Kind::subgraph, *as_subgraph[end.index]};
        } else {
            end.index = new_index[end.index];
        }
    };
    for (model::Edge& edge : chart_.edges) {
        remap(edge.from);
        remap(edge.to);
    }
    auto is_ancestor = [&](std::size_t candidate, std::size_t of) {
        for (std::optional<std::size_t> p = of; p; p = chart_.subgraphs[*p].parent) {
            if (*p == candidate) {
                return true;
            }
        }
        return false;
    };
    for (std::size_t s = 0; s < chart_.subgraphs.size(); ++s) {
        std::vector<std::size_t> members;
        for (const std::size_t node : chart_.subgraphs[s].nodes) {
            if (!as_subgraph[node]) {
                members.push_back(new_index[node]);
                continue;
            }
            // Naming a subgraph inside another one nests it there (Mermaid's parent lookup).
            const std::size_t child = *as_subgraph[node];
            if (!chart_.subgraphs[child].parent && !is_ancestor(child, s)) {
                chart_.subgraphs[child].parent = s;
                chart_.subgraphs[s].subgraphs.push_back(child);
            }
        }
        chart_.subgraphs[s].nodes = std::move(members);
    }
    chart_.nodes = std::move(nodes);
    info_ = std::move(info);
}

void FlowchartBuilder::resolve_styles() {
    auto class_style = [&](std::string_view name) -> const model::StyleProps* {
        const auto it = class_index_.find(name);
        return it == class_index_.end() ? nullptr : &chart_.class_defs[it->second].style;
    };
    // Mermaid compiles a node's style from the classes `default` and `node` (both apply to
    // every node), then the node's own classes in order, then its `style` statements.
    const model::StyleProps* default_style = class_style("default");
    const model::StyleProps* node_style = class_style("node");
    for (std::size_t i = 0; i < chart_.nodes.size(); ++i) {
        model::Node& node = chart_.nodes[i];
        model::StyleProps style;
        if (default_style != nullptr) {
            style.merge(*default_style);
        }
        if (node_style != nullptr) {
            style.merge(*node_style);
        }
        for (const std::string& cls : node.classes) {
            if (const model::StyleProps* props = class_style(cls)) {
                style.merge(*props);
            }
        }
        style.merge(info_[i].style_statements);
        node.style = std::move(style);
    }
    // A subgraph gets only its own classes (no `default`), then `style` statements.
    for (std::size_t i = 0; i < chart_.subgraphs.size(); ++i) {
        model::Subgraph& subgraph = chart_.subgraphs[i];
        model::StyleProps style;
        for (const std::string& cls : subgraph.classes) {
            if (const model::StyleProps* props = class_style(cls)) {
                style.merge(*props);
            }
        }
        style.merge(subgraph_styles_[i]);
        subgraph.style = std::move(style);
    }
    // An edge's `linkStyle` goes over `linkStyle default`; the last default of the diagram
    // is the one that counts, and so is its curve for edges without one.
    edge_styles_.resize(chart_.edges.size());
    for (std::size_t i = 0; i < chart_.edges.size(); ++i) {
        model::Edge& edge = chart_.edges[i];
        if (default_edge_style_) {
            edge.style.merge(*default_edge_style_);
        }
        if (edge_styles_[i]) {
            edge.style.merge(*edge_styles_[i]);
        }
        if (!edge.curve) {
            edge.curve = default_curve_;
        }
    }
}

model::Flowchart FlowchartBuilder::finish() {
    // `end` was due where the diagram stops; the note points at the subgraph it would close.
    const std::string_view source = diagnostics_.map().source();
    std::size_t stop = source.size();
    while (stop > 0 && (is_blank(source[stop - 1]) || source[stop - 1] == '\r')) {
        --stop;
    }
    // One error for the innermost: every enclosing subgraph misses its `end` for the same reason.
    if (!open_subgraphs_.empty()) {
        const SubgraphDraft& innermost = open_subgraphs_.back().draft;
        const model::SourcePos opened = diagnostics_.map().position(innermost.keyword.offset);
        const std::size_t count = open_subgraphs_.size();
        auto& d = diagnostics_.error(
            stop, stop,
            "expected `end` for the subgraph opened at " + std::to_string(opened.line) + ":" +
                std::to_string(opened.column),
            count == 1 ? "add `end` on a line of its own after the subgraph's last statement"
                       : std::to_string(count) + " subgraphs are open here; each needs its own "
                                                 "`end`");
        diagnostics_.note(d, innermost.keyword.offset, innermost.end, "the subgraph starts here");
    }
    for (std::size_t i = 0; i < chart_.nodes.size(); ++i) {
        // Mermaid draws a node with an image or an icon as such, whatever its shape says.
        if (info_[i].image) {
            chart_.nodes[i].shape = model::Shape::image;
        } else if (info_[i].icon) {
            chart_.nodes[i].shape = model::Shape::icon;
        }
    }
    for (const std::string& name : class_use_order_) {
        if (class_index_.find(name) == class_index_.end()) {
            const std::size_t at = first_class_use_.find(name)->second;
            diagnostics_.warning(at, at + name.size(),
                                 "class " + quoted_id(name) + " is not defined by any `classDef`",
                                 "add `classDef " + name + " fill:…`, or check the spelling");
        }
    }
    for (std::size_t i = 0; i < chart_.nodes.size(); ++i) {
        const std::string& id = chart_.nodes[i].id;
        if (!info_[i].mentioned && subgraph_index_.find(id) == subgraph_index_.end()) {
            diagnostics_.warning(info_[i].style_offset, info_[i].style_offset + id.size(),
                                 "`style` names " + quoted_id(id) +
                                     ", which appears nowhere else; a node is created for it",
                                 "check the spelling of the id");
        }
    }
    subgraph_styles_.resize(chart_.subgraphs.size());
    merge_subgraph_nodes();
    resolve_styles();
    return std::move(chart_);
}

} // namespace merrow::parser::flowchart
