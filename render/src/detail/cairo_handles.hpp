// Owning handles for Cairo's C objects (the Cairo module only).
#pragma once

#include "detail/handles.hpp"

#include <cairo.h>

namespace merrow::render::detail {

using CairoPtr = std::unique_ptr<cairo_t, ReleaseWith<&cairo_destroy>>;
using CairoSurfacePtr = std::unique_ptr<cairo_surface_t, ReleaseWith<&cairo_surface_destroy>>;
using CairoFontOptionsPtr =
    std::unique_ptr<cairo_font_options_t, ReleaseWith<&cairo_font_options_destroy>>;
using CairoPathPtr = std::unique_ptr<cairo_path_t, ReleaseWith<&cairo_path_destroy>>;

} // namespace merrow::render::detail
