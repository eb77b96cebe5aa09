// Time per stage, in process, on the samples, a generated 200-node flowchart and the 1000-node
// benchmark graphs: where the time goes once the process has started.
//
//   cmake -S . -B build -DMERROW_BUILD_BENCH=ON && cmake --build build --target merrow_bench
//   build/bench/merrow_bench [--benchmark_filter=…]
#include "merrow/cli/pipeline.hpp"
#include "merrow/layout/engine.hpp"
#include "merrow/layout/flowchart_layout.hpp"
#include "merrow/layout/graph_json.hpp"
#include "merrow/parser/parse.hpp"
#include "merrow/render/cairo_writer.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "merrow/render/svg_writer.hpp"
#include "merrow/scene/build.hpp"
#include "merrow/scene/theme.hpp"
#include "pipeline.hpp" // the layout phases, one at a time (layout/src)

#include <benchmark/benchmark.h>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <utility>

namespace {

using namespace merrow;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string tier() {
    return slurp(std::string(MERROW_SOURCE_DIR) + "/samples/tier.mmd");
}

// A flowchart like the blog's bigger ones: 200 nodes, 300 edges, some labels, a few subgraphs.
std::string big_flowchart() {
    std::mt19937 rng(20261126);
    std::string text = "flowchart TD\n";
    for (int i = 0; i < 200; ++i) {
        text += "    n" + std::to_string(i) + "[\"Node " + std::to_string(i) + "\"]\n";
    }
    for (int e = 0; e < 300; ++e) {
        const auto a = static_cast<int>(rng() % 199);
        const auto span = static_cast<unsigned>(std::min(20, 199 - a));
        const auto b = a + 1 + static_cast<int>(rng() % span);
        text += "    n" + std::to_string(a) + (rng() % 4 == 0 ? " -->|step| n" : " --> n") +
                std::to_string(b) + "\n";
    }
    for (int s = 0; s < 5; ++s) {
        text += "    subgraph s" + std::to_string(s) + " [Group " + std::to_string(s) + "]\n";
        for (int i = 0; i < 6; ++i) {
            text += "        n" + std::to_string(s * 40 + i) + "\n";
        }
        text += "    end\n";
    }
    return text;
}

struct Prepared {
    model::Diagram diagram;
    layout::FlowchartLayout laid_out;
    scene::Scene drawing;
};

Prepared prepare(const std::string& text, const layout::TextMeasurer& measurer) {
    Prepared p;
    p.diagram = *parser::parse(text).diagram;
    const scene::Theme theme = scene::resolve_theme(p.diagram.config);
    layout::FlowchartLayoutOptions options;
    options.font = theme.font;
    p.laid_out = layout::layout_flowchart(*p.diagram.flowchart(), options, measurer);
    p.drawing = scene::build_flowchart_scene(p.diagram, p.laid_out, theme, {});
    return p;
}

void parse_stage(benchmark::State& state, const std::string& text) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(parser::parse(text));
    }
}

void layout_stage(benchmark::State& state, const std::string& text) {
    render::PangoTextMeasurer measurer;
    const model::Diagram diagram = *parser::parse(text).diagram;
    const scene::Theme theme = scene::resolve_theme(diagram.config);
    layout::FlowchartLayoutOptions options;
    options.font = theme.font;
    for (auto _ : state) {
        benchmark::DoNotOptimize(layout::layout_flowchart(*diagram.flowchart(), options, measurer));
    }
}

void scene_stage(benchmark::State& state, const std::string& text) {
    render::PangoTextMeasurer measurer;
    const Prepared p = prepare(text, measurer);
    const scene::Theme theme = scene::resolve_theme(p.diagram.config);
    for (auto _ : state) {
        benchmark::DoNotOptimize(scene::build_flowchart_scene(p.diagram, p.laid_out, theme, {}));
    }
}

void svg_stage(benchmark::State& state, const std::string& text) {
    render::PangoTextMeasurer measurer;
    const Prepared p = prepare(text, measurer);
    for (auto _ : state) {
        std::ostringstream out;
        render::write_svg(p.drawing, out);
        benchmark::DoNotOptimize(out.str());
    }
}

