// Finds mermaid fences with CommonMark's block structure (the part of it that decides where a
// fenced code block is and what its content lines are): block quotes and list items as
// containers, lazy paragraph continuation, indented code, HTML blocks, thematic breaks and
// headings, front matter. Inline syntax never matters for fences, so it is not parsed.
#include "merrow/cli/markdown_blocks.hpp"

#include "sha256.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <optional>

namespace merrow::cli {

namespace {

struct Line {
    std::string_view text; ///< without '\n' and one '\r' before it
    std::size_t offset = 0;
    std::size_t number = 1; ///< 1-based
    std::size_t next = 0;   ///< offset of the following line
};

/// A place in a line. Tabs advance to the next multiple of 4 columns; when indentation removal
/// takes only part of a tab, the rest of it (`partial` columns) still counts as spaces.
struct Cursor {
    std::size_t pos = 0;
    std::size_t column = 0;
    std::size_t partial = 0;
};

bool is_space_or_tab(char c) {
    return c == ' ' || c == '\t';
}

std::size_t tab_width(std::size_t column) {
    return 4 - column % 4;
}

/// Columns of spaces and tabs at the cursor.
std::size_t indentation(const Line& line, Cursor c) {
    std::size_t columns = c.partial;
    c.column += c.partial;
    for (; c.pos < line.text.size() && is_space_or_tab(line.text[c.pos]); ++c.pos) {
        const std::size_t w = line.text[c.pos] == '\t' ? tab_width(c.column) : 1;
        columns += w;
        c.column += w;
    }
    return columns;
}

/// Removes up to `n` columns of spaces and tabs.
Cursor skip_columns(const Line& line, Cursor c, std::size_t n) {
    const std::size_t from_partial = std::min(c.partial, n);
    c.partial -= from_partial;
    c.column += from_partial;
    n -= from_partial;
    while (n > 0 && c.partial == 0 && c.pos < line.text.size() &&
           is_space_or_tab(line.text[c.pos])) {
        const std::size_t w = line.text[c.pos] == '\t' ? tab_width(c.column) : 1;
        ++c.pos;
        if (w <= n) {
            c.column += w;
            n -= w;
        } else {
            c.column += n;
            c.partial = w - n;
            n = 0;
        }
    }
    return c;
}

Cursor skip_whitespace(const Line& line, Cursor c) {
    return skip_columns(line, c, std::string_view::npos);
}

/// The first character at or after the cursor that is not a space or tab ('\0' at the end).
char first_char(const Line& line, Cursor c) {
    c = skip_whitespace(line, c);
    return c.pos < line.text.size() ? line.text[c.pos] : '\0';
}

bool rest_is_blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char ch) { return is_space_or_tab(ch) || ch == '\r'; });
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

bool contains_ci(std::string_view text, std::string_view needle) {
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
        if (starts_with_ci(text.substr(i), needle)) {
            return true;
        }
    }
    return false;
}

// --- HTML blocks (CommonMark §4.6): a fence inside one is raw HTML, not a code block.

constexpr std::array<std::string_view, 62> block_tags{
    "address",  "article",  "aside",    "base",       "basefont", "blockquote", "body",   "caption",
    "center",   "col",      "colgroup", "dd",         "details",  "dialog",     "dir",    "div",
    "dl",       "dt",       "fieldset", "figcaption", "figure",   "footer",     "form",   "frame",
    "frameset", "h1",       "h2",       "h3",         "h4",       "h5",         "h6",     "head",
    "header",   "hr",       "html",     "iframe",     "legend",   "li",         "link",   "main",
    "menu",     "menuitem", "nav",      "noframes",   "ol",       "optgroup",   "option", "p",
    "param",    "search",   "section",  "source",     "summary",  "table",      "tbody",  "td",
    "tfoot",    "th",       "thead",    "title",      "tr",       "ul"};

bool tag_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
}

