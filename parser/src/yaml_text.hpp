// YAML embedded in a diagram (frontmatter, directives, `@{ … }` shape data) or in a `-c` file,
// parsed with yaml-cpp so that every message points at the right place in the user's text.
#pragma once

#include "source_map.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace merrow::parser {

/// Text assembled from pieces of the source (with the odd inserted character), remembering for
/// every byte where in the source it came from.
class MappedText {
  public:
    /// Appends a piece of the source that starts at `source_offset`.
    void append_source(std::string_view piece, std::size_t source_offset);
    /// Appends text that is not in the source; its bytes map to `source_offset`.
    void append_inserted(std::string_view piece, std::size_t source_offset);
    /// Appends another mapped text, keeping its origins.
    void append(const MappedText& other);

    const std::string& text() const { return text_; }
    /// The source offset of byte `offset` of text() (the end maps just past the last byte).
    std::size_t source_offset(std::size_t offset) const;

  private:
    std::string text_;
    std::vector<std::size_t> origin_;
};

/// A scalar as YAML's JSON schema reads it (what Mermaid's js-yaml does with `JSON_SCHEMA`).
struct Scalar {
    enum class Type { null, boolean, number, string };
    Type type = Type::string;
    std::string text; ///< as written, without quotes
    bool boolean = false;
    double number = 0;
    bool quoted = false;
};

/// Reads a scalar node's type: quoted text is a string, plain text may be null, a boolean or a
/// number. Must only be called on scalar or null nodes.
Scalar read_scalar(const YAML::Node& node);

/// True if `text` written without quotes would be a number.
bool is_plain_number(std::string_view text);

/// Where a node starts, as a source offset (via `text`), and a plausible end for a caret.
std::size_t node_offset(const YAML::Node& node, const MappedText& text);
std::size_t node_end(const YAML::Node& node, const MappedText& text);

/// Parses `text` as one YAML document. A syntax error is reported (with `what`, e.g. "the
/// frontmatter", in the message) at its position, as an error or, if `error` is false, as a
/// warning; then nothing is returned.
std::optional<YAML::Node> load_yaml(const MappedText& text, std::string_view what,
                                    Diagnostics& diagnostics, bool error = true);

/// Parses `text` as one YAML document, or returns nothing if it is not valid YAML.
std::optional<YAML::Node> try_load_yaml(const MappedText& text);

} // namespace merrow::parser
