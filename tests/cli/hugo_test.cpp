// `merrow hugo init|render|keys` and Markdown in/out, through the binary as users run it. The
// end-to-end test with Debian's real Hugo is tests/hugo/e2e.sh.
#include "child_process.hpp"
#include "merrow/cli/markdown_blocks.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using merrow::test::run_command;
using merrow::test::slurp;
using merrow::test::TempDir;
using merrow::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string merrow_bin = MERROW_BINARY;

std::string q(const fs::path& p) {
    return "'" + p.string() + "'";
}

std::string diagram(const std::string& name) {
    return "```mermaid\nflowchart LR\n  " + name + " --> " + name + "2\n```\n";
}

/// A site with three posts and four blocks (two of them the same diagram).
struct Site {
    TempDir dir;
    fs::path root = dir.path();
    fs::path out = root / "assets" / "mermaid";

    Site() {
        write_file(root / "hugo.toml", "title = \"t\"\n");
        write_file(root / "content/posts/a.md",
                   "---\ntitle: a\n---\n\n" + diagram("A") + "\n" + diagram("Shared"));
        write_file(root / "content/posts/b.md", "+++\ntitle = \"b\"\n+++\n\n1. item\n\n   " +
                                                    std::string("```mermaid\n   flowchart TD\n") +
                                                    "     B --> C\n   ```\n");
        write_file(root / "content/c/_index.md", diagram("Shared"));
    }

    merrow::test::ProcessResult render(const std::string& flags = "") const {
        return run_command(merrow_bin + " hugo render " + q(root) + " " + flags);
    }

    std::vector<std::string> svgs() const {
        std::vector<std::string> names;
        if (fs::exists(out)) {
            for (const auto& e : fs::directory_iterator(out)) {
                names.push_back(e.path().filename().string());
            }
        }
        std::sort(names.begin(), names.end());
        return names;
    }
};

std::string summary(int rendered, int unchanged, int removed, int failed) {
    return "rendered " + std::to_string(rendered) + ", unchanged " + std::to_string(unchanged) +
           ", removed " + std::to_string(removed) + ", failed " + std::to_string(failed) + " in ";
}

std::string key_of(const std::string& markdown) {
    const auto blocks = merrow::cli::find_mermaid_blocks(markdown);
    REQUIRE(blocks.size() == 1);
    return merrow::cli::mermaid_block_key(blocks[0]);
}

} // namespace

TEST_CASE("hugo init installs the hook in the folder of the site's Hugo version", "[hugo]") {
    Site site;
    const auto old_hugo =
        run_command(merrow_bin + " hugo init " + q(site.root) + " --hugo-version 0.111.3");
    INFO(old_hugo.err);
    CHECK(old_hugo.exit_code == 0);
    const fs::path old_path = site.root / "layouts/_default/_markup/render-codeblock-mermaid.html";
    REQUIRE(fs::exists(old_path));
    CHECK(slurp(old_path).find("sha256") != std::string::npos);

    Site newer;
    const auto new_hugo =
        run_command(merrow_bin + " hugo init " + q(newer.root) + " --hugo-version v0.146.0");
    CHECK(new_hugo.exit_code == 0);
    CHECK(fs::exists(newer.root / "layouts/_markup/render-codeblock-mermaid.html"));
    CHECK_FALSE(fs::exists(newer.root / "layouts/_default"));
}

TEST_CASE("hugo init leaves a changed template alone unless --force", "[hugo]") {
    Site site;
    const std::string init = merrow_bin + " hugo init " + q(site.root) + " --hugo-version 0.120";
    REQUIRE(run_command(init).exit_code == 0);
    const fs::path path = site.root / "layouts/_default/_markup/render-codeblock-mermaid.html";
    const std::string installed = slurp(path);

    const auto again = run_command(init);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("up to date") != std::string::npos);

    const std::string mine = installed + "<!-- my change -->\n";
    write_file(path, mine);
    const auto refused = run_command(init);
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("--force") != std::string::npos);
    CHECK(slurp(path) == mine);

    CHECK(run_command(init + " --force").exit_code == 0);
    CHECK(slurp(path) == installed);
}

TEST_CASE("hugo commands refuse a folder that is not a Hugo site", "[hugo]") {
    TempDir dir;
    for (const char* cmd : {" hugo init ", " hugo render "}) {
        const auto r = run_command(merrow_bin + cmd + q(dir.path()));
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("does not look like a Hugo site") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dir / "layouts"));
}