/// A complete open or closing tag alone on its line (type 7).
bool is_lone_tag(std::string_view rest) {
    std::size_t i = 1;
    if (i < rest.size() && rest[i] == '/') {
        ++i;
    }
    if (i >= rest.size() || std::isalpha(static_cast<unsigned char>(rest[i])) == 0) {
        return false;
    }
    while (i < rest.size() && tag_name_char(rest[i])) {
        ++i;
    }
    char quote = 0;
    for (; i < rest.size(); ++i) {
        const char c = rest[i];
        if (quote != 0) {
            quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '<') {
            return false;
        } else if (c == '>') {
            return rest_is_blank(rest.substr(i + 1));
        }
    }
    return false;
}

/// The HTML block type (1–7) that starts at `rest` (which begins after the indentation), or 0.
int html_block_start(std::string_view rest, bool interrupts_paragraph) {
    if (rest.empty() || rest[0] != '<') {
        return 0;
    }
    const auto ends_name = [](std::string_view after) {
        return after.empty() || is_space_or_tab(after[0]) || after[0] == '>' || after[0] == '\r';
    };
    for (std::string_view tag : {"<script", "<pre", "<style", "<textarea"}) {
        if (starts_with_ci(rest, tag) && ends_name(rest.substr(tag.size()))) {
            return 1;
        }
    }
    if (rest.starts_with("<!--")) {
        return 2;
    }
    if (rest.starts_with("<?")) {
        return 3;
    }
    if (rest.starts_with("<![CDATA[")) {
        return 5;
    }
    if (rest.size() > 2 && rest[1] == '!' && std::isalpha(static_cast<unsigned char>(rest[2]))) {
        return 4;
    }
    const std::size_t name_begin = rest.size() > 1 && rest[1] == '/' ? 2 : 1;
    std::size_t name_end = name_begin;
    while (name_end < rest.size() && tag_name_char(rest[name_end])) {
        ++name_end;
    }
    const std::string_view name = rest.substr(name_begin, name_end - name_begin);
    const std::string_view after = rest.substr(name_end);
    if (!name.empty() && (ends_name(after) || after.starts_with("/>"))) {
        for (std::string_view tag : block_tags) {
            if (name.size() == tag.size() && starts_with_ci(name, tag)) {
                return 6;
            }
        }
    }
    if (!interrupts_paragraph && is_lone_tag(rest)) {
        return 7;
    }
    return 0;
}

bool html_block_ends(int type, std::string_view text) {
    switch (type) {
    case 1:
        return contains_ci(text, "</script>") || contains_ci(text, "</pre>") ||
               contains_ci(text, "</style>") || contains_ci(text, "</textarea>");
    case 2:
        return text.find("-->") != std::string_view::npos;
    case 3:
        return text.find("?>") != std::string_view::npos;
    case 4:
        return text.find('>') != std::string_view::npos;
    case 5:
        return text.find("]]>") != std::string_view::npos;
    default:
        return false; // types 6 and 7 end at a blank line
    }
}

// --- Other leaf block starts.

/// `***`, `---`, `___` (three or more, spaces allowed between).
bool is_thematic_break(std::string_view rest) {
    const char marker = rest.empty() ? '\0' : rest[0];
    if (marker != '*' && marker != '-' && marker != '_') {
        return false;
    }
    std::size_t count = 0;
    for (char c : rest) {
        if (c == marker) {
            ++count;
        } else if (!is_space_or_tab(c) && c != '\r') {
            return false;
        }
    }
    return count >= 3;
}

bool is_atx_heading(std::string_view rest) {
    std::size_t n = 0;
    while (n < rest.size() && rest[n] == '#') {
        ++n;
    }
    return n >= 1 && n <= 6 && (n == rest.size() || is_space_or_tab(rest[n]));
}

bool is_setext_underline(std::string_view rest) {
    const char marker = rest.empty() ? '\0' : rest[0];
    if (marker != '=' && marker != '-') {
        return false;
    }
    std::size_t i = 0;
    while (i < rest.size() && rest[i] == marker) {
        ++i;
    }
    return rest_is_blank(rest.substr(i));
}

