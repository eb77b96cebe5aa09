// Grammar actions: they collect the pieces of one statement into drafts (drafts.hpp) and hand a
// finished statement to the builder, which is the only code that writes the model.
//
// PEGTL runs an action when its rule matches, even if an enclosing rule later backtracks. So
// actions only fill "pending" slots that the next successful rule of the same kind overwrites,
// and a slot is cleared when a new vertex or link starts.
#pragma once

#include "flowchart/builder.hpp"
#include "flowchart/drafts.hpp"
#include "flowchart/grammar.hpp"

#include <optional>
#include <string_view>
#include <tao/pegtl.hpp>
#include <utility>

namespace merrow::parser::flowchart {

/// Everything the actions share while one statement is read.
struct ParseState {
    const char* base = nullptr; ///< start of the prepared text; offsets are relative to it
    FlowchartBuilder* builder = nullptr;

    // Header.
    Span graph_keyword;
    Span direction;

    // The statement being read.
    VertexStatementDraft statement;
    std::vector<VertexDraft> group;
    VertexDraft vertex;
    LinkDraft link;
    std::optional<LabelDraft> label;
    Span target; ///< the id (list) after `style`, `classDef`, `class`
    Span name;   ///< the class name of `class`
    Span css;
    LinkStyleDraft link_style;
    SubgraphDraft subgraph;
    ClickDraft click;
    std::optional<Span> shape_data; ///< of the vertex being read
    Span edge_id;                   ///< of the link being read

    // Where the construct being read was opened, for "… opened at 2:6" messages.
    Span opener;            ///< `[`, `((`, `|`…
    Span string_opener;     ///< `"` or "`
    Span edge_opener;       ///< `--`, `==`, `-.` of an inline edge label
    Span last_link;         ///< the edge token that needs a target
    Span shape_data_opener; ///< `@{`
    Span acc_opener;        ///< `accDescr {`

    std::size_t offset(const char* p) const { return static_cast<std::size_t>(p - base); }
    Span span(std::string_view text) const { return {text, offset(text.data())}; }

    void reset_statement() {
        statement = {};
        group.clear();
        vertex = {};
        link = {};
        label.reset();
        target = name = css = {};
        link_style = {};
        subgraph = {};
        click = {};
        shape_data.reset();
        edge_id = {};
    }
};

namespace g = grammar;

template <typename Rule> struct action : tao::pegtl::nothing<Rule> {};

// ---- Header

template <> struct action<g::graph_keyword> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.graph_keyword = st.span(in.string_view());
    }
};

template <> struct action<g::direction> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.direction = st.span(in.string_view());
    }
};

// ---- Text

template <typename Open> struct action<g::opener<Open>> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.opener = st.span(in.string_view());
    }
};

template <typename Close> struct action<g::plain_text<Close>> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.label = LabelDraft{st.span(in.string_view()), model::LabelFormat::plain, false};
    }
};

template <> struct action<g::string_open> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.string_opener = st.span(in.string_view());
    }
};

template <> struct action<g::markdown_open> : action<g::string_open> {};

template <> struct action<g::string_text> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.label = LabelDraft{st.span(in.string_view()), model::LabelFormat::plain, true};
    }
};

template <> struct action<g::markdown_text> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.label = LabelDraft{st.span(in.string_view()), model::LabelFormat::markdown, true};
    }
};

// ---- Vertices

template <> struct action<g::vertex_id> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.vertex = VertexDraft{};
        st.vertex.id = st.span(in.string_view());
        st.label.reset();
        st.shape_data.reset();
    }
};

template <> struct action<g::shape_data_open> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.shape_data_opener = st.span(in.string_view());
    }
};

template <> struct action<g::shape_data_quote> : action<g::string_open> {};

template <> struct action<g::shape_data_body> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.shape_data = st.span(in.string_view());
    }
};

template <model::Shape S> struct set_shape {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.vertex.shape = S;
    }
};

