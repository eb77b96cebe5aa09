// `merrow check` and the configuration flags `-c` and `-v`, run as users run them.
#include "merrow/layout/json.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using merrow::test::run_command;
using merrow::test::TempDir;
namespace json = merrow::layout::json;

namespace {

const std::string merrow_bin = MERROW_BINARY;

std::string quote(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}

void write(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

std::filesystem::path invalid_dir() {
    return std::filesystem::path(MERROW_SHARED_DIR) / "corpus" / "flowchart" / "invalid";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

// Where the mistake in each of Mermaid's invalid inputs is: the first diagnostic must name it.
TEST_CASE("check: every invalid corpus file gets a diagnostic at the right line and column",
          "[cli][check]") {
    struct Expected {
        const char* file;
        const char* position;
        const char* message;
    };
    const Expected expected[] = {
        {"0341-should-error-on-nonexistent-shape.mmd", "2:12",
         "unknown shape `this-shape-does-not-exist`"},
        {"0342-should-error-on-internal-only-shape.mmd", "2:12",
         "unknown shape `rect_left_inv_arrow`, did you mean `odd`?"},
        {"0448-should-throw-error-at-nodes-beginning-with-graph.mmd", "1:10",
         "a node id cannot start with the keyword `graph`"},
        {"0449-should-throw-error-at-nodes-beginning-with-flowc.mmd", "1:10",
         "a node id cannot start with the keyword `flowchart`"},
        {"0450-should-throw-error-at-nodes-beginning-with-flowc.mmd", "1:10",
         "a node id cannot start with the keyword `flowchart-elk`"},
        {"0451-should-throw-error-at-nodes-beginning-with-style.mmd", "1:10",
         "a node id cannot start with the keyword `style`"},
        {"0452-should-throw-error-at-nodes-beginning-with-links.mmd", "1:10",
         "a node id cannot start with the keyword `linkStyle`"},
        {"0453-should-throw-error-at-nodes-beginning-with-inter.mmd", "1:10",
         "a node id cannot start with the keyword `interpolate`"},
        {"0454-should-throw-error-at-nodes-beginning-with-class.mmd", "1:10",
         "a node id cannot start with the keyword `classDef`"},
        {"0455-should-throw-error-at-nodes-beginning-with-class.mmd", "1:10",
         "a node id cannot start with the keyword `class`"},
        {"0456-should-throw-error-at-nodes-beginning-with-self.mmd", "1:10",
         "a node id cannot start with `_self`"},
        {"0457-should-throw-error-at-nodes-beginning-with-blank.mmd", "1:10",
         "a node id cannot start with `_blank`"},
        {"0458-should-throw-error-at-nodes-beginning-with-paren.mmd", "1:10",
         "a node id cannot start with `_parent`"},
        {"0459-should-throw-error-at-nodes-beginning-with-top.mmd", "1:10",
         "a node id cannot start with `_top`"},
        {"0460-should-throw-error-at-nodes-beginning-with-end.mmd", "1:10",
         "a node id cannot start with lowercase `end`"},
        {"0461-should-throw-error-at-nodes-beginning-with-subgr.mmd", "1:10",
         "a node id cannot start with the keyword `subgraph`"},
        {"0858-should-not-freeze-when-ellipse-text-has-a.mmd", "2:13", "unexpected `(` in a label"},
        {"0863-should-throw-error-at-nested-set-of-brackets.mmd", "1:23",
         "unexpected `(` in a label"},
        {"0864-should-throw-error-for-strings-and-text-at-the-s.mmd", "1:26",
         "unexpected `\"` in a label"},
        {"0865-should-throw-error-for-escaping-quotes-in-text-s.mmd", "1:23",
         "unexpected `\"` in a label"},
        {"0866-should-throw-error-for-nested-quotation-marks.mmd", "1:25",
         "unexpected `(` after the quoted label"},
        {"0867-should-throw-error.mmd", "1:22", "unexpected `)` in a label"},
    };
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(invalid_dir())) {
        files += entry.path().extension() == ".mmd" ? 1U : 0U;
    }
    CHECK(files == std::size(expected)); // a new corpus file needs an expectation here
    for (const Expected& e : expected) {
        const auto path = invalid_dir() / e.file;
        INFO(e.file);
        REQUIRE(std::filesystem::exists(path));
        const auto r = run_command(merrow_bin + " check " + quote(path));
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        // The first line is the first diagnostic: FILE:LINE:COL: error: MESSAGE.
        const std::string first = r.err.substr(0, r.err.find('\n'));
        CHECK(first == path.string() + ":" + e.position + ": error: " + e.message);
        CHECK(contains(r.err, "^")); // the caret under the spot
    }
}

TEST_CASE("check: valid files pass silently with exit 0", "[cli][check]") {
    TempDir dir;
    write(dir / "a.mmd", "flowchart LR\n  A@{ shape: cyl, label: \"DB\" } e1@--> B\n");
    write(dir / "b.mmd", "---\ntitle: T\n---\ngraph TD\n  A --> B\n");
    const auto r =
        run_command(merrow_bin + " check " + quote(dir / "a.mmd") + " " + quote(dir / "b.mmd"));
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.empty());
}

TEST_CASE("check: every file is checked and every error reported", "[cli][check]") {
    TempDir dir;
    write(dir / "ok.mmd", "graph TD\nA-->B\n");
    write(dir / "bad.mmd", "graph TD\nA -> B\nC[x (y)] --> D\n");
    const auto r =
        run_command(merrow_bin + " check " + quote(dir / "bad.mmd") + " " + quote(dir / "ok.mmd"));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, (dir / "bad.mmd").string() + ":2:3: error: `->` is not an edge"));
    CHECK(contains(r.err, (dir / "bad.mmd").string() + ":3:5: error: unexpected `(` in a label"));
    CHECK(!contains(r.err, "ok.mmd"));
}

