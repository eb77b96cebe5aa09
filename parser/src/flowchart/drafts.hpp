// What the grammar actions collect for one statement, before the builder turns it into model
// entries. Views point into the prepared text; offsets are byte offsets into it (and so into
// the source, which has the same length).
#pragma once

#include "merrow/model/flowchart.hpp"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace merrow::parser::flowchart {

/// A piece of the text with its place.
struct Span {
    std::string_view text;
    std::size_t offset = 0;

    std::size_t end() const { return offset + text.size(); }
    bool empty() const { return text.empty(); }
};

struct LabelDraft {
    Span raw; ///< without the quotes; still to be trimmed and decoded
    model::LabelFormat format = model::LabelFormat::plain;
    bool quoted = false;
};

struct VertexDraft {
    Span id;
    std::size_t end = 0; ///< after the shape and class suffix
    std::optional<model::Shape> shape;
    std::optional<LabelDraft> label;
    std::vector<Span> classes;      ///< from `:::`
    Span property;                  ///< `borders:lt` of the legacy `A[|borders:lt|text]`
    std::optional<Span> shape_data; ///< the YAML between `@{` and `}`
};

struct LinkDraft {
    Span start; ///< the opening token of `-- text -->` (empty for plain links)
    Span line;  ///< the plain link, or the closing token of the inline form
    Span id;    ///< `e1` of `e1@-->`
    std::size_t begin = 0;
    std::size_t end = 0;
    std::optional<LabelDraft> label;
};

/// `linkStyle 0,2 interpolate basis stroke:#f00` or `linkStyle default …`
struct LinkStyleDraft {
    bool is_default = false;
    Span target; ///< `default` or the whole index list
    std::vector<Span> indices;
    Span curve;
    Span css;
};

/// The `subgraph …` line.
struct SubgraphDraft {
    Span keyword;
    std::size_t end = 0;
    Span text;                        ///< the id, or the title when there are no brackets
    std::optional<LabelDraft> title;  ///< from `[…]`
    std::optional<LabelDraft> quoted; ///< `subgraph "title"`
};

/// `click A …`: a link or a callback.
struct ClickDraft {
    Span keyword;
    Span targets; ///< one id or a comma-separated list
    Span url;     ///< without the quotes
    Span tooltip;
    Span window; ///< `_blank`…
    Span callback;
    Span args;
    bool call = false; ///< `call f(…)`: the arguments were given (maybe none)
    std::size_t end = 0;
};

/// `A & B --> C -- x --> D`: groups[i] and groups[i+1] are joined by links[i].
struct VertexStatementDraft {
    std::vector<std::vector<VertexDraft>> groups;
    std::vector<LinkDraft> links;
};

} // namespace merrow::parser::flowchart
