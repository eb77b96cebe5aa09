// inotify-based watching. A watched file is watched through its folder, filtered by name:
// editors save by writing a new file and renaming it over the old one, which would end a
// watch on the file's own inode after the first save.
#include "merrow/cli/file_watcher.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <poll.h>
#include <set>
#include <stdexcept>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace merrow::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t event_mask = IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE |
                                     IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF |
                                     IN_MOVE_SELF;

std::string join(const std::string& dir, std::string_view name) {
    if (dir.empty() || dir.back() == '/') {
        return dir + std::string(name);
    }
    return dir + "/" + std::string(name);
}

} // namespace

struct FileWatcher::Impl {
    struct Watch {
        std::string path;
        bool recursive = false;                   ///< a watched folder (or below one)
        std::map<std::string, std::string> files; ///< name → path as given, for watched files
    };

    int inotify_fd = -1;
    int wake_fd = -1;
    std::map<int, Watch> watches;
    std::vector<std::string> roots;

    std::vector<std::string> changed;
    std::set<std::string> seen;

    void report(const std::string& path) {
        if (seen.insert(path).second) {
            changed.push_back(path);
        }
    }

    int add_watch(const std::string& path) {
        const int wd = ::inotify_add_watch(inotify_fd, path.c_str(), event_mask);
        if (wd < 0) {
            const int err = errno;
            std::string message = "cannot watch `" + path + "`: " + std::strerror(err);
            if (err == ENOSPC) {
                message += " (raise fs.inotify.max_user_watches)";
            }
            throw std::runtime_error(message);
        }
        return wd;
    }

    /// Watches `dir` and every folder below it. `report_files`: also report the files found,
    /// for a folder that appeared while watching (they may have been written before its watch).
    void add_tree(const std::string& dir, bool report_files) {
        const int wd = add_watch(dir);
        Watch& w = watches[wd];
        if (w.path.empty() || !w.recursive) {
            w.path = dir;
        }
        w.recursive = true;
        std::error_code ec;
        for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
            const std::string child = join(dir, it->path().filename().string());
            std::error_code type_ec;
            // Symbolic links to folders are not followed: they could form loops.
            if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
                try {
                    add_tree(child, report_files);
                } catch (const std::runtime_error&) {
                    if (!report_files) {
                        throw;
                    }
                    // A folder that vanished or cannot be read while watching: not fatal.
                }
            } else if (report_files) {
                report(child);
            }
        }
    }

    void add_path(const std::string& path) {
        std::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            throw std::runtime_error("cannot watch `" + path + "`: No such file or directory");
        }
        if (fs::is_directory(status)) {
            add_tree(path, false);
            return;
        }
        fs::path parent = fs::path(path).parent_path();
        const std::string dir = parent.empty() ? "." : parent.string();
        const int wd = add_watch(dir);
        Watch& w = watches[wd];
        if (w.path.empty()) {
            w.path = dir;
        }
        w.files[fs::path(path).filename().string()] = path;
    }

    void handle(const inotify_event& event) {
        if ((event.mask & IN_Q_OVERFLOW) != 0) {
            for (const std::string& root : roots) {
                report(root);
            }
            return;
        }
        const auto found = watches.find(event.wd);
        if (found == watches.end()) {
            return;
        }
        if ((event.mask & IN_IGNORED) != 0) {
            watches.erase(found);
            return;
        }
        Watch& w = found->second;
        if ((event.mask & (IN_DELETE_SELF | IN_MOVE_SELF)) != 0) {
            if (std::find(roots.begin(), roots.end(), w.path) != roots.end()) {
                report(w.path);
            }
            return;
        }
        if (event.len == 0) {
            return;
        }
        const std::string name(event.name);
        if (!w.recursive) {
            if (const auto file = w.files.find(name); file != w.files.end()) {
                report(file->second);
            }
            return;
        }
        if (const auto file = w.files.find(name); file != w.files.end()) {
            report(file->second); // also given on its own: as the user spelled it
            return;
        }
        const std::string path = join(w.path, name);
        report(path);
        if ((event.mask & IN_ISDIR) != 0 && (event.mask & (IN_CREATE | IN_MOVED_TO)) != 0) {
            try {
                add_tree(path, true);
            } catch (const std::runtime_error&) {
                // Gone again already, or unreadable: nothing to watch.
            }
        }
    }

    /// Reads every queued event; false if there were none.
    bool drain() {
        alignas(inotify_event) std::array<char, 16384> buffer{};
        bool any = false;
        while (true) {
            const ssize_t n = ::read(inotify_fd, buffer.data(), buffer.size());
            if (n <= 0) {
                return any;
            }
            any = true;
            // The kernel pads each event so that the next one is aligned like the first.
            for (std::size_t at = 0; at < static_cast<std::size_t>(n);) {
                const auto* event = reinterpret_cast<const inotify_event*>(buffer.data() + at);
                handle(*event);
                at += sizeof(inotify_event) + event->len;
            }
        }
    }

    /// Waits for events until `deadline`; true if the inotify descriptor became readable,
    /// false on timeout or interrupt.
    bool poll_until(std::chrono::steady_clock::time_point deadline) {
        while (true) {
            // Rounded up: poll() must not return before the deadline.
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            std::array<pollfd, 2> fds{pollfd{inotify_fd, POLLIN, 0}, pollfd{wake_fd, POLLIN, 0}};
            const int timeout_ms = static_cast<int>(std::max<long long>(0, left.count()));
            const int ready = ::poll(fds.data(), fds.size(), timeout_ms);
            if (ready < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return false;
            }
            if (ready == 0) {
                return false;
            }
            if ((fds[1].revents & POLLIN) != 0) {
                std::uint64_t count = 0;
                [[maybe_unused]] const ssize_t n = ::read(wake_fd, &count, sizeof count);
                interrupted = true;
                return false;
            }
            return true;
        }
    }

    bool interrupted = false;
};

