#include "diagram_config.hpp"

#include "config_reader.hpp"
#include "yaml_text.hpp"

#include <optional>
#include <vector>

namespace merrow::parser {

namespace {

// The frontmatter body, each line without the fence's indentation (Mermaid 12 dedents it,
// because YAML rejects tab-indented documents).
MappedText frontmatter_text(std::string_view source, const FrontmatterBlock& block) {
    MappedText text;
    const std::string_view indent = source.substr(block.fence - block.indent, block.indent);
    std::size_t line = block.body_begin;
    while (line < block.body_end) {
        std::size_t end = source.find('\n', line);
        end = end == std::string_view::npos || end > block.body_end ? block.body_end : end;
        std::size_t from = line;
        if (!indent.empty() && source.substr(line, indent.size()) == indent) {
            from += indent.size();
        }
        text.append_source(source.substr(from, end - from), from);
        if (end < block.body_end) {
            text.append_source("\n", end);
        }
        line = end + 1;
    }
    return text;
}

void read_frontmatter(std::string_view source, const FrontmatterBlock& block,
                      DiagramSettings& settings, Diagnostics& diagnostics) {
    const MappedText text = frontmatter_text(source, block);
    const auto doc = load_yaml(text, "the frontmatter", diagnostics);
    if (!doc || !doc->IsMap()) {
        return; // Mermaid reads anything but a mapping as no frontmatter at all
    }
    for (const auto& entry : *doc) {
        const YAML::Node& key = entry.first;
        const YAML::Node& value = entry.second;
        const std::string name = key.IsScalar() ? key.Scalar() : std::string();
        if (name == "title") {
            if (value.IsScalar()) {
                settings.title = value.Scalar();
            } else if (!value.IsNull()) {
                diagnostics.error(node_offset(value, text), node_end(value, text),
                                  "the frontmatter `title` must be text", "");
            }
        } else if (name == "config") {
            apply_config(value, ConfigSource::frontmatter, text, settings.config, diagnostics);
        } else if (name != "displayMode") {
            auto& d = diagnostics.warning(node_offset(key, text), node_end(key, text),
                                          "merrow ignores the frontmatter key `" + name + "`",
                                          "the frontmatter may hold `title` and `config`");
            d.verbose = true;
        }
    }
}

// Mermaid reads a directive with JSON.parse (after turning `'` into `"`), and ignores one that
// is not JSON. yaml-cpp reads more (unquoted keys and words), so find what JSON would refuse:
// an unquoted key, or an unquoted scalar that is not a number, true, false or null.
std::optional<YAML::Node> not_json(const YAML::Node& root, std::size_t text_size) {
    std::vector<YAML::Node> pending{root};
    // JSON has fewer values than characters; more means YAML aliases (`*a`), which JSON lacks
    // and which could make this walk exponential.
    std::size_t visited = 0;
    while (!pending.empty()) {
        if (++visited > text_size) {
            return root;
        }
        const YAML::Node node = pending.back();
        pending.pop_back();
        if (node.IsMap()) {
            for (const auto& entry : node) {
                if (!entry.first.IsScalar() || entry.first.Tag() != "!") {
                    return entry.first;
                }
                pending.push_back(entry.second);
            }
        } else if (node.IsSequence()) {
            for (auto it = node.begin(); it != node.end(); ++it) {
                pending.push_back(*it);
            }
        } else if (node.IsScalar() && node.Tag() != "!") {
            const std::string& t = node.Scalar();
            if (t != "true" && t != "false" && t != "null" && !is_plain_number(t)) {
                return node;
            }
        }
    }
    return std::nullopt;
}

void read_directive(std::string_view source, const DirectiveBlock& block, DiagramSettings& settings,
                    Diagnostics& diagnostics) {
    if (block.type == "wrap") {
        settings.config.wrap = true;
        return;
    }
    if (block.type != "init" && block.type != "initialize") {
        diagnostics.warning(block.type_offset, block.type_offset + block.type.size(),
                            "unknown directive `" + block.type + "`; Mermaid ignores it",
                            "directives are `%%{init: {…}}%%` and `%%{wrap}%%`");
        return;
    }
    MappedText text;
    text.append_source(source.substr(block.args_begin, block.args_end - block.args_begin),
                       block.args_begin);
    // Mermaid ignores a directive whose JSON it cannot read; say so instead.
    const auto doc = load_yaml(text, "this directive", diagnostics, /*error=*/false);
    if (!doc) {
        return;
    }
    if (!doc->IsMap()) {
        diagnostics.warning(block.args_begin, block.args_end,
                            "the `" + block.type +
                                "` directive needs an object, like `{\"theme\": \"forest\"}`; "
                                "Mermaid ignores it",
                            "");
        return;
    }
    if (const auto bad = not_json(*doc, text.text().size())) {
        const bool key = bad->IsScalar() && bad->Tag() != "!";
        diagnostics.warning(node_offset(*bad, text), node_end(*bad, text),
                            "Mermaid ignores this directive: it is not JSON (" +
                                std::string(key ? "`" + bad->Scalar() + "` is not quoted"
                                                : "a key is not a quoted name") +
                                ")",
                            "quote every key and text value: `%%{init: {\"theme\": "
                            "\"forest\"}}%%`");
        return;
    }
    apply_config(*doc, ConfigSource::directive, text, settings.config, diagnostics);
}

} // namespace

DiagramSettings read_diagram_settings(std::string_view source, const Prepared& prepared,
                                      const model::Config& base, Diagnostics& diagnostics) {
    DiagramSettings settings;
    settings.config = base;
    if (prepared.frontmatter) {
        read_frontmatter(source, *prepared.frontmatter, settings, diagnostics);
    }
    for (const DirectiveBlock& block : prepared.directives) {
        read_directive(source, block, settings, diagnostics);
    }
    return settings;
}

} // namespace merrow::parser