struct Fence {
    char marker = '`';
    std::size_t length = 0;
    std::string_view info;
};

std::optional<Fence> fence_start(std::string_view rest) {
    if (rest.empty() || (rest[0] != '`' && rest[0] != '~')) {
        return std::nullopt;
    }
    Fence fence;
    fence.marker = rest[0];
    while (fence.length < rest.size() && rest[fence.length] == fence.marker) {
        ++fence.length;
    }
    if (fence.length < 3) {
        return std::nullopt;
    }
    fence.info = rest.substr(fence.length);
    // A backtick fence's info string cannot hold a backtick (it would be inline code).
    if (fence.marker == '`' && fence.info.find('`') != std::string_view::npos) {
        return std::nullopt;
    }
    return fence;
}

bool closes_fence(std::string_view rest, char marker, std::size_t length) {
    std::size_t n = 0;
    while (n < rest.size() && rest[n] == marker) {
        ++n;
    }
    return n >= length && rest_is_blank(rest.substr(n));
}

struct ListMarker {
    std::size_t width = 0; ///< bytes (and columns) of the marker
    bool ordered = false;
    bool starts_at_one = true;
};

std::optional<ListMarker> list_marker(std::string_view rest) {
    ListMarker m;
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '+' || rest[0] == '*')) {
        m.width = 1;
    } else {
        std::size_t digits = 0;
        while (digits < rest.size() && digits < 10 &&
               std::isdigit(static_cast<unsigned char>(rest[digits])) != 0) {
            ++digits;
        }
        if (digits == 0 || digits > 9 || digits >= rest.size() ||
            (rest[digits] != '.' && rest[digits] != ')')) {
            return std::nullopt;
        }
        m.ordered = true;
        m.starts_at_one =
            rest.substr(0, digits).find_first_not_of('0') == digits - 1 && rest[digits - 1] == '1';
        m.width = digits + 1;
    }
    if (m.width < rest.size() && !is_space_or_tab(rest[m.width]) && rest[m.width] != '\r') {
        return std::nullopt;
    }
    return m;
}

// --- Fence info strings: the type word and Hugo's `{…}` attributes.

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

void add_attribute(std::vector<std::pair<std::string, std::string>>& attributes, std::string key,
                   std::string value) {
    if (key == "class") {
        for (auto& [k, v] : attributes) {
            if (k == "class") {
                v += v.empty() ? value : " " + value;
                return;
            }
        }
    }
    attributes.emplace_back(std::move(key), std::move(value));
}

std::vector<std::pair<std::string, std::string>> parse_attributes(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> attributes;
    std::size_t i = 0;
    const auto skip_blanks = [&] {
        while (i < text.size() && (is_space_or_tab(text[i]) || text[i] == ',')) {
            ++i;
        }
    };
    const auto word = [&] {
        const std::size_t begin = i;
        while (i < text.size() && !is_space_or_tab(text[i]) && text[i] != '=' && text[i] != '}') {
            ++i;
        }
        return text.substr(begin, i - begin);
    };
    while (true) {
        skip_blanks();
        if (i >= text.size() || text[i] == '}') {
            break;
        }
        if (text[i] == '.' || text[i] == '#') {
            const bool is_class = text[i] == '.';
            ++i;
            const std::string_view name = word();
            if (!name.empty()) {
                add_attribute(attributes, is_class ? "class" : "id", std::string(name));
            }
            continue;
        }
        const std::string_view key = word();
        if (key.empty()) {
            ++i; // a stray character: skip it rather than loop
            continue;
        }
        if (i >= text.size() || text[i] != '=') {
            continue; // a bare word carries no value
        }
        ++i;
        std::string value;
        if (i < text.size() && (text[i] == '"' || text[i] == '\'')) {
            const char quote = text[i++];
            while (i < text.size() && text[i] != quote) {
                if (text[i] == '\\' && i + 1 < text.size()) {
                    ++i;
                }
                value += text[i++];
            }
            ++i;
        } else {
            value = std::string(word());
        }
        add_attribute(attributes, lower(key), std::move(value));
    }
    return attributes;
}

