// The merrow executable as users run it: flags, exit codes, messages, files.
#include "process.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <vector>

using merrow::test::run_command;
using merrow::test::slurp;
using merrow::test::TempDir;

namespace {

const std::string merrow_bin = MERROW_BINARY;
const std::string tier = std::string(MERROW_SOURCE_DIR) + "/samples/tier.mmd";

std::string shell_quote(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}

void write(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

} // namespace

TEST_CASE("merrow -i -o renders every format by extension", "[cli]") {
    TempDir dir;
    for (const char* ext : {"svg", "png", "pdf", "json"}) {
        const auto out = dir / (std::string("tier.") + ext);
        const auto r =
            run_command(merrow_bin + " -i " + shell_quote(tier) + " -o " + shell_quote(out));
        INFO(ext << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        REQUIRE(std::filesystem::exists(out));
        const std::string data = slurp(out);
        if (std::string(ext) == "svg") {
            CHECK(data.find("<svg") != std::string::npos);
        } else if (std::string(ext) == "png") {
            CHECK(data.substr(1, 3) == "PNG");
        } else if (std::string(ext) == "pdf") {
            CHECK(data.substr(0, 5) == "%PDF-");
        } else {
            CHECK(data.substr(0, 9) == "{\"nodes\":");
        }
    }
}

TEST_CASE("the measurement cache changes no output, and keeps warnings", "[cli]") {
    TempDir dir;
    // Sanitizer builds: LeakSanitizer's note on suppressed fontconfig reports would differ.
    const std::string quiet = "LSAN_OPTIONS=print_suppressions=0 ";
    const std::string cache = quiet + "MERROW_CACHE_DIR=" + shell_quote(dir / "cache") + " ";
    // U+10000 is in none of the fonts scripts/setup.sh installs: a warning on every run.
    write(dir / "missing.mmd", "flowchart LR\n  A[\"Linear B \xF0\x90\x80\x80\"] --> B\n");
    std::vector<std::filesystem::path> inputs{dir / "missing.mmd"};
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(MERROW_SOURCE_DIR) + "/samples")) {
        if (entry.path().extension() == ".mmd") {
            inputs.push_back(entry.path());
        }
    }
    for (const std::filesystem::path& input : inputs) {
        for (const char* ext : {"svg", "json"}) {
            const std::string args = " -i " + shell_quote(input) + " -o - -e " + ext;
            const auto none = run_command(quiet + "MERROW_CACHE_DIR= " + merrow_bin + args);
            const auto cold = run_command(cache + merrow_bin + args);
            const auto warm = run_command(cache + merrow_bin + args);
            INFO(input.filename().string() << " " << ext);
            REQUIRE(none.exit_code == 0);
            CHECK(cold.exit_code == 0);
            CHECK(warm.exit_code == 0);
            CHECK(cold.out == none.out);
            CHECK(warm.out == none.out);
            CHECK(cold.err == none.err);
            CHECK(warm.err == none.err);
            if (input.filename() == "missing.mmd") {
                CHECK(warm.err.find("U+10000") != std::string::npos);
            }
        }
    }
    CHECK(std::filesystem::exists(dir / "cache" / "text-measures.bin"));
}

TEST_CASE("standard input to standard output needs -e", "[cli]") {
    const std::string text = slurp(tier);
    const auto ok = run_command(merrow_bin + " -i - -o - -e svg", &text);
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("<svg") != std::string::npos);
    const auto missing = run_command(merrow_bin + " -i - -o -", &text);
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("needs -e") != std::string::npos);
}

TEST_CASE("without -o the output is the input name plus .svg, like mmdc", "[cli]") {
    TempDir dir;
    const auto in = dir / "d.mmd";
    write(in, "graph TD\nA-->B\n");
    CHECK(run_command(merrow_bin + " -i " + shell_quote(in)).exit_code == 0);
    CHECK(std::filesystem::exists(dir / "d.mmd.svg"));
}

