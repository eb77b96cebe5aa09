// Nothing lost: every file merrow writes is written atomically, a failure leaves what was there,
// and the site hook never touches a file it did not create, whatever its manifest says.
#include "merrow/cli/files.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using merrow::test::run_command;
using merrow::test::slurp;
using merrow::test::TempDir;
using merrow::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string merrow_bin = MERROW_BINARY;

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) {
        names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

std::string q(const fs::path& p) {
    return "'" + p.string() + "'";
}

} // namespace

TEST_CASE("atomic writes: the whole new file or the old one, its permissions kept", "[files]") {
    TempDir dir;
    const fs::path out = dir / "out.svg";
    std::string error;
    REQUIRE(merrow::cli::write_file_atomically(out.string(), "first", error));
    CHECK(slurp(out) == "first");
    ::chmod(out.c_str(), 0640);
    REQUIRE(merrow::cli::write_file_atomically(out.string(), "second", error));
    CHECK(slurp(out) == "second");
    CHECK(mode_of(out) == 0640);
    CHECK(names_in(dir.path()) == std::vector<std::string>{"out.svg"});

    // A failure leaves the old file and no temporary behind.
    const fs::path folder = dir / "folder";
    fs::create_directories(folder);
    CHECK(!merrow::cli::write_file_atomically(folder.string(), "x", error));
    CHECK(fs::is_directory(folder));
    CHECK(names_in(dir.path()) == std::vector<std::string>{"folder", "out.svg"});
    if (::geteuid() != 0) { // root writes anywhere
        const fs::path locked = dir / "locked";
        write_file(locked / "keep.svg", "old");
        ::chmod(locked.c_str(), 0555);
        CHECK(!merrow::cli::write_file_atomically((locked / "keep.svg").string(), "new", error));
        CHECK(!error.empty());
        ::chmod(locked.c_str(), 0755);
        CHECK(slurp(locked / "keep.svg") == "old");
        CHECK(names_in(locked) == std::vector<std::string>{"keep.svg"});
    }
}

TEST_CASE("atomic writes: a symbolic link is replaced, never written through", "[files]") {
    TempDir dir;
    const fs::path elsewhere = dir / "someone-elses.txt";
    write_file(elsewhere, "not merrow's");
    const fs::path out = dir / "out.svg";
    fs::create_symlink(elsewhere, out);
    std::string error;
    REQUIRE(merrow::cli::write_file_atomically(out.string(), "<svg/>", error));
    CHECK(slurp(elsewhere) == "not merrow's");
    CHECK(!fs::is_symlink(out));
    CHECK(slurp(out) == "<svg/>");
}

TEST_CASE("a failed render keeps every output: svg, png, pdf, json and Markdown", "[files]") {
    TempDir dir;
    write_file(dir / "bad.mmd", "flowchart TD\n  A[unclosed --> B\n");
    for (const char* ext : {"svg", "png", "pdf", "json"}) {
        const fs::path out = dir / (std::string("keep.") + ext);
        write_file(out, "previous");
        const auto r = run_command(merrow_bin + " -i " + q(dir / "bad.mmd") + " -o " + q(out));
        CHECK(r.exit_code == 1);
        CHECK(slurp(out) == "previous");
    }
    // Invalid UTF-8 is a diagram error like any other: nothing is written.
    write_file(dir / "latin1.mmd", "flowchart TD\n  A[caf\xE9]\n");
    const auto r =
        run_command(merrow_bin + " -i " + q(dir / "latin1.mmd") + " -o " + q(dir / "keep.svg"));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("latin1.mmd:2:8: error: the input is not valid UTF-8") != std::string::npos);
    CHECK(slurp(dir / "keep.svg") == "previous");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"bad.mmd", "keep.json", "keep.pdf",
                                                           "keep.png", "keep.svg", "latin1.mmd"});
}

TEST_CASE("hugo: a manifest that names other files does not make merrow touch them", "[files]") {
    TempDir site;
    write_file(site / "hugo.toml", "title = \"t\"\n");
    write_file(site / "content/post.md", "# Post\n");
    const fs::path out = site / "assets" / "mermaid";
    write_file(out / "logo.svg", "<svg>the site's logo</svg>");
    write_file(site / "content/keep.md", "precious");
    const std::string stranger(64, 'a');
    write_file(out / (stranger + ".svg"), "<svg>not from this manifest's run</svg>");
    // As if edited, or committed by someone else: it claims files merrow never wrote.
    write_file(out / ".merrow-manifest.json",
               "{\"fingerprint\": \"x\", \"files\": [\"logo.svg\", \"../../content/keep.md\", "
               "\"..\", \".merrow-manifest.json\", \"" +
                   std::string(64, 'A') + ".svg\", \"" + stranger + ".svg.bak\"]}");
    const auto r = run_command(merrow_bin + " hugo render " + q(site.path()));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(slurp(out / "logo.svg") == "<svg>the site's logo</svg>");
    CHECK(slurp(site / "content/keep.md") == "precious");
    CHECK(slurp(out / (stranger + ".svg")) == "<svg>not from this manifest's run</svg>");
}