template <> struct action<g::double_circle> : set_shape<model::Shape::double_circle> {};
template <> struct action<g::circle> : set_shape<model::Shape::circle> {};
template <> struct action<g::stadium> : set_shape<model::Shape::stadium> {};
template <> struct action<g::ellipse> : set_shape<model::Shape::ellipse> {};
template <> struct action<g::round> : set_shape<model::Shape::rounded> {};
template <> struct action<g::subroutine> : set_shape<model::Shape::subroutine> {};
template <> struct action<g::cylinder> : set_shape<model::Shape::cylinder> {};
template <> struct action<g::rect> : set_shape<model::Shape::rect> {};

template <> struct action<g::vertex_property> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.vertex.property = st.span(in.string_view());
    }
};

template <> struct action<g::property_rect> : set_shape<model::Shape::rect> {};
template <> struct action<g::hexagon> : set_shape<model::Shape::hexagon> {};
template <> struct action<g::diamond> : set_shape<model::Shape::diamond> {};
template <> struct action<g::odd> : set_shape<model::Shape::odd> {};

/// `[/…/]` leans right, `[\…\]` leans left, `[/…\]` is a trapezoid, `[\…/]` an inverted one.
template <> struct action<g::slanted> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        const std::string_view text = in.string_view();
        const bool opens_slash = text[1] == '/';
        const bool closes_slash = text[text.size() - 2] == '/';
        if (opens_slash) {
            st.vertex.shape = closes_slash ? model::Shape::lean_right : model::Shape::trapezoid;
        } else {
            st.vertex.shape = closes_slash ? model::Shape::inv_trapezoid : model::Shape::lean_left;
        }
    }
};

template <> struct action<g::class_ref> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.vertex.classes.push_back(st.span(in.string_view()));
    }
};

template <> struct action<g::vertex> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.vertex.end = st.offset(in.end());
        st.vertex.label = std::exchange(st.label, std::nullopt);
        st.vertex.shape_data = std::exchange(st.shape_data, std::nullopt);
        st.group.push_back(std::move(st.vertex));
        st.vertex = {};
    }
};

template <> struct action<g::node_group> {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.statement.groups.push_back(std::move(st.group));
        st.group.clear();
    }
};

// ---- Edges

template <> struct action<g::plain_link> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.link = LinkDraft{};
        st.link.line = st.span(in.string_view());
        st.link.begin = st.link.line.offset;
        st.link.end = st.link.line.end();
        st.label.reset();
        st.last_link = st.link.line;
    }
};

struct start_inline_link {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.link = LinkDraft{};
        st.link.start = st.span(in.string_view());
        st.link.begin = st.link.start.offset;
        st.label.reset();
        st.edge_opener = st.link.start;
    }
};

template <> struct action<g::normal_start> : start_inline_link {};
template <> struct action<g::thick_start> : start_inline_link {};
template <> struct action<g::dotted_start> : start_inline_link {};

struct edge_text_action {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.label = LabelDraft{st.span(in.string_view()), model::LabelFormat::plain, false};
    }
};

template <> struct action<g::normal_text> : edge_text_action {};
template <> struct action<g::thick_text> : edge_text_action {};
template <> struct action<g::dotted_text> : edge_text_action {};

struct close_inline_link {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.link.line = st.span(in.string_view());
        st.link.end = st.link.line.end();
        st.last_link = st.link.line;
    }
};

template <> struct action<g::expect_normal_close> : close_inline_link {};
template <> struct action<g::expect_thick_close> : close_inline_link {};
template <> struct action<g::expect_dotted_close> : close_inline_link {};

template <> struct action<g::pipe_text> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.link.end = st.offset(in.end());
    }
};

/// `e1@`: kept until the link it names is read.
template <> struct action<g::edge_id> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        const std::string_view text = in.string_view();
        st.edge_id = st.span(text.substr(0, text.size() - 1));
    }
};

template <> struct action<g::link> {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.link.id = std::exchange(st.edge_id, {});
        st.link.label = std::exchange(st.label, std::nullopt);
        st.statement.links.push_back(std::move(st.link));
        st.link = {};
    }
};

template <> struct action<g::vertex_statement> {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.builder->add_vertices(st.statement);
        st.statement = {};
    }
};

// ---- style, classDef, class

struct set_target {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.target = st.span(in.string_view());
    }
};