/// The attributes of a mermaid fence, or nothing if the info string's first word is not
/// "mermaid".
std::optional<std::vector<std::pair<std::string, std::string>>>
mermaid_info(std::string_view info) {
    std::size_t begin = 0;
    while (begin < info.size() && is_space_or_tab(info[begin])) {
        ++begin;
    }
    std::size_t end = begin;
    while (end < info.size() && !is_space_or_tab(info[end]) && info[end] != '{' &&
           info[end] != '\r') {
        ++end;
    }
    if (info.substr(begin, end - begin) != "mermaid") {
        return std::nullopt;
    }
    const std::size_t open = info.find('{', end);
    if (open == std::string_view::npos) {
        return std::vector<std::pair<std::string, std::string>>{};
    }
    const std::size_t close = info.rfind('}');
    const std::size_t inner_end =
        close == std::string_view::npos || close < open ? info.size() : close;
    return parse_attributes(info.substr(open + 1, inner_end - open - 1));
}

// --- Front matter (Hugo: YAML `---`, TOML `+++`, JSON `{…}` at the very start).

/// The offset where the Markdown body begins (0 without front matter).
std::size_t front_matter_end(std::string_view doc) {
    std::size_t start = doc.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    const auto line_at = [&](std::size_t at, std::size_t& next) {
        std::size_t end = doc.find('\n', at);
        next = end == std::string_view::npos ? doc.size() : end + 1;
        std::string_view l =
            doc.substr(at, (end == std::string_view::npos ? doc.size() : end) - at);
        while (!l.empty() && (l.back() == '\r' || is_space_or_tab(l.back()))) {
            l.remove_suffix(1);
        }
        return l;
    };
    std::size_t next = 0;
    const std::string_view first = line_at(start, next);
    if (first == "---" || first == "+++") {
        for (std::size_t at = next; at < doc.size();) {
            std::size_t after = 0;
            if (line_at(at, after) == first) {
                return after;
            }
            at = after;
        }
        return 0; // never closed: Hugo rejects the file; read it all as Markdown
    }
    if (!first.empty() && first[0] == '{') {
        int depth = 0;
        bool in_string = false;
        for (std::size_t i = start; i < doc.size(); ++i) {
            const char c = doc[i];
            if (in_string) {
                if (c == '\\') {
                    ++i;
                } else if (c == '"') {
                    in_string = false;
                }
            } else if (c == '"') {
                in_string = true;
            } else if (c == '{') {
                ++depth;
            } else if (c == '}' && --depth == 0) {
                const std::size_t end = doc.find('\n', i);
                return end == std::string_view::npos ? doc.size() : end + 1;
            }
        }
        return 0;
    }
    return 0;
}

// --- The block parser.

enum class ContainerKind { quote, item };

struct Container {
    ContainerKind kind = ContainerKind::quote;
    std::size_t content_indent = 0; ///< list items: columns from the parent's content start
};

enum class Leaf { none, paragraph, fence, indented_code, html };

class BlockScanner {
  public:
    explicit BlockScanner(std::string_view doc) : doc_(doc) {}

