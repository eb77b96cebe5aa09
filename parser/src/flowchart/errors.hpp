// Syntax error messages of the flowchart grammar, kept apart from the rules (the PEGTL examples'
// pattern). A rule with an entry here is a commitment point: when it fails, the control below
// throws a SyntaxError instead of letting the parser backtrack. The messages are templates;
// diagnose.cpp fills in the placeholders and refines them by looking at the text that was found
// (`{found}`), where the construct was opened (`{open}`) and which closer or edge was involved
// (`{closer}`, `{opener}`, `{link}`).
#pragma once

#include "flowchart/grammar.hpp"

#include <cstdint>
#include <tao/pegtl.hpp>

namespace merrow::parser::flowchart {

/// What diagnose.cpp may refine the message with.
enum class ErrorKind : std::uint8_t {
    plain,
    header_direction,
    header_end,
    statement_start,
    statement_end,
    label_text,
    label_end,
    string_text,
    string_end,
    edge_text,
    edge_text_end,
    edge_target,
    node_expected, ///< an id is needed (after `&`, `:::`, `style`, `class`…)
    css,
    css_end,        ///< a character style declarations cannot hold
    shape_data_end, ///< `@{` without its `}`
    edge_after_id,  ///< `e1@` without an edge
    acc_block_end,  ///< `accDescr {` without its `}`
};

struct ErrorText {
    const char* message = nullptr;
    const char* hint = "";
    ErrorKind kind = ErrorKind::plain;
};

/// No entry: the rule may fail quietly.
template <typename Rule> inline constexpr ErrorText error_text{};
/// The closing token a bracket rule was waiting for.
template <typename Rule> inline constexpr const char* error_detail = "";

namespace g = grammar;

// clang-format off

// ---- Header
template <> inline constexpr ErrorText error_text<g::expect_direction>{
    "expected a direction after the diagram type",
    "use TB (or TD), BT, LR or RL, for example `flowchart LR`", ErrorKind::header_direction};
template <> inline constexpr ErrorText error_text<g::expect_header_end>{
    "expected a line break or `;` after the diagram header, found {found}",
    "start the first statement on the next line", ErrorKind::header_end};

// ---- Statements
template <> inline constexpr ErrorText error_text<g::expect_statement>{
    "unexpected {found}; a statement starts with a node id or a keyword such as `style`", "",
    ErrorKind::statement_start};
template <> inline constexpr ErrorText error_text<g::expect_statement_end>{
    "expected a line break or `;` after the statement, found {found}", "",
    ErrorKind::statement_end};

// ---- Labels in brackets (node shapes and `|…|` edge labels)
template <typename Close> inline constexpr ErrorText error_text<g::bracket_label<Close>>{
    "expected label text after `{opener}`", "", ErrorKind::label_text};
template <typename Close> inline constexpr const char* error_detail<g::bracket_label<Close>> =
    Close::text;
template <typename Close> inline constexpr ErrorText error_text<g::bracket_end<Close>>{
    "expected `{closer}` to close the label opened at {open}", "", ErrorKind::label_end};
template <typename Close> inline constexpr const char* error_detail<g::bracket_end<Close>> =
    Close::text;

template <> inline constexpr ErrorText error_text<g::expect_vertex_property>{
    "expected `name:value|` after `[|`",
    "write `A[|borders:lt|text]`, or for a plain label just `A[text]`", ErrorKind::plain};

// ---- Strings
template <> inline constexpr ErrorText error_text<g::expect_string_text>{
    "a quoted label cannot be empty",
    "write `\" \"` for a blank label, or leave the label out", ErrorKind::string_text};
template <> inline constexpr ErrorText error_text<g::expect_string_close>{
    "the string opened at {open} is never closed",
    "end it with `\"`; a quote inside a label is written `#quot;`", ErrorKind::string_end};
template <> inline constexpr ErrorText error_text<g::expect_markdown_text>{
    "a markdown label cannot be empty", "", ErrorKind::string_text};
template <> inline constexpr ErrorText error_text<g::expect_markdown_close>{
    "the markdown string opened at {open} is never closed",
    "end it with `` `\" ``; a markdown string cannot contain `` ` `` or `\"`",
    ErrorKind::string_end};

// ---- Edges
template <> inline constexpr ErrorText error_text<g::expect_normal_text>{
    "expected the edge label after `{opener}`", "", ErrorKind::edge_text};
template <> inline constexpr const char* error_detail<g::expect_normal_text> = "-->";
template <> inline constexpr ErrorText error_text<g::expect_thick_text>{
    "expected the edge label after `{opener}`", "", ErrorKind::edge_text};
template <> inline constexpr const char* error_detail<g::expect_thick_text> = "==>";
template <> inline constexpr ErrorText error_text<g::expect_dotted_text>{
    "expected the edge label after `{opener}`", "", ErrorKind::edge_text};
template <> inline constexpr const char* error_detail<g::expect_dotted_text> = "-.->";
template <> inline constexpr ErrorText error_text<g::expect_normal_close>{
    "expected `-->` or `---` to end the edge label started at {open}",
    "write `A -- text --> B`; `--` alone is not an edge (use `---` or `-->`)",
    ErrorKind::edge_text_end};
template <> inline constexpr ErrorText error_text<g::expect_thick_close>{
    "expected `==>` or `===` to end the edge label started at {open}",
    "write `A == text ==> B`; `==` alone is not an edge (use `===` or `==>`)",
    ErrorKind::edge_text_end};
template <> inline constexpr ErrorText error_text<g::expect_dotted_close>{
    "expected `.->` or `.-` to end the edge label started at {open}",
    "write `A -. text .-> B`; `-.` alone is not an edge (use `-.-` or `-.->`)",
    ErrorKind::edge_text_end};
template <> inline constexpr ErrorText error_text<g::expect_edge_target>{
    "expected a node after `{link}`, found {found}", "", ErrorKind::edge_target};
template <> inline constexpr ErrorText error_text<g::expect_amp_vertex>{
    "expected a node after `&`, found {found}", "write `A & B --> C`, with spaces around `&`",
    ErrorKind::node_expected};
template <> inline constexpr ErrorText error_text<g::expect_edge_after_id>{
    "expected an edge after the edge id, found {found}", "write `A e1@--> B`",
    ErrorKind::edge_after_id};

// ---- Shape data
template <> inline constexpr ErrorText error_text<g::expect_shape_data_close>{
    "expected `}` to close the shape data opened at {open}",
    "write `A@{ shape: rect, label: \"text\" }`", ErrorKind::shape_data_end};
template <> inline constexpr ErrorText error_text<g::expect_shape_data_quote_close>{
    "the string opened at {open} is never closed", "end it with `\"`",
    ErrorKind::string_end};
template <> inline constexpr ErrorText error_text<g::expect_class_ref>{
    "expected a class name after `:::`, found {found}", "write `A:::className`",
    ErrorKind::node_expected};

// ---- style, classDef, class
template <> inline constexpr ErrorText error_text<g::expect_css_end>{
    "{found} is not allowed in style declarations", "", ErrorKind::css_end};
template <> inline constexpr ErrorText error_text<g::expect_style_target>{
    "expected a node id after `style`, found {found}",
    "write `style A fill:#f9f,stroke:#333`", ErrorKind::node_expected};
template <> inline constexpr ErrorText error_text<g::expect_style_css>{
    "expected style declarations after the node id, found {found}",
    "write `property:value` pairs separated by commas, e.g. `style A fill:#f9f,stroke:#333`",
    ErrorKind::css};
template <> inline constexpr ErrorText error_text<g::expect_class_def_names>{
    "expected a class name after `classDef`, found {found}",
    "write `classDef className fill:#f9f,stroke:#333`", ErrorKind::node_expected};
template <> inline constexpr ErrorText error_text<g::expect_class_def_css>{
    "expected style declarations after the class name, found {found}",
    "write `property:value` pairs separated by commas, e.g. `classDef hot fill:#f96`",
    ErrorKind::css};
template <> inline constexpr ErrorText error_text<g::expect_class_targets>{
    "expected a node id after `class`, found {found}", "write `class A,B className`",
    ErrorKind::node_expected};
template <> inline constexpr ErrorText error_text<g::expect_class_name>{
    "expected a class name after the node ids, found {found}",
    "write `class A,B className` (one class per statement)", ErrorKind::node_expected};

// ---- linkStyle
template <> inline constexpr ErrorText error_text<g::expect_link_style_target>{
    "expected edge numbers or `default` after `linkStyle`, found {found}",
    "write `linkStyle 0,2 stroke:#f00`; edges are numbered from 0 in the order they are "
    "defined", ErrorKind::plain};
template <> inline constexpr ErrorText error_text<g::expect_link_style_body>{
    "expected style declarations or `interpolate` after the edge numbers, found {found}",
    "write `linkStyle 0 stroke:#f00,stroke-width:2px` or `linkStyle 0 interpolate basis`",
    ErrorKind::css};
template <> inline constexpr ErrorText error_text<g::expect_curve_name>{
    "expected a curve name after `interpolate`, found {found}",
    "for example `basis`, `linear`, `step`, `monotoneX` or `cardinal`", ErrorKind::plain};

// ---- Subgraphs
template <> inline constexpr ErrorText error_text<g::expect_subgraph_title>{
    "expected a subgraph id or title after `subgraph`, found {found}",
    "write `subgraph id [Title]`, `subgraph \"Title\"` or just `subgraph`", ErrorKind::plain};

// ---- click
template <> inline constexpr ErrorText error_text<g::expect_click_target>{
    "expected a node id after `click`, found {found}", "write `click A href \"https://…\"`",
    ErrorKind::node_expected};
template <> inline constexpr ErrorText error_text<g::expect_click_action>{
    "expected a link or a callback after the node id, found {found}",
    "write `click A \"https://…\"`, `click A href \"https://…\" \"tooltip\" _blank`, "
    "`click A callback` or `click A call callback(args)`", ErrorKind::plain};
template <> inline constexpr ErrorText error_text<g::expect_callback_close>{
    "expected `)` to close the callback's arguments", "write `click A call callback(\"x\", 2)`",
    ErrorKind::plain};

// ---- Accessibility
template <> inline constexpr ErrorText error_text<g::expect_acc_block_close>{
    "expected `}` to close the description opened at {open}",
    "end `accDescr { … }` with `}`; the description itself cannot contain `}`",
    ErrorKind::acc_block_end};

// clang-format on

/// Thrown by the control when a committed rule fails.
struct SyntaxError {
    const ErrorText* text = nullptr;
    const char* detail = "";
    const char* where = nullptr; ///< the input position where the rule failed
};

/// PEGTL control: rules with an error entry raise instead of failing.
template <typename Rule> struct control : tao::pegtl::normal<Rule> {
    static constexpr bool raises = error_text<Rule>.message != nullptr;

    template <typename ParseInput, typename... States>
    static void failure(const ParseInput& in, States&&... states) {
        if constexpr (raises) {
            raise(in, states...);
        }
    }

    template <typename ParseInput, typename... States>
    [[noreturn]] static void raise(const ParseInput& in, States&&... /*states*/) {
        static_assert(raises, "a rule that can raise needs an entry in the error table");
        throw SyntaxError{&error_text<Rule>, error_detail<Rule>, in.current()};
    }
};

} // namespace merrow::parser::flowchart
