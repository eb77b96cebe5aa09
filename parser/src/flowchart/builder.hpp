// Turns finished statements into the flowchart model: the only code that writes it. Owns the
// id → index maps, applies Mermaid's rules for repeated definitions, and resolves classes and
// styles into one StyleProps per node when the diagram is complete.
#pragma once

#include "flowchart/drafts.hpp"
#include "flowchart/shape_data.hpp"
#include "merrow/model/config.hpp"
#include "merrow/model/flowchart.hpp"
#include "merrow/model/style.hpp"
#include "source_map.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace merrow::parser::flowchart {

/// How an edge token reads: its heads, stroke and minimum length.
struct LinkKind {
    model::ArrowHead head_start = model::ArrowHead::none;
    model::ArrowHead head_end = model::ArrowHead::arrow;
    model::EdgeStroke stroke = model::EdgeStroke::normal;
    int length = 1;
    /// A start head Mermaid drops because it does not match the end (`<--x`, `x-- t -->`).
    char dropped_start = 0;
    /// The opening and closing tokens of `-- text ==>`-like edges disagree (Mermaid: INVALID).
    bool invalid = false;
};

/// Reads `-->`, `<-.->`, `===`, `~~~`… exactly as Mermaid's destructLink does. `start` is the
/// opening token of `-- text -->` (empty for a plain link); `line` is the plain link or the
/// closing token.
LinkKind read_link(std::string_view start, std::string_view line);

class FlowchartBuilder {
  public:
    /// `config` is the diagram's configuration (for `maxEdges` and `flowchart.inheritDir`).
    FlowchartBuilder(Diagnostics& diagnostics, const model::Config& config)
        : diagnostics_(diagnostics), config_(config) {}

    void set_direction(model::Direction direction) { chart_.direction = direction; }
    void add_vertices(const VertexStatementDraft& statement);
    void add_style(Span target, Span css);
    void add_class_def(Span names, Span css);
    void add_class(Span targets, Span class_name);
    void add_link_style(const LinkStyleDraft& draft);
    void open_subgraph(const SubgraphDraft& draft);
    /// The rest of the `subgraph` line of the innermost open subgraph.
    void describe_subgraph(const SubgraphDraft& draft);
    void close_subgraph(Span end_keyword);
    void set_subgraph_direction(Span direction);
    void add_click(const ClickDraft& draft);
    void set_acc_title(Span text);
    void set_acc_descr(Span text);

    const std::string& acc_title() const { return acc_title_; }
    const std::string& acc_descr() const { return acc_descr_; }

    /// Resolves styles and reports what only the whole diagram can tell (unknown classes…).
    model::Flowchart finish();

  private:
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    using IndexMap = std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>>;

    /// Extra facts per node that the model does not keep.
    struct NodeInfo {
        model::StyleProps style_statements; ///< merged in statement order
        std::optional<Span> labelled_at;    ///< the definition that set the current label
        bool mentioned = false;             ///< appears in a vertex statement, not only `style`
        std::size_t style_offset = 0;       ///< first `style` statement, for the warning
        bool image = false;                 ///< `@{ img: … }`: drawn as an image
        bool icon = false;                  ///< `@{ icon: … }`: drawn as an icon
    };

    /// A subgraph between its `subgraph` line and its `end`.
    struct OpenSubgraph {
        SubgraphDraft draft;
        std::vector<std::size_t> nodes;         ///< mentioned directly inside, first mention first
        std::unordered_set<std::size_t> listed; ///< the same, for lookups
        std::vector<std::size_t> children;
        std::optional<model::Direction> direction;
    };

    std::size_t node_for(Span id, std::size_t end);
    /// The node for `vertex`, or nothing when its id names an edge (Mermaid makes no vertex).
    std::optional<std::size_t> add_vertex(const VertexDraft& vertex);
    void apply_node_data(std::size_t index, const VertexDraft& vertex, const ShapeData& data);
    void apply_edge_data(std::size_t edge, const ShapeData& data);
    void apply_subgraph_data(std::size_t subgraph, const ShapeData& data);
    /// The edges of one link of a statement: every `from` to every `to`.
    void add_links(const LinkDraft& link, const std::vector<std::size_t>& from,
                   const std::vector<std::size_t>& to);
    void use_class(std::string_view name, std::size_t offset);
    model::StyleProps read_css(Span css);
    void merge_subgraph_nodes();
    void resolve_styles();

    Diagnostics& diagnostics_;
    const model::Config& config_;
    model::Flowchart chart_;
    IndexMap edge_index_; ///< edge ids: given (`e1@-->`) or Mermaid's (`L_A_B_0`)
    IndexMap same_ends_;  ///< "start\nend" → edges so far between the two
    bool edge_limit_reported_ = false;
    bool depth_limit_reported_ = false;
    std::string acc_title_;
    std::string acc_descr_;
    IndexMap node_index_;
    std::vector<NodeInfo> info_;
    IndexMap class_index_;
    IndexMap first_class_use_; ///< class name → offset of its first use
    std::vector<std::string> class_use_order_;

    std::vector<OpenSubgraph> open_subgraphs_; ///< innermost last
    std::vector<bool> claimed_;                ///< by node index: member of a closed subgraph
    IndexMap subgraph_index_;
    std::size_t generated_ids_ = 0; ///< Mermaid numbers untitled subgraphs as they close

    std::vector<model::StyleProps> subgraph_styles_; ///< `style` statements naming a subgraph
    std::vector<std::optional<model::StyleProps>> edge_styles_; ///< by edge: its `linkStyle`
    std::optional<model::StyleProps> default_edge_style_;
    std::optional<std::string> default_curve_;
};

} // namespace merrow::parser::flowchart
