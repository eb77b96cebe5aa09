#include "flowchart/diagnose.hpp"

#include "preprocess.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace merrow::parser::flowchart {

namespace {

bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_non_ascii(char c) {
    return static_cast<unsigned char>(c) >= 0x80;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

bool is_separator_at(std::string_view text, std::size_t p) {
    return p >= text.size() || text[p] == '\n' || text[p] == ';';
}

bool is_link_char(char c) {
    return c == '-' || c == '=' || c == '.' || c == '~' || c == '<' || c == '>';
}

bool contains(std::string_view set, char c) {
    return set.find(c) != std::string_view::npos;
}

// Where the line containing `p` visibly ends (before trailing blanks and a CRLF's blanked CR).
std::size_t line_end_at(std::string_view text, std::size_t p) {
    p = std::min(p, text.size());
    std::size_t end = text.find('\n', p);
    end = end == std::string_view::npos ? text.size() : end;
    while (end > p && is_blank(text[end - 1])) {
        --end;
    }
    return end;
}

char closer_for(char open) {
    switch (open) {
    case '(':
        return ')';
    case '[':
        return ']';
    case '{':
        return '}';
    default:
        return '\0';
    }
}

// The token a message should quote: a run of edge characters, a word, or one code point.
std::string_view token_at(std::string_view text, std::size_t p) {
    if (p >= text.size()) {
        return {};
    }
    std::size_t n = 1;
    auto run = [&](auto&& pred) {
        n = 0;
        while (p + n < text.size() && pred(text[p + n])) {
            ++n;
        }
    };
    const char c = text[p];
    if (is_link_char(c)) {
        run(is_link_char);
    } else if (is_word(c) || is_non_ascii(c)) {
        run([](char k) { return is_word(k) || is_non_ascii(k); });
    }
    constexpr std::size_t max_bytes = 30;
    if (n > max_bytes) {
        n = max_bytes;
        while (n > 0 && (static_cast<unsigned char>(text[p + n]) & 0xC0U) == 0x80U) {
            --n; // do not cut a code point in half
        }
    }
    return text.substr(p, n);
}

// Length of the UTF-8 sequence starting at `p`, or 0 if it is not valid UTF-8.
std::size_t utf8_length(std::string_view text, std::size_t p) {
    const auto byte = static_cast<unsigned char>(text[p]);
    std::size_t n = 0;
    if (byte < 0x80) {
        return 1;
    }
    if (byte >= 0xC2 && byte <= 0xDF) {
        n = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
        n = 3;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
        n = 4;
    } else {
        return 0;
    }
    if (p + n > text.size()) {
        return 0;
    }
    for (std::size_t i = 1; i < n; ++i) {
        if ((static_cast<unsigned char>(text[p + i]) & 0xC0U) != 0x80U) {
            return 0;
        }
    }
    return n;
}

std::string describe(std::string_view text, std::size_t p) {
    if (p >= text.size()) {
        return "the end of the diagram";
    }
    if (text[p] == '\n') {
        return "the end of the line";
    }
    if (text[p] == protected_semicolon) {
        return "`;`";
    }
    const std::string_view token = token_at(text, p);
    for (std::size_t i = 0; i < token.size();) {
        const std::size_t n = utf8_length(token, i);
        if (n == 0) {
            return "a byte that is not UTF-8";
        }
        i += n;
    }
    return "`" + std::string(token) + "`";
}

std::optional<std::string_view> keyword_at(std::string_view text, std::size_t p) {
    // Longer spellings first where one is a prefix of another.
    static constexpr std::array<std::string_view, 14> keywords{
        "flowchart-elk", "flowchart", "graph", "subgraph", "linkStyle", "interpolate", "classDef",
        "class",         "style",     "_self", "_blank",   "_parent",   "_top",        "end"};
    const std::string_view rest = text.substr(std::min(p, text.size()));
    for (const std::string_view kw : keywords) {
        if (rest.substr(0, kw.size()) != kw) {
            continue;
        }
        if (kw.size() < rest.size() && is_word(rest[kw.size()])) {
            continue; // `endpoint`, `styles` are ordinary ids
        }
        return kw;
    }
    // These are keywords only when white space follows (`clicks`, `call_me` are ids).
    for (const std::string_view kw : {"click", "call", "href"}) {
        if (rest.substr(0, kw.size()) == kw &&
            (kw.size() == rest.size() || is_blank(rest[kw.size()]) || rest[kw.size()] == '\n')) {
            return kw;
        }
    }
    return std::nullopt;
}

struct Report {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string message;
    std::string hint;
    struct Note {
        std::size_t begin;
        std::size_t end;
        std::string message;
    };
    std::vector<Note> notes;
    Resume resume;
};

class Reporter {
  public:
    Reporter(const SyntaxError& error, const ParseState& state, std::string_view text,
             std::size_t statement_start, const Diagnostics& diagnostics)
        : error_(error), st_(state), text_(text), statement_start_(statement_start),
          diagnostics_(diagnostics), p_(state.offset(error.where)), detail_(error.detail) {
        r_.begin = p_;
        r_.end = p_ + token_at(text_, p_).size();
        r_.message = expand(error.text->message);
        r_.hint = expand(error.text->hint);
        r_.resume = {p_, false};
    }

    Report run() {
        switch (error_.text->kind) {
        case ErrorKind::plain:
        case ErrorKind::css:
            break;
        case ErrorKind::header_direction:
            header_direction();
            break;
        case ErrorKind::header_end:
            header_end();
            break;
        case ErrorKind::statement_start:
            statement_start();
            break;
        case ErrorKind::statement_end:
            statement_end();
            break;
        case ErrorKind::label_text:
            label_text();
            break;
        case ErrorKind::label_end:
            label_end();
            break;
        case ErrorKind::string_text:
            string_text();
            break;
        case ErrorKind::string_end:
            string_end();
            break;
        case ErrorKind::edge_text:
            edge_text();
            break;
        case ErrorKind::edge_text_end:
            edge_text_end();
            break;
        case ErrorKind::edge_target:
            edge_target();
            break;
        case ErrorKind::node_expected:
            node_expected();
            break;
        case ErrorKind::css_end:
            style_character();
            break;
        case ErrorKind::shape_data_end:
            shape_data_end();
            break;
        case ErrorKind::edge_after_id:
            edge_after_id();
            break;
        case ErrorKind::acc_block_end:
            r_.resume = {p_, true};
            break;
        }
        return std::move(r_);
    }

  private:
    std::string at(std::size_t offset) const {
        const model::SourcePos pos = diagnostics_.map().position(offset);
        return std::to_string(pos.line) + ":" + std::to_string(pos.column);
    }

    char found() const { return p_ < text_.size() ? text_[p_] : '\0'; }
    bool found_is(std::string_view s) const { return text_.substr(p_, s.size()) == s; }

    // Fills `{found}`, `{closer}`, `{opener}`, `{link}` and `{open}` in one pass, so that text
    // from the diagram that happens to contain braces is never expanded.
    std::string expand(std::string_view templ) const {
        std::string out;
        for (std::size_t i = 0; i < templ.size(); ++i) {
            if (templ[i] == '{') {
                const std::size_t close = templ.find('}', i);
                const std::string_view name =
                    close == std::string_view::npos ? "" : templ.substr(i + 1, close - i - 1);
                if (name == "found") {
                    out += describe(text_, p_);
                } else if (name == "closer") {
                    out += detail_;
                } else if (name == "opener") {
                    out += opener_text();
                } else if (name == "link") {
                    out += st_.last_link.text;
                } else if (name == "open") {
                    out += at(open_offset());
                } else {
                    out += templ[i];
                    continue;
                }
                i = close;
                continue;
            }
            out += templ[i];
        }
        return out;
    }

    // The construct the failing rule belongs to.
    std::string_view opener_text() const {
        switch (error_.text->kind) {
        case ErrorKind::edge_text:
        case ErrorKind::edge_text_end:
            return st_.edge_opener.text;
        default:
            return st_.opener.text;
        }
    }

    std::size_t open_offset() const {
        switch (error_.text->kind) {
        case ErrorKind::edge_text:
        case ErrorKind::edge_text_end:
            return st_.edge_opener.offset;
        case ErrorKind::string_text:
        case ErrorKind::string_end:
            return st_.string_opener.offset;
        case ErrorKind::shape_data_end:
            return st_.shape_data_opener.offset;
        case ErrorKind::acc_block_end:
            return st_.acc_opener.offset;
        default:
            return st_.opener.offset;
        }
    }

    void note(std::size_t begin, std::size_t end, std::string message) {
        r_.notes.push_back({begin, end, std::move(message)});
    }

    void point_at(std::size_t begin, std::size_t end) {
        r_.begin = begin;
        r_.end = end;
    }

    // ---- Header

    void header_direction() {
        if (found() == ';') {
            point_at(p_, p_ + 1);
            r_.message = "expected a direction before `;`";
            r_.hint = "Mermaid needs a direction when the header ends with `;`: write `" +
                      std::string(st_.graph_keyword.text) +
                      " TD;`, or end the header line "
                      "without `;`";
            r_.resume = {p_, false};
            return;
        }
        std::size_t n = 0;
        while (p_ + n < text_.size() && !is_blank(text_[p_ + n]) &&
               !is_separator_at(text_, p_ + n)) {
            ++n;
        }
        unknown_direction(p_, n);
    }

    void unknown_direction(std::size_t begin, std::size_t n) {
        const std::string word(text_.substr(begin, n));
        point_at(begin, begin + n);
        r_.message = "unknown direction `" + word + "`";
        std::string upper = word;
        std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
            return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        });
        if (upper != word &&
            (upper == "TB" || upper == "TD" || upper == "BT" || upper == "LR" || upper == "RL")) {
            r_.hint = "directions are written in capitals: `" + upper + "`";
        } else {
            r_.hint = error_text<grammar::expect_direction>.hint;
        }
        r_.resume = {begin, true};
    }

