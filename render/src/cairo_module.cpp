// The Cairo module's entry: the functions of cairo_module.hpp over the painter and the text
// outlines. Everything thrown stops here and becomes a status and a message.
#include "detail/cairo_module.hpp"

#include "detail/cairo_output.hpp"
#include "detail/text_layout.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <ostream>
#include <stdexcept>
#include <streambuf>

namespace merrow::render::detail {

namespace {

/// Hands every byte written to the stream on to the caller's sink, unbuffered (the painters
/// write in large blocks). A sink that fails sets the stream's badbit, which the painters check.
class SinkBuffer : public std::streambuf {
  public:
    SinkBuffer(ByteSink sink, void* context) : sink_(sink), context_(context) {}

  protected:
    std::streamsize xsputn(const char* data, std::streamsize size) override {
        return sink_(context_, data, static_cast<std::size_t>(size)) ? size : 0;
    }
    int_type overflow(int_type c) override {
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            const char byte = traits_type::to_char_type(c);
            if (!sink_(context_, &byte, 1)) {
                return traits_type::eof();
            }
        }
        return traits_type::not_eof(c);
    }

  private:
    ByteSink sink_;
    void* context_;
};

void copy_message(const char* message, char* error, std::size_t error_size) {
    if (error_size == 0) {
        return;
    }
    const std::size_t n = std::min(std::strlen(message), error_size - 1);
    std::memcpy(error, message, n);
    error[n] = '\0';
}

template <typename Work> ModuleStatus guarded(char* error, std::size_t error_size, Work&& work) {
    try {
        work();
        return ModuleStatus::ok;
    } catch (const std::invalid_argument& e) {
        copy_message(e.what(), error, error_size);
        return ModuleStatus::invalid_argument;
    } catch (const std::length_error& e) {
        copy_message(e.what(), error, error_size);
        return ModuleStatus::length_error;
    } catch (const std::exception& e) {
        copy_message(e.what(), error, error_size);
        return ModuleStatus::runtime_error;
    } catch (...) {
        copy_message("unknown error in the Cairo module", error, error_size);
        return ModuleStatus::runtime_error;
    }
}

using Writer = void (*)(const scene::Scene&, std::ostream&, const RasterOptions&, PangoFontMap*);

template <Writer write>
ModuleStatus write_with(const scene::Scene& scene, const RasterOptions& options,
                        PangoFontMap* font_map, ByteSink sink, void* context, char* error,
                        std::size_t error_size) {
    return guarded(error, error_size, [&] {
        SinkBuffer buffer(sink, context);
        std::ostream out(&buffer);
        write(scene, out, options, font_map);
    });
}

PangoContext* new_context(PangoFontMap* font_map) {
    return make_cairo_context(font_map).release();
}

ModuleStatus outline(const scene::TextRun& run, PathSink sink, void* context, char* error,
                     std::size_t error_size) {
    return guarded(error, error_size, [&] { text_outline_with_cairo(run, sink, context); });
}

const CairoModule module{ModuleAbi{},
                         &write_with<&cairo_output::write_png>,
                         &write_with<&cairo_output::write_pdf>,
                         &new_cairo_font_map,
                         &new_context,
                         &outline};

} // namespace

} // namespace merrow::render::detail

extern "C" __attribute__((visibility("default"))) const merrow::render::detail::CairoModule*
merrow_cairo_module() {
    return &merrow::render::detail::module;
}
