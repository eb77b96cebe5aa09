#include "preprocess.hpp"

#include <algorithm>
#include <cstddef>

namespace merrow::parser {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

bool is_space(char c) {
    return is_blank(c) || c == '\n';
}

bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::size_t line_end(const std::string& text, std::size_t from) {
    const std::size_t nl = text.find('\n', from);
    return nl == std::string::npos ? text.size() : nl;
}

// Blanks [begin, end) but keeps line breaks, so lines and columns stay where they were.
void blank_out(std::string& text, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end && i < text.size(); ++i) {
        if (text[i] != '\n') {
            text[i] = ' ';
        }
    }
}

void normalise_line_ends(std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            text[i] = (i + 1 < text.size() && text[i + 1] == '\n') ? ' ' : '\n';
        }
    }
}

// Inside an HTML tag, `attr="x"` becomes `attr='x'` so that the quote does not start a string.
// Mermaid does this first, over the whole text.
void requote_tag_attributes(std::string& text) {
    std::size_t next_close = 0; // the next '>' at or after the scan position (npos: none left)
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '<' || !is_word(text[i + 1])) {
            continue;
        }
        if (next_close != std::string::npos && next_close <= i) {
            next_close = text.find('>', i + 1);
        }
        if (next_close == std::string::npos) {
            return;
        }
        for (std::size_t k = i + 1; k + 1 < next_close; ++k) {
            if (text[k] != '=' || text[k + 1] != '"') {
                continue;
            }
            const std::size_t end = text.find('"', k + 2);
            if (end == std::string::npos || end >= next_close) {
                break;
            }
            text[k + 1] = '\'';
            text[end] = '\'';
            k = end;
        }
        i = next_close;
    }
}

// Mermaid 12's frontmatter: at the very start, optionally indented, `---`, a line break, the
// YAML, then a line with the same indentation and `---`. Returns nothing when the text does not
// start that way; reports a block that is opened but never closed.
std::optional<FrontmatterBlock> find_frontmatter(std::string& text, std::size_t start,
                                                 Diagnostics& diagnostics, Prepared& out) {
    std::size_t cursor = start;
    while (cursor < text.size() && is_blank(text[cursor])) {
        ++cursor;
    }
    if (text.compare(cursor, 3, "---") != 0) {
        return std::nullopt;
    }
    const std::size_t indent = cursor - start;
    // The opening fence's line may only hold blanks after `---`; blank lines may follow.
    std::size_t body_begin = std::string::npos;
    for (std::size_t i = cursor + 3; i < text.size() && is_space(text[i]); ++i) {
        if (text[i] == '\n') {
            body_begin = i + 1;
            break;
        }
    }
    if (body_begin == std::string::npos) {
        return std::nullopt; // `---x`: not a fence, and not a diagram either (reported later)
    }
    const std::string_view prefix(text.data() + start, indent);
    auto closes_at = [&](std::size_t line) {
        if (text.compare(line, indent, prefix) != 0 || text.compare(line + indent, 3, "---") != 0) {
            return false;
        }
        // Only blanks may follow on the fence's line. (Mermaid also wants a line break after it;
        // at the very end of the text the diagram is simply empty, which is reported as such.)
        std::size_t i = line + indent + 3;
        while (i < text.size() && is_blank(text[i])) {
            ++i;
        }
        return i == text.size() || text[i] == '\n';
    };
    // The closing fence needs a line break before it, so it cannot be the body's first line.
    for (std::size_t line = line_end(text, body_begin) + 1; line < text.size();) {
        if (closes_at(line)) {
            FrontmatterBlock block;
            block.fence = cursor;
            block.body_begin = body_begin;
            block.body_end = line - 1;
            block.indent = indent;
            const std::size_t end = line_end(text, line);
            blank_out(text, start, end);
            out.removed.emplace_back(start, std::min(end + 1, text.size()));
            return block;
        }
        line = line_end(text, line) + 1;
    }
    diagnostics.error(cursor, cursor + 3, "the frontmatter opened here is never closed",
                      "end the YAML block with a line containing only `---`");
    blank_out(text, start, line_end(text, cursor));
    return std::nullopt;
}

// `%%{ type: args }%%` anywhere, possibly over several lines, as Mermaid's directive pattern
// reads it: a word, an optional `:`, then everything up to the first `}%%`.
std::vector<DirectiveBlock> find_directives(std::string& text, Diagnostics& diagnostics,
                                            Prepared& out) {
    std::vector<DirectiveBlock> found;
    std::size_t pos = 0;
    while ((pos = text.find("%%{", pos)) != std::string::npos) {
        std::size_t i = pos + 3;
        while (i < text.size() && is_space(text[i])) {
            ++i;
        }
        const std::size_t type_begin = i;
        while (i < text.size() && is_word(text[i])) {
            ++i;
        }
        const std::size_t close = text.find("}%%", pos + 3);
        if (i == type_begin) {
            const std::size_t end = close == std::string::npos ? line_end(text, pos) : close + 3;
            diagnostics.error(pos, pos + 3, "`%%{` starts a directive, but no name follows",
                              "write `%%{init: {\"theme\": \"forest\"}}%%`, or for a comment "
                              "`%% text` without the brace");
            blank_out(text, pos, end);
            pos = end;
            continue;
        }
        if (close == std::string::npos) {
            const std::size_t end = line_end(text, pos);
            diagnostics.error(pos, pos + 3, "this directive is never closed",
                              "a directive ends with `}%%`; Mermaid would read the rest of the "
                              "diagram as part of it");
            blank_out(text, pos, end);
            pos = end;
            continue;
        }
        DirectiveBlock block;
        block.begin = pos;
        block.end = close + 3;
        block.type = text.substr(type_begin, i - type_begin);
        block.type_offset = type_begin;
        std::size_t args = i;
        while (args < close && is_space(text[args])) {
            ++args;
        }
        if (args < close && text[args] == ':') {
            ++args;
        }
        while (args < close && is_space(text[args])) {
            ++args;
        }
        std::size_t args_end = close;
        while (args_end > args && is_space(text[args_end - 1])) {
            --args_end;
        }
        block.args_begin = args;
        block.args_end = args_end;
        found.push_back(block);
        pos = close + 3;
    }
    // The caller reads the arguments from the source, so they can go from the text now.
    for (const DirectiveBlock& block : found) {
        blank_out(text, block.begin, block.end);
        out.removed.emplace_back(block.begin, block.end);
    }
    return found;
}

