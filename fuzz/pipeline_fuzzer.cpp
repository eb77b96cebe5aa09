// libFuzzer target: the whole pipeline as merrow runs it (cli::render: parse → layout → scene →
// SVG), with the SVG read back by the safety checker of the XSS tests: any markup that is not
// what merrow means to write aborts the run like a crash.
//
// Inputs starting with byte 0x01 are structure-aware: the bytes after it drive the random
// flowchart generator, so mutations move between valid charts and reach layout and rendering
// far more often than mutated text does. Text is measured by the deterministic approximate
// measurer, which keeps runs fast; MERROW_FUZZ_PANGO=1 measures with Pango instead and also
// draws PNG and PDF through Cairo.
#include "flowchart_generator.hpp"
#include "merrow/cli/pipeline.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "svg_safety.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {

bool use_pango() {
    const char* v = std::getenv("MERROW_FUZZ_PANGO");
    return v != nullptr && std::string_view(v) == "1";
}

const merrow::layout::TextMeasurer& measurer() {
    static const std::unique_ptr<merrow::layout::TextMeasurer> instance =
        use_pango() ? std::unique_ptr<merrow::layout::TextMeasurer>(
                          std::make_unique<merrow::render::PangoTextMeasurer>())
                    : std::make_unique<merrow::layout::ApproximateTextMeasurer>();
    return *instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string source;
    if (size > 0 && data[0] == 0x01) {
        merrow::fuzz::ByteChoices choices(data + 1, size - 1);
        source = merrow::fuzz::FlowchartGenerator(choices).generate();
    } else {
        source.assign(reinterpret_cast<const char*>(data), size);
    }
    merrow::cli::RenderOptions options;
    // One input, one deterministic set of options: the dark palette and its style sheet, and
    // the layout JSON, on some inputs.
    const std::size_t variant = size % 4;
    if (variant == 1) {
        options.dark_theme = "dark";
        options.light_selector = ".light";
    }
    options.format = variant == 3 ? merrow::cli::Format::json : merrow::cli::Format::svg;
    const merrow::cli::RenderResult result = merrow::cli::render(source, options, measurer());
    if (result.ok && options.format == merrow::cli::Format::svg) {
        const auto problems = merrow::test::svg_safety_problems(result.output);
        if (!problems.empty()) {
            std::fprintf(stderr, "pipeline_fuzzer: unsafe SVG: %s\n", problems.front().c_str());
            std::abort();
        }
    }
    if (result.ok && use_pango()) {
        for (const merrow::cli::Format format :
             {merrow::cli::Format::png, merrow::cli::Format::pdf}) {
            options.format = format;
            (void)merrow::cli::render(source, options, measurer());
        }
    }
    return 0;
}
