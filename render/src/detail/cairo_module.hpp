// The boundary between merrow_render and the Cairo module, merrow-cairo.so.
//
// PNG, PDF and text outlines need Cairo. Loading Cairo and the libraries it brings (pixman,
// libpng, X11 and xcb) took longer than rendering a small diagram to SVG, so they live in a
// module that is loaded the first time one of them is asked for.
//
// The merrow binary and the module may each carry their own copy of the C++ runtime (release
// builds link it statically into both), so nothing that belongs to one runtime crosses: no
// exception, stream or allocation. Calls take plain data (the scene is only read) and hand
// results back through callbacks.
#pragma once

#include "merrow/render/cairo_writer.hpp"
#include "merrow/scene/scene.hpp"

#include <cstddef>
#include <pango/pango.h>

namespace merrow::render::detail {

/// How a call ended: the exception the public function throws for it.
enum class ModuleStatus : int { ok, invalid_argument, length_error, runtime_error };

/// Receives output bytes, in order; false when they could not be written (the call then fails).
using ByteSink = bool (*)(void* context, const char* data, std::size_t size);

/// Receives an outline one command at a time: `points` holds 1 point for move and line, 3 for
/// a cubic and none for close.
enum class PathVerb : int { move, line, cubic, close };
using PathSink = void (*)(void* context, PathVerb verb, const scene::Point* points);

/// What the two sides must agree on. A module from another build (a stale install beside a new
/// binary) is refused rather than handed data it would misread.
struct ModuleAbi {
    int version = 2;
    std::size_t scene = sizeof(scene::Scene);
    std::size_t text_run = sizeof(scene::TextRun);
    std::size_t raster_options = sizeof(RasterOptions);
    friend bool operator==(const ModuleAbi&, const ModuleAbi&) = default;
};

/// The module's entry points. On failure each writes a message (NUL-terminated, cut to
/// `error_size`) into `error`. Pango objects are plain C objects of the one shared libpango, so
/// they may cross.
struct CairoModule {
    ModuleAbi abi;
    /// Text is drawn on `font_map` (from new_font_map), or when null on the calling thread's own.
    ModuleStatus (*write_png)(const scene::Scene& scene, const RasterOptions& options,
                              PangoFontMap* font_map, ByteSink sink, void* context, char* error,
                              std::size_t error_size);
    ModuleStatus (*write_pdf)(const scene::Scene& scene, const RasterOptions& options,
                              PangoFontMap* font_map, ByteSink sink, void* context, char* error,
                              std::size_t error_size);
    /// A new PangoCairo font map; the caller owns the reference.
    PangoFontMap* (*new_font_map)();
    /// A new context on a PangoCairo `font_map`, set up exactly as the painter's; the caller
    /// owns the reference.
    PangoContext* (*new_context)(PangoFontMap* font_map);
    ModuleStatus (*text_outline)(const scene::TextRun& run, PathSink sink, void* context,
                                 char* error, std::size_t error_size);
};

/// The module's one exported symbol: a function returning its CairoModule.
inline constexpr const char* module_entry_name = "merrow_cairo_module";
using ModuleEntry = const CairoModule* (*)();

/// Through the module (loaded on first use); each throws CairoUnavailable when it cannot be
/// loaded.
/// The glyph outlines of `run` in scene px (empty for empty text).
scene::Path text_outline(const scene::TextRun& run);
/// A new PangoCairo font map (owned by the caller) and a context on it set up as the painter's.
PangoFontMap* new_cairo_font_map();
PangoContext* new_cairo_context(PangoFontMap* font_map);

} // namespace merrow::render::detail