    void header_end() {
        // `graph TDX`: the direction ran into more letters.
        if (!st_.direction.empty() && st_.direction.end() == p_ && is_word(found())) {
            std::size_t n = st_.direction.text.size();
            while (st_.direction.offset + n < text_.size() &&
                   is_word(text_[st_.direction.offset + n])) {
                ++n;
            }
            unknown_direction(st_.direction.offset, n);
        } else if (found_is("%%")) {
            trailing_comment();
        } else if (lost_line_breaks()) {
            r_.message = "expected a line break or `;` after the diagram header";
        }
        r_.resume = {p_, true};
    }

    // `flowchart LR A-->B B-->C`: a diagram pasted without its line breaks. Likely when more
    // than one edge follows on the same line.
    bool lost_line_breaks() {
        const std::size_t end = line_end_at(text_, p_);
        const std::string_view rest = text_.substr(p_, end - p_);
        std::size_t edges = 0;
        for (std::size_t i = 0; i + 1 < rest.size(); ++i) {
            const bool link = (rest[i] == '-' && (rest[i + 1] == '-' || rest[i + 1] == '.')) ||
                              (rest[i] == '=' && rest[i + 1] == '=') ||
                              (rest[i] == '~' && rest[i + 1] == '~');
            if (link) {
                ++edges;
                while (i + 1 < rest.size() && is_link_char(rest[i + 1])) {
                    ++i;
                }
            }
        }
        if (edges < 2 && !(edges == 1 && st_.statement.groups.empty())) {
            return false;
        }
        r_.hint = "several statements are on one line; were the line breaks lost? Put each "
                  "statement on a line of its own, or separate them with `;`";
        return true;
    }

