// `merrow serve FILE|DIR`: a live preview in the browser. A small HTTP/1.1 server (POSIX
// sockets, one thread per connection) serves one page, embedded in the binary, that lists the
// diagrams of the file or folder as inline SVG; a server-sent event stream pushes each
// re-rendered document to the open pages as soon as a save is seen.
//
// Three threads of work: the accept loop (main thread), one renderer thread that owns the
// file watcher and the text measurer (Pango's is single-threaded), and a thread per
// connection, which only ever reads the rendered state.
//
// Safety: the server listens on 127.0.0.1 unless --host says otherwise, answers only requests
// whose Host header names it (so a web page cannot reach it through DNS rebinding), serves
// nothing but the page and the diagrams' state, and refuses any path that climbs out of the
// served folder or resolves (through symbolic links) to a place outside it.
#include "command_support.hpp"
#include "diagnostic_json.hpp"
#include "http.hpp"
#include "merrow/cli/file_watcher.hpp"
#include "merrow/layout/json.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "preview_documents.hpp"
#include "render_settings.hpp"

#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <deque>
#include <filesystem>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <set>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace merrow::cli::detail {

extern const char* const serve_page_html; // serve_page.html, embedded by CMake

namespace {

namespace fs = std::filesystem;
namespace json = layout::json;

constexpr int default_port = 7373;
constexpr std::size_t max_connections = 64;
constexpr std::size_t event_log_size = 256;
constexpr auto keepalive_interval = std::chrono::seconds(10);
constexpr auto request_timeout = std::chrono::seconds(10);

struct ServeOptions {
    std::string input;
    int port = default_port;
    std::string host = "127.0.0.1";
    RenderSettings settings;
    std::string config_file;
    int debounce_ms = 20;
    bool quiet = false;
    bool verbose = false;
};

// Signals end the server through these: an eventfd the accept loop polls, and the watcher.
std::atomic<int> stop_event_fd{-1};
std::atomic<FileWatcher*> stop_watcher{nullptr};

extern "C" void on_serve_stop(int /*signal*/) {
    const int fd = stop_event_fd.load();
    if (fd >= 0) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const ssize_t n = ::write(fd, &one, sizeof one);
    }
    if (FileWatcher* watcher = stop_watcher.load()) {
        watcher->interrupt();
    }
}

// The rendered documents as the page sees them (JSON text per document), and a log of recent
// changes that event streams follow.
class Previews {
  public:
    struct Event {
        std::uint64_t seq = 0;
        std::string name; ///< "document" or "removed"
        std::string path;
        std::string data;
    };

    explicit Previews(std::string root_name) : root_name_(std::move(root_name)) {}

    void publish(const std::string& path, std::string view) {
        {
            const std::lock_guard lock(mutex_);
            documents_[path] = view;
            append({0, "document", path, std::move(view)});
        }
        changed_.notify_all();
    }

    void remove(const std::string& path) {
        {
            const std::lock_guard lock(mutex_);
            if (documents_.erase(path) == 0) {
                return;
            }
            append({0, "removed", path, json::write(json::Value(json::Object{{"path", path}}))});
        }
        changed_.notify_all();
    }

    bool has(const std::string& path) const {
        const std::lock_guard lock(mutex_);
        return documents_.count(path) != 0;
    }

    std::vector<std::string> paths() const {
        const std::lock_guard lock(mutex_);
        std::vector<std::string> out;
        for (const auto& entry : documents_) {
            out.push_back(entry.first);
        }
        return out;
    }

    /// {"root": name, "documents": [...]}, only `filter` if not empty; and the sequence number
    /// it is current with.
    std::string snapshot(const std::string& filter, std::uint64_t& seq) const {
        const std::lock_guard lock(mutex_);
        seq = seq_;
        std::string out = "{\"root\":" + json::write(json::Value(root_name_)) + ",\"documents\":[";
        bool first = true;
        for (const auto& [path, view] : documents_) {
            if (!filter.empty() && path != filter) {
                continue;
            }
            out += first ? "" : ",";
            out += view;
            first = false;
        }
        out += "]}";
        return out;
    }

