// The public PNG and PDF functions, and text outlines, through the Cairo module (see
// detail/cairo_module.hpp for why it is a module). It is loaded on the first call and stays.
#include "detail/cairo_module.hpp"
#include "detail/pango_setup.hpp"
#include "merrow/render/cairo_writer.hpp"
#include "merrow/render/pango_measurer.hpp"

#include <array>
#include <dlfcn.h>
#include <filesystem>
#include <ostream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace merrow::render {

namespace {

constexpr const char* module_file = "merrow-cairo.so";

/// Where the module may be, in order: MERROW_CAIRO_MODULE (a packager's or test's choice),
/// beside the running binary (the build tree), the install layout `bin/../lib/merrow/`, and
/// the build tree this library was built in (tests run from other directories).
std::vector<std::filesystem::path> candidate_paths() {
    std::vector<std::filesystem::path> out;
    if (const char* chosen = std::getenv("MERROW_CAIRO_MODULE"); chosen != nullptr && *chosen) {
        out.emplace_back(chosen);
        return out;
    }
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        out.push_back(exe.parent_path() / module_file);
        out.push_back(exe.parent_path().parent_path() / "lib" / "merrow" / module_file);
    }
#ifdef MERROW_CAIRO_MODULE_BUILD_PATH
    out.emplace_back(MERROW_CAIRO_MODULE_BUILD_PATH);
#endif
    return out;
}

struct Loaded {
    const detail::CairoModule* module = nullptr;
    std::string error;
};

Loaded find_and_open() {
    Loaded result;
    std::string tried;
    for (const std::filesystem::path& path : candidate_paths()) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            tried += "\n  " + path.string();
            continue;
        }
        // RTLD_NODELETE: the module keeps thread-local font maps whose destructors must
        // outlive every thread.
        void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE);
        if (handle == nullptr) {
            const char* why = dlerror();
            result.error = "cannot load the Cairo module " + path.string() + ": " +
                           (why != nullptr ? why : "unknown error");
            return result;
        }
        auto entry =
            reinterpret_cast<detail::ModuleEntry>(dlsym(handle, detail::module_entry_name));
        const detail::CairoModule* module = entry != nullptr ? entry() : nullptr;
        if (module == nullptr || !(module->abi == detail::ModuleAbi{})) {
            result.error = "the Cairo module " + path.string() +
                           " belongs to another build of merrow; install the merrow binary "
                           "and its module together";
            return result;
        }
        result.module = module;
        return result;
    }
    result.error = std::string("PNG, PDF and SVG text as paths need the Cairo module ") +
                   module_file + ", which is in none of these places:" + tried +
                   "\n(install it beside the merrow binary, or set MERROW_CAIRO_MODULE)";
    return result;
}

Loaded load() {
    Loaded result = find_and_open();
    // The module's font maps read fontconfig's current configuration: merrow's must be in place.
    detail::install_font_configuration();
    return result;
}

const Loaded& loaded() {
    static const Loaded once = load();
    return once;
}

const detail::CairoModule& module() {
    const Loaded& loaded = ::merrow::render::loaded();
    if (loaded.module == nullptr) {
        throw CairoUnavailable(loaded.error);
    }
    return *loaded.module;
}

void raise(detail::ModuleStatus status, const std::array<char, 1024>& message) {
    switch (status) {
    case detail::ModuleStatus::ok:
        return;
    case detail::ModuleStatus::invalid_argument:
        throw std::invalid_argument(message.data());
    case detail::ModuleStatus::length_error:
        throw std::length_error(message.data());
    case detail::ModuleStatus::runtime_error:
        break;
    }
    throw std::runtime_error(message.data());
}

bool to_stream(void* context, const char* data, std::size_t size) {
    auto& out = *static_cast<std::ostream*>(context);
    out.write(data, static_cast<std::streamsize>(size));
    return static_cast<bool>(out);
}

void to_path(void* context, detail::PathVerb verb, const scene::Point* points) {
    auto& path = *static_cast<scene::Path*>(context);
    switch (verb) {
    case detail::PathVerb::move:
        path.move_to(points[0]);
        break;
    case detail::PathVerb::line:
        path.line_to(points[0]);
        break;
    case detail::PathVerb::cubic:
        path.cubic_to(points[0], points[1], points[2]);
        break;
    case detail::PathVerb::close:
        path.close();
        break;
    }
}

/// The measurer's font map when the painter can draw with it.
PangoFontMap* drawing_fonts(const RasterOptions& options) {
    const PangoTextMeasurer* fonts = options.fonts;
    return fonts != nullptr && fonts->backend() == FontBackend::cairo ? fonts->font_map() : nullptr;
}

} // namespace

void write_png(const scene::Scene& scene, std::ostream& out, const RasterOptions& options) {
    std::array<char, 1024> message{};
    raise(module().write_png(scene, options, drawing_fonts(options), to_stream, &out,
                             message.data(), message.size()),
          message);
}

void write_pdf(const scene::Scene& scene, std::ostream& out, const RasterOptions& options) {
    std::array<char, 1024> message{};
    raise(module().write_pdf(scene, options, drawing_fonts(options), to_stream, &out,
                             message.data(), message.size()),
          message);
}

PangoFontMap* detail::new_cairo_font_map() {
    return module().new_font_map();
}

PangoContext* detail::new_cairo_context(PangoFontMap* font_map) {
    return module().new_context(font_map);
}

scene::Path detail::text_outline(const scene::TextRun& run) {
    scene::Path path;
    std::array<char, 1024> message{};
    raise(module().text_outline(run, to_path, &path, message.data(), message.size()), message);
    return path;
}

} // namespace merrow::render
