// Random valid flowcharts: seeds for the fuzzers, the structure-aware mode of the pipeline
// fuzzer, and property tests (every generated chart must parse without errors and render).
// Choices come from a Choices source: a seeded std::mt19937 (same seed, same chart, on every
// platform) or the fuzzer's bytes (so that libFuzzer's mutations move through valid charts).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace merrow::fuzz {

class Choices {
  public:
    Choices() = default;
    Choices(const Choices&) = delete;
    Choices& operator=(const Choices&) = delete;
    virtual ~Choices() = default;
    /// A number in [0, n); 0 when n is 0.
    virtual std::size_t below(std::size_t n) = 0;
    bool chance(std::size_t percent) { return below(100) < percent; }
};

class SeededChoices final : public Choices {
  public:
    explicit SeededChoices(std::uint32_t seed) : engine_(seed) {}
    std::size_t below(std::size_t n) override { return n == 0 ? 0 : engine_() % n; }

  private:
    std::mt19937 engine_;
};

/// Reads one byte per choice; once the bytes run out every choice is 0 (which ends lists).
class ByteChoices final : public Choices {
  public:
    ByteChoices(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::size_t below(std::size_t n) override {
        if (n == 0 || at_ >= size_) {
            return 0;
        }
        return data_[at_++] % n;
    }

  private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

struct GeneratorLimits {
    std::size_t max_nodes = 24;
    std::size_t max_statements = 40;
    std::size_t max_depth = 4; ///< subgraph nesting
};

/// Writes one flowchart that Mermaid (and merrow) accept, using every statement kind.
class FlowchartGenerator {
  public:
    explicit FlowchartGenerator(Choices& choices, GeneratorLimits limits = {})
        : c_(choices), limits_(limits) {}

    std::string generate() {
        out_.clear();
        nodes_ = 0;
        edges_ = 0;
        subgraphs_ = 0;
        edge_ids_.clear();
        frontmatter();
        if (c_.chance(10)) {
            out_ += R"(%%{init: {"theme": ")" + std::string(pick(themes)) +
                    R"(", "flowchart": {"curve": ")" + std::string(pick(curves)) + "\"}}}%%\n";
        }
        out_ += c_.chance(50) ? "flowchart " : "graph ";
        out_ += pick(directions);
        out_ += '\n';
        const std::size_t statements = 1 + c_.below(limits_.max_statements);
        std::size_t depth = 0;
        for (std::size_t i = 0; i < statements; ++i) {
            indent(depth);
            switch (c_.below(16)) {
            case 0:
                if (depth < limits_.max_depth) {
                    subgraph_header();
                    ++depth;
                    break;
                }
                [[fallthrough]];
            case 1:
                if (depth > 0) {
                    out_ += "end\n";
                    --depth;
                    break;
                }
                [[fallthrough]];
            case 2:
                class_statement();
                break;
            case 3:
                style_statement();
                break;
            case 4:
                link_style_statement();
                break;
            case 5:
                click_statement();
                break;
            case 6:
                out_ += "%% " + words(3) + '\n';
                break;
            case 7:
                if (depth > 0) {
                    out_ += "direction " + std::string(pick(subgraph_directions)) + '\n';
                    break;
                }
                [[fallthrough]];
            case 8:
                accessibility();
                break;
            case 9:
                node_definition();
                out_ += '\n';
                break;
            default:
                edge_statement();
                break;
            }
        }
        while (depth > 0) {
            --depth;
            indent(depth);
            out_ += "end\n";
        }
        return out_;
    }

  private:
    static constexpr std::array<std::string_view, 7> directions{"TD", "TB", "LR", "RL",
                                                                "BT", "LR", "TD"};
    static constexpr std::array<std::string_view, 4> subgraph_directions{"TB", "LR", "RL", "BT"};
    static constexpr std::array<std::string_view, 6> themes{"default", "dark", "forest",
                                                            "neutral", "base", "redux-color"};
    static constexpr std::array<std::string_view, 13> curves{
        "basis",   "linear",   "step",       "stepBefore", "stepAfter", "monotoneX", "monotoneY",
        "natural", "cardinal", "catmullRom", "bumpX",      "bumpY",     "rounded"};
    static constexpr std::array<std::string_view, 24> vocabulary{
        "alpha", "beta",   "Gamma", "delta",  "x",           "42",   "3.14",  "über",
        "naïve", "日本語", "中文",  "한국어", "😀",           "→",    "a-b",   "snake_case",
        "C++",   "#quot;", "&amp;", "#9829;", "&lt;tag&gt;", "it's", "done!", "100%"};
    // Bracket shapes: opener and closer around the label.
    static constexpr std::array<std::array<std::string_view, 2>, 14> brackets{{{"[", "]"},
                                                                               {"(", ")"},
                                                                               {"([", "])"},
                                                                               {"[[", "]]"},
                                                                               {"[(", ")]"},
                                                                               {"((", "))"},
                                                                               {"(((", ")))"},
                                                                               {">", "]"},
                                                                               {"{", "}"},
                                                                               {"{{", "}}"},
                                                                               {"[/", "/]"},
                                                                               {"[\\", "\\]"},
                                                                               {"[/", "\\]"},
                                                                               {"[\\", "/]"}}};
    static constexpr std::array<std::string_view, 24> shape_names{
        "rect",      "rounded",    "stadium",  "fr-rect", "cyl",       "circle",
        "dbl-circ",  "diam",       "hex",      "lean-r",  "lean-l",    "trap-b",
        "trap-t",    "notch-rect", "lin-rect", "sm-circ", "fr-circ",   "fork",
        "hourglass", "brace",      "bolt",     "doc",     "datastore", "cloud"};
    static constexpr std::array<std::string_view, 17> links{
        "-->",  "---",  "-.->", "-.-",  "==>", "===",   "--o",   "--x",  "<-->",
        "o--o", "x--x", "~~~",  "--->", "==>", "-..->", "====>", "<-.->"};
    static constexpr std::array<std::string_view, 6> colors{"#f96",      "#333",      "red",
                                                            "#00ff0080", "lightblue", "#fff"};
    static constexpr std::array<std::string_view, 5> urls{
        "https://example.com/a?b=1#c", "http://example.org", "mailto:someone@example.com",
        "docs/page.html", "#anchor"};

    template <typename Array> std::string_view pick(const Array& a) {
        return a[c_.below(a.size())];
    }

    void indent(std::size_t depth) { out_.append(2 * depth + 2, ' '); }

    std::string words(std::size_t most) {
        std::string text;
        const std::size_t n = 1 + c_.below(most);
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0) {
                text += ' ';
            }
            text += pick(vocabulary);
        }
        return text;
    }