    void trailing_comment() {
        point_at(p_, line_end_at(text_, p_));
        r_.message = "a comment must be on a line of its own";
        r_.hint = "move the `%% …` comment to the line above";
    }

    // ---- Statements

    bool repeated_header() {
        for (const std::string_view kw : {"flowchart-elk", "flowchart", "graph"}) {
            if (found_is(kw) &&
                (is_separator_at(text_, p_ + kw.size()) || is_blank(text_[p_ + kw.size()]))) {
                point_at(p_, p_ + kw.size());
                r_.message =
                    "a diagram has only one header; `" + std::string(kw) + "` cannot appear again";
                r_.hint = "remove this line, or put the second diagram in a file of its own";
                return true;
            }
        }
        return false;
    }

    bool keyword_without_arguments() {
        struct Usage {
            std::string_view keyword;
            std::string_view needs;
            std::string_view example;
        };
        static constexpr std::array<Usage, 4> usages{{
            {"classDef", "a class name and style declarations", "classDef className fill:#f9f"},
            {"class", "node ids and a class name", "class A,B className"},
            {"style", "a node id and style declarations", "style A fill:#f9f,stroke:#333"},
            {"linkStyle", "edge numbers and style declarations", "linkStyle 0 stroke:#f00"},
        }};
        for (const Usage& usage : usages) {
            if (found_is(usage.keyword) && is_separator_at(text_, p_ + usage.keyword.size())) {
                point_at(p_, p_ + usage.keyword.size());
                r_.message =
                    "`" + std::string(usage.keyword) + "` needs " + std::string(usage.needs);
                r_.hint = "write `" + std::string(usage.example) + "`";
                return true;
            }
        }
        return false;
    }

