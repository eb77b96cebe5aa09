#include "diagnostic_json.hpp"

#include <cstddef>
#include <string>

namespace merrow::cli::detail {

namespace json = layout::json;

namespace {

json::Value position(const model::SourcePos& pos) {
    return json::Object{{"line", static_cast<std::size_t>(pos.line)},
                        {"column", static_cast<std::size_t>(pos.column)}};
}

} // namespace

json::Object diagnostic_to_json(const model::Diagnostic& d) {
    json::Array notes;
    for (const model::RelatedNote& note : d.notes) {
        notes.emplace_back(
            json::Object{{"line", static_cast<std::size_t>(note.range.begin.line)},
                         {"column", static_cast<std::size_t>(note.range.begin.column)},
                         {"message", note.message}});
    }
    return json::Object{
        {"line", static_cast<std::size_t>(d.range.begin.line)},
        {"column", static_cast<std::size_t>(d.range.begin.column)},
        {"end", position(d.range.end)},
        {"severity", std::string(model::to_string(d.severity))},
        {"message", d.message},
        {"hint", d.hint},
        {"notes", std::move(notes)},
    };
}

json::Array diagnostics_to_json(const std::vector<model::Diagnostic>& diagnostics, bool verbose) {
    json::Array out;
    for (const model::Diagnostic& d : diagnostics) {
        if (d.verbose && !verbose) {
            continue;
        }
        out.emplace_back(diagnostic_to_json(d));
    }
    return out;
}

} // namespace merrow::cli::detail
