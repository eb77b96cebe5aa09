#include "config_reader.hpp"

#include "suggest.hpp"

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace merrow::parser {

namespace {

// The keys merrow reads, for "did you mean" suggestions.
constexpr std::array<std::string_view, 13> root_keys{
    "theme",          "themeVariables", "look",     "layout",
    "fontFamily",     "fontSize",       "wrap",     "markdownAutoWrap",
    "htmlLabels",     "maxTextSize",    "maxEdges", "maxSubgraphDepth",
    "maxLabelLength",
};
constexpr std::array<std::string_view, 13> flowchart_keys{
    "nodeSpacing",    "rankSpacing", "padding",         "wrappingWidth", "diagramPadding",
    "titleTopMargin", "curve",       "htmlLabels",      "inheritDir",    "theme",
    "look",           "layout",      "defaultRenderer",
};
// Mermaid lets only the site configuration set these; the diagram cannot. merrow's own limits
// (the last two) are secure for the same reason.
constexpr std::array<std::string_view, 8> secure_keys{
    "secure",   "securityLevel",          "startOnLoad",      "maxTextSize",
    "maxEdges", "suppressErrorRendering", "maxSubgraphDepth", "maxLabelLength",
};
constexpr std::array<std::string_view, 3> looks{"classic", "handDrawn", "neo"};

template <std::size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& set) {
    for (const std::string_view s : set) {
        if (s == word) {
            return true;
        }
    }
    return false;
}

const char* type_name(const Scalar& s) {
    switch (s.type) {
    case Scalar::Type::null:
        return "nothing";
    case Scalar::Type::boolean:
        return "a boolean";
    case Scalar::Type::number:
        return "a number";
    case Scalar::Type::string:
        break;
    }
    return "a string";
}

std::string curve_list() {
    return "use basis, linear, step, stepBefore, stepAfter, monotoneX, monotoneY, natural, "
           "cardinal, catmullRom, bumpX, bumpY or rounded";
}

class LayerReader {
  public:
    LayerReader(ConfigSource source, const MappedText& text, model::Config& config,
                Diagnostics& diagnostics)
        : source_(source), text_(text), config_(config), diagnostics_(diagnostics) {}

    void read(const YAML::Node& layer) {
        if (!layer.IsMap()) {
            if (!layer.IsNull()) {
                error(layer,
                      "the configuration must be a mapping of keys to values, like "
                      "`{\"theme\": \"forest\"}`",
                      "");
            }
            return;
        }
        for (const auto& entry : layer) {
            root_key(entry.first, entry.second);
        }
        // Within one layer, `flowchart.theme` (Mermaid 12's per-diagram appearance) beats `theme`.
        if (scoped_theme_) {
            config_.theme = *scoped_theme_;
        }
        if (scoped_look_) {
            config_.look = *scoped_look_;
        }
        if (scoped_layout_) {
            config_.layout = *scoped_layout_;
        }
    }

  private:
    // ---- Reporting

    void error(const YAML::Node& at, std::string message, std::string hint) {
        diagnostics_.error(node_offset(at, text_), node_end(at, text_), std::move(message),
                           std::move(hint));
    }

    void warning(const YAML::Node& at, std::string message, std::string hint,
                 bool verbose = false) {
        auto& d = diagnostics_.warning(node_offset(at, text_), node_end(at, text_),
                                       std::move(message), std::move(hint));
        d.verbose = verbose;
    }

    template <std::size_t N>
    void unused(const YAML::Node& key, const std::string& path,
                const std::array<std::string_view, N>& known) {
        std::string hint;
        const std::string name = key.Scalar();
        if (const auto near = closest_name(name, known); near && *near != name) {
            hint = "did you mean `" + std::string(*near) + "`?";
        }
        warning(key, "merrow ignores the configuration key `" + path + "`", std::move(hint),
                /*verbose=*/true);
    }

    // A key with nothing after it: usually `key: #colour`, where `#` starts a YAML comment.
    void no_value(const YAML::Node& key, const YAML::Node& value, const std::string& path) {
        std::string hint;
        const std::string& t = text_.text();
        const YAML::Mark mark = key.Mark();
        if (!mark.is_null()) {
            std::size_t i = static_cast<std::size_t>(mark.pos) + key.Scalar().size();
            while (i < t.size() && t[i] != ':' && t[i] != '\n') {
                ++i;
            }
            ++i;
            while (i < t.size() && (t[i] == ' ' || t[i] == '\t')) {
                ++i;
            }
            if (i < t.size() && t[i] == '#') {
                std::size_t end = i;
                while (end < t.size() && t[end] != '\n' && t[end] != ' ' && t[end] != ',' &&
                       t[end] != '}') {
                    ++end;
                }
                hint = "`#` starts a YAML comment, so the value is lost; quote it: `" +
                       key.Scalar() + ": '" + t.substr(i, end - i) + "'`";
            }
        }
        (void)value;
        warning(key, "`" + path + "` has no value and is ignored", std::move(hint));
    }

    // ---- Typed values

    std::optional<Scalar> scalar(const YAML::Node& key, const YAML::Node& value,
                                 const std::string& path, const char* expected) {
        if (!value.IsScalar() && !value.IsNull()) {
            error(value,
                  "`" + path + "` must be " + expected + ", not a " +
                      (value.IsMap() ? "mapping" : "list"),
                  "");
            return std::nullopt;
        }
        Scalar s = read_scalar(value);
        if (s.type == Scalar::Type::null) {
            no_value(key, value, path);
            return std::nullopt;
        }
        return s;
    }

    std::optional<std::string> string_value(const YAML::Node& key, const YAML::Node& value,
                                            const std::string& path) {
        auto s = scalar(key, value, path, "a string");
        if (!s) {
            return std::nullopt;
        }
        if (s->type != Scalar::Type::string) {
            error(value, "`" + path + "` must be a string, not " + type_name(*s), "");
            return std::nullopt;
        }
        // Mermaid drops values that look like HTML when the diagram sets them.
        if (source_ != ConfigSource::site && (s->text.find_first_of("<>") != std::string::npos ||
                                              s->text.find("url(data:") != std::string::npos)) {
            warning(value,
                    "Mermaid ignores `" + path +
                        "` here: its value contains `<`, `>` or "
                        "`url(data:`",
                    "");
            return std::nullopt;
        }
        return std::move(s->text);
    }

    std::optional<double> number_value(const YAML::Node& key, const YAML::Node& value,
                                       const std::string& path) {
        auto s = scalar(key, value, path, "a number");
        if (!s) {
            return std::nullopt;
        }
        if (s->type != Scalar::Type::number) {
            std::string hint;
            if (s->quoted && is_plain_number(s->text)) {
                hint = "remove the quotes: `" + key.Scalar() + ": " + s->text + "`";
            }
            error(value,
                  "`" + path + "` must be a number, not " + type_name(*s) +
                      (s->type == Scalar::Type::string ? " \"" + s->text + "\"" : ""),
                  std::move(hint));
            return std::nullopt;
        }
        if (s->number < 0 || !std::isfinite(s->number)) {
            error(value, "`" + path + "` must not be negative", "");
            return std::nullopt;
        }
        return s->number;
    }

    std::optional<bool> bool_value(const YAML::Node& key, const YAML::Node& value,
                                   const std::string& path) {
        auto s = scalar(key, value, path, "true or false");
        if (!s) {
            return std::nullopt;
        }
        if (s->type != Scalar::Type::boolean) {
            std::string hint;
            if (s->quoted && (s->text == "true" || s->text == "false")) {
                hint = "remove the quotes: `" + key.Scalar() + ": " + s->text + "`";
            }
            error(value,
                  "`" + path + "` must be true or false, not " + type_name(*s) +
                      (s->type == Scalar::Type::string ? " \"" + s->text + "\"" : ""),
                  std::move(hint));
            return std::nullopt;
        }
        return s->boolean;
    }

    std::optional<std::size_t> count_value(const YAML::Node& key, const YAML::Node& value,
                                           const std::string& path) {
        const auto number = number_value(key, value, path);
        if (!number) {
            return std::nullopt;
        }
        if (*number != std::floor(*number) || *number > 1e15) {
            error(value, "`" + path + "` must be a whole number", "");
            return std::nullopt;
        }
        return static_cast<std::size_t>(*number);
    }

    // ---- Keys

    void root_key(const YAML::Node& key, const YAML::Node& value) {
        if (!key.IsScalar()) {
            error(key, "a configuration key must be a name", "");
            return;
        }
        const std::string name = key.Scalar();
        if (source_ != ConfigSource::site && one_of(name, secure_keys)) {
            warning(key,
                    "`" + name +
                        "` can only be set by the site configuration, not by the "
                        "diagram; Mermaid ignores it here",
                    "set it in a file given with `-c`");
            return;
        }
        if (name == "theme") {
            if (auto v = string_value(key, value, name)) {
                config_.theme = *v;
            }
        } else if (name == "themeVariables") {
            theme_variables(key, value);
        } else if (name == "look") {
            if (auto v = look_value(key, value, name)) {
                config_.look = *v;
            }
        } else if (name == "layout") {
            if (auto v = string_value(key, value, name)) {
                config_.layout = *v;
            }
        } else if (name == "fontFamily") {
            if (auto v = string_value(key, value, name)) {
                config_.font_family = *v;
            }
        } else if (name == "fontSize") {
            if (auto v = number_value(key, value, name)) {
                config_.font_size = *v;
            }
        } else if (name == "wrap") {
            if (auto v = bool_value(key, value, name)) {
                config_.wrap = *v;
            }
        } else if (name == "markdownAutoWrap") {
            if (auto v = bool_value(key, value, name)) {
                config_.markdown_auto_wrap = *v;
            }
        } else if (name == "htmlLabels") {
            // The top-level key wins over the deprecated `flowchart.htmlLabels`.
            if (auto v = bool_value(key, value, name)) {
                root_html_labels_ = *v;
                config_.flowchart.html_labels = *v;
            }
        } else if (name == "maxTextSize") {
            if (auto v = count_value(key, value, name)) {
                config_.max_text_size = *v;
            }
        } else if (name == "maxEdges") {
            if (auto v = count_value(key, value, name)) {
                config_.max_edges = *v;
            }
        } else if (name == "maxSubgraphDepth") {
            if (auto v = count_value(key, value, name)) {
                config_.max_subgraph_depth = *v;
            }
        } else if (name == "maxLabelLength") {
            if (auto v = count_value(key, value, name)) {
                config_.max_label_length = *v;
            }
        } else if (name == "flowchart" ||
                   (name == "config" && source_ == ConfigSource::directive)) {
            // A directive's `config` is the current diagram's section (Mermaid moves it there).
            flowchart(key, value);
        } else {
            unused(key, name, root_keys);
        }
    }

    std::optional<std::string> look_value(const YAML::Node& key, const YAML::Node& value,
                                          const std::string& path) {
        auto v = string_value(key, value, path);
        if (v && !one_of(*v, looks)) {
            warning(value, "unknown look `" + *v + "`; Mermaid ignores it",
                    "use classic, handDrawn or neo");
            return std::nullopt;
        }
        return v;
    }

    void theme_variables(const YAML::Node& key, const YAML::Node& value) {
        if (value.IsNull()) {
            no_value(key, value, "themeVariables");
            return;
        }
        if (!value.IsMap()) {
            error(value, "`themeVariables` must be a mapping, like `{primaryColor: '#f96'}`", "");
            return;
        }
        for (const auto& entry : value) {
            if (!entry.first.IsScalar()) {
                error(entry.first, "a theme variable must be a name", "");
                continue;
            }
            const std::string name = entry.first.Scalar();
            const std::string path = "themeVariables." + name;
            auto s = scalar(entry.first, entry.second, path, "a value");
            if (!s) {
                continue;
            }
            // Mermaid blanks values a diagram gives with characters outside this set.
            if (source_ != ConfigSource::site &&
                s->text.find_first_not_of("0123456789 \"#%(),.;abcdefghijklmnopqrstuvwxyz"
                                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
                warning(entry.second,
                        "Mermaid ignores `" + path +
                            "` here: theme variables may only hold letters, digits, spaces and "
                            "`#%(),.;\"`",
                        "");
                continue;
            }
            config_.theme_variables[name] = s->text;
        }
    }

    void flowchart(const YAML::Node& key, const YAML::Node& value) {
        if (value.IsNull()) {
            no_value(key, value, key.Scalar());
            return;
        }
        if (!value.IsMap()) {
            error(value, "`" + key.Scalar() + "` must be a mapping, like `{curve: linear}`", "");
            return;
        }
        model::FlowchartConfig& f = config_.flowchart;
        for (const auto& entry : value) {
            const YAML::Node& k = entry.first;
            const YAML::Node& v = entry.second;
            if (!k.IsScalar()) {
                error(k, "a configuration key must be a name", "");
                continue;
            }
            const std::string name = k.Scalar();
            const std::string path = "flowchart." + name;
            auto number = [&](double& field) {
                if (auto n = number_value(k, v, path)) {
                    field = *n;
                }
            };
            if (name == "nodeSpacing") {
                number(f.node_spacing);
            } else if (name == "rankSpacing") {
                number(f.rank_spacing);
            } else if (name == "padding") {
                number(f.padding);
            } else if (name == "wrappingWidth") {
                number(f.wrapping_width);
            } else if (name == "diagramPadding") {
                number(f.diagram_padding);
            } else if (name == "titleTopMargin") {
                number(f.title_top_margin);
            } else if (name == "curve") {
                if (auto s = string_value(k, v, path)) {
                    if (const auto curve = model::parse_curve(*s)) {
                        f.curve = *curve;
                    } else {
                        warning(v, "unknown curve `" + *s + "`; the default curve is used",
                                curve_list());
                    }
                }
            } else if (name == "htmlLabels") {
                if (auto b = bool_value(k, v, path); b && !root_html_labels_) {
                    f.html_labels = *b;
                }
            } else if (name == "inheritDir") {
                if (auto b = bool_value(k, v, path)) {
                    f.inherit_dir = *b;
                }
            } else if (name == "theme") {
                scoped_theme_ = string_value(k, v, path);
            } else if (name == "look") {
                scoped_look_ = look_value(k, v, path);
            } else if (name == "layout") {
                scoped_layout_ = string_value(k, v, path);
            } else if (name == "defaultRenderer") {
                // Mermaid 11 switches flowcharts to ELK with `defaultRenderer: elk`.
                if (auto s = string_value(k, v, path); s && *s == "elk") {
                    config_.layout = "elk";
                }
            } else {
                unused(k, path, flowchart_keys);
            }
        }
    }

    ConfigSource source_;
    const MappedText& text_;
    model::Config& config_;
    Diagnostics& diagnostics_;
    std::optional<bool> root_html_labels_;
    std::optional<std::string> scoped_theme_;
    std::optional<std::string> scoped_look_;
    std::optional<std::string> scoped_layout_;
};

} // namespace

void apply_config(const YAML::Node& layer, ConfigSource source, const MappedText& text,
                  model::Config& config, Diagnostics& diagnostics) {
    LayerReader(source, text, config, diagnostics).read(layer);
}

} // namespace merrow::parser
