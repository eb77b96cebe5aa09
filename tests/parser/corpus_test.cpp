// A look at how much of Mermaid's own flowchart test corpus the parser accepts with the same
// statistics (nodes, edges, subgraphs, direction) as Mermaid's parser. Hidden ([.corpus]) because
// the full conformance runner is separate; run `test_parser "[.corpus]" -s` for the numbers.
#include "merrow/parser/parse.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

using namespace merrow;

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream ss(line);
    while (std::getline(ss, field, sep)) {
        out.push_back(field);
    }
    return out;
}

} // namespace

TEST_CASE("corpus: valid Mermaid flowcharts parse with Mermaid's statistics", "[.corpus]") {
    const std::filesystem::path dir =
        std::filesystem::path(MERROW_SHARED_DIR) / "corpus" / "flowchart";
    std::ifstream manifest(dir / "MANIFEST.tsv");
    REQUIRE(manifest.good());
    std::string line;
    std::getline(manifest, line);
    int total = 0;
    int accepted = 0;
    int matching = 0;
    int invalid_total = 0;
    int invalid_rejected = 0;
    std::map<std::string, int> reasons;
    while (std::getline(manifest, line)) {
        const auto cols = split(line, '\t');
        if (cols.size() < 6) {
            continue;
        }
        const std::string source = read_file(dir / cols[0]);
        const auto result = parser::parse(source);
        if (cols[3] == "invalid") {
            ++invalid_total;
            invalid_rejected += result.ok() ? 0 : 1;
            if (result.ok()) {
                std::cout << "accepted invalid: " << cols[0] << '\n';
            }
            continue;
        }
        ++total;
        if (!result.ok()) {
            for (const auto& d : result.diagnostics) {
                if (d.severity == model::Severity::error) {
                    std::string key = d.message.substr(0, 60);
                    ++reasons[key];
                    break;
                }
            }
            continue;
        }
        ++accepted;
        const auto* chart = result.diagram->flowchart();
        // Mermaid counts a node that names a subgraph (`A --> sub`, `style sub …`) as a
        // vertex too; merrow merges it into the subgraph. Count those back.
        std::size_t merged = 0;
        for (std::size_t i = 0; i < chart->subgraphs.size(); ++i) {
            bool named = !chart->subgraphs[i].style.empty();
            for (const auto& edge : chart->edges) {
                for (const auto& end : {edge.from, edge.to}) {
                    named = named || (end.kind == model::EndRef::Kind::subgraph && end.index == i);
                }
            }
            merged += named ? 1 : 0;
        }
        std::ostringstream stats;
        stats << "nodes=" << chart->nodes.size() + merged << " edges=" << chart->edges.size()
              << " subgraphs=" << chart->subgraphs.size()
              << " dir=" << model::to_string(chart->direction);
        if (stats.str() == cols[5]) {
            ++matching;
        } else {
            std::cout << "stats differ: " << cols[0] << ": " << stats.str() << " vs " << cols[5]
                      << '\n';
        }
    }
    std::cout << "valid: " << total << ", accepted: " << accepted
              << ", same statistics: " << matching << '\n'
              << "invalid: " << invalid_total << ", rejected: " << invalid_rejected << '\n';
    for (const auto& [reason, count] : reasons) {
        std::cout << count << "\t" << reason << '\n';
    }
    CHECK(matching > 0);
}
