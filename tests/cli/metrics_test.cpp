// ../shared/tools/layout/layout_metrics.py on the layout JSON of every sample: the same
// independent check the benchmark uses.
#include "merrow/cli/pipeline.hpp"
#include "merrow/layout/json.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace merrow;
namespace fs = std::filesystem;

TEST_CASE("layout_metrics.py finds no overlaps and no edges through nodes in any sample",
          "[metrics]") {
    const fs::path tool = fs::path(MERROW_SHARED_DIR) / "tools" / "layout" / "layout_metrics.py";
    INFO("the metrics tool is expected at " << tool.string()
                                            << " (set MERROW_SHARED_DIR when configuring)");
    REQUIRE(fs::exists(tool));
    test::TempDir dir;
    render::PangoTextMeasurer measurer;
    std::size_t checked = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(MERROW_SOURCE_DIR) / "samples")) {
        if (entry.path().extension() != ".mmd") {
            continue;
        }
        cli::RenderOptions options;
        options.format = cli::Format::json;
        const auto r = cli::render(test::slurp(entry.path()), options, measurer);
        REQUIRE(r.ok);
        const fs::path json_path = dir / (entry.path().stem().string() + ".json");
        std::ofstream(json_path) << r.output;
        const auto run = test::run_command("python3 '" + tool.string() + "' '" +
                                           json_path.string() + "' --json");
        REQUIRE(run.exit_code == 0);
        const auto metrics = layout::json::parse(run.out);
        INFO(entry.path().filename().string() << ": " << run.out);
        for (const char* key :
             {"node_overlaps", "edge_node_hits", "label_node_overlaps", "label_label_overlaps",
              "cluster_overlaps", "cluster_nodes_outside"}) {
            INFO(key);
            CHECK(metrics.find(key)->as_number() == 0);
        }
        ++checked;
    }
    CHECK(checked >= 5);
}
