#include "flowchart/shapes.hpp"

#include "suggest.hpp"

#include <array>
#include <utility>
#include <vector>

namespace merrow::parser::flowchart {

namespace {

using S = model::Shape;

struct Name {
    std::string_view name;
    S shape;
};

// Every name Mermaid 12.3 accepts (its registry keys that are lower-case without `_`).
constexpr auto names = std::to_array<Name>({
    {"rect", S::rect},
    {"proc", S::rect},
    {"process", S::rect},
    {"rectangle", S::rect},
    {"rounded", S::rounded},
    {"event", S::rounded},
    {"stadium", S::stadium},
    {"terminal", S::stadium},
    {"pill", S::stadium},
    {"fr-rect", S::subroutine},
    {"subprocess", S::subroutine},
    {"subproc", S::subroutine},
    {"framed-rectangle", S::subroutine},
    {"subroutine", S::subroutine},
    {"cyl", S::cylinder},
    {"db", S::cylinder},
    {"database", S::cylinder},
    {"cylinder", S::cylinder},
    {"datastore", S::datastore},
    {"data-store", S::datastore},
    {"circle", S::circle},
    {"circ", S::circle},
    {"bang", S::bang},
    {"cloud", S::cloud},
    {"diam", S::diamond},
    {"decision", S::diamond},
    {"diamond", S::diamond},
    {"question", S::diamond},
    {"hex", S::hexagon},
    {"hexagon", S::hexagon},
    {"prepare", S::hexagon},
    {"lean-r", S::lean_right},
    {"lean-right", S::lean_right},
    {"in-out", S::lean_right},
    {"lean-l", S::lean_left},
    {"lean-left", S::lean_left},
    {"out-in", S::lean_left},
    {"trap-b", S::trapezoid},
    {"priority", S::trapezoid},
    {"trapezoid-bottom", S::trapezoid},
    {"trapezoid", S::trapezoid},
    {"trap-t", S::inv_trapezoid},
    {"manual", S::inv_trapezoid},
    {"trapezoid-top", S::inv_trapezoid},
    {"inv-trapezoid", S::inv_trapezoid},
    {"dbl-circ", S::double_circle},
    {"double-circle", S::double_circle},
    {"doublecircle", S::double_circle},
    {"text", S::text},
    {"notch-rect", S::card},
    {"card", S::card},
    {"notched-rectangle", S::card},
    {"lin-rect", S::shaded_process},
    {"lined-rectangle", S::shaded_process},
    {"lined-process", S::shaded_process},
    {"lin-proc", S::shaded_process},
    {"shaded-process", S::shaded_process},
    {"sm-circ", S::small_circle},
    {"start", S::small_circle},
    {"small-circle", S::small_circle},
    {"fr-circ", S::framed_circle},
    {"stop", S::framed_circle},
    {"framed-circle", S::framed_circle},
    {"fork", S::fork},
    {"join", S::fork},
    {"hourglass", S::hourglass},
    {"collate", S::hourglass},
    {"brace", S::brace_left},
    {"comment", S::brace_left},
    {"brace-l", S::brace_left},
    {"brace-r", S::brace_right},
    {"braces", S::braces},
    {"bolt", S::bolt},
    {"com-link", S::bolt},
    {"lightning-bolt", S::bolt},
    {"doc", S::document},
    {"document", S::document},
    {"delay", S::delay},
    {"half-rounded-rectangle", S::delay},
    {"h-cyl", S::horizontal_cylinder},
    {"das", S::horizontal_cylinder},
    {"horizontal-cylinder", S::horizontal_cylinder},
    {"lin-cyl", S::lined_cylinder},
    {"disk", S::lined_cylinder},
    {"lined-cylinder", S::lined_cylinder},
    {"curv-trap", S::curved_trapezoid},
    {"curved-trapezoid", S::curved_trapezoid},
    {"display", S::curved_trapezoid},
    {"div-rect", S::divided_rect},
    {"div-proc", S::divided_rect},
    {"divided-rectangle", S::divided_rect},
    {"divided-process", S::divided_rect},
    {"tri", S::triangle},
    {"extract", S::triangle},
    {"triangle", S::triangle},
    {"win-pane", S::window_pane},
    {"internal-storage", S::window_pane},
    {"window-pane", S::window_pane},
    {"f-circ", S::filled_circle},
    {"junction", S::filled_circle},
    {"filled-circle", S::filled_circle},
    {"notch-pent", S::notched_pentagon},
    {"loop-limit", S::notched_pentagon},
    {"notched-pentagon", S::notched_pentagon},
    {"flip-tri", S::flipped_triangle},
    {"manual-file", S::flipped_triangle},
    {"flipped-triangle", S::flipped_triangle},
    {"sl-rect", S::sloped_rect},
    {"manual-input", S::sloped_rect},
    {"sloped-rectangle", S::sloped_rect},
    {"docs", S::documents},
    {"documents", S::documents},
    {"st-doc", S::documents},
    {"stacked-document", S::documents},
    {"st-rect", S::stacked_rect},
    {"procs", S::stacked_rect},
    {"processes", S::stacked_rect},
    {"stacked-rectangle", S::stacked_rect},
    {"bow-rect", S::bow_tie_rect},
    {"stored-data", S::bow_tie_rect},
    {"bow-tie-rectangle", S::bow_tie_rect},
    {"cross-circ", S::crossed_circle},
    {"summary", S::crossed_circle},
    {"crossed-circle", S::crossed_circle},
    {"tag-doc", S::tagged_document},
    {"tagged-document", S::tagged_document},
    {"tag-rect", S::tagged_rect},
    {"tagged-rectangle", S::tagged_rect},
    {"tag-proc", S::tagged_rect},
    {"tagged-process", S::tagged_rect},
    {"flag", S::paper_tape},
    {"paper-tape", S::paper_tape},
    {"odd", S::odd},
    {"lin-doc", S::lined_document},
    {"lined-document", S::lined_document},
    {"state", S::state},
    {"choice", S::choice},
    {"note", S::note},
    {"icon", S::icon},
    {"anchor", S::anchor},
});

// Mermaid's internal spellings (refused in `@{ shape }`) and the names to use instead.
constexpr auto internal_names = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"squareRect", "rect"},
    {"roundedRect", "rounded"},
    {"lean_right", "lean-r"},
    {"lean_left", "lean-l"},
    {"inv_trapezoid", "trap-t"},
    {"stateStart", "sm-circ"},
    {"stateEnd", "fr-circ"},
    {"forkJoin", "fork"},
    {"rect_left_inv_arrow", "odd"},
    {"iconSquare", "icon"},
    {"iconCircle", "icon"},
    {"iconRounded", "icon"},
    {"imageSquare", "rect"},
});

std::vector<std::string_view> all_names() {
    std::vector<std::string_view> out;
    out.reserve(names.size());
    for (const Name& n : names) {
        out.push_back(n.name);
    }
    return out;
}

} // namespace

std::optional<model::Shape> shape_by_name(std::string_view name) {
    for (const Name& n : names) {
        if (n.name == name) {
            return n.shape;
        }
    }
    return std::nullopt;
}

std::string suggest_shape(std::string_view name) {
    for (const auto& [internal, documented] : internal_names) {
        if (internal == name) {
            return std::string(documented);
        }
    }
    std::string normalised(name);
    for (char& c : normalised) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        } else if (c == '_') {
            c = '-';
        }
    }
    if (shape_by_name(normalised)) {
        return normalised;
    }
    const std::vector<std::string_view> candidates = all_names();
    if (const auto near = closest_name(normalised, candidates)) {
        return std::string(*near);
    }
    return {};
}

} // namespace merrow::parser::flowchart
