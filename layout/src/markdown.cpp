#include "merrow/layout/markdown.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace merrow::layout {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

bool is_punct(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u >= 33 && u <= 47) || (u >= 58 && u <= 64) || (u >= 91 && u <= 96) ||
           (u >= 123 && u <= 126);
}

bool is_alnum(char c) {
    const auto u = static_cast<unsigned char>(c);
    // Bytes of multi-byte UTF-8 sequences count as letters: "é_x_" stays plain, like ASCII.
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

// Mermaid's preprocessing: `<br/>` and newline runs become one newline; each line is trimmed on
// the left (marked's paragraphs do that), and trailing spaces before a break go too.
std::string preprocess(std::string_view in) {
    std::string text;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in.compare(i, 5, "<br/>") == 0) {
            text += '\n';
            i += 4;
        } else if (in[i] != '\r') {
            text += in[i];
        }
    }
    std::string out;
    std::size_t start = 0;
    bool first = true;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string_view line(text.data() + start, end - start);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            line.remove_prefix(1);
        }
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
            line.remove_suffix(1);
        }
        if (!line.empty()) {
            if (!first) {
                out += '\n';
            }
            out.append(line);
            first = false;
        }
        start = end + 1;
    }
    return out;
}

struct Token {
    bool delimiter = false;
    std::string text; ///< literal text (for delimiters: the marker characters)
    char marker = 0;
    std::size_t remaining = 0; ///< delimiter characters not yet consumed by a match
    bool can_open = false;
    bool can_close = false;
};

struct Span {
    std::size_t opener = 0; ///< token indices
    std::size_t closer = 0;
    bool strong = false;
};

std::vector<Token> tokenize(const std::string& text) {
    std::vector<Token> tokens;
    const auto literal = [&](char c) {
        if (tokens.empty() || tokens.back().delimiter) {
            tokens.push_back({});
        }
        tokens.back().text += c;
    };
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() && is_punct(text[i + 1])) {
            literal(text[i + 1]);
            i += 2;
            continue;
        }
        if (c != '*' && c != '_') {
            literal(c);
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && text[end] == c) {
            ++end;
        }
        const char before = i > 0 ? text[i - 1] : '\0';
        const char after = end < text.size() ? text[end] : '\0';
        // CommonMark's flanking rules.
        const bool left_flanking =
            !is_space(after) && (!is_punct(after) || is_space(before) || is_punct(before));
        const bool right_flanking =
            !is_space(before) && (!is_punct(before) || is_space(after) || is_punct(after));
        Token t;
        t.delimiter = true;
        t.marker = c;
        t.text.assign(end - i, c);
        t.remaining = end - i;
        if (c == '*') {
            t.can_open = left_flanking;
            t.can_close = right_flanking;
        } else {
            t.can_open = left_flanking && (!right_flanking || is_punct(before));
            t.can_close = right_flanking && (!left_flanking || is_punct(after));
            // Intraword underscores never emphasise: snake_case_name.
            if (is_alnum(before) && is_alnum(after)) {
                t.can_open = t.can_close = false;
            }
        }
        tokens.push_back(std::move(t));
        i = end;
    }
    return tokens;
}

std::vector<Span> match(std::vector<Token>& tokens) {
    std::vector<Span> spans;
    std::vector<std::size_t> openers;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Token& closer = tokens[i];
        if (!closer.delimiter) {
            continue;
        }
        if (closer.can_close) {
            while (closer.remaining > 0) {
                auto found = std::find_if(openers.rbegin(), openers.rend(), [&](std::size_t o) {
                    return tokens[o].marker == closer.marker && tokens[o].remaining > 0;
                });
                if (found == openers.rend()) {
                    break;
                }
                const std::size_t o = *found;
                // Openers between the match and this closer can no longer close anything.
                openers.erase(found.base(), openers.end());
                Token& opener = tokens[o];
                const bool strong = opener.remaining >= 2 && closer.remaining >= 2;
                const std::size_t use = strong ? 2 : 1;
                opener.remaining -= use;
                closer.remaining -= use;
                spans.push_back({o, i, strong});
                if (opener.remaining == 0) {
                    openers.pop_back();
                }
            }
        }
        if (closer.can_open && closer.remaining > 0) {
            openers.push_back(i);
        }
    }
    return spans;
}

} // namespace

StyledText parse_markdown(std::string_view markdown) {
    const std::string text = preprocess(markdown);
    std::vector<Token> tokens = tokenize(text);
    const std::vector<Span> spans = match(tokens);

    // Unconsumed markers stay as text: an opener keeps its outer (left) characters, a closer
    // its outer (right) ones; matched ones print nothing.
    StyledText out;
    std::vector<std::size_t> after(tokens.size());
    std::vector<std::size_t> before(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        before[i] = out.text.size();
        if (t.delimiter) {
            out.text.append(t.remaining, t.marker);
        } else {
            out.text += t.text;
        }
        after[i] = out.text.size();
    }

    // Every boundary where the style may change, then one run per styled piece.
    std::vector<std::size_t> cuts{0, out.text.size()};
    for (const Span& s : spans) {
        cuts.push_back(after[s.opener]);
        cuts.push_back(before[s.closer]);
    }
    for (std::size_t i = 0; i < out.text.size(); ++i) {
        if (out.text[i] == '\n') {
            cuts.push_back(i);
            cuts.push_back(i + 1);
        }
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
        const std::size_t a = cuts[k];
        const std::size_t b = cuts[k + 1];
        if (a >= b || (b == a + 1 && out.text[a] == '\n')) {
            continue;
        }
        bool bold = false;
        bool italic = false;
        for (const Span& s : spans) {
            if (after[s.opener] <= a && b <= before[s.closer]) {
                (s.strong ? bold : italic) = true;
            }
        }
        if (!bold && !italic) {
            continue;
        }
        if (!out.styles.empty() && out.styles.back().start + out.styles.back().length == a &&
            out.styles.back().bold == bold && out.styles.back().italic == italic) {
            out.styles.back().length += b - a;
        } else {
            out.styles.push_back({a, b - a, bold, italic});
        }
    }
    return out;
}

} // namespace merrow::layout