    void node_expected() {
        if (reserved_id()) {
            return;
        }
        // `A &B`: Mermaid needs white space after `&` too.
        if (error_.text == &error_text<grammar::expect_amp_vertex> && p_ > 0 &&
            text_[p_ - 1] == '&' && !is_separator_at(text_, p_)) {
            point_at(p_ - 1, p_);
            r_.message = "`&` needs a space after it";
            r_.hint = "write `A & B`; without spaces, `&` is part of a node id (`A&B`)";
        }
    }

    void shape_data_end() {
        if (found() == '^') {
            point_at(p_, p_ + 1);
            r_.message = "unexpected `^` in shape data";
            r_.hint = "Mermaid does not allow `^` here, not even in a value; put it in a "
                      "quoted string: `label: \"a^b\"`";
        }
        note(st_.shape_data_opener.offset, st_.shape_data_opener.end(),
             "the shape data starts here");
        r_.resume = {p_, true};
    }

    void edge_after_id() {
        point_at(p_, p_ + token_at(text_, p_).size());
        if (found() == '"') {
            r_.message = "an edge id cannot be followed by `\"`";
        }
    }

    /// A keyword where an id should start: Mermaid's lexer would read the keyword.
    bool reserved_id() {
        const auto kw = keyword_at(text_, p_);
        if (!kw) {
            return false;
        }
        point_at(p_, p_ + kw->size());
        const std::string word(*kw);
        if (word == "end") {
            r_.message = "a node id cannot start with lowercase `end`";
            r_.hint = "`end` closes a subgraph; write `End`, `END` or `end_…` instead";
        } else if (word == "click" || word == "call" || word == "href") {
            r_.message = "a node id cannot be `" + word + "` followed by a space";
            r_.hint = "Mermaid reads `" + word +
                      "` as part of a `click` statement here; rename "
                      "the node";
        } else if (word.front() == '_') {
            r_.message = "a node id cannot start with `" + word + "`";
            r_.hint = "Mermaid keeps `_self`, `_blank`, `_parent` and `_top` for link targets; "
                      "rename the node";
        } else {
            std::string capitalised = word;
            capitalised.front() = static_cast<char>(capitalised.front() - 'a' + 'A');
            r_.message = "a node id cannot start with the keyword `" + word + "`";
            r_.hint = "Mermaid reads `" + word + "` as a keyword here; rename the node, e.g. `" +
                      capitalised + "…` or `my_" + word + "…`";
        }
        return true;
    }

    bool link_without_source() {
        if (!is_link_char(found()) && !(found() == 'x' || found() == 'o')) {
            return false;
        }
        const std::string_view token = token_at(text_, p_);
        const bool edge_like = token.find("--") != std::string_view::npos ||
                               token.find("==") != std::string_view::npos ||
                               token.find("-.") != std::string_view::npos ||
                               token.find("~~") != std::string_view::npos;
        if (!edge_like) {
            return false;
        }
        r_.message = "an edge needs a node before `" + std::string(token) + "`";
        r_.hint = "write `A " + std::string(token) + " B`";
        if (token == "---" && is_separator_at(text_, p_ + 3)) {
            r_.hint = "YAML frontmatter must start on the very first line of the diagram";
        }
        return true;
    }