    /// Events after `seq` (advancing it), waiting up to `timeout` for one. `resync` is set when
    /// the log no longer holds all of them (the caller sends a fresh snapshot).
    std::vector<Event> wait(std::uint64_t& seq, std::chrono::milliseconds timeout, bool& resync) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, timeout, [&] { return stopping_ || seq_ > seq; });
        resync = false;
        std::vector<Event> out;
        if (seq_ == seq) {
            return out;
        }
        if (log_.empty() || log_.front().seq > seq + 1) {
            resync = true;
            return out;
        }
        for (const Event& e : log_) {
            if (e.seq > seq) {
                out.push_back(e);
            }
        }
        seq = seq_;
        return out;
    }

    void stop() {
        {
            const std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
    }

    bool stopping() const {
        const std::lock_guard lock(mutex_);
        return stopping_;
    }

  private:
    void append(Event event) {
        event.seq = ++seq_;
        log_.push_back(std::move(event));
        while (log_.size() > event_log_size) {
            log_.pop_front();
        }
    }

    const std::string root_name_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, std::string> documents_;
    std::deque<Event> log_;
    std::uint64_t seq_ = 0;
    bool stopping_ = false;
};

std::string_view line_of(std::string_view text, std::size_t line) {
    std::size_t at = 0;
    for (std::size_t i = 1; i < line; ++i) {
        const std::size_t newline = text.find('\n', at);
        if (newline == std::string_view::npos) {
            return {};
        }
        at = newline + 1;
    }
    std::string_view out = text.substr(at, text.find('\n', at) - at);
    if (!out.empty() && out.back() == '\r') {
        out.remove_suffix(1);
    }
    return out;
}

// Renders documents and turns them into what the page shows. Runs on the renderer thread only.
class Renderer {
  public:
    Renderer(fs::path root, std::vector<std::string> watched, const RenderOptions& options,
             const ServeOptions& o, Previews& previews)
        : root_(std::move(root)), watched_(std::move(watched)), options_(options), o_(o),
          previews_(previews) {}

    struct Summary {
        std::size_t documents = 0;
        std::size_t diagrams = 0;
        std::size_t errors = 0;
    };

    void run(FileWatcher& watcher, std::promise<Summary>& ready) {
        try {
            measurer_ = std::make_unique<render::PangoTextMeasurer>();
            Summary summary;
            for (const std::string& path : documents()) {
                const RenderedDocument* doc = render(path, false);
                if (doc != nullptr) {
                    ++summary.documents;
                    summary.diagrams += doc->diagrams.size();
                    for (const RenderedDiagram& d : doc->diagrams) {
                        summary.errors += d.ok ? 0 : 1;
                    }
                }
            }
            ready.set_value(summary);
        } catch (...) {
            ready.set_exception(std::current_exception());
            return;
        }
        while (!previews_.stopping()) {
            const std::vector<std::string> changed = watcher.wait(
                std::chrono::milliseconds(1000), std::chrono::milliseconds(o_.debounce_ms));
            if (previews_.stopping()) {
                break;
            }
            update(changed);
        }
    }

  private:
    std::vector<std::string> documents() const {
        std::vector<std::string> out;
        for (const std::string& path : watched_) {
            for (std::string& doc : find_documents(path)) {
                out.push_back(std::move(doc));
            }
        }
        return out;
    }

    void update(const std::vector<std::string>& changed) {
        std::set<std::string> done;
        for (const std::string& path : changed) {
            std::error_code ec;
            if (fs::is_directory(path, ec)) {
                // A folder appeared, or the watch overflowed: look at everything below it.
                const std::string prefix = relative(path);
                for (const std::string& known : previews_.paths()) {
                    const bool below = prefix == "." || known.rfind(prefix + "/", 0) == 0;
                    if (below && !fs::exists(root_ / known, ec)) {
                        previews_.remove(known);
                    }
                }
                for (const std::string& doc : find_documents(path)) {
                    if (done.insert(doc).second) {
                        render(doc, true);
                    }
                }
                continue;
            }
            if (!document_kind(path) || !done.insert(path).second) {
                continue;
            }
            if (!fs::exists(path, ec)) {
                const std::string rel = relative(path);
                if (previews_.has(rel)) {
                    previews_.remove(rel);
                    last_good_.erase(rel);
                    log() << "removed " << rel << std::endl;
                }
                continue;
            }
            render(path, true);
        }
    }