TEST_CASE("a syntax error names file, line and column, shows a caret, exits 1", "[cli]") {
    TempDir dir;
    const auto in = dir / "broken.mmd";
    const auto out = dir / "broken.svg";
    write(in, "graph TD\n    A[Start --> B\n");
    const auto r = run_command(merrow_bin + " -i " + shell_quote(in) + " -o " + shell_quote(out));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(in.string() + ":2:") != std::string::npos);
    CHECK(r.err.find(": error: ") != std::string::npos);
    CHECK(r.err.find("^") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("a failed render never touches an existing output", "[cli]") {
    TempDir dir;
    const auto in = dir / "broken.mmd";
    const auto out = dir / "keep.svg";
    write(in, "graph TD\n    A[Start --> B\n");
    write(out, "previous");
    CHECK(
        run_command(merrow_bin + " -i " + shell_quote(in) + " -o " + shell_quote(out)).exit_code ==
        1);
    CHECK(slurp(out) == "previous");
    // No temporary files are left behind either.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) {
        ++entries;
    }
    CHECK(entries == 2);
}

TEST_CASE("unreadable input and unwritable output exit 3 with path and reason", "[cli]") {
    TempDir dir;
    const auto missing =
        run_command(merrow_bin + " -i " + shell_quote(dir / "nope.mmd") + " -o x.svg");
    CHECK(missing.exit_code == 3);
    CHECK(missing.err.find("nope.mmd") != std::string::npos);
    CHECK(missing.err.find("No such file") != std::string::npos);
    const auto unwritable = run_command(merrow_bin + " -i " + shell_quote(tier) + " -o " +
                                        shell_quote(dir / "no/such/dir/x.svg"));
    CHECK(unwritable.exit_code == 3);
    CHECK(unwritable.err.find("x.svg") != std::string::npos);
}

TEST_CASE("usage errors exit 2", "[cli]") {
    CHECK(run_command(merrow_bin + " --no-such-flag").exit_code == 2);
    CHECK(run_command(merrow_bin + " -o x.svg").exit_code == 2);
    CHECK(run_command(merrow_bin + " -i " + shell_quote(tier) + " -o x.gif").exit_code == 2);
    CHECK(run_command(merrow_bin + " -i " + shell_quote(tier) + " -o - -e gif").exit_code == 2);
    CHECK(run_command(merrow_bin + " -i " + shell_quote(tier) + " -o - -e svg -b notacolour")
              .exit_code == 2);
    CHECK(run_command(merrow_bin + " -i " + shell_quote(tier) + " -o - -e png -s 0").exit_code ==
          2);
    CHECK(run_command(merrow_bin + " --help").exit_code == 0);
    CHECK(run_command(merrow_bin + " --version").out.find("merrow") != std::string::npos);
}

TEST_CASE("background, theme and scale flags take effect", "[cli]") {
    const auto transparent =
        run_command(merrow_bin + " -i " + shell_quote(tier) + " -o - -e svg -b transparent");
    const auto white = run_command(merrow_bin + " -i " + shell_quote(tier) + " -o - -e svg");
    CHECK(transparent.exit_code == 0);
    CHECK(transparent.out.size() < white.out.size()); // no background rectangle
    const auto dark = run_command(merrow_bin + " -i " + shell_quote(tier) + " -o - -e svg -t dark");
    CHECK(dark.out.find("#333333") != std::string::npos);
    TempDir dir;
    const auto one = dir / "one.png";
    const auto two = dir / "two.png";
    CHECK(run_command(merrow_bin + " -i " + shell_quote(tier) + " -o " + shell_quote(one))
              .exit_code == 0);
    CHECK(run_command(merrow_bin + " -i " + shell_quote(tier) + " -o " + shell_quote(two) + " -s 2")
              .exit_code == 0);
    CHECK(slurp(two).size() > slurp(one).size());
}

TEST_CASE("merrow layout runs the engine on the benchmark format", "[cli]") {
    TempDir dir;
    const auto graph = dir / "g.json";
    const auto out = dir / "l.json";
    write(graph, R"({"nodes":[{"id":"a","width":40,"height":20},{"id":"b","width":40,"height":20}],
                     "edges":[{"source":"a","target":"b"}]})");
    const auto r = run_command(merrow_bin + " layout " + shell_quote(graph) + " -o " +
                               shell_quote(out) + " --repeat 3");
    CHECK(r.exit_code == 0);
    const std::string json = slurp(out);
    CHECK(json.find("\"layout_ms\":") != std::string::npos);
    CHECK(json.find("\"id\":\"a\"") != std::string::npos);
    write(graph, "{\"nodes\":[{\"id\":\"a\"}]}");
    const auto bad = run_command(merrow_bin + " layout " + shell_quote(graph));
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("width") != std::string::npos);
}