    void statement_start() {
        if (repeated_header() || keyword_without_arguments() || reserved_id() ||
            link_without_source()) {
            return;
        }
        const char c = found();
        const std::string what = describe(text_, p_);
        if (contains("[({>", c)) {
            r_.message = "expected a node id before " + what;
            r_.hint = "a shape follows its node's id: `A[text]`";
        } else if (c == '"') {
            r_.message = "expected a node id before the quoted text";
            r_.hint = "a quoted label goes inside a shape after the id: `A[\"text\"]`";
        } else if (c == '&') {
            r_.message = "`&` must stand between two nodes";
            r_.hint = "write `A & B --> C`";
        } else if (found_is(":::")) {
            r_.message = "`:::` must follow a node id";
            r_.hint = "write `A:::className`";
            point_at(p_, p_ + 3);
        } else if (c == '@') {
            at_sign();
        }
    }

    // `@` where it cannot be: shape data or an edge id in the wrong place.
    void at_sign() {
        const bool data = found_is("@{");
        point_at(p_, p_ + (data ? 2 : 1));
        r_.message = data ? "`@{` must follow a node id directly" : "unexpected `@`";
        r_.hint = data ? "write `A@{ shape: cyl }`, with no space before `@`"
                       : "`@` ends an edge id in front of an edge: `A e1@--> B`";
    }

    bool in_subgraph_title() const {
        std::size_t start = statement_start_;
        while (start < p_ && is_blank(text_[start])) {
            ++start;
        }
        return text_.substr(start, 9) == "subgraph " || text_.substr(start, 9) == "subgraph\t";
    }

    void statement_end() {
        if (in_subgraph_title()) {
            r_.message = "unexpected " + describe(text_, p_) + " in a subgraph title";
            r_.hint = "put the title in quotes: `subgraph id [\"…\"]` or `subgraph \"…\"`";
            return;
        }
        const char c = found();
        const char before = p_ > 0 ? text_[p_ - 1] : '\n';
        const std::string what = describe(text_, p_);
        const std::string_view token = token_at(text_, p_);
        if (found_is("->") || found_is("=>") || (found_is("<-") && !found_is("<--")) ||
            (c == '-' && token == "-")) {
            const std::string_view bad =
                token.substr(0, found_is("<-") || found_is("->") || found_is("=>") ? 2 : 1);
            point_at(p_, p_ + bad.size());
            r_.message = "`" + std::string(bad) + "` is not an edge";
            r_.hint = bad == "=>" ? "write `==>` for a thick arrow or `===` for a thick line"
                      : bad == "<-"
                          ? "write `<--` with an end head, e.g. `A <--> B`, or turn the edge "
                            "around: `B --> A`"
                          : "write `-->` for an arrow or `---` for a line";
        } else if (found_is("%%")) {
            trailing_comment();
        } else if (c == '@') {
            at_sign();
        } else if (c == protected_semicolon) {
            protected_entity();
        } else if (contains("[({>", c)) {
            if (is_blank(before)) {
                r_.message = "unexpected " + what + " after a space";
                r_.hint = "a shape must follow its node id directly: write `A" +
                          std::string(token) + "…`, not `A " + std::string(token) + "…`";
            } else {
                r_.message = "unexpected " + what + ": a node has only one shape";
            }
        } else if (contains(")]}", c)) {
            r_.message = "unexpected " + what;
            r_.hint = "a label ends at its first closing bracket; to use brackets inside a "
                      "label, put the label in quotes: `A[\"text (with brackets)\"]`";
        } else if (c == '|') {
            r_.message = "unexpected `|`";
            r_.hint = "a label between bars follows the edge directly: `A -->|text| B`";
        } else if (c == '"') {
            r_.message = "unexpected `\"`";
            r_.hint = "a quoted label goes inside a shape: `A[\"text\"]`";
        } else if (c == '&' && is_blank(before)) {
            r_.message = "`&` needs a space after it";
            r_.hint = "write `A & B`; without spaces, `&` is part of a node id (`A&B`)";
        } else if ((is_word(c) || is_non_ascii(c)) && is_blank(before)) {
            if (reserved_id()) {
                return;
            }
            if (lost_line_breaks()) {
                r_.message = "expected a line break or `;` before " + what;
                return;
            }
            r_.message = "unexpected " + what + ": a node id cannot contain spaces";
            r_.hint = "to show text with spaces, use a label: `A[two words]`; to connect two "
                      "nodes, use an edge: `A --> B`";
        }
    }

