#include "merrow/parser/parse.hpp"

#include "config_reader.hpp"
#include "diagram_config.hpp"
#include "flowchart/parse_flowchart.hpp"
#include "preprocess.hpp"
#include "source_map.hpp"
#include "yaml_text.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <optional>
#include <string>
#include <utility>

namespace merrow::parser {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// Header keywords of the other Mermaid diagram types, to say "not supported" rather than
// "not a diagram".
constexpr std::array<std::string_view, 33> other_diagrams{
    "sequenceDiagram",
    "classDiagram",
    "classDiagram-v2",
    "stateDiagram",
    "stateDiagram-v2",
    "erDiagram",
    "requirementDiagram",
    "requirement",
    "block-beta",
    "block",
    "architecture-beta",
    "mindmap",
    "kanban",
    "gantt",
    "timeline",
    "journey",
    "gitGraph",
    "pie",
    "quadrantChart",
    "xychart-beta",
    "xychart",
    "sankey-beta",
    "sankey",
    "packet-beta",
    "packet",
    "radar-beta",
    "treemap",
    "treemap-beta",
    "C4Context",
    "C4Container",
    "C4Component",
    "C4Dynamic",
    "C4Deployment",
};

enum class Kind { flowchart, other, unknown, empty };

struct Detected {
    Kind kind = Kind::empty;
    std::size_t begin = 0;
    std::size_t end = 0;
    std::size_t glued = 0; ///< length of the keyword in `graphTD`
};

Detected detect(std::string_view text) {
    Detected d;
    std::size_t i = 0;
    while (i < text.size() && is_space(text[i])) {
        ++i;
    }
    if (i == text.size()) {
        return d;
    }
    std::size_t j = i;
    while (j < text.size() && is_word(text[j])) {
        ++j;
    }
    d.begin = i;
    d.end = j > i ? j : i + 1;
    const std::string_view word = text.substr(i, j - i);
    // `swimlane-beta` (Mermaid 12) is a flowchart drawn in lanes.
    if (word == "graph" || word == "flowchart" || word == "flowchart-elk" ||
        word == "swimlane-beta") {
        d.kind = Kind::flowchart;
    } else if (std::find(other_diagrams.begin(), other_diagrams.end(), word) !=
               other_diagrams.end()) {
        d.kind = Kind::other;
    } else {
        d.kind = Kind::unknown;
        for (const std::string_view kw : {"flowchart", "graph"}) {
            if (word.substr(0, kw.size()) == kw) {
                d.glued = kw.size(); // `graphTD`
            }
        }
    }
    return d;
}

std::string hex_byte(unsigned char byte) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return std::string("0x") + digits[byte >> 4U] + digits[byte & 0xFU];
}

struct BadByte {
    std::size_t offset = 0;
    std::string message;
    std::string hint;
};

// Text that is not UTF-8, or not text at all, is refused at its first bad byte before any other
// stage sees it: nothing downstream has to guess what such bytes mean (and the parser's own
// marker byte, U+001F, can never come from the input).
std::optional<BadByte> first_bad_byte(std::string_view text) {
    const auto at = [&](std::size_t i) {
        return static_cast<unsigned char>(text[i]);
    };
    if (text.size() >= 2 &&
        ((at(0) == 0xFF && at(1) == 0xFE) || (at(0) == 0xFE && at(1) == 0xFF))) {
        return BadByte{0,
                       "the input is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8",
                       "save the file as UTF-8"};
    }
    const std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    const std::string utf8_hint = "save the file as UTF-8; merrow reads Mermaid text in UTF-8 only";
    for (std::size_t i = start; i < text.size();) {
        const unsigned char b = at(i);
        if (b < 0x80) {
            if (b == 0) {
                return BadByte{i, "the input contains a NUL byte: is it a binary file?",
                               "merrow reads Mermaid text, in UTF-8"};
            }
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\v' && b != '\f') {
                return BadByte{i,
                               "the input contains the control character U+00" +
                                   hex_byte(b).substr(2) + ": is it a binary file?",
                               "remove it; Mermaid text has no control characters besides tabs "
                               "and line breaks"};
            }
            ++i;
            continue;
        }
        // The length of the sequence and the range of its second byte (which rules out overlong
        // forms, surrogates and code points past U+10FFFF), as in the Unicode standard's table.
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            low = b == 0xE0 ? 0xA0 : 0x80;
            high = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            low = b == 0xF0 ? 0x90 : 0x80;
            high = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return BadByte{i,
                           "the input is not valid UTF-8: byte " + hex_byte(b) +
                               " cannot start a character",
                           utf8_hint};
        }
        for (std::size_t k = 1; k < length; ++k) {
            const bool in_range = i + k < text.size() && at(i + k) >= (k == 1 ? low : 0x80) &&
                                  at(i + k) <= (k == 1 ? high : 0xBF);
            if (!in_range) {
                return BadByte{i,
                               "the input is not valid UTF-8: the character starting with byte " +
                                   hex_byte(b) + " is broken off or malformed",
                               utf8_hint};
            }
        }
        i += length;
    }
    return std::nullopt;
}