    std::string relative(const std::string& path) const {
        return fs::path(path).lexically_relative(root_).generic_string();
    }

    std::ostream& log() const {
        static std::ostream null(nullptr);
        return o_.quiet ? null : std::cout;
    }

    // Renders one document and publishes it; nullptr if it is not one to serve.
    const RenderedDocument* render(const std::string& path, bool announce) {
        const std::string rel = relative(path);
        const auto kind = document_kind(path);
        // Never read what lies outside the folder, even through a link inside it.
        if (!kind || !http::resolve_inside(root_, rel) || hidden(rel)) {
            return nullptr;
        }
        last_ = render_document(path, *kind, options_, *measurer_);
        for (const RenderedDiagram& d : last_.diagrams) {
            print_diagnostics(d.diagnostics, rel, last_.text, o_.quiet, o_.verbose);
        }
        previews_.publish(rel, view(rel, *kind, last_));
        if (announce) {
            double ms = 0;
            std::size_t errors = 0;
            for (const RenderedDiagram& d : last_.diagrams) {
                ms += d.milliseconds;
                errors += d.ok ? 0 : 1;
            }
            log() << "updated " << rel << ": " << last_.diagrams.size() << " diagram"
                  << (last_.diagrams.size() == 1 ? "" : "s");
            if (errors > 0) {
                log() << " (" << errors << " with errors)";
            }
            log() << ", " << static_cast<int>(ms + 0.5) << " ms" << std::endl;
        }
        return &last_;
    }

    static bool hidden(const std::string& rel) {
        for (const fs::path& part : fs::path(rel)) {
            const std::string name = part.string();
            if ((name.size() > 1 && name[0] == '.') || name == "node_modules") {
                return true;
            }
        }
        return false;
    }

    json::Object problem(const model::Diagnostic& d, std::string_view text) const {
        json::Object out = diagnostic_to_json(d);
        out.emplace_back("text", std::string(line_of(text, d.range.begin.line)));
        return out;
    }

    // The page's view of a document. A diagram with errors keeps the drawing it had when it
    // last rendered (`stale`), so the reader still sees it while fixing the mistake.
    std::string view(const std::string& rel, DocumentKind kind, const RenderedDocument& doc) {
        std::vector<std::string>& good = last_good_[rel];
        good.resize(doc.diagrams.size());
        json::Array diagrams;
        for (std::size_t i = 0; i < doc.diagrams.size(); ++i) {
            const RenderedDiagram& d = doc.diagrams[i];
            if (d.ok) {
                good[i] = d.output;
            }
            json::Array errors;
            json::Array warnings;
            for (const model::Diagnostic& diagnostic : d.diagnostics) {
                if (diagnostic.verbose && !o_.verbose) {
                    continue;
                }
                (diagnostic.severity == model::Severity::error ? errors : warnings)
                    .emplace_back(problem(diagnostic, doc.text));
            }
            diagrams.emplace_back(json::Object{{"index", i},
                                               {"line", d.line},
                                               {"endLine", d.end_line},
                                               {"ok", d.ok},
                                               {"stale", !d.ok && !good[i].empty()},
                                               {"svg", good[i]},
                                               {"ms", d.milliseconds},
                                               {"errors", std::move(errors)},
                                               {"warnings", std::move(warnings)}});
        }
        return json::write(json::Value(json::Object{
            {"path", rel},
            {"kind", kind == DocumentKind::markdown ? "markdown" : "mermaid"},
            {"error", doc.read_error},
            {"diagrams", std::move(diagrams)},
        }));
    }

    const fs::path root_;
    const std::vector<std::string> watched_;
    const RenderOptions options_;
    const ServeOptions& o_;
    Previews& previews_;
    std::unique_ptr<render::PangoTextMeasurer> measurer_;
    std::map<std::string, std::vector<std::string>> last_good_;
    RenderedDocument last_;
};

// Open client sockets, so that stopping can wake every thread blocked on one.
class Connections {
  public:
    bool add(int fd) {
        const std::lock_guard lock(mutex_);
        if (fds_.size() >= max_connections) {
            return false;
        }
        fds_.insert(fd);
        return true;
    }

    void done(int fd) {
        const std::lock_guard lock(mutex_);
        fds_.erase(fd);
        ::close(fd);
        idle_.notify_all();
    }

