// The whole pipeline on everything we can throw at it: Mermaid's conformance corpus, random
// valid flowcharts, the inputs the fuzzers found (tests/fuzz/), and huge-but-legal diagrams that
// must still finish in bounded time. Every SVG is read back by the safety checker.
#include "../../fuzz/flowchart_generator.hpp"
#include "merrow/cli/pipeline.hpp"
#include "merrow/parser/parse.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "process.hpp"
#include "svg_safety.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>

using namespace merrow;
namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr double slowdown = 6; // ASan and UBSan builds run the same work several times slower
#else
constexpr double slowdown = 1;
#endif

std::vector<fs::path> files_in(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() != ".md") {
            files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

void check_safe(const cli::RenderResult& r, const std::string& what) {
    if (!r.ok) {
        return;
    }
    const auto problems = test::svg_safety_problems(r.output);
    INFO(what);
    std::string listed;
    for (const std::string& p : problems) {
        listed += p + "\n";
    }
    INFO("problems:\n" << listed);
    CHECK(problems.empty());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

TEST_CASE("corpus: every valid conformance input renders to a safe SVG", "[robustness][corpus]") {
    const fs::path dir = fs::path(MERROW_SHARED_DIR) / "corpus" / "flowchart" / "valid";
    REQUIRE(fs::exists(dir));
    const layout::ApproximateTextMeasurer measurer;
    std::size_t rendered = 0;
    std::size_t files = 0;
    for (const fs::path& file : files_in(dir)) {
        ++files;
        const std::string text = test::slurp(file);
        cli::RenderOptions options;
        const cli::RenderResult r = cli::render(text, options, measurer);
        rendered += r.ok ? 1U : 0U;
        check_safe(r, file.filename().string());
    }
    // A few inputs are valid only to Mermaid's bare grammar (see conformance_test.cpp).
    CHECK(files > 1500);
    CHECK(rendered + 5 >= files);
}

TEST_CASE("generator: random valid flowcharts parse cleanly and render to safe SVG",
          "[robustness][generator]") {
    const layout::ApproximateTextMeasurer measurer;
    for (std::uint32_t seed = 1; seed <= 300; ++seed) {
        fuzz::SeededChoices choices(seed);
        const std::string chart = fuzz::FlowchartGenerator(choices).generate();
        INFO("seed " << seed << ":\n" << chart);
        const parser::ParseResult parsed = parser::parse(chart);
        for (const auto& d : parsed.diagnostics) {
            if (d.severity == model::Severity::error) {
                UNSCOPED_INFO(model::format_diagnostic(d, "generated", chart));
            }
        }
        REQUIRE(parsed.ok());
        cli::RenderOptions options;
        options.dark_theme = seed % 2 == 0 ? "dark" : "";
        const cli::RenderResult r = cli::render(chart, options, measurer);
        REQUIRE(r.ok);
        check_safe(r, chart);
    }
    // The same seed always makes the same chart.
    fuzz::SeededChoices a(7);
    fuzz::SeededChoices b(7);
    CHECK(fuzz::FlowchartGenerator(a).generate() == fuzz::FlowchartGenerator(b).generate());
}

TEST_CASE("fuzz regressions: every input the fuzzers found renders or fails cleanly",
          "[robustness][fuzz]") {
    const fs::path dir = fs::path(MERROW_SOURCE_DIR) / "tests" / "fuzz";
    const layout::ApproximateTextMeasurer approximate;
    render::PangoTextMeasurer pango;
    std::size_t count = 0;
    for (const fs::path& file : files_in(dir)) {
        ++count;
        const std::string bytes = test::slurp(file);
        INFO(file.filename().string());
        // As the fuzzers ran them: the parser alone, then the pipeline (structure-aware inputs
        // start with 0x01 and go through the generator).
        std::string source = bytes;
        if (!bytes.empty() && bytes[0] == '\x01') {
            fuzz::ByteChoices choices(reinterpret_cast<const std::uint8_t*>(bytes.data()) + 1,
                                      bytes.size() - 1);
            source = fuzz::FlowchartGenerator(choices).generate();
        }
        const auto start = std::chrono::steady_clock::now();
        const parser::ParseResult parsed = parser::parse(source);
        CHECK(parsed.ok() != model::has_errors(parsed.diagnostics));
        for (const layout::TextMeasurer* measurer :
             {static_cast<const layout::TextMeasurer*>(&approximate),
              static_cast<const layout::TextMeasurer*>(&pango)}) {
            for (const cli::Format format :
                 {cli::Format::svg, cli::Format::json, cli::Format::png}) {
                cli::RenderOptions options;
                options.format = format;
                options.dark_theme = "dark";
                const cli::RenderResult r = cli::render(source, options, *measurer);
                CHECK(r.ok == parsed.ok());
                if (format == cli::Format::svg) {
                    check_safe(r, file.filename().string());
                }
            }
        }
        CHECK(seconds_since(start) < 10 * slowdown);
    }
    CHECK(count > 0);
}

TEST_CASE("hostile but legal: big diagrams finish in bounded time", "[robustness][time]") {
    render::PangoTextMeasurer measurer;
    struct Case {
        std::string name;
        std::string source;
        double seconds;
    };
    std::vector<Case> cases;
    {
        std::string fan = "flowchart TD\n";
        for (int i = 0; i < 500; ++i) {
            fan += "  hub --> n" + std::to_string(i) + "\n";
        }
        cases.push_back({"a fan of 500 edges", fan, 5});
    }
    {
        std::string both = "flowchart LR\n";
        for (int i = 0; i < 250; ++i) {
            both += "  a" + std::to_string(i) + " --> hub --> b" + std::to_string(i) + "\n";
        }
        cases.push_back({"500 edges through one node", both, 5});
    }
    {
        std::string mesh = "flowchart TD\n";
        for (int i = 0; i < 22; ++i) {
            for (int j = 0; j < 22; ++j) {
                if (i != j && mesh.size() < 45000) {
                    mesh += "  n" + std::to_string(i) + " --> n" + std::to_string(j) + "\n";
                }
            }
        }
        cases.push_back({"a dense graph (462 edges, with cycles)", mesh, 10});
    }
    {
        std::string deep = "flowchart TD\n";
        for (int i = 0; i < 100; ++i) {
            deep += "subgraph s" + std::to_string(i) + "\n";
            deep += "  x" + std::to_string(i) + " --> y" + std::to_string(i) + "\n";
        }
        for (int i = 0; i < 100; ++i) {
            deep += "end\n";
        }
        deep += "x0 --> y99\nx99 --> y0\n";
        cases.push_back({"subgraphs nested 100 deep", deep, 10});
    }
    {
        std::string siblings = "flowchart LR\n";
        for (int i = 0; i < 400; ++i) {
            siblings += "subgraph g" + std::to_string(i) + "\n  m" + std::to_string(i) + "\nend\n";
        }
        cases.push_back({"400 subgraphs side by side", siblings, 10});
    }
    {
        std::string label;
        for (int i = 0; i < 1000; ++i) {
            label += "word" + std::to_string(i % 10) + " ";
        }
        label.resize(10000, 'z');
        cases.push_back(
            {"labels of 10,000 characters",
             "flowchart TD\n  A[\"" + label + "\"] -->|\"" + label + "\"| B[\"" + label + "\"]",
             5});
    }
    {
        std::string nodes = "flowchart LR\n";
        for (int i = 0; nodes.size() < 49000; ++i) {
            nodes += "  n" + std::to_string(i) + "\n";
        }
        cases.push_back({"as many nodes as 50,000 characters hold", nodes, 10});
    }
    {
        // Thousands of ids that differ only in characters SVG ids cannot hold: all of them
        // become `node-a____` and must be numbered apart.
        const std::string marks = ".,!#$%'*+?/`";
        std::string same = "flowchart LR\n";
        for (std::size_t i = 0; same.size() < 49000; ++i) {
            same += "  a";
            for (std::size_t k = 0, v = i; k < 4; ++k, v /= marks.size()) {
                same += marks[v % marks.size()];
            }
            same += '\n';
        }
        cases.push_back({"ids that collide once made into SVG ids", same, 5});
    }
    {
        std::string chain = "flowchart TD\n  n0";
        for (int i = 1; i <= 500; ++i) {
            chain += " ==> n" + std::to_string(i);
        }
        cases.push_back({"a chain of 500 edges", chain, 10});
    }
    {
        std::string longs = "flowchart TD\n";
        for (int i = 0; i < 60; ++i) {
            longs += "  a" + std::to_string(i) + " ----------> b" + std::to_string(i % 5) + "\n";
        }
        cases.push_back({"long edges (length 9)", longs, 10});
    }
    for (const Case& c : cases) {
        INFO(c.name);
        const auto start = std::chrono::steady_clock::now();
        cli::RenderOptions options;
        const cli::RenderResult r = cli::render(c.source, options, measurer);
        const double took = seconds_since(start);
        INFO("took " << took << " s");
        for (const auto& d : r.diagnostics) {
            if (d.severity == model::Severity::error) {
                UNSCOPED_INFO(d.message);
            }
        }
        CHECK(r.ok);
        CHECK(took < c.seconds * slowdown);
        check_safe(r, c.name);
    }
}
