// Watching files and folders for changes (Linux inotify), for `merrow watch`, `merrow serve`
// and `merrow hugo render --watch`.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace merrow::cli {

class FileWatcher {
  public:
    /// Watches the given files and folders (folders recursively, including folders created
    /// later). Throws std::runtime_error naming the path if one cannot be watched.
    explicit FileWatcher(const std::vector<std::string>& paths);
    ~FileWatcher();
    FileWatcher(const FileWatcher&) = delete;
    FileWatcher& operator=(const FileWatcher&) = delete;

    /// Waits up to `timeout` for changes, then keeps collecting until `quiet` passes without
    /// another one (debounce: editors write files in several steps). Returns the changed
    /// paths, each once; empty on timeout.
    std::vector<std::string> wait(std::chrono::milliseconds timeout,
                                  std::chrono::milliseconds quiet = std::chrono::milliseconds(50));

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace merrow::cli
