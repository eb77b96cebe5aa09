// A parsed diagram: its kind-specific body plus what every Mermaid diagram has.
#pragma once

#include "merrow/model/config.hpp"
#include "merrow/model/flowchart.hpp"

#include <string>
#include <variant>

namespace merrow::model {

struct Diagram {
    Config config;
    std::string title;     ///< frontmatter `title`
    std::string acc_title; ///< `accTitle:`
    std::string acc_descr; ///< `accDescr:` / `accDescr { … }`
    /// One alternative per diagram type; flowchart is the first, others come later.
    std::variant<Flowchart> body;

    const Flowchart* flowchart() const { return std::get_if<Flowchart>(&body); }
};

} // namespace merrow::model
