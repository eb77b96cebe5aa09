#include "flowchart/parse_flowchart.hpp"

#include "flowchart/actions.hpp"
#include "flowchart/builder.hpp"
#include "flowchart/diagnose.hpp"
#include "flowchart/errors.hpp"
#include "flowchart/grammar.hpp"

#include <tao/pegtl.hpp>

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

} // namespace

FlowchartParse parse_flowchart(std::string_view text, Diagnostics& diagnostics) {
    FlowchartBuilder builder(diagnostics);
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
    out.elk = state.graph_keyword.text == "flowchart-elk";
    if (!state.direction.empty()) {
        if (state.direction.text == "BR") {
            diagnostics.warning(state.direction.offset, state.direction.end(),
                                "`BR` is not a direction; the diagram is drawn top to bottom",
                                "use TB (or TD), BT, LR or RL");
        }
        builder.set_direction(direction_of(state.direction.text));
    }

    while (pos < text.size()) {
        if (diagnostics.error_count() >= max_errors) {
            diagnostics.add(model::Severity::note, pos, pos,
                            "too many errors; the rest of the diagram was not checked");
            break;
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

    out.chart = builder.finish();
    return out;
}

} // namespace merrow::parser::flowchart