    void close_all_and_wait() {
        std::unique_lock lock(mutex_);
        for (int fd : fds_) {
            ::shutdown(fd, SHUT_RDWR);
        }
        idle_.wait(lock, [&] { return fds_.empty(); });
    }

  private:
    std::mutex mutex_;
    std::condition_variable idle_;
    std::set<int> fds_;
};

class Server {
  public:
    Server(const fs::path& root, Previews& previews, std::string host, int port)
        : root_(root), previews_(previews), host_(std::move(host)), port_(port) {}

    void handle(int fd) {
        int status = 0;
        const auto request = http::read_request(fd, request_timeout, status);
        if (!request) {
            if (status != 0) {
                http::send_all(fd, text(status, http::reason_phrase(status)));
            }
            return;
        }
        const bool head = request->method == "HEAD";
        if (request->method != "GET" && !head) {
            http::send_all(fd, http::response(405, "text/plain; charset=utf-8",
                                              "only GET and HEAD\n", {{"Allow", "GET, HEAD"}}));
            return;
        }
        std::string reply = route(fd, *request);
        if (reply.empty()) {
            return; // an event stream, already answered
        }
        if (head) {
            reply.resize(reply.find("\r\n\r\n") + 4);
        }
        http::send_all(fd, reply);
    }

  private:
    static std::string text(int status, const std::string& message) {
        return http::response(status, "text/plain; charset=utf-8", message + "\n");
    }

    // With the default loopback address, a request must name this server in its Host header:
    // a foreign page that rebinds its own name to 127.0.0.1 would send its own name.
    bool host_allowed(const std::string& host) const {
        if (!loopback() || host.empty()) {
            return true;
        }
        const std::string port = ":" + std::to_string(port_);
        for (const char* name : {"127.0.0.1", "localhost", "[::1]"}) {
            if (host == std::string(name) + port || (port_ == 80 && host == name)) {
                return true;
            }
        }
        return false;
    }

    bool loopback() const {
        return host_ == "localhost" || host_ == "::1" || host_.rfind("127.", 0) == 0;
    }

    std::string route(int fd, const http::Request& request) {
        if (!host_allowed(request.header("host"))) {
            return text(403, "this server answers to 127.0.0.1:" + std::to_string(port_) +
                                 " and localhost:" + std::to_string(port_) + " only");
        }
        const std::string& path = request.path;
        if (http::climbs(path)) {
            return text(403, "outside the served folder");
        }
        if (path == "/" || path == "/doc/") {
            return page();
        }
        if (path.rfind("/doc/", 0) == 0) {
            const std::string rel = path.substr(5);
            if (!http::resolve_inside(root_, rel)) {
                return text(403, "outside the served folder");
            }
            if (!previews_.has(rel)) {
                return text(404, "no diagrams document `" + rel + "` here");
            }
            return page();
        }
        std::string filter;
        if (const auto doc = request.parameter("doc")) {
            if (http::climbs(*doc) || (!doc->empty() && !http::resolve_inside(root_, *doc))) {
                return text(403, "outside the served folder");
            }
            filter = *doc;
        }
        if (path == "/events") {
            stream(fd, filter);
            return {};
        }
        if (path == "/api/state") {
            std::uint64_t seq = 0;
            return http::response(200, "application/json", previews_.snapshot(filter, seq));
        }
        if (path == "/favicon.ico") {
            return http::response(204, "image/x-icon", "");
        }
        return text(404, "not found");
    }

    static std::string page() {
        return http::response(200, "text/html; charset=utf-8", serve_page_html,
                              {{"Content-Security-Policy",
                                "default-src 'none'; script-src 'unsafe-inline'; style-src "
                                "'unsafe-inline'; img-src data:; connect-src 'self'"},
                               {"Referrer-Policy", "no-referrer"}});
    }

