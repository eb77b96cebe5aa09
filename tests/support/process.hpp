// Runs a command through the shell and captures its exit code, standard output and error.
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace merrow::test {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// Writes `text` to `path`, creating the folders it needs.
inline void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

/// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
  public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "merrow-test-XXXXXX").string();
        path_ = ::mkdtemp(pattern.data());
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

/// Runs `command` with /bin/sh; stdin comes from `input` when given.
inline ProcessResult run_command(const std::string& command, const std::string* input = nullptr) {
    TempDir dir;
    const auto out = dir / "stdout";
    const auto err = dir / "stderr";
    std::string full = command;
    if (input != nullptr) {
        const auto in = dir / "stdin";
        std::ofstream(in, std::ios::binary) << *input;
        full += " < '" + in.string() + "'";
    }
    full += " > '" + out.string() + "' 2> '" + err.string() + "'";
    const int status = std::system(full.c_str());
    ProcessResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

} // namespace merrow::test
