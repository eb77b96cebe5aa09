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
    /// another one (debounce: editors write files in several steps), but no longer than
    /// `max_quiet_wait` (2 s) after the first change, so a stream of writes cannot starve the
    /// caller. Returns the changed paths, each once, in the order they first changed; empty on
    /// timeout. interrupt() ends the wait at once with what was collected so far. Paths are the
    /// watched path joined with the names below it (a watched file comes back exactly as given). A
    /// folder created inside a watched folder is watched from then on and the files already in it
    /// are reported; when the kernel's event queue overflows, the watched paths themselves are
    /// reported (the caller rescans). Call from one thread at a time.
    std::vector<std::string> wait(std::chrono::milliseconds timeout,
                                  std::chrono::milliseconds quiet = std::chrono::milliseconds(50));

    /// Makes a current or the next wait() return at once. Safe to call from any thread (or a
    /// signal handler), e.g. to stop a server.
    void interrupt() noexcept;

    static constexpr std::chrono::milliseconds max_quiet_wait{2000};

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace merrow::cli
