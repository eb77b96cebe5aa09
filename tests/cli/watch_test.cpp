// `merrow watch`: renders Mermaid and Markdown files into a folder, again on every change;
// errors are reported at their line in the file and keep the last good output.
#include "child_process.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using merrow::test::ChildProcess;
using merrow::test::run_command;
using merrow::test::slurp;
using merrow::test::TempDir;
using merrow::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string merrow_bin = MERROW_BINARY;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Line 8 of the file is the second block's first line, line 9 its edge.
std::string post(const std::string& label, bool broken = false) {
    return "# Post\n\n"
           "```mermaid\ngraph TD\n  A --> B\n```\n"
           "```mermaid\nflowchart LR\n  Draft --> " +
           (broken ? "X[" + label + " (oops]" : "X[" + label + "]") + "\n```\n";
}

// Reads lines of the process's output until one contains `part`; all lines read so far.
std::string read_until(ChildProcess& process, const std::string& part,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
    std::string seen;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto line = process.read_line(std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()));
        if (!line) {
            break;
        }
        seen += *line + "\n";
        if (contains(*line, part)) {
            return seen;
        }
    }
    FAIL("no line with `" << part << "` in:\n" << seen);
    return seen;
}

} // namespace

TEST_CASE("watch --once: every block of a Markdown file, errors at their line", "[cli][watch]") {
    TempDir dir;
    write_file(dir / "site/posts/post.md", post("Published", true));
    write_file(dir / "site/diagram.mmd", "graph TD\n  One --> Two\n");
    write_file(dir / "site/.hidden/skip.md", post("Hidden"));
    const auto r = run_command("'" + merrow_bin + "' watch --once '" + (dir / "site").string() +
                               "' -o '" + (dir / "out").string() + "'");
    CHECK(r.exit_code == 1); // a diagram has errors
    // The file, the line in the Markdown file (not in the block), the column, the caret.
    CHECK(contains(r.err, "/site/posts/post.md:9:25: error: unexpected `(` in a label"));
    CHECK(contains(r.err, " 9 |   Draft --> X[Published (oops]"));
    CHECK(fs::exists(dir / "out/posts/post-1.svg"));
    CHECK_FALSE(fs::exists(dir / "out/posts/post-2.svg"));
    CHECK(contains(slurp(dir / "out/diagram.svg"), ">Two<"));
    CHECK_FALSE(fs::exists(dir / "out/.hidden"));

    // PNG, from a single file.
    const auto png =
        run_command("'" + merrow_bin + "' watch --once -e png '" +
                    (dir / "site/diagram.mmd").string() + "' -o '" + (dir / "png").string() + "'");
    CHECK(png.exit_code == 0);
    CHECK(slurp(dir / "png/diagram.png").substr(1, 3) == "PNG");
}

TEST_CASE("watch: usage and input errors", "[cli][watch]") {
    TempDir dir;
    write_file(dir / "notes.txt", "hello");
    CHECK(run_command("'" + merrow_bin + "' watch '" + (dir / "missing").string() + "' -o '" +
                      (dir / "out").string() + "'")
              .exit_code == 3);
    CHECK(run_command("'" + merrow_bin + "' watch '" + (dir / "notes.txt").string() + "' -o '" +
                      (dir / "out").string() + "'")
              .exit_code == 2);
    CHECK(run_command("'" + merrow_bin + "' watch '" + dir.path().string() + "'").exit_code == 2);
    CHECK(run_command("'" + merrow_bin + "' watch -t neon '" + dir.path().string() + "' -o x")
              .exit_code == 2);
}

TEST_CASE("watch: re-renders on save, keeps the last good output on errors", "[cli][watch]") {
    TempDir dir;
    const fs::path file = dir / "site/post.md";
    const fs::path second = dir / "out/post-2.svg";
    write_file(file, post("First"));
    ChildProcess watch({merrow_bin, "watch", (dir / "site").string(), "-o", (dir / "out").string()},
                       (dir / "stderr").string());
    const std::string start = read_until(watch, "watching");
    CHECK(contains(start, "wrote"));
    CHECK(contains(slurp(second), ">First<"));

    // A save renders again.
    write_file(file, post("Second"));
    read_until(watch, "post-2.svg");
    CHECK(contains(slurp(second), ">Second<"));

    // A mistake: reported at its line, and the picture stays as it was.
    write_file(file, post("Third", true));
    const std::string kept = read_until(watch, "kept");
    CHECK(contains(kept, "post-2.svg"));
    CHECK(contains(kept, "post.md:8 has errors"));
    CHECK(contains(slurp(second), ">Second<"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // let standard error land
    CHECK(contains(slurp(dir / "stderr"), "post.md:9:21: error: unexpected `(` in a label"));

    // Fixed again.
    write_file(file, post("Fourth"));
    read_until(watch, "post-2.svg");
    CHECK(contains(slurp(second), ">Fourth<"));

    // A block removed: the output this watch wrote for it goes too.
    write_file(file, "# Post\n\n```mermaid\ngraph TD\n  A --> B\n```\n");
    CHECK(contains(read_until(watch, "removed"), "post-2.svg"));
    CHECK_FALSE(fs::exists(second));
    CHECK(fs::exists(dir / "out/post-1.svg"));

    // A new file in a new folder.
    write_file(dir / "site/new/extra.mmd", "graph LR\n  New --> File\n");
    read_until(watch, "extra.svg");
    CHECK(contains(slurp(dir / "out/new/extra.svg"), ">File<"));

    watch.signal(SIGTERM);
    CHECK(watch.wait() == 0);
}