TEST_CASE("hugo render writes one SVG per distinct diagram, named by the template's key",
          "[hugo]") {
    Site site;
    const auto r = site.render();
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find(summary(3, 0, 0, 0)) == 0);
    CHECK(std::regex_search(r.out, std::regex(R"(in \d+\.\d\d s\n$)")));
    // The site has no render hook yet: merrow says how to install it.
    CHECK(r.err.find("run `merrow hugo init` once") != std::string::npos);
    const auto svgs = site.svgs();
    CHECK(svgs.size() == 4); // three diagrams and the manifest
    const std::string shared = key_of(diagram("Shared"));
    REQUIRE(fs::exists(site.out / (shared + ".svg")));
    const std::string svg = slurp(site.out / (shared + ".svg"));
    CHECK(svg.rfind("<svg", 0) == 0); // no XML declaration: the SVG is inlined in HTML
    CHECK(svg.find("id=\"mermaid-" + shared.substr(0, 12) + "\"") != std::string::npos);
    // The list item's block is keyed without the item's indentation, as Hugo's .Inner has it.
    CHECK(fs::exists(site.out / (key_of("```mermaid\nflowchart TD\n  B --> C\n```\n") + ".svg")));

    // `merrow hugo keys` prints each block's place and key.
    const auto keys = run_command(merrow_bin + " hugo keys " + q(site.root));
    CHECK(keys.out.find("content/posts/a.md:5 " + key_of(diagram("A"))) != std::string::npos);
    CHECK(std::count(keys.out.begin(), keys.out.end(), '\n') == 4);
}

TEST_CASE("a second hugo render renders nothing", "[hugo]") {
    Site site;
    REQUIRE(site.render().exit_code == 0);
    const auto before = fs::last_write_time(site.out / (key_of(diagram("A")) + ".svg"));
    const auto second = site.render();
    CHECK(second.exit_code == 0);
    CHECK(second.out.find(summary(0, 3, 0, 0)) == 0);
    CHECK(fs::last_write_time(site.out / (key_of(diagram("A")) + ".svg")) == before);
}

TEST_CASE("hugo render removes only the files it wrote that no block uses", "[hugo]") {
    Site site;
    // Files that are not merrow's: one with a diagram's name, one of the user's own.
    write_file(site.out / "mine.svg", "<svg/>");
    const std::string b_key = key_of("```mermaid\nflowchart TD\n  B --> C\n```\n");
    write_file(site.out / (b_key + ".svg"), "<svg>user's own picture</svg>");
    const auto first = site.render();
    CHECK(first.out.find(summary(2, 1, 0, 0)) == 0);
    CHECK(slurp(site.out / (b_key + ".svg")) == "<svg>user's own picture</svg>");

    // Every block goes: merrow removes its own two files and nothing else.
    write_file(site.root / "content/posts/a.md", "no diagrams\n");
    fs::remove(site.root / "content/c/_index.md");
    fs::remove(site.root / "content/posts/b.md");
    const auto second = site.render();
    CHECK(second.out.find(summary(0, 0, 2, 0)) == 0);
    CHECK(site.svgs() ==
          std::vector<std::string>{".merrow-manifest.json", b_key + ".svg", "mine.svg"});
}

TEST_CASE("a broken diagram is reported at its line in the Markdown file; the others render",
          "[hugo]") {
    Site site;
    write_file(site.root / "content/posts/broken.md", "---\ntitle: x\n---\n\n- item\n\n"
                                                      "  ```mermaid\n  flowchart LR\n"
                                                      "    A[unclosed --> B\n  ```\n");
    const auto r = site.render();
    CHECK(r.exit_code == 1);
    CHECK(r.out.find(summary(3, 0, 0, 1)) == 0);
    const std::string where = (site.root / "content/posts/broken.md").string() + ":9:";
    CHECK(r.err.find(where) != std::string::npos);
    CHECK(r.err.find("error:") != std::string::npos);
    // The quoted line is the Markdown file's.
    CHECK(r.err.find(" 9 |     A[unclosed --> B") != std::string::npos);
    // Reported again next time (nothing was written for it), and nothing else re-renders.
    const auto again = site.render();
    CHECK(again.exit_code == 1);
    CHECK(again.out.find(summary(0, 3, 0, 1)) == 0);
}

