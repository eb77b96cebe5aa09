#include "flowchart/parse_flowchart.hpp"

#include "flowchart/actions.hpp"
#include "flowchart/builder.hpp"
#include "flowchart/diagnose.hpp"
#include "flowchart/errors.hpp"
#include "flowchart/grammar.hpp"

#include <algorithm>
#include <array>
#include <tao/pegtl.hpp>
#include <vector>

namespace merrow::parser::flowchart {

namespace pegtl = tao::pegtl;

namespace {

using Input = pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf>;

model::Direction direction_of(std::string_view word) {
    if (word == "BT" || word == "^") {
        return model::Direction::BT;
    }
    if (word == "LR" || word == ">") {
        return model::Direction::LR;
    }
    if (word == "RL" || word == "<") {
        return model::Direction::RL;
    }
    return model::Direction::TB;
}

// The offset just after the first separator at or after `from` (only '\n' if `line_only`).
std::size_t resynchronise(std::string_view text, Resume resume) {
    for (std::size_t i = resume.from; i < text.size(); ++i) {
        if (text[i] == '\n' || (!resume.line_only && text[i] == ';')) {
            return i + 1;
        }
    }
    return text.size();
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Mermaid's direction tokens, in the order its lexer tries them.
constexpr std::array<std::string_view, 5> direction_words{"TB", "BT", "RL", "LR", "TD"};

// Mermaid's lexer has a token `.*direction\s+TB[^\n]*` (and one per direction): tried at the
// start of a statement, it turns the whole rest of a line that contains `direction TB` into a
// direction statement, whatever comes before. This table makes that a lookup: for each line
// with such a phrase, where the last one of each direction starts.
class DirectionLines {
  public:
    explicit DirectionLines(std::string_view text) : text_(text) {
        constexpr std::string_view keyword = "direction";
        std::size_t pos = 0;
        while ((pos = text.find(keyword, pos)) != std::string_view::npos) {
            std::size_t i = pos + keyword.size();
            const std::size_t blanks_from = i;
            while (i < text.size() && is_blank(text[i])) {
                ++i;
            }
            for (std::size_t k = 0; i > blanks_from && k < direction_words.size(); ++k) {
                if (text.substr(i, 2) == direction_words[k]) {
                    record(pos, k, i);
                }
            }
            pos += keyword.size();
        }
    }

    struct Match {
        std::size_t keyword = 0; ///< where `direction` starts
        std::string_view word;   ///< TB, BT, RL, LR or TD, in the text
        std::size_t line_end = 0;
    };

    /// The direction statement a statement starting at `pos` turns into, if any.
    std::optional<Match> at(std::size_t pos) const {
        const auto it = std::upper_bound(lines_.begin(), lines_.end(), pos,
                                         [](std::size_t p, const Line& l) { return p < l.begin; });
        if (it == lines_.begin()) {
            return std::nullopt;
        }
        const Line& line = *std::prev(it);
        if (pos >= line.end) {
            return std::nullopt;
        }
        for (std::size_t k = 0; k < direction_words.size(); ++k) {
            if (line.last[k] != npos && line.last[k] >= pos) {
                return Match{line.last[k], text_.substr(line.word[k], 2), line.end};
            }
        }
        return std::nullopt;
    }

  private:
    static constexpr std::size_t npos = std::string_view::npos;

    struct Line {
        std::size_t begin = 0;
        std::size_t end = 0;
        std::array<std::size_t, 5> last{npos, npos, npos, npos, npos};
        std::array<std::size_t, 5> word{};
    };

    void record(std::size_t keyword, std::size_t k, std::size_t word) {
        if (lines_.empty() || keyword >= lines_.back().end) {
            Line line;
            const std::size_t nl = keyword == 0 ? npos : text_.rfind('\n', keyword - 1);
            line.begin = nl == npos ? 0 : nl + 1;
            const std::size_t end = text_.find('\n', keyword);
            line.end = end == npos ? text_.size() : end;
            lines_.push_back(line);
        }
        lines_.back().last[k] = keyword;
        lines_.back().word[k] = word;
    }

    std::string_view text_;
    std::vector<Line> lines_;
};

// Tokens Mermaid's lexer tries before the direction token: a statement starting with one of
// them is read normally.
bool starts_with_earlier_token(std::string_view text, std::size_t p) {
    const std::string_view rest = text.substr(p);
    if (rest.empty() || rest.front() == '"' || rest.substr(0, 2) == "@{") {
        return true;
    }
    auto keyword = [&](std::string_view word) {
        return rest.substr(0, word.size()) == word &&
               (rest.size() == word.size() || !is_word(rest[word.size()]));
    };
    auto followed_by_space = [&](std::string_view word) {
        return rest.substr(0, word.size()) == word &&
               (rest.size() == word.size() || is_blank(rest[word.size()]) ||
                rest[word.size()] == '\n');
    };
    for (const std::string_view word :
         {"style", "default", "linkStyle", "interpolate", "classDef", "class", "flowchart-elk",
          "graph", "flowchart", "subgraph", "end", "_self", "_blank", "_parent", "_top", "accTitle",
          "accDescr"}) {
        if (keyword(word)) {
            return true;
        }
    }
    return followed_by_space("click") || followed_by_space("call") || followed_by_space("href");
}

} // namespace

FlowchartParse parse_flowchart(std::string_view text, const model::Config& config,
                               Diagnostics& diagnostics) {
    FlowchartBuilder builder(diagnostics, config);
    ParseState state;
    state.base = text.data();
    state.builder = &builder;
    FlowchartParse out;

    std::size_t pos = 0;
    {
        Input in(text.data(), text.data() + text.size(), "");
        try {
            pegtl::parse<grammar::header, action, control>(in, state);
            pos = state.offset(in.current());
        } catch (const SyntaxError& error) {
            pos = resynchronise(text, report_syntax_error(error, state, text, 0, diagnostics));
        }
    }
    out.keyword = std::string(state.graph_keyword.text);
    if (!state.direction.empty()) {
        if (state.direction.text == "BR") {
            diagnostics.warning(state.direction.offset, state.direction.end(),
                                "`BR` is not a direction; the diagram is drawn top to bottom",
                                "use TB (or TD), BT, LR or RL");
        }
        builder.set_direction(direction_of(state.direction.text));
    }

    const DirectionLines directions(text);
    while (pos < text.size()) {
        if (diagnostics.error_count() >= max_errors) {
            diagnostics.add(model::Severity::note, pos, pos,
                            "too many errors; the rest of the diagram was not checked");
            break;
        }
        std::size_t start = pos;
        while (start < text.size() && is_blank(text[start])) {
            ++start;
        }
        if (start < text.size() && text[start] != '\n' && text[start] != ';' &&
            !starts_with_earlier_token(text, start)) {
            if (const auto match = directions.at(start)) {
                const std::size_t word_end =
                    static_cast<std::size_t>(match->word.data() - text.data()) + 2;
                std::size_t rest = word_end;
                while (rest < match->line_end && (is_blank(text[rest]) || text[rest] == ';')) {
                    ++rest;
                }
                if (match->keyword > start || rest < match->line_end) {
                    diagnostics.warning(start, match->line_end,
                                        "Mermaid reads this whole line as `direction " +
                                            std::string(match->word) +
                                            "` because it contains that phrase; the rest of "
                                            "the line is ignored",
                                        "put `direction " + std::string(match->word) +
                                            "` on a line of its own, and reword the text");
                }
                builder.set_subgraph_direction(
                    Span{match->word, static_cast<std::size_t>(match->word.data() - text.data())});
                pos = match->line_end;
                continue;
            }
        }
        state.reset_statement();
        Input in(text.data() + pos, text.data() + text.size(), "");
        std::size_t next = pos;
        try {
            pegtl::parse<grammar::line, action, control>(in, state);
            next = state.offset(in.current());
        } catch (const SyntaxError& error) {
            next = resynchronise(text, report_syntax_error(error, state, text, pos, diagnostics));
        }
        // Every line consumes at least its separator; this only guards against a grammar slip.
        pos = next > pos ? next : pos + 1;
    }

    out.acc_title = builder.acc_title();
    out.acc_descr = builder.acc_descr();
    out.chart = builder.finish();
    return out;
}

} // namespace merrow::parser::flowchart
