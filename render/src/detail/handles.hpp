// Owning handles for the C objects of Cairo, Pango and GLib, so that every early return and
// exception releases what was created.
#pragma once

#include <cairo.h>
#include <glib-object.h>
#include <memory>
#include <pango/pangocairo.h>

namespace merrow::render::detail {

/// Calls a C release function; a null pointer is never passed on.
template <auto Release> struct ReleaseWith {
    template <typename T> void operator()(T* handle) const noexcept {
        if (handle != nullptr) {
            Release(handle);
        }
    }
};

struct GObjectUnref {
    void operator()(gpointer object) const noexcept {
        if (object != nullptr) {
            g_object_unref(object);
        }
    }
};

/// Any GObject (PangoFontMap, PangoContext, PangoLayout, PangoFont): one reference owned.
template <typename T> using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

using CairoPtr = std::unique_ptr<cairo_t, ReleaseWith<&cairo_destroy>>;
using CairoSurfacePtr = std::unique_ptr<cairo_surface_t, ReleaseWith<&cairo_surface_destroy>>;
using CairoFontOptionsPtr =
    std::unique_ptr<cairo_font_options_t, ReleaseWith<&cairo_font_options_destroy>>;

using PangoFontDescriptionPtr =
    std::unique_ptr<PangoFontDescription, ReleaseWith<&pango_font_description_free>>;
using PangoFontMetricsPtr =
    std::unique_ptr<PangoFontMetrics, ReleaseWith<&pango_font_metrics_unref>>;
using PangoAttrListPtr = std::unique_ptr<PangoAttrList, ReleaseWith<&pango_attr_list_unref>>;

} // namespace merrow::render::detail