TEST_CASE("site settings: merrow.yaml, dark mode for every diagram, re-render on change",
          "[hugo]") {
    Site site;
    REQUIRE(site.render().exit_code == 0);
    const fs::path a = site.out / (key_of(diagram("A")) + ".svg");
    CHECK(slurp(a).find("prefers-color-scheme") == std::string::npos);

    write_file(site.root / "merrow.yaml", "# site settings\ntheme: forest\ndark_theme: dark\n");
    const auto dark = site.render();
    INFO(dark.err);
    CHECK(dark.out.find(summary(3, 0, 0, 0)) == 0);
    const std::string svg = slurp(a);
    CHECK(svg.find("prefers-color-scheme: dark") != std::string::npos);
    CHECK(svg.find(".dark") != std::string::npos);
    CHECK(site.render().out.find(summary(0, 3, 0, 0)) == 0);

    // A flag goes over the file; --force re-renders without a change.
    CHECK(site.render("--dark-selector '[data-theme=dark]'").out.find(summary(3, 0, 0, 0)) == 0);
    CHECK(slurp(a).find("[data-theme=dark]") != std::string::npos);
    CHECK(
        site.render("--dark-selector '[data-theme=dark]' --force").out.find(summary(3, 0, 0, 0)) ==
        0);

    write_file(site.root / "merrow.yaml", "dark_theme: dark\ncolour: red\n");
    const auto unknown = site.render();
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("merrow.yaml:2: unknown setting `colour`") != std::string::npos);
    write_file(site.root / "merrow.yaml", "theme: nope\n");
    CHECK(site.render().err.find("unknown theme `nope`") != std::string::npos);
}

TEST_CASE("a fence's theme attribute is part of the key and of the picture", "[hugo]") {
    Site site;
    const std::string block = "```mermaid {theme=\"dark\"}\nflowchart LR\n  A --> A2\n```\n";
    write_file(site.root / "content/posts/dark.md", block);
    REQUIRE(site.render().exit_code == 0);
    const std::string light = slurp(site.out / (key_of(diagram("A")) + ".svg"));
    const std::string dark = slurp(site.out / (key_of(block) + ".svg"));
    CHECK(key_of(block) != key_of(diagram("A")));
    CHECK(light != dark);
}

TEST_CASE("png output for the site, and the same files from one thread or many", "[hugo]") {
    Site one;
    Site many;
    REQUIRE(one.render("-j 1").exit_code == 0);
    REQUIRE(many.render("-j 8").exit_code == 0);
    for (const std::string& name : one.svgs()) {
        if (name != ".merrow-manifest.json") {
            CHECK(slurp(one.out / name) == slurp(many.out / name));
        }
    }
    const auto png = one.render("-e png");
    CHECK(png.out.find(summary(3, 0, 3, 0)) == 0); // the SVGs are replaced by PNGs
    CHECK(slurp(one.out / (key_of(diagram("A")) + ".png")).substr(1, 3) == "PNG");
}

TEST_CASE("hugo render --watch re-renders on change and touches the render hook", "[hugo]") {
    Site site;
    REQUIRE(run_command(merrow_bin + " hugo init " + q(site.root) + " --hugo-version 0.111")
                .exit_code == 0);
    const fs::path hook = site.root / "layouts/_default/_markup/render-codeblock-mermaid.html";
    const std::string hook_text = slurp(hook);
    const TempDir logs;
    merrow::test::ChildProcess watch({merrow_bin, "hugo", "render", site.root.string(), "--watch"},
                                     (logs / "stderr").string());
    const auto first = watch.read_line();
    REQUIRE(first);
    CHECK(first->find(summary(3, 0, 0, 0)) != std::string::npos);
    REQUIRE(watch.read_line()); // "watching …"

    const auto hook_time = fs::last_write_time(hook);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    write_file(site.root / "content/posts/new.md", diagram("New"));
    const auto second = watch.read_line();
    REQUIRE(second);
    CHECK(second->find(summary(1, 3, 0, 0)) != std::string::npos);
    CHECK(fs::exists(site.out / (key_of(diagram("New")) + ".svg")));
    CHECK(fs::last_write_time(hook) > hook_time);
    CHECK(slurp(hook) == hook_text);

    // A new folder with a post in it.
    write_file(site.root / "content/later/deep/post.md", diagram("Deep"));
    const auto third = watch.read_line();
    REQUIRE(third);
    CHECK(third->find("rendered 1,") != std::string::npos);
    CHECK(fs::exists(site.out / (key_of(diagram("Deep")) + ".svg")));
}

