// The one translation unit that holds Catch2's runner.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

// Every merrow the tests start keeps its text measurements in a folder of this test process's
// own (not the user's ~/.cache), so that the tests see the cache cold on their first render and
// warm on the later ones, and leave nothing behind.
namespace {

class MeasureCacheFolder {
  public:
    MeasureCacheFolder() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "merrow-cache-XXXXXX").string();
        if (::mkdtemp(pattern.data()) != nullptr) {
            path_ = pattern;
            ::setenv("MERROW_CACHE_DIR", pattern.c_str(), 1);
        }
    }
    MeasureCacheFolder(const MeasureCacheFolder&) = delete;
    MeasureCacheFolder& operator=(const MeasureCacheFolder&) = delete;
    ~MeasureCacheFolder() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }

  private:
    std::filesystem::path path_;
};

const MeasureCacheFolder measure_cache_folder;

} // namespace