    // Server-sent events: the current state first, then each change as it happens.
    void stream(int fd, const std::string& filter) {
        const std::string head = "HTTP/1.1 200 OK\r\n"
                                 "Content-Type: text/event-stream; charset=utf-8\r\n"
                                 "Cache-Control: no-store\r\n"
                                 "X-Content-Type-Options: nosniff\r\n"
                                 "Connection: keep-alive\r\n\r\n"
                                 "retry: 1000\n\n";
        std::uint64_t seq = 0;
        const auto state = [&] {
            return "event: state\ndata: " + previews_.snapshot(filter, seq) + "\n\n";
        };
        if (!http::send_all(fd, head) || !http::send_all(fd, state())) {
            return;
        }
        while (true) {
            bool resync = false;
            const std::vector<Previews::Event> events = previews_.wait(
                seq, std::chrono::duration_cast<std::chrono::milliseconds>(keepalive_interval),
                resync);
            if (previews_.stopping()) {
                return;
            }
            std::string out;
            if (resync) {
                out = state();
            }
            for (const Previews::Event& e : events) {
                if (filter.empty() || e.path == filter) {
                    out += "event: " + e.name + "\ndata: " + e.data + "\n\n";
                }
            }
            if (out.empty()) {
                out = ": keep-alive\n\n"; // also finds out whether the page is still there
            }
            if (!http::send_all(fd, out)) {
                return;
            }
        }
    }

    const fs::path root_;
    Previews& previews_;
    const std::string host_;
    const int port_;
};

// A listening socket on host:port (port 0: any free port); its descriptor and actual port.
int listen_on(const std::string& host, int port, int& actual_port, std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
    if (rc != 0) {
        error = ::gai_strerror(rc);
        return -1;
    }
    int fd = -1;
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            error = std::strerror(errno);
            continue;
        }
        const int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 64) == 0) {
            break;
        }
        error = std::strerror(errno);
        ::close(fd);
        fd = -1;
    }
    ::freeaddrinfo(found);
    if (fd < 0) {
        return -1;
    }
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    actual_port = address.ss_family == AF_INET6
                      ? ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port)
                      : ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    return fd;
}

std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