    /// Text for inside brackets or quotes: words, line breaks and the inline HTML subset.
    std::string label_text() {
        std::string text = words(4);
        switch (c_.below(6)) {
        case 0:
            text += "<br>" + words(2);
            break;
        case 1:
            text = "<b>" + text + "</b>";
            break;
        case 2:
            text += " <i>" + words(2) + "</i>";
            break;
        default:
            break;
        }
        return text;
    }

    std::string node_id() {
        if (nodes_ == 0 || (nodes_ < limits_.max_nodes && c_.chance(40))) {
            return "n" + std::to_string(nodes_++);
        }
        return "n" + std::to_string(c_.below(nodes_));
    }

    void node_definition() {
        const std::string id = node_id();
        out_ += id;
        switch (c_.below(6)) {
        case 0:
            break; // a bare mention
        case 1:
            // Shape data comes last: no class suffix after it.
            out_ += "@{ shape: " + std::string(pick(shape_names)) + ", label: \"" + label_text() +
                    "\" }";
            return;
        case 2: {
            const auto& b = brackets[c_.below(brackets.size())];
            out_ += std::string(b[0]) + "\"`**" + words(2) + "** _" + words(1) + "_`\"" +
                    std::string(b[1]);
            break;
        }
        default: {
            const auto& b = brackets[c_.below(brackets.size())];
            const bool quoted = c_.chance(50);
            out_ += std::string(b[0]) + (quoted ? "\"" : "") + label_text() + (quoted ? "\"" : "") +
                    std::string(b[1]);
            break;
        }
        }
        if (c_.chance(10)) {
            out_ += ":::c" + std::to_string(c_.below(3));
        }
    }

