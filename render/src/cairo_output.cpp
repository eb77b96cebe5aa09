#include "detail/cairo_output.hpp"

#include "detail/cairo_handles.hpp"
#include "detail/paint.hpp"
#include "detail/pango_setup.hpp"
#include "detail/png_encoder.hpp"
#include "detail/text.hpp"
#include "detail/text_layout.hpp"

#include <algorithm>
#include <cairo-pdf.h>
#include <cmath>
#include <pango/pangocairo.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace merrow::render::cairo_output {

namespace {

using scene::Color;
using scene::Group;
using scene::Item;
using scene::Scene;
using scene::Shape;
using scene::TextRun;

// Cairo's image surfaces stop at 32767 px a side; past ~1 GiB of pixels we refuse rather than
// let one diagram exhaust memory.
constexpr double max_side_px = 32767;
constexpr double max_pixels = 256.0 * 1024 * 1024;

double scene_extent(double value) {
    return std::isfinite(value) && value > 0 ? value : 0;
}

/// Device units per scene px: the fit into options.width/height (if given), times scale.
double device_factor(const Scene& scene, const RasterOptions& options) {
    const auto positive = [](double v) {
        return std::isfinite(v) && v > 0;
    };
    if (!positive(options.scale) || (options.width && !positive(*options.width)) ||
        (options.height && !positive(*options.height))) {
        throw std::invalid_argument("scale, width and height must be positive numbers");
    }
    const double width = scene_extent(scene.width);
    const double height = scene_extent(scene.height);
    double fit = 0;
    if (options.width && width > 0) {
        fit = *options.width / width;
    }
    if (options.height && height > 0) {
        const double by_height = *options.height / height;
        fit = fit > 0 ? std::min(fit, by_height) : by_height;
    }
    return (fit > 0 ? fit : 1.0) * options.scale;
}

/// Device size of one side: whole units, never less than one, and without a sliver column for
/// a product like 100.0000001.
double device_extent(double extent, double factor) {
    return std::max(1.0, std::ceil(extent * factor - 1e-6));
}

void check(cairo_status_t status, const char* what) {
    if (status != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error(std::string(what) + ": " + cairo_status_to_string(status));
    }
}

cairo_status_t write_to_ostream(void* closure, const unsigned char* data,
                                unsigned int length) noexcept {
    auto* out = static_cast<std::ostream*>(closure);
    try {
        out->write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(length));
    } catch (...) {
        // Exceptions must not unwind through Cairo's C frames; the caller reports the error.
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return out->good() ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/// Cairo's tag attribute syntax: a single-quoted string with \ escaping ' and \.
std::string link_attributes(const std::string& url) {
    std::string out = "uri='";
    for (char c : detail::normalize_line(url)) {
        if (c == '\'' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    out.push_back('\'');
    return out;
}

class Painter {
  public:
    /// `raster`: drawing into pixels (text as outlines) rather than a vector page (text as
    /// text, and links tagged).
    Painter(cairo_t* cr, bool raster, PangoFontMap* font_map)
        : cr_(cr), raster_(raster), context_(detail::make_cairo_context(font_map)) {
        // The context follows the CTM set before this point (the device scale), so text is
        // shaped at its device size while positions stay in scene px.
        pango_cairo_update_context(cr_, context_.get());
        cairo_set_miter_limit(cr_, 4); // SVG's default, not Cairo's 10
    }

    void paint(const Scene& scene) {
        if (scene.background) {
            set_color(*scene.background, 1);
            cairo_paint(cr_);
        }
        items(scene.items);
    }

  private:
    void set_color(const Color& color, double alpha) {
        cairo_set_source_rgba(cr_, color.r / 255.0, color.g / 255.0, color.b / 255.0,
                              color.a / 255.0 * alpha);
    }

    static double finite(double v) { return std::isfinite(v) ? v : 0; }

    void trace(const scene::Path& path) {
        cairo_new_path(cr_);
        for (const scene::PathSegment& s : path.segments()) {
            switch (s.op) {
            case scene::PathSegment::Op::move:
                cairo_move_to(cr_, finite(s.p1.x), finite(s.p1.y));
                break;
            case scene::PathSegment::Op::line:
                cairo_line_to(cr_, finite(s.p1.x), finite(s.p1.y));
                break;
            case scene::PathSegment::Op::cubic:
                cairo_curve_to(cr_, finite(s.p1.x), finite(s.p1.y), finite(s.p2.x), finite(s.p2.y),
                               finite(s.p3.x), finite(s.p3.y));
                break;
            case scene::PathSegment::Op::close:
                cairo_close_path(cr_);
                break;
            }
        }
    }

    void fill_and_stroke(const Shape& s, double alpha) {
        trace(s.path);
        if (s.fill) {
            set_color(*s.fill, alpha);
            cairo_fill_preserve(cr_);
        }
        if (detail::visible_stroke(s.stroke)) {
            const scene::Stroke& stroke = *s.stroke;
            set_color(stroke.color, alpha);
            cairo_set_line_width(cr_, stroke.width);
            switch (stroke.cap) {
            case scene::LineCap::butt:
                cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
                break;
            case scene::LineCap::round:
                cairo_set_line_cap(cr_, CAIRO_LINE_CAP_ROUND);
                break;
            case scene::LineCap::square:
                cairo_set_line_cap(cr_, CAIRO_LINE_CAP_SQUARE);
                break;
            }
            switch (stroke.join) {
            case scene::LineJoin::miter:
                cairo_set_line_join(cr_, CAIRO_LINE_JOIN_MITER);
                break;
            case scene::LineJoin::round:
                cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
                break;
            case scene::LineJoin::bevel:
                cairo_set_line_join(cr_, CAIRO_LINE_JOIN_BEVEL);
                break;
            }
            if (!stroke.dash.empty() && detail::usable_dash(stroke.dash)) {
                cairo_set_dash(cr_, stroke.dash.data(), static_cast<int>(stroke.dash.size()), 0);
            } else {
                cairo_set_dash(cr_, nullptr, 0, 0);
            }
            cairo_stroke_preserve(cr_);
        }
        cairo_new_path(cr_);
    }

    void shape(const Shape& s) {
        const double opacity = detail::unit_interval(s.opacity);
        if (s.path.empty() || opacity <= 0 || (!s.fill && !detail::visible_stroke(s.stroke))) {
            return;
        }
        if (opacity < 1 && s.fill && detail::visible_stroke(s.stroke)) {
            // SVG's opacity applies to the shape as a whole: where the stroke overlaps the
            // fill, the fill must not show through.
            cairo_push_group(cr_);
            fill_and_stroke(s, 1);
            cairo_pop_group_to_source(cr_);
            cairo_paint_with_alpha(cr_, opacity);
        } else {
            fill_and_stroke(s, opacity);
        }
    }

    void text(const TextRun& run) {
        const std::string content = detail::normalize_line(run.text);
        if (content.empty()) {
            return;
        }
        // Anchored on the width drawn here, as an SVG viewer anchors on the width it draws.
        const detail::PlacedLine placed = detail::place_line(context_.get(), run, content);
        double x = placed.x;
        double y = placed.y;
        set_color(run.color, 1);
        if (raster_) {
            // Cairo 1.16 rounds every glyph of a glyph run to a whole device pixel, so letter
            // spacing wobbles at 1x and the anchor is off by up to half a pixel. Filling the
            // outlines keeps Pango's fractional x positions; the baseline is snapped to the
            // pixel grid, as browsers do, so that horizontal strokes stay crisp.
            cairo_user_to_device(cr_, &x, &y);
            y = std::round(y);
            cairo_device_to_user(cr_, &x, &y);
            cairo_move_to(cr_, x, y);
            pango_cairo_layout_line_path(cr_, placed.line);
            cairo_fill(cr_);
        } else {
            cairo_move_to(cr_, x, y);
            pango_cairo_show_layout_line(cr_, placed.line);
        }
        cairo_new_path(cr_);
    }

    void group(const Group& g) {
        const bool link = !raster_ && !g.link.empty();
        if (link) {
            cairo_tag_begin(cr_, CAIRO_TAG_LINK, link_attributes(g.link).c_str());
        }
        items(g.items);
        if (link) {
            cairo_tag_end(cr_, CAIRO_TAG_LINK);
        }
    }

    void items(const std::vector<Item>& list) {
        for (const Item& item : list) {
            switch (item.kind) {
            case Item::Kind::shape:
                shape(item.shape);
                break;
            case Item::Kind::text:
                text(item.text);
                break;
            case Item::Kind::group:
                group(item.group);
                break;
            }
        }
    }

    cairo_t* cr_;
    bool raster_;
    detail::GObjectPtr<PangoContext> context_;
};

void paint_scene(cairo_surface_t* surface, const Scene& scene, double factor, bool raster,
                 PangoFontMap* font_map) {
    const detail::CairoPtr cr{cairo_create(surface)};
    cairo_scale(cr.get(), factor, factor);
    Painter(cr.get(), raster, font_map).paint(scene);
    check(cairo_status(cr.get()), "drawing failed");
}

} // namespace

void write_png(const scene::Scene& scene, std::ostream& out, const RasterOptions& options,
               PangoFontMap* font_map) {
    const double factor = device_factor(scene, options);
    const double width = device_extent(scene_extent(scene.width), factor);
    const double height = device_extent(scene_extent(scene.height), factor);
    if (width > max_side_px || height > max_side_px || width * height > max_pixels) {
        throw std::length_error("PNG too large: " + std::to_string(static_cast<long>(width)) + "x" +
                                std::to_string(static_cast<long>(height)) + " px");
    }
    const detail::CairoSurfacePtr surface{cairo_image_surface_create(
        CAIRO_FORMAT_ARGB32, static_cast<int>(width), static_cast<int>(height))};
    check(cairo_surface_status(surface.get()), "cannot create the image");
    paint_scene(surface.get(), scene, factor, true, font_map);
    cairo_surface_flush(surface.get());
    detail::encode_png({cairo_image_surface_get_data(surface.get()),
                        cairo_image_surface_get_width(surface.get()),
                        cairo_image_surface_get_height(surface.get()),
                        cairo_image_surface_get_stride(surface.get())},
                       out);
}

void write_pdf(const scene::Scene& scene, std::ostream& out, const RasterOptions& options,
               PangoFontMap* font_map) {
    const double factor = device_factor(scene, options);
    const double width = std::max(1.0, scene_extent(scene.width) * factor);
    const double height = std::max(1.0, scene_extent(scene.height) * factor);
    const detail::CairoSurfacePtr surface{
        cairo_pdf_surface_create_for_stream(write_to_ostream, &out, width, height)};
    check(cairo_surface_status(surface.get()), "cannot create the PDF");
    // Cairo 1.16 stamps /CreationDate with the current time and ignores SOURCE_DATE_EPOCH; a
    // date it cannot parse drops the entry, which makes the bytes depend on the scene alone.
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "");
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "merrow");
    if (!scene.title.empty()) {
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                       detail::normalize_line(scene.title).c_str());
    }
    if (!scene.description.empty()) {
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_SUBJECT,
                                       detail::normalize_line(scene.description).c_str());
    }
    paint_scene(surface.get(), scene, factor, false, font_map);
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), "cannot write the PDF");
}

} // namespace merrow::render::cairo_output
