#include "flowchart/builder.hpp"

#include "merrow/model/config.hpp"
#include "text.hpp"

#include <algorithm>
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

bool is_start_head(char c) {
    return c == 'x' || c == 'o' || c == '<';
}

bool is_end_head(char c) {
    return c == 'x' || c == 'o' || c == '>';
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

model::Label make_label(const LabelDraft& draft) {
    return model::Label{decode_label(draft.raw.text), draft.format};
}

} // namespace

LinkKind read_link(std::string_view start, std::string_view line) {
    LinkKind kind;
    std::string_view body = line;
    char start_char = 0;
    if (body.size() > 1 && is_start_head(body.front())) {
        start_char = body.front();
        body.remove_prefix(1);
    }
    char end_char = 0;
    if (body.size() > 1 && is_end_head(body.back())) {
        end_char = body.back();
        body.remove_suffix(1);
    }

    // Mermaid's lengths: `-->` and `---` are 1 (the last `-` of an open line stands in for the
    // head), each extra `-` or `=` adds one; a dotted line counts its dots.
    const int heads = end_char != 0 ? 1 : 2;
    if (const int tildes = count(body, '~'); tildes > 0) {
        kind.stroke = model::EdgeStroke::invisible;
        kind.length = tildes - 2;
    } else if (const int dots = count(body, '.'); dots > 0) {
        kind.stroke = model::EdgeStroke::dotted;
        kind.length = dots;
    } else if (const int equals = count(body, '='); equals > 0) {
        kind.stroke = model::EdgeStroke::thick;
        kind.length = equals - heads;
    } else {
        kind.length = count(body, '-') - heads;
    }
    kind.length = std::clamp(kind.length, 1, 10);

    kind.head_end = head_of(end_char);
    if (!start.empty()) {
        // `x-- text --x`: the start head must repeat the end head, else Mermaid marks the edge
        // invalid and draws a plain arrow.
        if (is_start_head(start.front())) {
            const model::ArrowHead wanted = head_of(start.front());
            if (wanted == kind.head_end) {
                kind.head_start = wanted;
            } else {
                kind.dropped_start = start.front();
                kind.head_end = model::ArrowHead::arrow;
            }
        }
    } else if (start_char != 0) {
        if (head_of(start_char) == kind.head_end) {
            kind.head_start = kind.head_end;
        } else {
            kind.dropped_start = start_char;
        }
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

std::size_t FlowchartBuilder::add_vertex(const VertexDraft& vertex) {
    const std::size_t index = node_for(vertex.id, vertex.end);
    NodeInfo& info = info_[index];
    info.mentioned = true;
    if (vertex.label) {
        model::Node& node = chart_.nodes[index];
        model::Label label = make_label(*vertex.label);
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
    return index;
}

void FlowchartBuilder::add_vertices(const VertexStatementDraft& statement) {
    std::vector<std::size_t> previous;
    std::vector<std::size_t> current;
    for (std::size_t g = 0; g < statement.groups.size(); ++g) {
        current.clear();
        for (const VertexDraft& vertex : statement.groups[g]) {
            const std::size_t index = add_vertex(vertex);
            current.push_back(index);
            if (!open_subgraphs_.empty()) {
                OpenSubgraph& open = open_subgraphs_.back();
                if (open.listed.insert(index).second) {
                    open.nodes.push_back(index);
                }
            }
        }
        if (g > 0 && g - 1 < statement.links.size()) {
            const LinkDraft& link = statement.links[g - 1];
            const LinkKind kind = read_link(link.start.text, link.line.text);
            if (kind.dropped_start != 0) {
                const std::string head(1, kind.dropped_start);
                diagnostics_.warning(
                    link.begin, link.end,
                    "the `" + head +
                        "` at the start of this edge is ignored: Mermaid draws a "
                        "start head only when it matches the end head",
                    "match both ends (`<-->`, `x--x`, `o--o`) or leave the start head out");
            }
            if (!link.start.empty() && link.label && !link.label->quoted &&
                link.label->raw.text.find('\n') != std::string_view::npos) {
                // Mermaid reads on to the next closing arrow, even lines later.
                diagnostics_.warning(link.start.offset, link.start.end(),
                                     "this edge label runs over a line break; is its closing `" +
                                         std::string(link.line.text) +
                                         "` on the wrong line, or missing?",
                                     "end the label on the line where it starts: `A " +
                                         std::string(link.start.text) + " text " +
                                         std::string(link.line.text) + " B`");
            }
            const model::Label label = link.label ? make_label(*link.label) : model::Label{};
            const model::SourceRange where = diagnostics_.map().range(link.begin, link.end);
            // Mermaid's order for `A & B --> C & D`: A→C, A→D, B→C, B→D.
            for (const std::size_t from : previous) {
                for (const std::size_t to : current) {
                    model::Edge edge;
                    edge.from = {model::EndRef::Kind::node, from};
                    edge.to = {model::EndRef::Kind::node, to};
                    edge.head_start = kind.head_start;
                    edge.head_end = kind.head_end;
                    edge.stroke = kind.stroke;
                    edge.length = kind.length;
                    edge.label = label;
                    edge.where = where;
                    // Mermaid gives each new edge the `linkStyle default` curve of the moment.
                    edge.curve = default_curve_;
                    chart_.edges.push_back(std::move(edge));
                }
            }
        }
        std::swap(previous, current);
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
        subgraph.title = make_label(*draft.quoted);
        generated = id.find_first_of(" \t\n") != std::string::npos;
    } else if (!draft.text.empty()) {
        id = decode_label(draft.text.text);
        if (draft.title) {
            subgraph.title = make_label(*draft.title);
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
    subgraph.where = diagnostics_.map().range(draft.keyword.offset, draft.end);

    // A node belongs to the first subgraph to close that mentions it (the innermost).
    if (claimed_.size() < chart_.nodes.size()) {
        claimed_.resize(chart_.nodes.size(), false);
    }
    for (const std::size_t node : open.nodes) {
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
    for (auto it = open_subgraphs_.rbegin(); it != open_subgraphs_.rend(); ++it) {
        diagnostics_.error(it->draft.keyword.offset, it->draft.end, "this subgraph is never closed",
                           "add `end` on a line of its own after the subgraph's last statement");
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
