// The conformance runner: Mermaid's own flowchart inputs (shared/corpus/flowchart). Every valid
// input must parse to Mermaid's statistics (nodes, edges, subgraphs, direction, as Mermaid
// 12.3's FlowDB counted them) and every invalid one must be rejected. An input that cannot meet
// that is listed below with the reason, and the list is checked too, so it cannot go stale.
#include "merrow/parser/parse.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace merrow;

namespace {

namespace fs = std::filesystem;

struct Exception {
    std::string_view file;
    std::string_view reason;
};

// Valid inputs that merrow rejects, as Mermaid's full pipeline does.
constexpr Exception rejected_valid_inputs[] = {
    {"valid/0507-should-keep-node-label-text-if-already-defined-w.mmd",
     "a parser unit test that only Mermaid's bare grammar accepts: `mermaid.parse` (12.3 and "
     "11.14) rejects it, because its entity pre-encoding reads `#fff;` as an entity code, so "
     "the `;` does not end the `style` statement (MANIFEST: mermaid_parse = error, no stats). "
     "merrow follows the full pipeline and explains the entity code"},
};

const Exception* rejected_exception(const std::string& file) {
    for (const Exception& e : rejected_valid_inputs) {
        if (e.file == file) {
            return &e;
        }
    }
    return nullptr;
}

fs::path corpus_dir() {
    return fs::path(MERROW_SHARED_DIR) / "corpus" / "flowchart";
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Row {
    std::string file;
    std::string expectation; ///< valid or invalid
    std::string mermaid_parse;
    std::string stats;
};

std::vector<Row> manifest() {
    const fs::path path = corpus_dir() / "MANIFEST.tsv";
    INFO("the conformance corpus is missing: " << path.string()
                                               << " (set MERROW_SHARED_DIR to the shared/ folder)");
    REQUIRE(fs::exists(path));
    std::ifstream in(path);
    std::string line;
    std::getline(in, line); // header
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::string field;
        std::istringstream ss(line);
        while (std::getline(ss, field, '\t')) {
            cols.push_back(field);
        }
        if (cols.size() < 6) {
            continue;
        }
        rows.push_back({cols[0], cols[3], cols[4], cols[5]});
    }
    return rows;
}

// Mermaid's counts from merrow's model. Mermaid keeps a vertex besides a subgraph when the
// subgraph's id is also used as a node; merrow draws the subgraph in its place and records it.
std::string mermaid_stats(const model::Flowchart& chart) {
    std::size_t nodes = chart.nodes.size();
    for (const model::Subgraph& sg : chart.subgraphs) {
        nodes += sg.referenced_as_node ? 1 : 0;
    }
    std::ostringstream out;
    out << "nodes=" << nodes << " edges=" << chart.edges.size()
        << " subgraphs=" << chart.subgraphs.size() << " dir=" << model::to_string(chart.direction);
    return out.str();
}

std::string first_error(const parser::ParseResult& result) {
    for (const model::Diagnostic& d : result.diagnostics) {
        if (d.severity == model::Severity::error) {
            return std::to_string(d.range.begin.line) + ":" + std::to_string(d.range.begin.column) +
                   ": " + d.message;
        }
    }
    return "(no error)";
}

} // namespace

TEST_CASE("conformance: every valid corpus input parses with Mermaid's statistics",
          "[conformance][corpus]") {
    std::size_t valid = 0;
    std::size_t matching = 0;
    std::vector<std::string> failures;
    for (const Row& row : manifest()) {
        if (row.expectation != "valid") {
            continue;
        }
        ++valid;
        const parser::ParseResult result = parser::parse(read_file(corpus_dir() / row.file));
        if (rejected_exception(row.file) != nullptr) {
            // Listed: must still be one Mermaid rejects, and merrow must reject it too.
            if (row.mermaid_parse == "ok" || result.ok()) {
                failures.push_back(
                    row.file + ": listed as rejected, but mermaid_parse = " + row.mermaid_parse +
                    " and merrow " + (result.ok() ? "accepts it" : "rejects it"));
            } else {
                ++matching;
            }
            continue;
        }
        if (!result.ok()) {
            failures.push_back(row.file + ": rejected: " + first_error(result));
            continue;
        }
        const std::string stats = mermaid_stats(*result.diagram->flowchart());
        if (stats != row.stats) {
            failures.push_back(row.file + ": " + stats + ", Mermaid: " + row.stats);
            continue;
        }
        ++matching;
    }
    std::string report;
    for (const std::string& f : failures) {
        report += f + '\n';
    }
    INFO(report);
    CHECK(valid == 1595);
    CHECK(matching == valid);
    CHECK(failures.empty());
}

TEST_CASE("conformance: every invalid corpus input is rejected", "[conformance][corpus]") {
    std::size_t invalid = 0;
    std::vector<std::string> accepted;
    for (const Row& row : manifest()) {
        if (row.expectation != "invalid") {
            continue;
        }
        ++invalid;
        if (parser::parse(read_file(corpus_dir() / row.file)).ok()) {
            accepted.push_back(row.file);
        }
    }
    std::string report;
    for (const std::string& f : accepted) {
        report += f + '\n';
    }
    INFO(report);
    CHECK(invalid == 22);
    CHECK(accepted.empty());
}

TEST_CASE("conformance: each listed exception names a corpus file", "[conformance][corpus]") {
    std::map<std::string, bool> files;
    for (const Row& row : manifest()) {
        files[row.file] = true;
    }
    for (const Exception& e : rejected_valid_inputs) {
        INFO(e.file);
        CHECK(files.count(std::string(e.file)) == 1);
        CHECK(!e.reason.empty());
    }
}
