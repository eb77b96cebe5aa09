// Owning handles for the C objects of Pango and GLib, so that every early return and exception
// releases what was created. Cairo's are in cairo_handles.hpp: only the Cairo module uses them.
#pragma once

#include <glib-object.h>
#include <memory>
#include <pango/pango.h>

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

using PangoFontDescriptionPtr =
    std::unique_ptr<PangoFontDescription, ReleaseWith<&pango_font_description_free>>;
using PangoAttrListPtr = std::unique_ptr<PangoAttrList, ReleaseWith<&pango_attr_list_unref>>;

} // namespace merrow::render::detail