template <> struct action<g::style_target> : set_target {};
template <> struct action<g::class_def_names> : set_target {};
template <> struct action<g::class_targets> : set_target {};

template <> struct action<g::class_name> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.name = st.span(in.string_view());
    }
};

template <> struct action<g::css_text> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        std::string_view text = in.string_view();
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
            text.remove_suffix(1);
        }
        st.css = st.span(text);
    }
};

// ---- linkStyle

template <> struct action<g::link_style_default> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.link_style.is_default = true;
        st.link_style.target = st.span(in.string_view());
    }
};

template <> struct action<g::link_style_index> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.link_style.indices.push_back(st.span(in.string_view()));
    }
};

template <> struct action<g::link_style_indices> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.link_style.target = st.span(in.string_view());
    }
};

template <> struct action<g::curve_name> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.link_style.curve = st.span(in.string_view());
    }
};

template <> struct action<g::link_style_statement> {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.link_style.css = st.css;
        st.builder->add_link_style(st.link_style);
    }
};

// ---- Subgraphs

/// The subgraph opens as soon as its keyword is read, so that its `end` still matches when
/// the rest of the line has an error.
template <> struct action<g::subgraph_start> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.subgraph = SubgraphDraft{};
        st.subgraph.keyword = st.span(in.string_view());
        st.subgraph.end = st.subgraph.keyword.end();
        st.label.reset();
        st.builder->open_subgraph(st.subgraph);
    }
};

template <> struct action<g::subgraph_text> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.subgraph.text = st.span(in.string_view());
    }
};

template <> struct action<g::subgraph_title> {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.subgraph.title = std::exchange(st.label, std::nullopt);
    }
};

template <> struct action<g::subgraph_string> {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.subgraph.quoted = std::exchange(st.label, std::nullopt);
    }
};

template <> struct action<g::subgraph_statement> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.subgraph.end = st.offset(in.end());
        st.builder->describe_subgraph(st.subgraph);
    }
};

template <> struct action<g::end_statement> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.builder->close_subgraph(st.span(in.string_view()));
    }
};

// ---- click

template <> struct action<g::click_keyword> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.click = ClickDraft{};
        st.click.keyword = st.span(in.string_view().substr(0, 5));
    }
};

template <Span ClickDraft::*Field> struct set_click_field {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.click.*Field = st.span(in.string_view());
    }
};

template <> struct action<g::click_target> : set_click_field<&ClickDraft::targets> {};
template <> struct action<g::click_url_text> : set_click_field<&ClickDraft::url> {};
template <> struct action<g::click_tooltip_text> : set_click_field<&ClickDraft::tooltip> {};
template <> struct action<g::click_window_name> : set_click_field<&ClickDraft::window> {};
template <> struct action<g::callback_word> : set_click_field<&ClickDraft::callback> {};

template <> struct action<g::callback_name> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        std::string_view text = in.string_view();
        while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
            text.remove_suffix(1);
        }
        st.click.callback = st.span(text);
    }
};

template <> struct action<g::callback_args> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.click.args = st.span(in.string_view());
        st.click.call = true;
    }
};

template <> struct action<g::click_statement> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.click.end = st.offset(in.end());
        st.builder->add_click(st.click);
    }
};

// ---- Accessibility

template <> struct action<g::acc_title_text> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.builder->set_acc_title(st.span(in.string_view()));
    }
};

template <> struct action<g::acc_descr_text> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.builder->set_acc_descr(st.span(in.string_view()));
    }
};

template <> struct action<g::acc_block_open> {
    template <typename Input> static void apply(const Input& in, ParseState& st) {
        st.acc_opener = st.span(in.string_view());
    }
};

template <> struct action<g::acc_block_text> : action<g::acc_descr_text> {};

template <> struct action<g::style_statement> {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.builder->add_style(st.target, st.css);
    }
};

template <> struct action<g::class_def_statement> {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.builder->add_class_def(st.target, st.css);
    }
};

template <> struct action<g::class_statement> {
    template <typename Input> static void apply(const Input& /*in*/, ParseState& st) {
        st.builder->add_class(st.target, st.name);
    }
};

} // namespace merrow::parser::flowchart