    void edge_statement() {
        node_definition();
        if (c_.chance(15)) {
            out_ += " & ";
            node_definition();
        }
        const std::size_t hops = 1 + c_.below(3);
        for (std::size_t h = 0; h < hops; ++h) {
            out_ += ' ';
            if (c_.chance(10)) {
                edge_ids_.push_back("e" + std::to_string(edges_));
                out_ += edge_ids_.back() + "@";
            }
            const std::string_view link = pick(links);
            switch (c_.below(5)) {
            case 0:
                if (link != "~~~") {
                    out_ += std::string(link) + "|" + label_text() + "|";
                    break;
                }
                [[fallthrough]];
            case 1:
                if (link == "-->") {
                    out_ += "-- " + words(2) + " -->";
                    break;
                }
                [[fallthrough]];
            default:
                out_ += link;
                break;
            }
            out_ += ' ';
            if (subgraphs_ > 0 && c_.chance(5)) {
                out_ += "s" + std::to_string(c_.below(subgraphs_));
            } else {
                node_definition();
            }
            ++edges_;
        }
        out_ += '\n';
        if (!edge_ids_.empty() && c_.chance(30)) {
            out_ += "  " + edge_ids_[c_.below(edge_ids_.size())] +
                    "@{ curve: " + std::string(pick(curves)) + " }\n";
        }
    }

    void subgraph_header() {
        const std::size_t id = subgraphs_++;
        switch (c_.below(3)) {
        case 0:
            out_ += "subgraph s" + std::to_string(id) + " [" + label_text() + "]\n";
            break;
        case 1:
            out_ += "subgraph s" + std::to_string(id) + "\n";
            break;
        default:
            out_ += "subgraph s" + std::to_string(id) + " [\"" + words(3) + "\"]\n";
            break;
        }
    }

    std::string css() {
        std::string text =
            "fill:" + std::string(pick(colors)) + ",stroke:" + std::string(pick(colors));
        if (c_.chance(50)) {
            text += ",stroke-width:" + std::to_string(1 + c_.below(4)) + "px";
        }
        if (c_.chance(30)) {
            text += ",color:" + std::string(pick(colors));
        }
        if (c_.chance(20)) {
            text += ",stroke-dasharray: 5 5";
        }
        if (c_.chance(20)) {
            text += ",font-weight:bold";
        }
        return text;
    }

    void class_statement() {
        const std::string name = "c" + std::to_string(c_.below(3));
        if (c_.chance(50) || nodes_ == 0) {
            out_ += "classDef " + name + " " + css() + '\n';
        } else {
            out_ += "class " + node_id() + "," + node_id() + " " + name + '\n';
        }
    }

    void style_statement() { out_ += "style " + node_id() + " " + css() + '\n'; }

    void link_style_statement() {
        if (edges_ == 0) {
            out_ += "linkStyle default stroke:" + std::string(pick(colors)) + '\n';
            return;
        }
        out_ += "linkStyle " + std::to_string(c_.below(edges_));
        if (c_.chance(30)) {
            out_ += " interpolate " + std::string(pick(curves));
        }
        out_ += " stroke:" + std::string(pick(colors)) + ",stroke-width:2px\n";
    }

    void click_statement() {
        if (nodes_ == 0) {
            out_ += "%% no nodes to click yet\n";
            return;
        }
        const std::string id = "n" + std::to_string(c_.below(nodes_));
        switch (c_.below(3)) {
        case 0:
            out_ += "click " + id + " href \"" + std::string(pick(urls)) + "\" \"" + words(2) +
                    "\" _blank\n";
            break;
        case 1:
            out_ += "click " + id + " \"" + std::string(pick(urls)) + "\"\n";
            break;
        default:
            out_ += "click " + id + " call callback(\"" + words(1) + "\")\n";
            break;
        }
    }

    void accessibility() {
        if (c_.chance(50)) {
            out_ += "accTitle: " + words(3) + '\n';
        } else {
            out_ += "accDescr: " + words(5) + '\n';
        }
    }

    void frontmatter() {
        if (!c_.chance(20)) {
            return;
        }
        out_ += "---\ntitle: \"" + words(3) + "\"\n";
        if (c_.chance(50)) {
            out_ += "config:\n  theme: " + std::string(pick(themes)) +
                    "\n  look: " + (c_.chance(50) ? "neo" : "classic") +
                    "\n  flowchart:\n    curve: " + std::string(pick(curves)) + "\n";
        }
        out_ += "---\n";
    }

    Choices& c_;
    GeneratorLimits limits_;
    std::string out_;
    std::size_t nodes_ = 0;
    std::size_t edges_ = 0;
    std::size_t subgraphs_ = 0;
    std::vector<std::string> edge_ids_;
};

} // namespace merrow::fuzz