    void style_character() {
        const char c = found();
        if (c == protected_semicolon) {
            protected_entity();
            return;
        }
        const std::string what = describe(text_, p_);
        point_at(p_, p_ + token_at(text_, p_).size());
        r_.message = what + " is not allowed in style declarations";
        if (contains("()", c)) {
            r_.hint = "Mermaid's style syntax has no parentheses: write colours as `#rrggbb` "
                      "(`fill:#ff8800`) instead of `rgb(…)`";
        } else if (c == '"' || c == '\'') {
            r_.hint = "write values without quotes: `font-family:Courier New`";
        } else if (is_non_ascii(c)) {
            r_.hint = "style declarations are limited to ASCII letters, digits and "
                      "`#:,.%-` in Mermaid";
        } else {
            r_.hint = "declarations are `property:value` pairs separated by `,`";
        }
    }

    // `#word;` is an entity code for Mermaid even where it was meant as `#colour` and `;`.
    void protected_entity() {
        std::size_t begin = p_;
        while (begin > 0 && text_[begin - 1] != '#') {
            --begin;
        }
        const std::size_t hash = begin > 0 ? begin - 1 : p_;
        point_at(hash, p_ + 1);
        r_.message = "`" + std::string(text_.substr(hash, p_ - hash)) +
                     ";` is read as an entity code, so this `;` does not end the statement";
        r_.hint = "Mermaid turns `#name;` into a character before parsing; put the next "
                  "statement on its own line";
    }

    // ---- Labels

    // What the user probably meant as the label: up to the closer that balances the opener,
    // counting the brackets inside, on the opener's line.
    std::string intended_label(char close) const {
        int depth = 0;
        for (std::size_t i = st_.opener.end(); i < text_.size() && text_[i] != '\n'; ++i) {
            const char c = text_[i];
            if (depth == 0 && c == close) {
                const std::string_view label = text_.substr(st_.opener.end(), i - st_.opener.end());
                const bool usable = label.size() <= 60 && label.find('"') == std::string_view::npos;
                return usable ? std::string(label) : "…";
            }
            if (closer_for(c) != '\0') {
                ++depth;
            } else if (c == ')' || c == ']' || c == '}') {
                --depth;
            }
        }
        return "…";
    }

    std::string quote_example() const {
        const std::string_view closer = detail_;
        if (closer == "|") {
            return "`|\"" + intended_label('|') + "\"|`";
        }
        std::string close(closer);
        if (closer.find('`') != std::string_view::npos) {
            close = st_.opener.text == "[/" ? "/]" : "\\]";
        }
        const std::string_view id = st_.vertex.id.empty() ? "A" : st_.vertex.id.text;
        return "`" + std::string(id) + std::string(st_.opener.text) + "\"" +
               intended_label(close.back()) + "\"" + close + "`";
    }

    void unexpected_in_label(char c) {
        const std::string ch(1, c);
        r_.message = "unexpected `" + ch + "` in a label";
        r_.hint = "to use `" + ch + "` in a label, put the label in quotes: " + quote_example();
        point_at(p_, p_ + 1);
    }

    // Openers that also start another shape get a hint about the other reading.
    void opener_hint() {
        const std::string_view opener = st_.opener.text;
        if (opener == "[/" || opener == "[\\") {
            r_.hint = "`" + std::string(opener) +
                      "` starts a slanted shape such as `[/text/]`; to show a leading `" +
                      std::string(1, opener[1]) +
                      "` in a rectangle, put the label in quotes: `A[\"" +
                      std::string(1, opener[1]) + "text\"]`";
        } else if (opener == "(-" && r_.hint.empty()) {
            r_.hint = "`(-` starts an ellipse `(-text-)`; to show a leading `-` in a rounded "
                      "box, put the label in quotes: `A(\"-text\")`";
        } else if (opener == ">") {
            r_.hint = "`A>text]` draws a flag shape; for an arrow write `-->`";
        }
    }

    // `A->B`: Mermaid reads the node `A-` followed by a flag shape `>B]` that never closes.
    bool arrow_typo() {
        const Span opener = st_.opener;
        if (opener.text != ">" || opener.offset == 0 || text_[opener.offset - 1] != '-') {
            return false;
        }
        point_at(opener.offset - 1, opener.end());
        r_.message = "`->` is not an edge";
        r_.hint = "write `-->` for an arrow or `---` for a line";
        r_.notes.clear();
        r_.resume = {opener.end(), false};
        return true;
    }

