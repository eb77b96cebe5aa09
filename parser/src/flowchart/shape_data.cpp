#include "flowchart/shape_data.hpp"

#include "preprocess.hpp"

namespace merrow::parser::flowchart {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f';
}

// Copies `piece` (at `offset`) into `out`, protected `;` restored.
void append_restored(MappedText& out, std::string_view piece, std::size_t offset) {
    std::size_t from = 0;
    for (std::size_t i = 0; i < piece.size(); ++i) {
        if (piece[i] == protected_semicolon) {
            out.append_source(piece.substr(from, i - from), offset + from);
            out.append_inserted(";", offset + i);
            from = i + 1;
        }
    }
    out.append_source(piece.substr(from), offset + from);
}

} // namespace

const ShapeDataEntry* ShapeData::find(std::string_view key) const {
    for (const ShapeDataEntry& e : entries) {
        if (e.key == key) {
            return &e;
        }
    }
    return nullptr;
}

std::optional<ShapeData> read_shape_data(Span content, Diagnostics& diagnostics) {
    // Mermaid's lexer replaces a line break and the white space after it by `<br/>` inside
    // strings; whether any line break is left decides between flow and block YAML.
    MappedText body;
    bool in_string = false;
    bool multi_line = false;
    const std::string_view raw = content.text;
    std::size_t from = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '"') {
            in_string = !in_string;
        } else if (c == '\n') {
            if (!in_string) {
                multi_line = true;
                continue;
            }
            append_restored(body, raw.substr(from, i - from), content.offset + from);
            std::size_t end = i;
            while (end < raw.size() && is_space(raw[end])) {
                ++end;
            }
            body.append_inserted("<br/>", content.offset + i);
            from = end;
            i = end - 1;
        }
    }
    append_restored(body, raw.substr(from), content.offset + from);

    MappedText yaml;
    if (!multi_line) {
        yaml.append_inserted("{\n", content.offset);
    }
    yaml.append(body);
    yaml.append_inserted(multi_line ? "\n" : "\n}", content.end());

    std::optional<YAML::Node> doc;
    if (!multi_line) {
        // yaml-cpp 0.7 cannot end a flow mapping with a key that has no value on a line of its
        // own (`{\n shape: rect, label: a, b\n}`), which js-yaml reads; the same mapping on one
        // line parses.
        MappedText one_line;
        one_line.append_inserted("{", content.offset);
        one_line.append(body);
        one_line.append_inserted("}", content.end());
        doc = try_load_yaml(one_line);
        if (doc) {
            yaml = std::move(one_line);
        }
    }
    if (!doc) {
        doc = load_yaml(yaml, "the shape data", diagnostics);
    }
    if (!doc) {
        return std::nullopt;
    }
    ShapeData out;
    if (doc->IsNull()) {
        return out;
    }
    if (!doc->IsMap()) {
        diagnostics.error(content.offset, content.end(),
                          "the shape data must be `key: value` pairs, like `@{ shape: cyl }`");
        return std::nullopt;
    }
    // A range-for: yaml-cpp's iterators hand out a temporary pair.
    for (const auto& pair : *doc) {
        ShapeDataEntry entry;
        const YAML::Node& key = pair.first;
        entry.key = key.IsScalar() ? key.Scalar() : std::string();
        entry.key_begin = node_offset(key, yaml);
        entry.key_end = node_end(key, yaml);
        const YAML::Node& value = pair.second;
        entry.value_begin = node_offset(value, yaml);
        entry.value_end = node_end(value, yaml);
        if (value.IsScalar() || value.IsNull()) {
            entry.value = read_scalar(value);
            if (value.IsNull()) {
                // A key without a value points at the key.
                entry.value_begin = entry.key_begin;
                entry.value_end = entry.key_end;
            }
        } else {
            entry.structured = true;
        }
        out.entries.push_back(std::move(entry));
    }
    return out;
}

} // namespace merrow::parser::flowchart
