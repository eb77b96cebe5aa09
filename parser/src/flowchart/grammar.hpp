// The flowchart grammar: rules only. What happens when a rule matches is in actions.hpp, what
// the user is told when a rule fails is in errors.hpp (a rule listed there turns its failure
// into a syntax error; the grammar itself never says `must`).
//
// Mermaid tokenises with a lexer (flow.jison) and parses with LALR; this is one scannerless PEG
// that accepts the same language for the supported statements. The notable lexer behaviours it
// reproduces: edges swallow the white space (line breaks included) around them, `-` and `=` end
// an id only when they start an edge, an id may not start with a keyword, and label text stops
// at any bracket, `|` or `"` unless it is quoted.
//
// The top rule is `line` (one statement and its separator): parse_flowchart.cpp runs it in a
// loop so that it can report an error and carry on at the next statement. No rule refers to
// itself, so the nesting depth is fixed whatever the input. One lexer quirk lives in that loop
// instead of here: a line containing `direction XX` is a direction statement whatever precedes
// it, which needs a per-line lookup to stay linear.
#pragma once

#include <tao/pegtl.hpp>

namespace merrow::parser::flowchart::grammar {

using tao::pegtl::alnum;
using tao::pegtl::at;
using tao::pegtl::eof;
using tao::pegtl::not_at;
using tao::pegtl::not_one;
using tao::pegtl::one;
using tao::pegtl::opt;
using tao::pegtl::plus;
using tao::pegtl::seq;
using tao::pegtl::sor;
using tao::pegtl::star;
using tao::pegtl::two;
namespace utf8 = tao::pegtl::utf8;

// clang-format off

// ---- Layout ---------------------------------------------------------------------------------

struct blank : one<' ', '\t', '\v', '\f'> {};
struct blanks : star<blank> {};
struct newline : one<'\n'> {};
/// White space including line breaks: what Mermaid's edge tokens absorb on both sides.
struct ws : star<sor<blank, newline>> {};
struct separator : sor<one<';'>, newline, eof> {};

/// What JavaScript's `\b` counts as a word character: keywords end at a word boundary.
struct word_char : sor<alnum, one<'_'>> {};

// ---- Header: `graph LR`, `flowchart TD;` -----------------------------------------------------

struct graph_keyword : sor<TAO_PEGTL_STRING("flowchart-elk"), TAO_PEGTL_STRING("flowchart"),
                           TAO_PEGTL_STRING("graph"), TAO_PEGTL_STRING("swimlane-beta")> {};
struct direction : sor<TAO_PEGTL_STRING("TB"), TAO_PEGTL_STRING("TD"), TAO_PEGTL_STRING("BT"),
                       TAO_PEGTL_STRING("LR"), TAO_PEGTL_STRING("RL"), TAO_PEGTL_STRING("BR"),
                       one<'>', '<', '^', 'v'>> {};
struct expect_direction : seq<direction> {};
struct expect_header_end : separator {};
/// Without a direction the header must end its line: `graph;` is an error in Mermaid.
struct header : seq<ws, graph_keyword, not_at<word_char>, blanks,
                    sor<newline, eof, seq<expect_direction, blanks, expect_header_end>>> {};

// ---- Node ids -------------------------------------------------------------------------------

struct id_punct : one<'!', '#', '$', '%', '&', '\'', '*', '+', '.', '`', '?', '\\', '_', '/',
                      ','> {};
/// `-` belongs to an id unless it starts an edge (`--`, `-.`); `=` unless `==`. (`A->x]` is the
/// node `A-` with an odd shape, as in Mermaid.)
struct id_dash : seq<one<'-'>, not_at<one<'-', '.'>>> {};
struct id_equals : seq<one<'='>, not_at<one<'='>>> {};
/// `:` belongs to an id unless it starts the class marker `:::`.
struct id_colon : seq<one<':'>, not_at<two<':'>>> {};
/// Letters of other scripts (an approximation of Mermaid's UNICODE_TEXT letter class: the
/// letter-bearing blocks, without punctuation, symbols, arrows and emoji).
struct id_letter : utf8::ranges<
    0x00AA, 0x00AA, 0x00B5, 0x00B5, 0x00BA, 0x00BA, 0x00C0, 0x00D6, 0x00D8, 0x00F6,
    0x00F8, 0x1FFF, 0x2071, 0x2071, 0x207F, 0x207F, 0x2090, 0x209C, 0x2100, 0x214F,
    0x2C00, 0x2DFF, 0x2E80, 0x2FDF, 0x3005, 0x3007, 0x3021, 0x3029, 0x3031, 0x3035,
    0x3038, 0x303C, 0x3041, 0x3096, 0x309D, 0x309F, 0x30A1, 0x30FA, 0x30FC, 0x30FF,
    0x3105, 0x312F, 0x3131, 0x318E, 0x31A0, 0x31BF, 0x31F0, 0x31FF, 0x3400, 0x4DBF,
    0x4E00, 0x9FFF, 0xA000, 0xA48C, 0xA4D0, 0xA4FD, 0xA500, 0xA60C, 0xA610, 0xA61F,
    0xA62A, 0xA62B, 0xA640, 0xA6EF, 0xA717, 0xABFF, 0xAC00, 0xD7A3, 0xD7B0, 0xD7FB,
    0xF900, 0xFAFF, 0xFB00, 0xFDFF, 0xFE70, 0xFEFC, 0xFF21, 0xFF3A, 0xFF41, 0xFF5A,
    0xFF66, 0xFFDC, 0x10000, 0x1EFFF, 0x20000, 0x3FFFF> {};
struct id_char : sor<alnum, id_punct, id_dash, id_equals, id_colon, id_letter> {};
struct id_char_no_colon : sor<alnum, id_punct, id_dash, id_equals, id_letter> {};
/// Mermaid's lexer reads these as keywords when no word character follows (`style-x`, `end.y`,
/// not `styles`), so an id cannot start that way; `click`, `call` and `href` are keywords when
/// white space follows them.
struct keyword_prefix : sor<seq<sor<
    TAO_PEGTL_STRING("graph"), TAO_PEGTL_STRING("flowchart"), TAO_PEGTL_STRING("subgraph"),
    TAO_PEGTL_STRING("style"), TAO_PEGTL_STRING("linkStyle"), TAO_PEGTL_STRING("interpolate"),
    TAO_PEGTL_STRING("classDef"), TAO_PEGTL_STRING("class"), TAO_PEGTL_STRING("_self"),
    TAO_PEGTL_STRING("_blank"), TAO_PEGTL_STRING("_parent"), TAO_PEGTL_STRING("_top"),
    TAO_PEGTL_STRING("end")>, not_at<word_char>>,
    seq<sor<TAO_PEGTL_STRING("click"), TAO_PEGTL_STRING("call"), TAO_PEGTL_STRING("href")>,
        at<sor<blank, newline, eof>>>> {};
struct node_id : seq<not_at<keyword_prefix>, plus<id_char>> {};

// ---- Text: quoted strings, markdown strings, plain label text --------------------------------

struct string_open : one<'"'> {};
struct string_text : plus<not_one<'"'>> {};
struct expect_string_text : seq<string_text> {};
struct expect_string_close : one<'"'> {};
struct quoted : seq<string_open, expect_string_text, expect_string_close> {};

struct markdown_open : seq<one<'"'>, one<'`'>> {};
struct markdown_text : plus<not_one<'`', '"'>> {};
struct expect_markdown_text : seq<markdown_text> {};
struct expect_markdown_close : seq<one<'`'>, one<'"'>> {};
struct markdown : seq<markdown_open, expect_markdown_text, expect_markdown_close> {};

/// Anything but brackets, `|` and `"`, line breaks included (labels may span lines).
struct label_char : not_one<'[', ']', '(', ')', '{', '}', '|', '"'> {};
template <typename Close> struct plain_text : plus<not_at<Close>, label_char> {};
/// A label is quoted or plain, never both: Mermaid rejects even a space between the bracket
/// and the quote (`A[ "x" ]`).
template <typename Close>
struct label_text : sor<markdown, quoted, plain_text<Close>> {};

// ---- Shapes: each is opener, label, closer ---------------------------------------------------

// Closers carry their spelling for error messages.
struct double_circle_close : TAO_PEGTL_STRING(")))") { static constexpr const char* text = ")))"; };
struct circle_close : TAO_PEGTL_STRING("))") { static constexpr const char* text = "))"; };
struct stadium_close : TAO_PEGTL_STRING("])") { static constexpr const char* text = "])"; };
/// Mermaid's ellipse ends at `-)`, and (a lexer slip it keeps) also at `/)` or `))`.
struct ellipse_close : sor<TAO_PEGTL_STRING("-)"), TAO_PEGTL_STRING("/)"), TAO_PEGTL_STRING("))")> {
    static constexpr const char* text = "-)";
};
struct round_close : one<')'> { static constexpr const char* text = ")"; };
struct subroutine_close : TAO_PEGTL_STRING("]]") { static constexpr const char* text = "]]"; };
struct cylinder_close : TAO_PEGTL_STRING(")]") { static constexpr const char* text = ")]"; };
struct slanted_close : sor<TAO_PEGTL_STRING("/]"), TAO_PEGTL_STRING("\\]")> {
    static constexpr const char* text = "/]` or `\\]";
};
struct square_close : one<']'> { static constexpr const char* text = "]"; };
struct hexagon_close : TAO_PEGTL_STRING("}}") { static constexpr const char* text = "}}"; };
struct diamond_close : one<'}'> { static constexpr const char* text = "}"; };
struct pipe_close : one<'|'> { static constexpr const char* text = "|"; };

template <typename Open> struct opener : Open {};
template <typename Close> struct bracket_label : label_text<Close> {};
template <typename Close> struct bracket_end : Close {};
template <typename Open, typename Close>
struct bracketed : seq<opener<Open>, bracket_label<Close>, bracket_end<Close>> {};

struct double_circle : bracketed<TAO_PEGTL_STRING("((("), double_circle_close> {};
struct circle : bracketed<TAO_PEGTL_STRING("(("), circle_close> {};
struct stadium : bracketed<TAO_PEGTL_STRING("(["), stadium_close> {};
struct ellipse : bracketed<TAO_PEGTL_STRING("(-"), ellipse_close> {};
struct round : bracketed<one<'('>, round_close> {};
struct subroutine : bracketed<TAO_PEGTL_STRING("[["), subroutine_close> {};
struct cylinder : bracketed<TAO_PEGTL_STRING("[("), cylinder_close> {};
/// `[/…/]`, `[/…\]`, `[\…\]`, `[\…/]`: the shape depends on both ends.
struct slanted : bracketed<sor<TAO_PEGTL_STRING("[/"), TAO_PEGTL_STRING("[\\")>, slanted_close> {};
struct rect : bracketed<one<'['>, square_close> {};
/// `A[|borders:lt|text]`: Mermaid's legacy vertex properties (stored there, used nowhere).
struct vertex_property : seq<plus<id_char_no_colon>, one<':'>, plus<id_char_no_colon>> {};
struct expect_vertex_property : seq<vertex_property, one<'|'>> {};
struct property_rect : seq<opener<TAO_PEGTL_STRING("[|")>, expect_vertex_property,
                           bracket_label<square_close>, bracket_end<square_close>> {};
struct hexagon : bracketed<TAO_PEGTL_STRING("{{"), hexagon_close> {};
struct diamond : bracketed<one<'{'>, diamond_close> {};
struct odd : bracketed<one<'>'>, square_close> {};

struct shape : sor<double_circle, circle, stadium, ellipse, round, subroutine, cylinder, slanted,
                   property_rect, rect, hexagon, diamond, odd> {};

// ---- Shape data: `A@{ shape: cyl, label: "Orders" }` ------------------------------------------

/// The braces hold YAML, read by shape_data.cpp; here only its extent matters: up to the first
/// `}` outside a double-quoted string. Mermaid's lexer refuses `^` inside.
struct shape_data_open : TAO_PEGTL_STRING("@{") {};
struct shape_data_quote : one<'"'> {};
struct expect_shape_data_quote_close : one<'"'> {};
struct shape_data_string : seq<shape_data_quote, star<not_one<'"'>>,
                               expect_shape_data_quote_close> {};
struct shape_data_text : plus<not_one<'}', '"', '^'>> {};
struct shape_data_body : star<sor<shape_data_text, shape_data_string>> {};
struct expect_shape_data_close : one<'}'> {};
struct shape_data : seq<shape_data_open, shape_data_body, expect_shape_data_close> {};

// ---- Vertices and `&` groups -----------------------------------------------------------------

struct vertex_id : node_id {};
struct class_marker : TAO_PEGTL_STRING(":::") {};
struct class_ref : node_id {};
struct expect_class_ref : seq<class_ref> {};
struct class_suffix : seq<class_marker, expect_class_ref> {};
struct vertex : seq<vertex_id, opt<shape>, opt<class_suffix>, opt<shape_data>> {};
struct amp : one<'&'> {};
/// `&` needs white space on both sides; without it, it is part of an id (`A&B`).
struct expect_amp_vertex : seq<plus<blank>, vertex> {};
struct node_group : seq<vertex, star<seq<plus<blank>, amp, expect_amp_vertex>>> {};

// ---- Edges ----------------------------------------------------------------------------------

struct head_start : one<'x', 'o', '<'> {};
struct head_end : one<'x', 'o', '>'> {};
struct dash : one<'-'> {};
struct equal : one<'='> {};
struct dot : one<'.'> {};
struct tilde : one<'~'> {};

/// `-->` `--x` `--o` `--->`…, or `---` `----`… (the last `-` stands in for a head).
struct normal_line : sor<seq<dash, plus<dash>, head_end>, seq<dash, dash, plus<dash>>> {};
struct thick_line : sor<seq<equal, plus<equal>, head_end>, seq<equal, equal, plus<equal>>> {};
struct dotted_line : seq<opt<dash>, plus<dot>, dash, opt<head_end>> {};
struct invisible_line : seq<tilde, tilde, plus<tilde>> {};
struct plain_link : sor<seq<opt<head_start>, sor<normal_line, thick_line, dotted_line>>,
                        invisible_line> {};

/// `-- text -->`, `== text ==>`, `-. text .->`: the text runs up to the closing line. As in
/// Mermaid's lexer, an `x`, `o` or `<` just before the closing line belongs to it (`-- box-->`
/// has the text `bo`).
struct normal_start : seq<opt<head_start>, dash, dash> {};
struct thick_start : seq<opt<head_start>, equal, equal> {};
struct dotted_start : seq<opt<head_start>, dash, dot> {};
struct normal_close_ahead : seq<opt<head_start>, dash, dash> {};
struct thick_close_ahead : seq<opt<head_start>, equal, equal> {};
struct dotted_close_ahead : seq<opt<head_start>, opt<dash>, plus<dot>, dash> {};
struct normal_text : plus<not_at<normal_close_ahead>, not_one<'"'>> {};
struct thick_text : plus<not_at<thick_close_ahead>, not_one<'"'>> {};
/// A run of dots is taken whole, so that a long run is not rescanned at every dot.
struct dotted_text : plus<sor<seq<plus<dot>, not_at<dash>>,
                              seq<not_at<dotted_close_ahead>, not_one<'.', '"'>>>> {};
template <typename Text>
struct edge_text : sor<seq<markdown, ws>, seq<quoted, ws>, Text> {};
struct expect_normal_text : edge_text<normal_text> {};
struct expect_thick_text : edge_text<thick_text> {};
struct expect_dotted_text : edge_text<dotted_text> {};
struct expect_normal_close : seq<opt<head_start>, normal_line> {};
struct expect_thick_close : seq<opt<head_start>, thick_line> {};
struct expect_dotted_close : seq<opt<head_start>, dotted_line> {};
struct inline_normal : seq<normal_start, ws, expect_normal_text, expect_normal_close> {};
struct inline_thick : seq<thick_start, ws, expect_thick_text, expect_thick_close> {};
struct inline_dotted : seq<dotted_start, ws, expect_dotted_text, expect_dotted_close> {};

/// `-->|text|`
struct pipe_text : bracketed<one<'|'>, pipe_close> {};

struct link : sor<seq<plain_link, ws, opt<pipe_text, blanks>>, inline_normal, inline_thick,
                  inline_dotted> {};

// ---- Statements -----------------------------------------------------------------------------

/// `A e1@--> B`: Mermaid's edge id, glued to the edge (white space may follow the `@`).
struct edge_id : seq<plus<id_char>, one<'@'>, not_at<one<'{', '"'>>> {};
struct expect_edge_after_id : seq<link> {};

struct expect_edge_target : seq<node_group> {};
struct chain_link : sor<seq<blanks, edge_id, ws, expect_edge_after_id, ws, expect_edge_target>,
                        seq<ws, link, ws, expect_edge_target>> {};
/// `A & B --> C -- text --> D` (iterative: a chain is a star, not a recursion).
struct vertex_statement : seq<node_group, star<chain_link>> {};

/// What Mermaid's style tokens allow: letters, digits, blanks and `!#$%&'*+.`?\\_/:=,-`. No
/// brackets, quotes or other scripts (`fill:rgb(…)` is an error there).
struct css_char : sor<tao::pegtl::ascii::ranges<'a', 'z', 'A', 'Z', '0', '9'>,
                      one<'!', '#', '$', '%', '&', '\'', '*', '+', '.', '`', '?', '\\', '_', '/',
                          ':', '=', ',', '-', ' ', '\t'>> {};
struct css_text : plus<css_char> {};
struct css : seq<plus<blank>, css_text> {};
/// Declarations run to the end of the statement; anything else there is a character Mermaid's
/// style tokens refuse. Checked before the statement counts, so a refused one changes nothing.
struct expect_css_end : at<blanks, separator> {};

struct style_keyword : seq<TAO_PEGTL_STRING("style"), plus<blank>> {};
struct style_target : node_id {};
struct expect_style_target : seq<style_target> {};
struct expect_style_css : seq<css> {};
struct style_statement : seq<style_keyword, expect_style_target, expect_style_css,
                              expect_css_end> {};

struct class_def_keyword : seq<TAO_PEGTL_STRING("classDef"), plus<blank>> {};
struct class_def_names : node_id {};
struct expect_class_def_names : seq<class_def_names> {};
struct expect_class_def_css : seq<css> {};
struct class_def_statement : seq<class_def_keyword, expect_class_def_names,
                                 expect_class_def_css, expect_css_end> {};

struct class_keyword : seq<TAO_PEGTL_STRING("class"), plus<blank>> {};
struct class_targets : node_id {};
struct expect_class_targets : seq<class_targets> {};
struct class_name : node_id {};
struct expect_class_name : seq<plus<blank>, class_name> {};
struct class_statement : seq<class_keyword, expect_class_targets, expect_class_name> {};

struct link_style_keyword : seq<TAO_PEGTL_STRING("linkStyle"), plus<blank>> {};
struct link_style_default : seq<TAO_PEGTL_STRING("default"), not_at<word_char>> {};
struct link_style_index : plus<tao::pegtl::digit> {};
struct link_style_indices : seq<link_style_index, star<one<','>, link_style_index>> {};
struct expect_link_style_target : sor<link_style_default, link_style_indices> {};
struct curve_name : plus<sor<alnum, one<'_', '-', '.'>>> {};
struct expect_curve_name : seq<curve_name> {};
struct interpolate_clause : seq<TAO_PEGTL_STRING("interpolate"), plus<blank>, expect_curve_name> {};
struct expect_link_style_body : seq<plus<blank>, sor<seq<interpolate_clause, opt<css>>, css_text>> {};
/// `linkStyle 0,2 stroke:#f00`, `linkStyle default interpolate basis stroke:blue`
struct link_style_statement : seq<link_style_keyword, expect_link_style_target,
                                  expect_link_style_body, expect_css_end> {};

/// `subgraph id [title]`, `subgraph "title"`, `subgraph title words`, `subgraph`. The body
/// and the closing `end` are ordinary statements: the builder keeps the stack, so nesting
/// needs no recursion here.
struct subgraph_keyword : seq<TAO_PEGTL_STRING("subgraph"), not_at<word_char>> {};
struct subgraph_char : seq<not_at<plain_link>, not_one<'[', ']', '(', ')', '{', '}', '|', '"',
                                                       '\n', ';', ',', '<', '>'>> {};
struct subgraph_text : plus<subgraph_char> {};
struct subgraph_title : bracketed<one<'['>, square_close> {};
struct subgraph_string : sor<markdown, quoted> {};
struct expect_subgraph_title : sor<seq<subgraph_string, blanks>,
                                   seq<subgraph_text, opt<subgraph_title>>> {};
struct subgraph_start : seq<subgraph_keyword, at<sor<blank, separator>>> {};
struct subgraph_statement : seq<subgraph_start,
                                sor<at<blanks, separator>,
                                    seq<plus<blank>, expect_subgraph_title>>> {};
/// `end` closes the innermost subgraph; like Mermaid's `end\b\s*` token it needs nothing after
/// it, so another statement may follow on the same line.
struct end_statement : seq<TAO_PEGTL_STRING("end"), at<sor<blank, separator>>> {};

// ---- click ------------------------------------------------------------------------------------

/// `click A callback`, `click A call f(x) "tip"`, `click A href "url" "tip" _blank`,
/// `click A "url" _self`.
struct click_keyword : seq<TAO_PEGTL_STRING("click"), plus<blank>> {};
struct click_target : plus<not_one<' ', '\t', '\v', '\f', '\n', ';'>> {};
struct expect_click_target : seq<click_target> {};
struct click_url_text : plus<not_one<'"'>> {};
struct click_url : seq<one<'"'>, click_url_text, one<'"'>> {};
struct click_tooltip_text : plus<not_one<'"'>> {};
struct click_tooltip : seq<plus<blank>, one<'"'>, click_tooltip_text, one<'"'>> {};
struct click_window_name : sor<TAO_PEGTL_STRING("_self"), TAO_PEGTL_STRING("_blank"),
                               TAO_PEGTL_STRING("_parent"), TAO_PEGTL_STRING("_top")> {};
struct click_window : seq<plus<blank>, click_window_name, not_at<word_char>> {};
struct href_keyword : seq<TAO_PEGTL_STRING("href"), plus<blank>> {};
struct click_link : seq<opt<href_keyword>, click_url, opt<click_tooltip>, opt<click_window>> {};
struct callback_name : plus<not_one<'(', '\n'>> {};
struct callback_args : star<not_one<')'>> {};
struct expect_callback_close : one<')'> {};
struct click_call : seq<TAO_PEGTL_STRING("call"), plus<blank>, callback_name, one<'('>,
                        callback_args, expect_callback_close> {};
struct callback_word : plus<id_char> {};
struct click_callback : seq<sor<click_call, callback_word>, opt<click_tooltip>> {};
struct expect_click_action : seq<plus<blank>, sor<click_link, click_callback>> {};
struct click_statement : seq<click_keyword, expect_click_target, expect_click_action> {};

// ---- Accessibility ----------------------------------------------------------------------------

/// `accTitle: text` and `accDescr: text` take the rest of the line, `;` included.
struct acc_text : star<not_one<'\n'>> {};
struct acc_title_text : acc_text {};
struct acc_descr_text : acc_text {};
struct acc_title_statement : seq<TAO_PEGTL_STRING("accTitle"), blanks, one<':'>, blanks,
                                 acc_title_text> {};
struct acc_descr_statement : seq<TAO_PEGTL_STRING("accDescr"), blanks, one<':'>, blanks,
                                 acc_descr_text> {};
/// `accDescr { … }` over any number of lines; nothing needs to follow the `}`.
struct acc_block_open : seq<TAO_PEGTL_STRING("accDescr"), ws, one<'{'>> {};
struct acc_block_text : star<not_one<'}'>> {};
struct expect_acc_block_close : one<'}'> {};
struct acc_descr_block : seq<acc_block_open, acc_block_text, expect_acc_block_close> {};

struct statement : sor<style_statement, class_def_statement, class_statement,
                       link_style_statement, click_statement, subgraph_statement,
                       acc_title_statement, acc_descr_statement, vertex_statement> {};
struct expect_statement : seq<statement> {};
struct expect_statement_end : separator {};
/// Statements that end themselves: what follows may start the next statement.
struct self_ended_statement : sor<end_statement, acc_descr_block> {};
/// One statement with its separator, or an empty one.
struct line : seq<blanks, sor<separator, self_ended_statement,
                              seq<expect_statement, blanks, expect_statement_end>>> {};

// clang-format on

} // namespace merrow::parser::flowchart::grammar