    void label_text() {
        if (arrow_typo()) {
            return;
        }
        const char c = found();
        const std::string_view closer = detail_;
        const bool at_closer = closer.find('`') != std::string_view::npos
                                   ? (found_is("/]") || found_is("\\]"))
                                   : (!closer.empty() && found_is(closer));
        note(st_.opener.offset, st_.opener.end(), "the label was opened here");
        if (at_closer) {
            point_at(st_.opener.offset,
                     p_ + (closer.find('`') != std::string_view::npos ? 2 : closer.size()));
            r_.message = closer == "|" ? "the edge label between `|` and `|` is empty"
                                       : "the label is empty";
            r_.hint = closer == "|" ? "put text between the bars, or remove them"
                                    : "put text inside, or write just the id";
            r_.notes.clear();
        } else if (p_ < text_.size() && contains("[](){}|", c)) {
            unexpected_in_label(c);
            opener_hint();
        } else {
            opener_hint();
        }
        r_.resume = {p_, true};
    }

    void label_end() {
        if (arrow_typo()) {
            return;
        }
        const std::size_t open = st_.opener.offset;
        const std::size_t content_begin = st_.opener.end();
        const std::string_view content = text_.substr(content_begin, p_ - content_begin);
        const bool quoted =
            st_.label && st_.label->quoted && st_.label->raw.offset >= content_begin;
        const char c = found();
        if (quoted && st_.string_opener.offset >= content_begin &&
            text_.substr(st_.string_opener.offset, st_.label->raw.end() - st_.string_opener.offset)
                    .find('\n') != std::string_view::npos) {
            // The string ran past the end of its line: most likely its closing quote is missing.
            const std::size_t eol = line_end_at(text_, st_.string_opener.offset);
            point_at(eol, eol);
            r_.message = "the string opened at " + at(st_.string_opener.offset) +
                         " runs over several lines; is its closing `\"` missing?";
            r_.hint = "end the string on the line where it starts; a quote inside a label is "
                      "written `#quot;`";
            note(st_.string_opener.offset, st_.string_opener.end(), "the string starts here");
            r_.resume = {eol, true};
            return;
        }
        note(open, st_.opener.end(), "the label was opened here");
        if (content.find('\n') != std::string_view::npos) {
            // Labels may span lines, but a missing closer swallows the lines that follow: report
            // it where the label's first line ends.
            const std::size_t eol = line_end_at(text_, open);
            point_at(eol, eol);
            r_.hint = expand("a label may continue on the next line, but this one runs into the "
                             "statements that follow; close it with `{closer}`");
            r_.resume = {eol, true};
            return;
        }
        r_.resume = {p_, true};
        if (p_ >= text_.size() || c == '\n') {
            opener_hint();
            return;
        }
        if (quoted && is_blank(c) && closer_follows_blanks()) {
            r_.message = "a quoted label must end right at `" + std::string(detail_) + "`";
            r_.hint = "remove the space after the closing quote; Mermaid does not allow text, "
                      "not even a space, next to a quoted label";
            point_at(p_, p_ + 1);
        } else if (c == '"' && !content.empty() &&
                   content.find_first_not_of(" \t") == std::string_view::npos) {
            point_at(content_begin, p_ + 1);
            r_.message =
                "a quoted label must start right after `" + std::string(st_.opener.text) + "`";
            r_.hint = "remove the space before the quote; Mermaid does not allow text, not even "
                      "a space, next to a quoted label";
        } else if (quoted) {
            r_.message = "unexpected " + describe(text_, p_) + " after the quoted label";
            r_.hint = text_[p_ - 1] == '"'
                          ? "a second `\"` ends the string; write a quote inside a label as "
                            "`#quot;`: `A[\"say #quot;hi#quot;\"]`"
                          : "put all of the label inside the quotes";
        } else if (c == '"') {
            r_.message = "unexpected `\"` in a label";
            r_.hint = "put the whole label in quotes and write a quote inside it as `#quot;`: "
                      "`A[\"say #quot;hi#quot;\"]`";
            point_at(p_, p_ + 1);
        } else if (contains("[](){}|", c)) {
            unexpected_in_label(c);
            opener_hint();
        }
    }

