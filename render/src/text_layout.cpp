#include "detail/text_layout.hpp"

#include "detail/pango_setup.hpp"
#include "detail/text.hpp"

#include <cmath>
#include <pango/pangocairo.h>

namespace merrow::render::detail {

PangoFontMap* new_cairo_font_map() {
    return pango_cairo_font_map_new();
}

GObjectPtr<PangoContext> make_cairo_context(PangoFontMap* font_map) {
    if (font_map == nullptr) {
        // One font map per thread, released when the thread ends. The module never unloads, so
        // the thread-local destructors stay valid.
        thread_local const GObjectPtr<PangoFontMap> own{new_cairo_font_map()};
        font_map = own.get();
    }
    GObjectPtr<PangoContext> context{pango_font_map_create_context(font_map)};
    configure_context(context.get());
    const CairoFontOptionsPtr options{cairo_font_options_create()};
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(options.get(), CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context.get(), options.get());
    pango_cairo_context_set_resolution(context.get(), 96);
    return context;
}

PlacedLine place_line(PangoContext* context, const scene::TextRun& run, const std::string& text) {
    PlacedLine placed;
    placed.layout.reset(pango_layout_new(context));
    PangoLayout* layout = placed.layout.get();
    const PangoFontDescriptionPtr desc = make_font_description(run.font);
    pango_layout_set_font_description(layout, desc.get());
    pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    const PangoAttrListPtr styles = style_attributes(run.styles, text.size());
    pango_layout_set_attributes(layout, styles.get());
    placed.line = pango_layout_get_line_readonly(layout, 0);
    PangoRectangle logical{};
    pango_layout_line_get_extents(placed.line, nullptr, &logical);
    placed.width = from_pango(logical.width);
    const double origin_x = std::isfinite(run.origin.x) ? run.origin.x : 0;
    double left = origin_x;
    if (run.anchor == scene::TextAnchor::middle) {
        left -= placed.width / 2;
    } else if (run.anchor == scene::TextAnchor::end) {
        left -= placed.width;
    }
    placed.x = left - from_pango(logical.x);
    placed.y = std::isfinite(run.origin.y) ? run.origin.y : 0;
    return placed;
}

void text_outline_with_cairo(const scene::TextRun& run, PathSink sink, void* sink_context) {
    const std::string text = normalize_line(run.text);
    if (text.empty()) {
        return;
    }
    const CairoSurfacePtr surface{cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, nullptr)};
    const CairoPtr cr{cairo_create(surface.get())};
    const GObjectPtr<PangoContext> context = make_cairo_context();
    pango_cairo_update_context(cr.get(), context.get());
    const PlacedLine placed = place_line(context.get(), run, text);
    cairo_move_to(cr.get(), placed.x, placed.y);
    pango_cairo_layout_line_path(cr.get(), placed.line);
    const CairoPathPtr path{cairo_copy_path(cr.get())};
    if (!path || path->status != CAIRO_STATUS_SUCCESS) {
        return;
    }
    for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
        const cairo_path_data_t* d = &path->data[i];
        // An element holds as many points as its verb takes, after its header.
        const auto point = [d](int k) {
            return scene::Point{d[k].point.x, d[k].point.y};
        };
        switch (d->header.type) {
        case CAIRO_PATH_MOVE_TO:
        case CAIRO_PATH_LINE_TO: {
            const scene::Point to = point(1);
            sink(sink_context,
                 d->header.type == CAIRO_PATH_MOVE_TO ? PathVerb::move : PathVerb::line, &to);
            break;
        }
        case CAIRO_PATH_CURVE_TO: {
            const scene::Point points[3] = {point(1), point(2), point(3)};
            sink(sink_context, PathVerb::cubic, points);
            break;
        }
        case CAIRO_PATH_CLOSE_PATH:
            sink(sink_context, PathVerb::close, nullptr);
            break;
        }
    }
}

} // namespace merrow::render::detail
