#include "merrow/cli/files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

namespace merrow::cli {

std::optional<std::string> read_file(const std::string& path, std::string& error) {
    if (path == "-") {
        std::string data((std::istreambuf_iterator<char>(std::cin)),
                         std::istreambuf_iterator<char>());
        return data;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        error = "is a directory";
        return std::nullopt;
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    std::string data;
    char buffer[65536];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
        data.append(buffer, got);
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) {
        error = "read error";
        return std::nullopt;
    }
    return data;
}

namespace {

// The process's umask, read without changing it: setting it to read it back (umask(0), then
// restore) would race with the worker threads that write files at the same time.
mode_t current_umask() {
    static const mode_t mask = [] {
        if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
            char line[256];
            while (std::fgets(line, sizeof line, f) != nullptr) {
                unsigned int value = 0;
                if (std::sscanf(line, "Umask: %o", &value) == 1) {
                    std::fclose(f);
                    return static_cast<mode_t>(value);
                }
            }
            std::fclose(f);
        }
        const mode_t old = ::umask(022);
        ::umask(old);
        return old;
    }();
    return mask;
}

} // namespace

bool write_file_atomically(const std::string& path, std::string_view bytes, std::string& error) {
    if (path == "-") {
        std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        std::cout.flush();
        if (!std::cout) {
            error = "cannot write to standard output";
            return false;
        }
        return true;
    }
    namespace fs = std::filesystem;
    const fs::path target(path);
    fs::path dir = target.parent_path();
    if (dir.empty()) {
        dir = ".";
    }
    std::string temp = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        error = std::strerror(errno);
        return false;
    }
    auto fail = [&](int err) {
        error = std::strerror(err);
        ::close(fd);
        ::unlink(temp.c_str());
        return false;
    };
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(errno);
        }
        written += static_cast<std::size_t>(n);
    }
    // mkstemp creates 0600. A file that is replaced keeps its permissions; a new one gets what a
    // plain create would give it. (A symbolic link at `path` is replaced, never written through:
    // merrow only ever writes the files it names.)
    struct stat existing {};
    const bool replaces_file = ::lstat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode);
    ::fchmod(fd, replaces_file ? (existing.st_mode & 07777) : (0666 & ~current_umask()));
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        error = std::strerror(err);
        return false;
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        error = std::strerror(err);
        return false;
    }
    return true;
}

} // namespace merrow::cli
