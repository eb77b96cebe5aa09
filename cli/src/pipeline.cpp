#include "merrow/cli/pipeline.hpp"

#include "merrow/layout/flowchart_layout.hpp"
#include "merrow/layout/graph_json.hpp"
#include "merrow/parser/parse.hpp"
#include "merrow/render/cairo_writer.hpp"
#include "merrow/render/svg_writer.hpp"
#include "merrow/scene/build.hpp"
#include "merrow/scene/theme.hpp"

#include <cstdint>
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
        model::Diagnostic d =
            error_at_start("unknown theme `" + diagram.config.theme + "`; using `default`");
        d.severity = model::Severity::warning;
        d.hint = "themes: default, neutral, dark, forest, base";
        result.diagnostics.push_back(std::move(d));
    }

    layout::FlowchartLayoutOptions layout_options;
    layout_options.font = theme.font;
    layout_options.wrapping_width = diagram.config.flowchart.wrapping_width;
    layout_options.node_padding = diagram.config.flowchart.padding;
    layout_options.engine.node_spacing = diagram.config.flowchart.node_spacing;
    layout_options.engine.rank_spacing = diagram.config.flowchart.rank_spacing;
    layout_options.engine.route_style = diagram.config.flowchart.curve == model::Curve::linear
                                            ? layout::RouteStyle::polyline
                                            : layout::RouteStyle::spline;
    const layout::FlowchartLayout laid_out =
        layout::layout_flowchart(*chart, layout_options, measurer);

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
    const scene::Scene drawing =
        scene::build_flowchart_scene(diagram, laid_out, theme, scene_options);

    std::ostringstream out;
    render::RasterOptions raster;
    raster.scale = options.scale;
    raster.width = options.width;
    raster.height = options.height;
    switch (options.format) {
    case Format::svg: {
        render::SvgOptions svg;
        svg.id_prefix = options.svg_id.empty() ? content_id(source) : options.svg_id;
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