FileWatcher::FileWatcher(const std::vector<std::string>& paths) : impl_(std::make_unique<Impl>()) {
    impl_->inotify_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (impl_->inotify_fd < 0) {
        throw std::runtime_error(std::string("cannot start watching files: ") +
                                 std::strerror(errno));
    }
    impl_->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (impl_->wake_fd < 0) {
        const int err = errno;
        ::close(impl_->inotify_fd);
        throw std::runtime_error(std::string("cannot start watching files: ") + std::strerror(err));
    }
    try {
        for (const std::string& path : paths) {
            impl_->roots.push_back(path);
            impl_->add_path(path);
        }
    } catch (...) {
        ::close(impl_->inotify_fd);
        ::close(impl_->wake_fd);
        throw;
    }
}

FileWatcher::~FileWatcher() {
    ::close(impl_->inotify_fd);
    ::close(impl_->wake_fd);
}

std::vector<std::string> FileWatcher::wait(std::chrono::milliseconds timeout,
                                           std::chrono::milliseconds quiet) {
    using clock = std::chrono::steady_clock;
    Impl& impl = *impl_;
    impl.changed.clear();
    impl.seen.clear();
    impl.interrupted = false;
    const auto deadline = clock::now() + timeout;
    // First change (events for names nobody watches do not count).
    while (impl.changed.empty()) {
        if (!impl.poll_until(deadline)) {
            return {};
        }
        impl.drain();
    }
    // Debounce: until `quiet` passes without events, or the cap.
    const auto cap = clock::now() + max_quiet_wait;
    while (!impl.interrupted) {
        const auto until = std::min(clock::now() + quiet, cap);
        if (!impl.poll_until(until)) {
            break;
        }
        impl.drain();
        if (clock::now() >= cap) {
            break;
        }
    }
    return std::move(impl.changed);
}

void FileWatcher::interrupt() noexcept {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(impl_->wake_fd, &one, sizeof one);
}

} // namespace merrow::cli