TEST_CASE("check: an unreadable file exits 3", "[cli][check]") {
    TempDir dir;
    write(dir / "ok.mmd", "graph TD\nA-->B\n");
    const auto r = run_command(merrow_bin + " check " + quote(dir / "missing.mmd") + " " +
                               quote(dir / "ok.mmd"));
    CHECK(r.exit_code == 3);
    CHECK(contains(r.err, "missing.mmd"));
    CHECK(contains(r.err, "cannot read the file"));
}

TEST_CASE("check: --format json for editors", "[cli][check]") {
    TempDir dir;
    write(dir / "bad.mmd", "graph TD\nA[one (1)] --> B\n");
    const auto r = run_command(merrow_bin + " check --format json " + quote(dir / "bad.mmd"));
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    const json::Value doc = json::parse(r.out);
    REQUIRE(doc.is_array());
    REQUIRE(doc.as_array().size() == 1);
    const json::Value& d = doc.as_array()[0];
    CHECK(d.find("file")->as_string() == (dir / "bad.mmd").string());
    CHECK(d.find("line")->as_number() == 2);
    CHECK(d.find("column")->as_number() == 7);
    CHECK(d.find("end")->find("line")->as_number() == 2);
    CHECK(d.find("end")->find("column")->as_number() == 8);
    CHECK(d.find("severity")->as_string() == "error");
    CHECK(d.find("message")->as_string() == "unexpected `(` in a label");
    CHECK(contains(d.find("hint")->as_string(), "quotes"));
    REQUIRE(d.find("notes")->as_array().size() == 1);

    const std::string valid = "graph TD\nA\n";
    const auto ok = run_command(merrow_bin + " check --format json -", &valid);
    CHECK(ok.exit_code == 0);
    CHECK(ok.out == "[]\n");
}