ParseResult run(std::string_view source, const ParseOptions& options) {
    Diagnostics diagnostics(source);
    ParseResult result;
    // Far past maxTextSize (which Mermaid measures after taking out comments, frontmatter and
    // directives) the input is not even preprocessed, so its size bounds all the work.
    const std::size_t byte_limit = 8 * options.base_config.max_text_size + 65536;
    if (source.size() > byte_limit) {
        diagnostics.error(0, 0,
                          "the input is " + std::to_string(source.size()) +
                              " bytes long, far more than Mermaid's limit of " +
                              std::to_string(options.base_config.max_text_size) +
                              " characters (`maxTextSize`); merrow does not read it",
                          "raise `maxTextSize` in a configuration file given with `-c`");
        result.diagnostics = diagnostics.take();
        return result;
    }
    if (const auto bad = first_bad_byte(source)) {
        diagnostics.error(bad->offset, bad->offset + 1, bad->message, bad->hint);
        result.diagnostics = diagnostics.take();
        return result;
    }
    const Prepared prepared = preprocess(source, diagnostics);
    const std::string_view text = prepared.text;
    DiagramSettings settings =
        read_diagram_settings(source, prepared, options.base_config, diagnostics);

    const Detected detected = detect(text);
    switch (detected.kind) {
    case Kind::empty:
        if (diagnostics.error_count() == 0) {
            diagnostics.error(0, 0, "the diagram is empty",
                              "start with a header such as `flowchart TD`");
        }
        break;
    case Kind::other:
        diagnostics.error(
            detected.begin, detected.end,
            "`" + std::string(text.substr(detected.begin, detected.end - detected.begin)) +
                "` diagrams are not supported yet",
            "merrow draws flowcharts: start the diagram with `flowchart` or "
            "`graph`");
        break;
    case Kind::unknown: {
        const std::string_view word = text.substr(detected.begin, detected.end - detected.begin);
        std::string hint = "a flowchart starts with a header such as `flowchart TD`";
        if (word.substr(0, 3) == "---") {
            hint = "YAML frontmatter must start on the very first line";
        } else if (detected.glued > 0) {
            hint = "separate the direction from the keyword: `" +
                   std::string(word.substr(0, detected.glued)) + " " +
                   std::string(word.substr(detected.glued)) + "`";
        }
        diagnostics.error(detected.begin, detected.end,
                          "expected `flowchart` or `graph` at the start of the diagram",
                          std::move(hint));
        break;
    }
    case Kind::flowchart: {
        // Mermaid renders an error message instead of a diagram whose text is too long.
        if (const std::size_t length = mermaid_text_length(prepared);
            length > settings.config.max_text_size) {
            diagnostics.error(detected.begin, detected.end,
                              "the diagram is " + std::to_string(length) +
                                  " characters long, more than Mermaid's limit of " +
                                  std::to_string(settings.config.max_text_size) +
                                  " (`maxTextSize`)",
                              "raise the limit in a configuration file given with `-c`: "
                              "`{\"maxTextSize\": " +
                                  std::to_string(length) + "}`");
            // As Mermaid, which refuses such a text before parsing it: the other errors of a
            // text nobody will render are noise, and the work stays bounded by the limit.
            break;
        }
        flowchart::FlowchartParse parsed =
            flowchart::parse_flowchart(text, settings.config, diagnostics);
        if (diagnostics.error_count() == 0) {
            model::Diagram diagram;
            diagram.config = std::move(settings.config);
            if (parsed.keyword == "flowchart-elk") {
                diagram.config.layout = "elk";
            } else if (parsed.keyword == "swimlane-beta") {
                diagram.config.layout = "swimlane";
            }
            diagram.title = std::move(settings.title);
            diagram.acc_title = std::move(parsed.acc_title);
            diagram.acc_descr = std::move(parsed.acc_descr);
            diagram.body = std::move(parsed.chart);
            result.diagram = std::move(diagram);
        }
        break;
    }
    }
    result.diagnostics = diagnostics.take();
    return result;
}

} // namespace

ConfigFileResult parse_config_file(std::string_view text, std::string_view path,
                                   const model::Config& base) {
    ConfigFileResult result;
    result.config = base;
    try {
        Diagnostics diagnostics(text);
        if (const auto bad = first_bad_byte(text)) {
            diagnostics.error(bad->offset, bad->offset + 1, bad->message, bad->hint);
            result.diagnostics = diagnostics.take();
            return result;
        }
        MappedText mapped;
        mapped.append_source(text, 0);
        const bool json = path.size() >= 5 && path.substr(path.size() - 5) == ".json";
        if (const auto doc = load_yaml(mapped, json ? "the JSON" : "the YAML", diagnostics)) {
            apply_config(*doc, ConfigSource::site, mapped, result.config, diagnostics);
        }
        result.diagnostics = diagnostics.take();
    } catch (const std::exception& e) {
        model::Diagnostic d;
        d.message = std::string("internal error while reading the configuration: ") + e.what();
        result.diagnostics.push_back(std::move(d));
    }
    return result;
}

ParseResult parse(std::string_view source, const ParseOptions& options) {
    try {
        return run(source, options);
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here; report it rather than take the caller down.
        ParseResult result;
        model::Diagnostic d;
        d.message = std::string("internal error while parsing: ") + e.what();
        result.diagnostics.push_back(std::move(d));
        return result;
    }
}

} // namespace merrow::parser