// A line whose first non-blank characters are `%%` and something more is a comment. `%%` after
// code is not, and neither is a bare `%%` line: Mermaid's pattern needs a character after it, so
// the line stays and becomes a node called `%%`.
void strip_comments(std::string& text, Diagnostics& diagnostics, Prepared& out) {
    std::size_t line = 0;
    while (line < text.size()) {
        std::size_t i = line;
        while (i < text.size() && is_blank(text[i])) {
            ++i;
        }
        const std::size_t end = line_end(text, line);
        if (text.compare(i, 2, "%%") == 0) {
            if (i + 2 < end) {
                blank_out(text, i, end);
                out.removed.emplace_back(line, std::min(end + 1, text.size()));
            } else {
                diagnostics.warning(i, i + 2,
                                    "a bare `%%` is not a comment: Mermaid reads it as a node "
                                    "called `%%`",
                                    "write some text after `%%`, or remove the line");
            }
        }
        line = end + 1;
    }
}

// Mermaid's entity pre-encoding, step one: on a line where `style` (or `classDef`) is followed by
// `:`, a colour-like `…#…` and a `;`, the last `;` of the line is dropped, so that `fill:#fff;`
// is not read as the entity `#fff;`.
void drop_style_semicolon(std::string& text, std::size_t begin, std::size_t end,
                          std::string_view keyword) {
    const std::string_view line(text.data() + begin, end - begin);
    const std::size_t at = line.find(keyword);
    if (at == std::string_view::npos) {
        return;
    }
    bool colon_in_run = false; // a `:` in the current run of non-blank characters
    std::size_t hash = std::string_view::npos;
    for (std::size_t i = at + keyword.size(); i < line.size(); ++i) {
        const char c = line[i];
        if (is_blank(c)) {
            colon_in_run = false;
        } else if (c == ':') {
            colon_in_run = true;
        } else if (c == '#' && colon_in_run) {
            hash = i;
            break;
        }
    }
    if (hash == std::string_view::npos) {
        return;
    }
    const std::size_t semicolon = line.rfind(';');
    if (semicolon != std::string_view::npos && semicolon > hash) {
        text[begin + semicolon] = ' ';
    }
}

// Step two: `#name;` and `#123;` are protected, so that their `;` is text, not a separator.
void protect_entities(std::string& text) {
    for (std::size_t line = 0; line < text.size();) {
        const std::size_t end = line_end(text, line);
        drop_style_semicolon(text, line, end, "style");
        drop_style_semicolon(text, line, end, "classDef");
        line = end + 1;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '#') {
            continue;
        }
        std::size_t k = i + 1;
        while (k < text.size() && is_word(text[k])) {
            ++k;
        }
        if (k > i + 1 && k < text.size() && text[k] == ';') {
            text[k] = protected_semicolon;
            i = k;
        }
    }
}

} // namespace

std::size_t mermaid_text_length(const Prepared& prepared) {
    const std::string& text = prepared.text;
    std::size_t units = 0;
    bool leading = true;
    auto next_removed = prepared.removed.begin();
    for (std::size_t i = 0; i < text.size(); ++i) {
        while (next_removed != prepared.removed.end() && next_removed->second <= i) {
            ++next_removed;
        }
        if (next_removed != prepared.removed.end() && next_removed->first <= i) {
            i = next_removed->second - 1; // cut out
            continue;
        }
        const auto byte = static_cast<unsigned char>(text[i]);
        if (leading && (is_space(text[i]) || byte == '\r')) {
            continue;
        }
        leading = false;
        // One unit per code point, two for those outside the BMP (4-byte sequences).
        if ((byte & 0xC0U) != 0x80U) {
            units += byte >= 0xF0 ? 2 : 1;
        }
    }
    return units;
}

std::string restore_protected(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c == protected_semicolon) {
            c = ';';
        }
    }
    return out;
}

Prepared preprocess(std::string_view source, Diagnostics& diagnostics) {
    Prepared out;
    out.text.assign(source);
    std::string& text = out.text;
    std::size_t start = 0;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        blank_out(text, 0, 3);
        start = 3;
    }
    normalise_line_ends(text);
    requote_tag_attributes(text);
    out.frontmatter = find_frontmatter(text, start, diagnostics, out);
    out.directives = find_directives(text, diagnostics, out);
    strip_comments(text, diagnostics, out);
    std::sort(out.removed.begin(), out.removed.end());
    protect_entities(text);
    return out;
}

} // namespace merrow::parser