int serve_command(const ServeOptions& o) {
    std::error_code ec;
    if (!fs::exists(o.input, ec)) {
        std::cerr << "merrow: cannot serve `" << o.input << "`: No such file or directory\n";
        return exit_io;
    }
    const bool folder = fs::is_directory(o.input, ec);
    if (!folder && !document_kind(o.input)) {
        return usage_error("`" + o.input +
                           "` is neither a folder nor a .mmd, .mermaid, .md or .markdown file");
    }
    if (o.port < 0 || o.port > 65535) {
        return usage_error("--port must be between 0 and 65535");
    }
    if (o.debounce_ms < 0 || o.debounce_ms > 10000) {
        return usage_error("--debounce must be between 0 and 10000 ms");
    }
    RenderOptions options;
    if (!o.config_file.empty()) {
        if (const int code = load_site_config(o.config_file, options.config, o.quiet, o.verbose);
            code != exit_ok) {
            return code;
        }
    }
    if (std::string error = apply_render_settings(o.settings, options); !error.empty()) {
        return usage_error(error);
    }
    if (options.format != Format::svg) {
        return usage_error("serve shows SVG (leave out -e)");
    }
    // The page switches palettes with a class on <html>: `.dark` and `.light`, or the
    // system's colour scheme when neither is set. Inline SVG needs no XML declaration.
    options.light_selector =
        o.settings.light_selector.empty() ? ".light" : o.settings.light_selector;
    options.xml_declaration = false;
    if (!options.background) {
        options.background = "transparent";
    }

    // Everything is served relative to the canonical folder (the file's folder for a file).
    const fs::path input = fs::canonical(o.input, ec);
    if (ec) {
        std::cerr << "merrow: cannot serve `" << o.input << "`: " << ec.message() << '\n';
        return exit_io;
    }
    const fs::path root = folder ? input : input.parent_path();
    const std::string watched = input.string();

    int port = 0;
    std::string error;
    const int listen_fd = listen_on(o.host, o.port, port, error);
    if (listen_fd < 0) {
        std::cerr << "merrow: cannot listen on " << url_host(o.host) << ':' << o.port << ": "
                  << error << (o.port != 0 ? " (try --port 0 for any free port)" : "") << '\n';
        return exit_io;
    }
    std::unique_ptr<FileWatcher> watcher;
    try {
        watcher = std::make_unique<FileWatcher>(std::vector<std::string>{watched});
    } catch (const std::runtime_error& e) {
        std::cerr << "merrow: " << e.what() << '\n';
        ::close(listen_fd);
        return exit_io;
    }
    const int stop_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    stop_event_fd = stop_fd;
    stop_watcher = watcher.get();
    std::signal(SIGINT, on_serve_stop);
    std::signal(SIGTERM, on_serve_stop);
    std::signal(SIGPIPE, SIG_IGN);

    Previews previews(input.filename().string());
    Renderer renderer(root, {watched}, options, o, previews);
    std::promise<Renderer::Summary> ready;
    std::future<Renderer::Summary> summary_future = ready.get_future();
    std::thread render_thread([&] { renderer.run(*watcher, ready); });
    Renderer::Summary summary;
    try {
        summary = summary_future.get();
    } catch (const std::exception& e) {
        std::cerr << "merrow: " << e.what() << '\n';
        previews.stop();
        watcher->interrupt();
        render_thread.join();
        ::close(listen_fd);
        return exit_io;
    }
    const std::string base = "http://" + url_host(o.host) + ":" + std::to_string(port) + "/";
    std::cout << "merrow serve: " << base << " (" << summary.documents << " document"
              << (summary.documents == 1 ? "" : "s") << ", " << summary.diagrams << " diagram"
              << (summary.diagrams == 1 ? "" : "s");
    if (summary.errors > 0) {
        std::cout << ", " << summary.errors << " with errors";
    }
    std::cout << "); Ctrl-C to stop" << std::endl;

    Server server(root, previews, o.host, port);
    // Shared with the connection threads, which may still be returning when the loop ends.
    const auto connections = std::make_shared<Connections>();
    while (true) {
        std::array<pollfd, 2> fds{pollfd{listen_fd, POLLIN, 0}, pollfd{stop_fd, POLLIN, 0}};
        const int ready_count = ::poll(fds.data(), fds.size(), -1);
        if (ready_count < 0 && errno != EINTR) {
            break;
        }
        if ((fds[1].revents & POLLIN) != 0) {
            break;
        }
        if ((fds[0].revents & POLLIN) == 0) {
            continue;
        }
        const int client = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) {
            continue;
        }
        if (!connections->add(client)) {
            http::send_all(
                client, http::response(503, "text/plain; charset=utf-8", "too many connections\n"));
            ::close(client);
            continue;
        }
        std::thread([&server, connections, client] {
            server.handle(client);
            connections->done(client);
        }).detach();
    }
    previews.stop();
    watcher->interrupt();
    connections->close_all_and_wait();
    render_thread.join();
    stop_watcher = nullptr;
    stop_event_fd = -1;
    ::close(stop_fd);
    ::close(listen_fd);
    if (!o.quiet) {
        std::cout << "merrow serve: stopped" << std::endl;
    }
    return exit_ok;
}

} // namespace

Command add_serve_command(CLI::App& app) {
    auto o = std::make_shared<ServeOptions>();
    o->settings.dark_theme = "dark";
    CLI::App* serve = app.add_subcommand(
        "serve", "Preview the diagrams of a Mermaid or Markdown file, or of a folder, in the "
                 "browser; the page updates on every save");
    serve->add_option("input", o->input, "A .mmd or .md file, or a folder")->required();
    serve->add_option("--port", o->port, "TCP port (default 7373; 0 picks a free one)");
    serve->add_option("--host", o->host,
                      "Address to listen on (default 127.0.0.1: this machine only)");
    serve->add_option("-t,--theme", o->settings.theme, "Theme for the light palette");
    serve->add_option("--dark-theme", o->settings.dark_theme,
                      "Theme for the dark palette (default dark)");
    serve->add_option("-b,--backgroundColor", o->settings.background,
                      "Diagram background (default transparent)");
    serve->add_option("--look", o->settings.look, "classic (default) or neo");
    serve->add_option("-c,--configFile", o->config_file,
                      "Mermaid configuration file (JSON or YAML), like mmdc's");
    serve->add_option("--debounce", o->debounce_ms,
                      "Quiet time after a change before rendering, in ms (default 20)");
    serve->add_flag("-q,--quiet", o->quiet, "Print errors only");
    serve->add_flag("-v,--verbose", o->verbose, "Also print remarks");
    return {serve, [o] {
                return serve_command(*o);
            }};
}

} // namespace merrow::cli::detail