    std::vector<MermaidBlock> run() {
        std::size_t offset = front_matter_end(doc_);
        std::size_t number =
            1 + static_cast<std::size_t>(std::count(
                    doc_.begin(), doc_.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
        while (offset < doc_.size()) {
            Line line;
            line.offset = offset;
            line.number = number++;
            const std::size_t end = doc_.find('\n', offset);
            const std::size_t text_end = end == std::string_view::npos ? doc_.size() : end;
            line.next = end == std::string_view::npos ? doc_.size() : end + 1;
            line.text = doc_.substr(offset, text_end - offset);
            if (!line.text.empty() && line.text.back() == '\r') {
                line.text.remove_suffix(1);
            }
            process(line);
            offset = line.next;
        }
        if (leaf_ == Leaf::fence) {
            finish_fence(doc_.size(), false);
        }
        return std::move(blocks_);
    }

  private:
    bool match(const Container& container, const Line& line, Cursor& c) const {
        if (container.kind == ContainerKind::quote) {
            if (indentation(line, c) > 3 || first_char(line, c) != '>') {
                return false;
            }
            c = skip_whitespace(line, c);
            ++c.pos;
            ++c.column;
            // One space (or one column of a tab) after '>' belongs to the marker.
            if (c.pos < line.text.size() && is_space_or_tab(line.text[c.pos])) {
                c = skip_columns(line, c, 1);
            }
            return true;
        }
        if (rest_is_blank(line.text.substr(c.pos))) {
            c = skip_whitespace(line, c);
            return true;
        }
        if (indentation(line, c) < container.content_indent) {
            return false;
        }
        c = skip_columns(line, c, container.content_indent);
        return true;
    }

    void process(const Line& line) {
        Cursor c;
        std::size_t matched = 0;
        while (matched < open_.size() && match(open_[matched], line, c)) {
            ++matched;
        }
        const bool all_matched = matched == open_.size();

        if (leaf_ == Leaf::fence) {
            if (all_matched) {
                const Cursor at = skip_whitespace(line, c);
                if (indentation(line, c) <= 3 && at.partial == 0 &&
                    closes_fence(line.text.substr(at.pos), fence_.marker, fence_.length)) {
                    finish_fence(line.next, true);
                    leaf_ = Leaf::none;
                    return;
                }
                add_fence_line(line, skip_columns(line, c, fence_.indent));
                return;
            }
            // The container ended, and the fence inside it with it.
            finish_fence(line.offset, false);
            leaf_ = Leaf::none;
        }
        if (leaf_ == Leaf::html && all_matched) {
            if (html_type_ >= 6 && rest_is_blank(line.text.substr(c.pos))) {
                leaf_ = Leaf::none;
                return;
            }
            if (html_block_ends(html_type_, line.text.substr(c.pos))) {
                leaf_ = Leaf::none;
            }
            return;
        }
        if (leaf_ == Leaf::html) {
            leaf_ = Leaf::none;
        }

        // New containers and leaf blocks, left to right.
        while (true) {
            const std::string_view rest_raw = line.text.substr(c.pos);
            if (rest_is_blank(rest_raw)) {
                open_.resize(matched);
                if (leaf_ != Leaf::indented_code) {
                    leaf_ = Leaf::none;
                }
                return;
            }
            const std::size_t indent = indentation(line, c);
            const bool paragraph = leaf_ == Leaf::paragraph;
            if (indent >= 4) {
                if (paragraph) {
                    return; // continuation text (lazy if containers did not match)
                }
                open_.resize(matched);
                leaf_ = Leaf::indented_code;
                return;
            }
            const Cursor at = skip_whitespace(line, c);
            const std::string_view rest = line.text.substr(at.pos);
            if (rest[0] == '>') {
                open_.resize(matched);
                open_.push_back({ContainerKind::quote, 0});
                matched = open_.size();
                leaf_ = Leaf::none;
                const bool ok = match(open_.back(), line, c);
                (void)ok; // the '>' is right there
                continue;
            }
            if (auto fence = fence_start(rest)) {
                open_.resize(matched);
                start_fence(line, at, *fence, indent);
                return;
            }
            if (int type = html_block_start(rest, paragraph); type != 0) {
                open_.resize(matched);
                leaf_ = Leaf::html;
                html_type_ = type;
                if (html_block_ends(type, rest)) {
                    leaf_ = Leaf::none;
                }
                return;
            }
            if (paragraph && all_matched && is_setext_underline(rest)) {
                leaf_ = Leaf::none;
                return;
            }
            if (is_thematic_break(rest) || is_atx_heading(rest)) {
                open_.resize(matched);
                leaf_ = Leaf::none;
                return;
            }
            if (auto marker = list_marker(rest)) {
                Cursor after = at;
                after.pos += marker->width;
                after.column += marker->width;
                const bool empty_item = rest_is_blank(line.text.substr(after.pos));
                // A list item interrupts a paragraph only if it has content and, when
                // ordered, starts at 1.
                if (!paragraph || (!empty_item && (!marker->ordered || marker->starts_at_one))) {
                    const std::size_t spaces = indentation(line, after);
                    const std::size_t gap = empty_item || spaces > 4 ? 1 : spaces;
                    const std::size_t before = at.column - c.column;
                    open_.resize(matched);
                    open_.push_back({ContainerKind::item, before + marker->width + gap});
                    matched = open_.size();
                    leaf_ = Leaf::none;
                    c = empty_item ? skip_whitespace(line, after) : skip_columns(line, after, gap);
                    continue;
                }
            }
            if (paragraph) {
                return; // continuation text (lazy if containers did not match)
            }
            open_.resize(matched);
            leaf_ = Leaf::paragraph;
            return;
        }
    }

    void start_fence(const Line& line, Cursor at, const Fence& fence, std::size_t indent) {
        leaf_ = Leaf::fence;
        fence_.marker = fence.marker;
        fence_.length = fence.length;
        fence_.indent = indent;
        fence_.block.reset();
        if (auto attributes = mermaid_info(fence.info)) {
            MermaidBlock block;
            block.first_line = line.number + 1;
            block.indent = at.pos; // container markers and indentation are ASCII
            block.begin_offset = line.offset;
            block.attributes = std::move(*attributes);
            fence_.block = std::move(block);
        }
    }

    void add_fence_line(const Line& line, Cursor c) {
        if (!fence_.block) {
            return;
        }
        MermaidBlock& block = *fence_.block;
        MermaidLineOrigin origin;
        origin.offset = line.offset + c.pos;
        origin.column = static_cast<std::uint32_t>(c.pos + 1);
        origin.padding = static_cast<std::uint32_t>(c.partial);
        block.line_origins.push_back(origin);
        block.text.append(c.partial, ' ');
        block.text += line.text.substr(c.pos);
        block.text += '\n';
    }

    void finish_fence(std::size_t end_offset, bool closed) {
        if (fence_.block) {
            fence_.block->end_offset = end_offset;
            fence_.block->closed = closed;
            blocks_.push_back(std::move(*fence_.block));
            fence_.block.reset();
        }
    }

    struct OpenFence {
        char marker = '`';
        std::size_t length = 0;
        std::size_t indent = 0;
        std::optional<MermaidBlock> block; ///< set while inside a mermaid fence
    };

    std::string_view doc_;
    std::vector<Container> open_;
    Leaf leaf_ = Leaf::none;
    int html_type_ = 0;
    OpenFence fence_;
    std::vector<MermaidBlock> blocks_;
};

std::uint32_t code_points(std::string_view text) {
    return static_cast<std::uint32_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

} // namespace

std::string MermaidBlock::attribute(std::string_view key, std::string_view fallback) const {
    for (const auto& [k, v] : attributes) {
        if (k == key) {
            return v;
        }
    }
    return std::string(fallback);
}

std::vector<MermaidBlock> find_mermaid_blocks(std::string_view markdown) {
    return BlockScanner(markdown).run();
}

model::Diagnostic to_file_position(const MermaidBlock& block, model::Diagnostic diagnostic) {
    // Where each line of the block's text starts, to turn text offsets into line offsets.
    std::vector<std::size_t> text_starts{0};
    for (std::size_t i = 0; i < block.text.size(); ++i) {
        if (block.text[i] == '\n' && i + 1 < block.text.size()) {
            text_starts.push_back(i + 1);
        }
    }
    const auto map = [&](model::SourcePos pos) {
        if (block.line_origins.empty()) {
            pos.line = static_cast<std::uint32_t>(block.first_line);
            pos.column = static_cast<std::uint32_t>(block.indent + 1);
            pos.offset = block.end_offset;
            return pos;
        }
        const std::size_t last = block.line_origins.size() - 1;
        std::size_t index = pos.line >= 1 ? pos.line - 1 : 0;
        std::size_t column = pos.column >= 1 ? pos.column - 1 : 0; // code points into the line
        std::size_t byte = pos.offset >= text_starts[std::min(index, text_starts.size() - 1)]
                               ? pos.offset - text_starts[std::min(index, text_starts.size() - 1)]
                               : 0;
        if (index > last) {
            // Past the text (the end of input): the end of the last line.
            index = last;
            const std::size_t begin = text_starts[std::min(last, text_starts.size() - 1)];
            std::string_view text_line = std::string_view(block.text).substr(begin);
            if (!text_line.empty() && text_line.back() == '\n') {
                text_line.remove_suffix(1);
            }
            column = code_points(text_line);
            byte = text_line.size();
        }
        const MermaidLineOrigin& origin = block.line_origins[index];
        pos.line = static_cast<std::uint32_t>(block.first_line + index);
        pos.column = origin.column + static_cast<std::uint32_t>(
                                         column > origin.padding ? column - origin.padding : 0);
        pos.offset = origin.offset + (byte > origin.padding ? byte - origin.padding : 0);
        return pos;
    };
    diagnostic.range.begin = map(diagnostic.range.begin);
    diagnostic.range.end = map(diagnostic.range.end);
    for (model::RelatedNote& note : diagnostic.notes) {
        note.range.begin = map(note.range.begin);
        note.range.end = map(note.range.end);
    }
    // Messages may name a place in the diagram ("the label opened at 2:4"): move it too.
    std::string& message = diagnostic.message;
    const auto digits_end = [&](std::size_t i) {
        while (i < message.size() && std::isdigit(static_cast<unsigned char>(message[i])) != 0) {
            ++i;
        }
        return i;
    };
    for (std::size_t at = message.find("at "); at != std::string::npos;
         at = message.find("at ", at + 3)) {
        const std::size_t line_begin = at + 3;
        const std::size_t line_end = digits_end(line_begin);
        if (line_end == line_begin || line_end >= message.size() || message[line_end] != ':') {
            continue;
        }
        const std::size_t column_end = digits_end(line_end + 1);
        const bool word_start =
            at == 0 || std::isalnum(static_cast<unsigned char>(message[at - 1])) == 0;
        // Short numbers only (a line and column, not some long figure in the text).
        if (column_end == line_end + 1 || !word_start || line_end - line_begin > 6 ||
            column_end - line_end > 7 || message[line_begin] == '0') {
            continue;
        }
        model::SourcePos pos;
        pos.line = static_cast<std::uint32_t>(
            std::stoul(message.substr(line_begin, line_end - line_begin)));
        pos.column = static_cast<std::uint32_t>(
            std::stoul(message.substr(line_end + 1, column_end - line_end - 1)));
        if (pos.line > block.line_origins.size()) {
            continue; // not a place in this diagram
        }
        pos.offset = text_starts[std::min<std::size_t>(pos.line - 1, text_starts.size() - 1)] +
                     pos.column - 1; // only the line and column are shown
        const model::SourcePos moved = map(pos);
        const std::string replacement =
            std::to_string(moved.line) + ":" + std::to_string(moved.column);
        message.replace(line_begin, column_end - line_begin, replacement);
        at = line_begin + replacement.size() - 3;
    }
    return diagnostic;
}

std::string mermaid_text_key(std::string_view text, std::string_view theme) {
    // As the template: CRLF → LF, then trim " \t\r\n" at both ends.
    std::string normal;
    normal.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;
        }
        normal += text[i];
    }
    const auto blank = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    std::size_t begin = 0;
    std::size_t end = normal.size();
    while (begin < end && blank(normal[begin])) {
        ++begin;
    }
    while (end > begin && blank(normal[end - 1])) {
        --end;
    }
    std::string keyed = normal.substr(begin, end - begin);
    if (!theme.empty()) {
        keyed += "\n%% theme: ";
        keyed += theme;
    }
    return detail::sha256_hex(keyed);
}

std::string mermaid_block_key(const MermaidBlock& block) {
    return mermaid_text_key(block.text, block.attribute("theme"));
}

} // namespace merrow::cli