void png_stage(benchmark::State& state, const std::string& text) {
    render::PangoTextMeasurer measurer;
    const Prepared p = prepare(text, measurer);
    for (auto _ : state) {
        std::ostringstream out;
        render::write_png(p.drawing, out);
        benchmark::DoNotOptimize(out.str());
    }
}

void whole_svg(benchmark::State& state, const std::string& text) {
    render::PangoTextMeasurer measurer;
    cli::RenderOptions options;
    for (auto _ : state) {
        benchmark::DoNotOptimize(cli::render(text, options, measurer));
    }
}

void cold_measurer(benchmark::State& state) {
    // What one more text measurer costs (a font map per worker thread).
    for (auto _ : state) {
        render::PangoTextMeasurer measurer;
        benchmark::DoNotOptimize(measurer.measure("Spill / Offload", {}, 200));
    }
}

void layout_graph_file(benchmark::State& state, const std::string& name) {
    const std::string path = std::string(MERROW_SHARED_DIR) + "/bench/graphs/" + name;
    const layout::GraphDocument doc = layout::read_graph_json(slurp(path));
    layout::Options options;
    options.direction = doc.direction;
    for (auto _ : state) {
        benchmark::DoNotOptimize(layout::layout_graph(doc.graph, options));
    }
}

// One layout phase on a 1000-node benchmark graph (no clusters: the flat pipeline), the
// phases before it run once outside the timing.
void layout_phase(benchmark::State& state, const std::string& name, layout::detail::Phase phase) {
    const std::string path = std::string(MERROW_SHARED_DIR) + "/bench/graphs/" + name;
    const layout::GraphDocument doc = layout::read_graph_json(slurp(path));
    layout::Options options;
    options.direction = doc.direction;
    layout::detail::PipelineState before = layout::detail::prepare(doc.graph, options);
    for (const layout::detail::Phase earlier : layout::detail::all_phases) {
        if (earlier == phase) {
            break;
        }
        layout::detail::run_phase(before, earlier, options);
    }
    for (auto _ : state) {
        state.PauseTiming();
        layout::detail::PipelineState run = before;
        state.ResumeTiming();
        layout::detail::run_phase(run, phase, options);
        benchmark::DoNotOptimize(run.graph.nodes.data());
    }
}

const std::string tier_text = tier();
const std::string big_text = big_flowchart();

BENCHMARK_CAPTURE(parse_stage, tier, tier_text)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(layout_stage, tier, tier_text)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(scene_stage, tier, tier_text)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(svg_stage, tier, tier_text)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(png_stage, tier, tier_text)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(whole_svg, tier, tier_text)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(parse_stage, flowchart_200, big_text)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(layout_stage, flowchart_200, big_text)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(svg_stage, flowchart_200, big_text)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(whole_svg, flowchart_200, big_text)->Unit(benchmark::kMillisecond);
BENCHMARK(cold_measurer)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(layout_graph_file, dag_1000, std::string("dag/dag_n1000_00.json"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(layout_graph_file, cyc_1000, std::string("cyc/cyc_n1000_00.json"))
    ->Unit(benchmark::kMillisecond);

// Each phase of the engine on the 1000-node graphs, in the engine's own phase order.
const bool phase_benchmarks_registered = [] {
    constexpr const char* names[] = {"cycles",   "ranking",     "normalize",
                                     "ordering", "positioning", "routing"};
    static_assert(std::size(names) == std::size(layout::detail::all_phases));
    const std::pair<const char*, const char*> graphs[] = {{"dag_1000", "dag/dag_n1000_00.json"},
                                                          {"cyc_1000", "cyc/cyc_n1000_00.json"}};
    for (const auto& [graph, file] : graphs) {
        for (std::size_t i = 0; i < std::size(names); ++i) {
            const std::string name = std::string("layout_phase/") + graph + "_" + names[i];
            benchmark::RegisterBenchmark(name.c_str(), layout_phase, std::string(file),
                                         layout::detail::all_phases[i])
                ->Unit(benchmark::kMillisecond);
        }
    }
    return true;
}();

} // namespace

BENCHMARK_MAIN();
