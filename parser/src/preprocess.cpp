#include "preprocess.hpp"

#include <cstddef>

namespace merrow::parser {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
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

// `---` on the first line (after a byte order mark, if any) starts YAML frontmatter, closed by
// the next `---` line.
void handle_frontmatter(std::string& text, std::size_t start, Diagnostics& diagnostics) {
    auto is_fence = [&](std::size_t begin) {
        if (text.compare(begin, 3, "---") != 0) {
            return false;
        }
        const std::size_t end = line_end(text, begin);
        for (std::size_t i = begin + 3; i < end; ++i) {
            if (!is_blank(text[i])) {
                return false;
            }
        }
        return true;
    };
    if (!is_fence(start)) {
        return;
    }
    std::size_t line = line_end(text, start);
    while (line < text.size()) {
        const std::size_t next = line + 1;
        if (is_fence(next)) {
            const std::size_t close = line_end(text, next);
            diagnostics.error(start, start + 3, "YAML frontmatter is not supported yet",
                              "remove the `---` block; merrow reads title and config from it "
                              "in a later version");
            blank_out(text, start, close);
            return;
        }
        line = line_end(text, next);
    }
    diagnostics.error(start, start + 3, "the frontmatter opened here is never closed",
                      "end the YAML block with a line containing only `---`");
    blank_out(text, start, line_end(text, start));
}

// `%%{ … }%%` anywhere, possibly over several lines.
void handle_directives(std::string& text, Diagnostics& diagnostics) {
    std::size_t pos = 0;
    while ((pos = text.find("%%{", pos)) != std::string::npos) {
        const std::size_t close = text.find("}%%", pos + 3);
        if (close == std::string::npos) {
            const std::size_t end = line_end(text, pos);
            diagnostics.error(pos, pos + 3, "this directive is never closed",
                              "a directive ends with `}%%`");
            blank_out(text, pos, end);
            pos = end;
            continue;
        }
        diagnostics.error(pos, close + 3, "`%%{…}%%` directives are not supported yet",
                          "remove the directive; configuration from directives comes in a "
                          "later version");
        blank_out(text, pos, close + 3);
        pos = close + 3;
    }
}

// A line whose first non-blank characters are `%%` is a comment. `%%` after code is not.
void strip_comments(std::string& text) {
    std::size_t line = 0;
    while (line < text.size()) {
        std::size_t i = line;
        while (i < text.size() && is_blank(text[i])) {
            ++i;
        }
        const std::size_t end = line_end(text, line);
        if (text.compare(i, 2, "%%") == 0) {
            blank_out(text, i, end);
        }
        line = end + 1;
    }
}

// Inside an HTML tag, `attr="x"` becomes `attr='x'` so that the quote does not start a string.
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

} // namespace

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
    handle_frontmatter(text, start, diagnostics);
    handle_directives(text, diagnostics);
    strip_comments(text);
    requote_tag_attributes(text);
    return out;
}

} // namespace merrow::parser
