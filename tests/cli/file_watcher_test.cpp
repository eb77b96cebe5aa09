// FileWatcher: recursive, debounced change notification, as editors save files.
#include "merrow/cli/file_watcher.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

using merrow::cli::FileWatcher;
using merrow::test::TempDir;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

/// Saves like vim and most editors: a new file renamed over the old one.
void save_by_rename(const fs::path& p, const std::string& text) {
    const fs::path temp = p.parent_path() / (p.filename().string() + ".tmp~");
    write(temp, text);
    fs::rename(temp, p);
}

bool contains(const std::vector<std::string>& paths, const fs::path& p) {
    return std::find(paths.begin(), paths.end(), p.string()) != paths.end();
}

} // namespace

TEST_CASE("a write in a watched folder is reported with the folder's path", "[watch]") {
    TempDir dir;
    FileWatcher watcher({dir.path().string()});
    write(dir / "a.md", "x");
    const auto changed = watcher.wait(2000ms);
    CHECK(changed == std::vector<std::string>{(dir / "a.md").string()});
}

TEST_CASE("nothing changed: wait times out empty", "[watch]") {
    TempDir dir;
    FileWatcher watcher({dir.path().string()});
    const auto start = std::chrono::steady_clock::now();
    CHECK(watcher.wait(150ms).empty());
    CHECK(std::chrono::steady_clock::now() - start >= 150ms);
}

TEST_CASE("folders below, and folders created later, are watched", "[watch]") {
    TempDir dir;
    fs::create_directories(dir / "posts" / "2024");
    FileWatcher watcher({dir.path().string()});
    write(dir / "posts" / "2024" / "old.md", "x");
    CHECK(watcher.wait(2000ms) ==
          std::vector<std::string>{(dir / "posts" / "2024" / "old.md").string()});

    // A new folder with a file already in it (written before its watch could exist), then a
    // file written into it afterwards.
    fs::create_directories(dir / "new" / "deep");
    write(dir / "new" / "deep" / "early.md", "x");
    auto changed = watcher.wait(2000ms);
    CHECK(contains(changed, dir / "new"));
    // Depending on timing the file is seen by the watch or by the scan of the new folder.
    if (!contains(changed, dir / "new" / "deep" / "early.md")) {
        changed = watcher.wait(1000ms);
        CHECK(contains(changed, dir / "new" / "deep" / "early.md"));
    }
    write(dir / "new" / "deep" / "late.md", "x");
    CHECK(watcher.wait(2000ms) ==
          std::vector<std::string>{(dir / "new" / "deep" / "late.md").string()});
}

TEST_CASE("a watched file is reported as given, save after save, and only it", "[watch]") {
    TempDir dir;
    const fs::path file = dir / "doc.md";
    write(file, "1");
    FileWatcher watcher({file.string()});
    for (const char* text : {"2", "3"}) {
        save_by_rename(file, text);
        CHECK(watcher.wait(2000ms) == std::vector<std::string>{file.string()});
    }
    write(dir / "other.md", "x");
    CHECK(watcher.wait(200ms).empty());
    write(file, "4");
    CHECK(watcher.wait(2000ms) == std::vector<std::string>{file.string()});
}

TEST_CASE("changes in quick succession come back together, each path once", "[watch]") {
    TempDir dir;
    FileWatcher watcher({dir.path().string()});
    std::thread writer([&] {
        for (int i = 0; i < 5; ++i) {
            write(dir / "a.md", std::to_string(i));
            write(dir / "b.md", std::to_string(i));
            std::this_thread::sleep_for(10ms);
        }
    });
    auto changed = watcher.wait(2000ms, 200ms);
    writer.join();
    std::sort(changed.begin(), changed.end());
    CHECK(changed == std::vector<std::string>{(dir / "a.md").string(), (dir / "b.md").string()});
    CHECK(watcher.wait(100ms).empty());
}

TEST_CASE("deleting and renaming are changes too", "[watch]") {
    TempDir dir;
    write(dir / "a.md", "x");
    FileWatcher watcher({dir.path().string()});
    fs::remove(dir / "a.md");
    CHECK(watcher.wait(2000ms) == std::vector<std::string>{(dir / "a.md").string()});
    write(dir / "b.md", "x");
    CHECK(watcher.wait(2000ms) == std::vector<std::string>{(dir / "b.md").string()});
    fs::rename(dir / "b.md", dir / "c.md");
    auto changed = watcher.wait(2000ms);
    std::sort(changed.begin(), changed.end());
    CHECK(changed == std::vector<std::string>{(dir / "b.md").string(), (dir / "c.md").string()});
}

TEST_CASE("interrupt() ends a wait from another thread", "[watch]") {
    TempDir dir;
    FileWatcher watcher({dir.path().string()});
    const auto start = std::chrono::steady_clock::now();
    std::thread stopper([&] {
        std::this_thread::sleep_for(50ms);
        watcher.interrupt();
    });
    CHECK(watcher.wait(10000ms).empty());
    stopper.join();
    CHECK(std::chrono::steady_clock::now() - start < 5000ms);
}

TEST_CASE("a path that does not exist cannot be watched, and the error names it", "[watch]") {
    TempDir dir;
    const std::string missing = (dir / "nope").string();
    try {
        FileWatcher watcher({dir.path().string(), missing});
        FAIL("no exception");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find(missing) != std::string::npos);
    }
}