TEST_CASE("check: unknown options and formats are usage errors", "[cli][check]") {
    CHECK(run_command(merrow_bin + " check --format xml x.mmd").exit_code == 2);
    CHECK(run_command(merrow_bin + " check").exit_code == 2);
}

TEST_CASE("configuration file option: a configuration file's errors name the file, line and column",
          "[cli][config]") {
    TempDir dir;
    write(dir / "d.mmd", "graph TD\nA-->B\n");
    write(dir / "config.json", "{\n  \"flowchart\": {\n    \"nodeSpacing\": \"wide\"\n  }\n}\n");
    const auto checked = run_command(merrow_bin + " check -c " + quote(dir / "config.json") + " " +
                                     quote(dir / "d.mmd"));
    CHECK(checked.exit_code == 1);
    CHECK(contains(checked.err, (dir / "config.json").string() +
                                    ":3:20: error: `flowchart.nodeSpacing` must be a number"));
    const auto rendered = run_command(merrow_bin + " -i " + quote(dir / "d.mmd") + " -o " +
                                      quote(dir / "d.svg") + " -c " + quote(dir / "config.json"));
    CHECK(rendered.exit_code == 1);
    CHECK(contains(rendered.err, "config.json:3:20: error:"));
    CHECK(!std::filesystem::exists(dir / "d.svg"));
    const auto missing = run_command(merrow_bin + " -i " + quote(dir / "d.mmd") + " -o " +
                                     quote(dir / "d.svg") + " -c " + quote(dir / "nope.json"));
    CHECK(missing.exit_code == 3);
}

TEST_CASE("configuration file option: the configuration file changes the rendering, the diagram's "
          "own config wins",
          "[cli][config]") {
    TempDir dir;
    write(dir / "d.mmd", "graph TD\nA-->B\n");
    write(dir / "wide.yaml", "flowchart:\n  rankSpacing: 300\n");
    write(dir / "narrow.json", "{\"flowchart\": {\"rankSpacing\": 10}}");
    write(dir / "own.mmd", "%%{init: {\"flowchart\": {\"rankSpacing\": 10}}}%%\ngraph TD\nA-->B\n");
    auto rank_gap = [&](const std::string& input, const std::string& config) {
        const auto out = dir / "out.json";
        const auto r = run_command(merrow_bin + " -i " + quote(dir / input) + " -o " + quote(out) +
                                   (config.empty() ? "" : " -c " + quote(dir / config)));
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        // The distance between the two ranks.
        const json::Value doc = json::parse(merrow::test::slurp(out));
        const json::Array& nodes = doc.find("nodes")->as_array();
        REQUIRE(nodes.size() == 2);
        return nodes[1].find("y")->as_number() - nodes[0].find("y")->as_number();
    };
    const double plain = rank_gap("d.mmd", "");
    CHECK(rank_gap("d.mmd", "wide.yaml") > plain + 200);
    CHECK(rank_gap("d.mmd", "narrow.json") < plain);
    // The site configuration goes under the diagram's own directive.
    CHECK(rank_gap("own.mmd", "wide.yaml") == rank_gap("d.mmd", "narrow.json"));
}

TEST_CASE("verbose option: remarks about ignored configuration keys only when asked",
          "[cli][config]") {
    TempDir dir;
    write(dir / "d.mmd", "---\nconfig:\n  logLevel: 0\n---\ngraph TD\nA-->B\n");
    const auto quiet = run_command(merrow_bin + " check " + quote(dir / "d.mmd"));
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
    const auto verbose = run_command(merrow_bin + " check -v " + quote(dir / "d.mmd"));
    CHECK(verbose.exit_code == 0);
    CHECK(contains(verbose.err, "d.mmd:3:3: warning: merrow ignores the configuration key "
                                "`logLevel`"));
    const auto render =
        run_command(merrow_bin + " -v -i " + quote(dir / "d.mmd") + " -o " + quote(dir / "d.svg"));
    CHECK(render.exit_code == 0);
    CHECK(contains(render.err, "`logLevel`"));
}