TEST_CASE("merrow -i doc.md -o out.md replaces each block by an image link, like mmdc",
          "[hugo][markdown-output]") {
    TempDir dir;
    const std::string doc = "# Doc\r\n\r\n- item:\r\n\r\n  ```mermaid\r\n  flowchart LR\r\n"
                            "    accTitle: The title\r\n    accDescr: What it shows\r\n"
                            "    A --> B\r\n  ```\r\n\r\n> ```mermaid {alt=\"Quoted\"}\r\n"
                            "> flowchart TD\r\n>   C --> D\r\n> ```\r\n\r\nEnd.\r\n";
    write_file(dir / "doc.md", doc);
    const auto r =
        run_command(merrow_bin + " -i " + q(dir / "doc.md") + " -o " + q(dir / "out.md"));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(slurp(dir / "out.md") ==
          "# Doc\r\n\r\n- item:\r\n\r\n  ![What it shows](./out-1.svg \"The title\")\r\n\r\n"
          "> ![Quoted](./out-2.svg)\r\n\r\nEnd.\r\n");
    CHECK(slurp(dir / "out-1.svg").find("<svg") != std::string::npos);
    CHECK(slurp(dir / "out-2.svg").find("<svg") != std::string::npos);

    // -e png and -a: the images elsewhere, the links relative to the document.
    const auto png = run_command(merrow_bin + " -i " + q(dir / "doc.md") + " -o " +
                                 q(dir / "out2.md") + " -e png -a " + q(dir / "img"));
    CHECK(png.exit_code == 0);
    CHECK(slurp(dir / "out2.md").find("](./img/out2-1.png \"The title\")") != std::string::npos);
    CHECK(slurp(dir / "img" / "out2-2.png").substr(1, 3) == "PNG");
}

TEST_CASE("Markdown with a broken diagram: its line in the document, and no file written",
          "[hugo][markdown-output]") {
    TempDir dir;
    write_file(dir / "doc.md", "Text\n\n```mermaid\nflowchart LR\n  A --> B\n```\n\n```mermaid\n"
                               "flowchart LR\n  A[x --> B\n```\n");
    const auto r =
        run_command(merrow_bin + " -i " + q(dir / "doc.md") + " -o " + q(dir / "out.md"));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find((dir / "doc.md").string() + ":10:") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out.md"));
    CHECK_FALSE(fs::exists(dir / "out-1.svg"));
}

TEST_CASE("the README documents every merrow.yaml setting", "[hugo]") {
    Site site;
    write_file(site.root / "merrow.yaml", "no_such_setting: 1\n");
    const auto r = site.render();
    const std::smatch m = [&] {
        std::smatch match;
        std::regex_search(r.err, match, std::regex(R"(\(settings: ([a-z_, ]+)\))"));
        return match;
    }();
    REQUIRE(m.size() == 2);
    const std::string readme = slurp(std::string(MERROW_SOURCE_DIR) + "/README.md");
    std::stringstream keys(m[1].str());
    std::string key;
    int count = 0;
    while (std::getline(keys, key, ',')) {
        key.erase(0, key.find_first_not_of(' '));
        INFO(key);
        CHECK(readme.find("\n" + key + ": ") != std::string::npos);
        ++count;
    }
    CHECK(count >= 10);
}

TEST_CASE("a progress bar on a terminal, only the summary otherwise", "[hugo]") {
    // `script` (bsdutils, essential on Debian) gives merrow a pseudo-terminal as its output.
    REQUIRE(std::system("command -v script >/dev/null 2>&1") == 0);
    Site site;
    const auto tty = run_command("script -qec \"" + merrow_bin + " hugo render " + q(site.root) +
                                 "\" /dev/null");
    CHECK(tty.exit_code == 0);
    CHECK(tty.out.find("\r\033[Krendering [") != std::string::npos);
    CHECK(tty.out.find("3/3") != std::string::npos);
    CHECK(tty.out.find(summary(3, 0, 0, 0)) != std::string::npos);
    const auto plain = site.render("--force");
    CHECK(plain.err.find('\r') == std::string::npos);
    CHECK(plain.out.find('\r') == std::string::npos);
    CHECK(plain.out.find(summary(3, 0, 0, 0)) == 0);
}

TEST_CASE("an interrupted run's old temporary files are cleared, nobody else's", "[hugo]") {
    Site site;
    REQUIRE(site.render().exit_code == 0);
    const std::string key = key_of(diagram("A"));
    const fs::path stale = site.out / ("." + key + ".svg.Ab12Cd");
    const fs::path fresh = site.out / ("." + key + ".svg.Zz99Yy");
    const fs::path other = site.out / ".notes.txt.Ab12Cd";
    for (const fs::path& p : {stale, fresh, other}) {
        write_file(p, "<svg");
    }
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
    fs::last_write_time(stale, old);
    fs::last_write_time(other, old);
    fs::remove(site.out / (key + ".svg")); // something to render
    REQUIRE(site.render().exit_code == 0);
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(fresh)); // may belong to a run going on right now
    CHECK(fs::exists(other));
}