    bool closer_follows_blanks() const {
        std::size_t i = p_;
        while (i < text_.size() && is_blank(text_[i])) {
            ++i;
        }
        return text_.substr(i, detail_.size()) == detail_;
    }

    void string_text() {
        if (found() == '"' || found() == '`') {
            point_at(st_.string_opener.offset, p_ + 1);
            return;
        }
        string_end();
    }

    void string_end() {
        const bool markdown = st_.string_opener.text.size() == 2;
        if (markdown && p_ < text_.size()) {
            r_.message = expand("expected `` `\" `` to close the markdown string opened at {open}");
            return;
        }
        point_at(st_.string_opener.offset, st_.string_opener.end());
        r_.message =
            markdown ? "this markdown string is never closed" : "this string is never closed";
        r_.resume = {st_.string_opener.offset, true};
    }

    // ---- Edges

    void edge_text() {
        const Span opener = st_.edge_opener;
        if (p_ >= text_.size()) {
            point_at(opener.offset, opener.end());
            r_.message = "`" + std::string(opener.text) + "` is not a complete edge";
            r_.hint = "write `" + std::string(detail_) +
                      "` for an edge with a head, or add a label: `A " + std::string(opener.text) +
                      " text " + std::string(detail_) + " B`";
        } else if (is_link_char(found())) {
            point_at(opener.offset, p_ + token_at(text_, p_).size());
            r_.message = "the edge label is empty";
            r_.hint = "write `" + std::string(detail_) + "` for an edge without a label";
        }
    }

    void edge_text_end() {
        const Span opener = st_.edge_opener;
        note(opener.offset, opener.end(), "the edge label starts here");
        const std::string_view between = text_.substr(opener.end(), p_ - opener.end());
        if (between.find('\n') != std::string_view::npos) {
            const std::size_t eol = line_end_at(text_, opener.offset);
            point_at(eol, eol);
            r_.resume = {eol, true};
            return;
        }
        const bool quoted = st_.label && st_.label->quoted && st_.label->raw.offset > opener.end();
        if (quoted && p_ < text_.size()) {
            r_.message = "unexpected " + describe(text_, p_) + " after the quoted edge label";
            r_.hint = "put all of the label inside the quotes";
        } else if (found() == '"') {
            point_at(p_, p_ + 1);
            r_.message = "unexpected `\"` in an edge label";
            r_.hint = "put the whole label in quotes, and write a quote inside it as `#quot;`";
        }
        r_.resume = {p_, true};
    }

    void edge_target() {
        const Span link = st_.last_link;
        if (p_ >= text_.size() || found() == ';') {
            point_at(link.offset, link.end());
            r_.message = "the edge `" + std::string(link.text) + "` has no target node";
            r_.hint = "add the node it points to: `A " + std::string(link.text) + " B`";
            return;
        }
        if (reserved_id()) {
            return;
        }
        const char c = found();
        if (c == '@') {
            at_sign();
        } else if (contains("[({>", c)) {
            r_.message = "expected a node id before " + describe(text_, p_);
            r_.hint = "write the target's id before its shape: `A " + std::string(link.text) +
                      " B[text]`";
        } else if (c == '|') {
            r_.message = "an edge label written as `-- text -->` cannot also have `|text|`";
            r_.hint = "keep one of the two labels";
        } else if (link_without_source()) {
            r_.message =
                "two edges in a row: `" + std::string(link.text) + "` then " + describe(text_, p_);
            r_.hint = "put a node between them";
        }
    }

    const SyntaxError& error_;
    const ParseState& st_;
    std::string_view text_;
    std::size_t statement_start_;
    const Diagnostics& diagnostics_;
    std::size_t p_;
    std::string_view detail_;
    Report r_;
};

} // namespace

Resume report_syntax_error(const SyntaxError& error, const ParseState& state, std::string_view text,
                           std::size_t statement_start, Diagnostics& diagnostics) {
    Report report = Reporter(error, state, text, statement_start, diagnostics).run();
    auto& d = diagnostics.error(report.begin, report.end, std::move(report.message),
                                std::move(report.hint));
    for (auto& n : report.notes) {
        diagnostics.note(d, n.begin, n.end, std::move(n.message));
    }
    return report.resume;
}

} // namespace merrow::parser::flowchart
