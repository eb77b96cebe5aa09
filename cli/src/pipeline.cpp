#include "merrow/cli/pipeline.hpp"

#include "merrow/layout/flowchart_layout.hpp"
#include "merrow/layout/graph_json.hpp"
#include "merrow/model/utf8.hpp"
#include "merrow/parser/parse.hpp"
#include "merrow/render/cairo_writer.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "merrow/render/svg_writer.hpp"
#include "merrow/scene/build.hpp"
#include "merrow/scene/theme.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <sstream>
#include <stdexcept>

namespace merrow::cli {

namespace {

std::string lower_extension(std::string_view path) {
    const std::size_t slash = path.find_last_of('/');
    const std::size_t dot = path.find_last_of('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
        return {};
    }
    std::string ext(path.substr(dot + 1));
    for (char& c : ext) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return ext;
}

// A short, stable id prefix from the diagram text, so that several diagrams inlined in one
// page never share ids (FNV-1a, 32 bits).
std::string content_id(std::string_view source) {
    std::uint32_t hash = 2166136261U;
    for (char c : source) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 16777619U;
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string id = "merrow-";
    for (int shift = 28; shift >= 0; shift -= 4) {
        id += digits[(hash >> static_cast<unsigned>(shift)) & 0xFU];
    }
    return id;
}

model::Diagnostic error_at_start(std::string message) {
    model::Diagnostic d;
    d.message = std::move(message);
    return d;
}

model::Diagnostic unknown_theme(const std::string& name) {
    model::Diagnostic d = error_at_start("unknown theme `" + name + "`; using `default`");
    d.severity = model::Severity::warning;
    std::string names;
    for (std::string_view n : scene::theme_names()) {
        names += names.empty() ? "" : ", ";
        names += n;
    }
    d.hint = "themes: " + names;
    return d;
}

std::string code_point_name(char32_t cp) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string hex;
    for (char32_t v = cp; v != 0 || hex.size() < 4; v >>= 4U) {
        hex.insert(hex.begin(), digits[v & 0xFU]);
    }
    return "U+" + hex;
}

std::string utf8(char32_t cp) {
    std::string out;
    model::append_utf8(out, cp);
    return out;
}

// One warning per character that no installed font can draw (it would show as a box in the
// PNG and PDF, and in any browser with the same fonts), at its first use.
void report_missing_glyphs(const model::Flowchart& chart, const layout::FlowchartLayout& laid_out,
                           const layout::TextMeasurer& measurer,
                           std::vector<model::Diagnostic>& diagnostics) {
    std::set<char32_t> reported;
    const auto check = [&](const layout::TextBlock& block, const model::SourceRange& where) {
        for (const layout::TextLine& line : block.lines) {
            for (char32_t cp : measurer.missing_characters(line.text, block.font)) {
                if (!reported.insert(cp).second) {
                    continue;
                }
                model::Diagnostic d;
                d.severity = model::Severity::warning;
                d.range = where;
                d.message = "no installed font can draw " + code_point_name(cp) + " `" + utf8(cp) +
                            "`; it shows as a box";
                d.hint = "install a font that covers it (for example fonts-noto-core, "
                         "fonts-noto-cjk or fonts-noto-color-emoji)";
                diagnostics.push_back(std::move(d));
            }
        }
    };
    for (std::size_t i = 0; i < chart.nodes.size() && i < laid_out.node_labels.size(); ++i) {
        check(laid_out.node_labels[i], chart.nodes[i].where);
    }
    for (std::size_t i = 0; i < chart.edges.size() && i < laid_out.edge_labels.size(); ++i) {
        check(laid_out.edge_labels[i], chart.edges[i].where);
    }
    for (std::size_t i = 0; i < chart.subgraphs.size() && i < laid_out.cluster_titles.size(); ++i) {
        check(laid_out.cluster_titles[i], chart.subgraphs[i].where);
    }
}

// The id prefix and the selectors are written into the SVG's style sheet and ids as given, so
// they are held to plain CSS identifiers and selectors rather than escaped into something else.
std::optional<std::string> svg_option_problem(const RenderOptions& options) {
    const std::string_view id = options.svg_id;
    const auto ident_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    };
    if (!id.empty() && (std::isalpha(static_cast<unsigned char>(id.front())) == 0 ||
                        !std::all_of(id.begin(), id.end(), ident_char))) {
        return "the SVG id `" + std::string(id) +
               "` must start with a letter and hold only letters, digits, `-` and `_`";
    }
    for (const auto& [name, selector] :
         {std::pair<std::string_view, std::string_view>{"dark selector", options.dark_selector},
          {"light selector", options.light_selector}}) {
        const bool control = std::any_of(selector.begin(), selector.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20;
        });
        if (control || selector.find_first_of("{};<&@\\") != std::string_view::npos ||
            selector.find("/*") != std::string_view::npos) {
            return "the " + std::string(name) + " `" + std::string(selector) +
                   "` is not a plain CSS selector (no `{`, `}`, `;`, `<`, `&`, `@`, `\\` or "
                   "comments)";
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<Format> format_from_name(std::string_view name) {
    if (name == "svg") {
        return Format::svg;
    }
    if (name == "png") {
        return Format::png;
    }
    if (name == "pdf") {
        return Format::pdf;
    }
    if (name == "json") {
        return Format::json;
    }
    return std::nullopt;
}

std::optional<Format> format_from_path(std::string_view path) {
    return format_from_name(lower_extension(path));
}

std::string_view format_name(Format format) {
    switch (format) {
    case Format::svg:
        return "svg";
    case Format::png:
        return "png";
    case Format::pdf:
        return "pdf";
    case Format::json:
        return "json";
    }
    return "svg";
}

RenderResult render(std::string_view source, const RenderOptions& options,
                    const layout::TextMeasurer& measurer) {
    RenderResult result;
    parser::ParseOptions parse_options;
    parse_options.base_config = options.config;
    parser::ParseResult parsed = parser::parse(source, parse_options);
    result.diagnostics = std::move(parsed.diagnostics);
    if (!parsed.diagram) {
        return result;
    }
    const model::Diagram& diagram = *parsed.diagram;
    const model::Flowchart* chart = diagram.flowchart();
    if (chart == nullptr) {
        result.diagnostics.push_back(error_at_start("this diagram type is not supported yet"));
        return result;
    }

    bool known_theme = true;
    const scene::Theme theme = scene::resolve_theme(diagram.config, &known_theme);
    if (!known_theme) {
        result.diagnostics.push_back(unknown_theme(diagram.config.theme));
    }
    std::optional<scene::Theme> dark_theme;
    if (!options.dark_theme.empty()) {
        bool known = true;
        dark_theme = scene::resolve_theme(options.dark_theme, diagram.config, &known);
        if (!known) {
            result.diagnostics.push_back(unknown_theme(options.dark_theme));
        }
    }

    layout::FlowchartLayoutOptions layout_options;
    layout_options.font = theme.font;
    layout_options.wrapping_width = diagram.config.flowchart.wrapping_width;
    layout_options.node_padding = diagram.config.flowchart.padding;
    layout_options.neo_look = theme.neo;
    layout_options.corner_radius = theme.corner_radius;
    layout_options.engine.node_spacing = diagram.config.flowchart.node_spacing;
    layout_options.engine.rank_spacing = diagram.config.flowchart.rank_spacing;
    layout_options.engine.route_style = diagram.config.flowchart.curve == model::Curve::linear
                                            ? layout::RouteStyle::polyline
                                            : layout::RouteStyle::spline;
    const layout::FlowchartLayout laid_out =
        layout::layout_flowchart(*chart, layout_options, measurer);
    report_missing_glyphs(*chart, laid_out, measurer, result.diagnostics);

    if (options.format == Format::json) {
        result.output = layout::write_layout_json(laid_out.graph, laid_out.geometry);
        result.ok = true;
        return result;
    }

    scene::SceneOptions scene_options;
    scene_options.padding = diagram.config.flowchart.diagram_padding;
    if (options.background) {
        if (*options.background == "transparent") {
            scene_options.transparent = true;
        } else if (auto color = model::parse_color(*options.background)) {
            scene_options.background = color;
            scene_options.transparent = color->a == 0;
        } else {
            result.diagnostics.push_back(
                error_at_start("`" + *options.background + "` is not a colour"));
            return result;
        }
    }
    if (options.format == Format::svg) {
        if (auto problem = svg_option_problem(options)) {
            result.diagnostics.push_back(error_at_start(std::move(*problem)));
            return result;
        }
    }
    scene_options.dark_theme = dark_theme;
    const scene::Scene drawing =
        scene::build_flowchart_scene(diagram, laid_out, theme, scene_options);

    std::ostringstream out;
    render::RasterOptions raster;
    raster.scale = options.scale;
    raster.width = options.width;
    raster.height = options.height;
    raster.fonts = dynamic_cast<const render::PangoTextMeasurer*>(&measurer);
    switch (options.format) {
    case Format::svg: {
        render::SvgOptions svg;
        svg.id_prefix = options.svg_id.empty() ? content_id(source) : options.svg_id;
        svg.text = options.svg_text_paths ? render::SvgText::paths : render::SvgText::text;
        svg.dark_selector = options.dark_selector;
        svg.light_selector = options.light_selector;
        svg.xml_declaration = options.xml_declaration;
        render::write_svg(drawing, out, svg);
        break;
    }
    case Format::png:
        render::write_png(drawing, out, raster);
        break;
    case Format::pdf:
        render::write_pdf(drawing, out, raster);
        break;
    case Format::json:
        break;
    }
    result.output = std::move(out).str();
    result.ok = true;
    return result;
}

} // namespace merrow::cli