TEST_CASE("several inputs render in one process into the -o folder", "[cli][batch]") {
    TempDir dir;
    write(dir / "a.mmd", "graph TD\nA-->B\n");
    write(dir / "b.mmd", "graph LR\nC-->D\n");
    write(dir / "broken.mmd", "graph TD\n  A[oops --> B\n");
    const auto out = dir / "out";
    const auto r = run_command(merrow_bin + " -i " + shell_quote(dir / "a.mmd") + " -i " +
                               shell_quote(dir / "broken.mmd") + " -i " +
                               shell_quote(dir / "b.mmd") + " -o " + shell_quote(out) + " -e png");
    // The broken one is reported and fails the run; the others are still written.
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("broken.mmd:2:") != std::string::npos);
    CHECK(slurp(out / "a.png").substr(1, 3) == "PNG");
    CHECK(slurp(out / "b.png").substr(1, 3) == "PNG");
    CHECK_FALSE(std::filesystem::exists(out / "broken.png"));
    // The same bytes as rendering each on its own (batch workers measure and draw on one
    // font map; a single render does too).
    for (const char* name : {"a", "b"}) {
        const auto single = dir / (std::string(name) + ".single.png");
        CHECK(run_command(merrow_bin + " -i " + shell_quote(dir / (std::string(name) + ".mmd")) +
                          " -o " + shell_quote(single))
                  .exit_code == 0);
        CHECK(slurp(single) == slurp(out / (std::string(name) + ".png")));
    }
    const auto ok = run_command(merrow_bin + " -i " + shell_quote(dir / "a.mmd") + " -i " +
                                shell_quote(dir / "b.mmd"));
    CHECK(ok.exit_code == 0);
    CHECK(std::filesystem::exists(dir / "a.mmd.svg"));
    CHECK(std::filesystem::exists(dir / "b.mmd.svg"));
    CHECK(run_command(merrow_bin + " -i " + shell_quote(dir / "a.mmd") + " -i " +
                      shell_quote(dir / "b.mmd") + " -o -")
              .exit_code == 2);
}

TEST_CASE("SVG output never loads Cairo, PNG loads its module and says so when it is missing",
          "[cli]") {
    TempDir dir;
    const auto svg = dir / "tier.svg";
    const auto png = dir / "tier.png";
    // LD_DEBUG=libs lists every library the dynamic loader initialises.
    const auto loaded = [](const std::string& libs) {
        return libs.find("calling init: ") != std::string::npos &&
               libs.find("libcairo.so") != std::string::npos;
    };
    const auto svg_run = run_command("LD_DEBUG=libs " + merrow_bin + " -i " + shell_quote(tier) +
                                     " -o " + shell_quote(svg));
    CHECK(svg_run.exit_code == 0);
    CHECK(svg_run.err.find("calling init: ") != std::string::npos); // the listing works
    CHECK_FALSE(loaded(svg_run.err));
    const auto png_run = run_command("LD_DEBUG=libs " + merrow_bin + " -i " + shell_quote(tier) +
                                     " -o " + shell_quote(png));
    CHECK(png_run.exit_code == 0);
    CHECK(loaded(png_run.err));

    // Absent, and present but not a module.
    write(dir / "not-a-module.so", "text");
    for (const std::string& module :
         {(dir / "absent.so").string(), (dir / "not-a-module.so").string()}) {
        const auto out = dir / "missing.png";
        const auto r = run_command("MERROW_CAIRO_MODULE=" + shell_quote(module) + " " + merrow_bin +
                                   " -i " + shell_quote(tier) + " -o " + shell_quote(out));
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("Cairo module") != std::string::npos);
        CHECK(r.err.find(module) != std::string::npos);
        CHECK(r.err.find("internal error") == std::string::npos);
        CHECK_FALSE(std::filesystem::exists(out));
    }
}
