// `merrow serve` over plain sockets: the page, the state, the event stream that follows saves,
// and the refusals (paths outside the folder, foreign Host headers). The same server in a real
// browser is tests/editor/serve_browser_test.js.
#include "child_process.hpp"
#include "merrow/layout/json.hpp"
#include "process.hpp"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <regex>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

using merrow::test::ChildProcess;
using merrow::test::TempDir;
using merrow::test::write_file;
namespace fs = std::filesystem;
namespace json = merrow::layout::json;

namespace {

const std::string merrow_bin = MERROW_BINARY;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class Socket {
  public:
    explicit Socket(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    ~Socket() { ::close(fd_); }

    void send(const std::string& bytes) const {
        REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
                static_cast<ssize_t>(bytes.size()));
    }

    /// Reads until `part` appears (or the peer closes, or the time is up); everything read.
    std::string read_until(const std::string& part,
                           std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!contains(data_, part)) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            pollfd p{fd_, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
                break;
            }
            char chunk[65536];
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) {
                break;
            }
            data_.append(chunk, static_cast<std::size_t>(n));
        }
        return data_;
    }

    void clear() { data_.clear(); }

  private:
    int fd_;
    std::string data_;
};

struct Response {
    int status = 0;
    std::string head;
    std::string body;
};

Response get(int port, const std::string& target, const std::string& host = "") {
    Socket socket(port);
    socket.send("GET " + target + " HTTP/1.1\r\nHost: " +
                (host.empty() ? "127.0.0.1:" + std::to_string(port) : host) +
                "\r\nConnection: close\r\n\r\n");
    const std::string all = socket.read_until("\x01"); // until the server closes
    Response r;
    const std::size_t split = all.find("\r\n\r\n");
    r.head = all.substr(0, split);
    r.body = split == std::string::npos ? "" : all.substr(split + 4);
    if (all.size() > 12) {
        r.status = std::stoi(all.substr(9, 3));
    }
    return r;
}

class Server {
  public:
    explicit Server(const fs::path& input, const fs::path& stderr_path)
        : process_({merrow_bin, "serve", input.string(), "--port", "0"}, stderr_path.string()) {
        const auto line = process_.read_line();
        REQUIRE(line.has_value());
        std::smatch m;
        REQUIRE(std::regex_search(*line, m, std::regex("http://127\\.0\\.0\\.1:(\\d+)/")));
        port_ = std::stoi(m[1]);
        banner_ = *line;
    }

    int port() const { return port_; }
    const std::string& banner() const { return banner_; }
    ChildProcess& process() { return process_; }

  private:
    ChildProcess process_;
    int port_ = 0;
    std::string banner_;
};

} // namespace

TEST_CASE("serve: the page, the state, and an event stream that follows saves", "[cli][serve]") {
    TempDir dir;
    const fs::path post = dir / "site/posts/post.md";
    write_file(post, "# Post\n\n```mermaid\ngraph TD\n  A --> First\n```\n");
    write_file(dir / "site/notes.mmd", "graph LR\n  Note --> Taken\n");
    Server server(dir / "site", dir / "stderr");
    CHECK(contains(server.banner(), "(2 documents, 2 diagrams)"));

    const Response page = get(server.port(), "/");
    CHECK(page.status == 200);
    CHECK(contains(page.head, "Content-Type: text/html"));
    CHECK(contains(page.head, "Content-Security-Policy"));
    CHECK(contains(page.body, "new EventSource('/events'"));
    CHECK(get(server.port(), "/doc/posts/post.md").status == 200);
    CHECK(get(server.port(), "/doc/posts/other.md").status == 404);
    CHECK(get(server.port(), "/nothing-here").status == 404);

    const Response state = get(server.port(), "/api/state");
    REQUIRE(state.status == 200);
    const json::Value value = json::parse(state.body);
    CHECK(value.find("root")->as_string() == "site");
    const json::Array& documents = value.find("documents")->as_array();
    REQUIRE(documents.size() == 2);
    CHECK(documents[1].find("path")->as_string() == "posts/post.md");
    const json::Value& diagram = documents[1].find("diagrams")->as_array().at(0);
    CHECK(diagram.find("line")->as_number() == 4);
    CHECK(diagram.find("ok")->as_bool());
    CHECK(diagram.find("svg")->as_string().rfind("<svg ", 0) == 0); // inline: no XML prolog

    // The event stream: the state at once, then each saved document.
    Socket events(server.port());
    events.send("GET /events?doc=posts%2Fpost.md HTTP/1.1\r\nHost: localhost:" +
                std::to_string(server.port()) + "\r\n\r\n");
    const std::string first = events.read_until("\n\n", std::chrono::milliseconds(5000));
    CHECK(contains(first, "Content-Type: text/event-stream"));
    CHECK(contains(events.read_until(">First<"), "event: state\ndata: {\"root\""));
    events.clear();
    // Only that the event comes (within read_until's generous timeout); the latency itself is
    // measured by the browser test, and not asserted on shared machines.
    write_file(post, "# Post\n\n```mermaid\ngraph TD\n  A --> Second\n```\n");
    const std::string update = events.read_until(">Second<");
    CHECK(contains(update, "event: document\ndata: {\"path\":\"posts/post.md\""));

    // A mistake: the event carries the error at its line in the file and the last good SVG.
    events.clear();
    write_file(post, "# Post\n\n```mermaid\ngraph TD\n  A --> B[x(y)]\n```\n");
    const std::string broken = events.read_until("unexpected");
    CHECK(contains(broken, "\"ok\":false,\"stale\":true"));
    CHECK(contains(broken, ">Second<"));
    CHECK(contains(broken, "\"line\":5,\"column\":12"));
    CHECK(contains(broken, "\"text\":\"  A --> B[x(y)]\""));

    // Another document's change is not sent to a stream that follows one document.
    events.clear();
    write_file(dir / "site/notes.mmd", "graph LR\n  Note --> Changed\n");
    write_file(post, "# Post\n\n```mermaid\ngraph TD\n  A --> Third\n```\n");
    const std::string filtered = events.read_until(">Third<");
    CHECK_FALSE(contains(filtered, "notes.mmd"));

    // A removed document is announced.
    Socket all(server.port());
    all.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server.port()) +
             "\r\n\r\n");
    all.read_until("event: state");
    all.read_until("\n\n");
    all.clear();
    fs::remove(dir / "site/notes.mmd");
    CHECK(contains(all.read_until("event: removed"),
                   "event: removed\ndata: {\"path\":\"notes.mmd\"}"));

    server.process().signal(SIGTERM);
    CHECK(server.process().wait() == 0);
}

TEST_CASE("serve: refuses paths outside the folder and foreign Host headers", "[cli][serve]") {
    TempDir dir;
    write_file(dir / "site/post.md", "```mermaid\ngraph TD\n  A --> B\n```\n");
    write_file(dir / "secret/secret.md", "SECRET\n```mermaid\ngraph TD\n  S --> T\n```\n");
    fs::create_symlink(dir / "secret/secret.md", dir / "site/link.md");
    fs::create_directory_symlink(dir / "secret", dir / "site/linked-folder");
    Server server(dir / "site", dir / "stderr");
    CHECK(contains(server.banner(), "(1 document, 1 diagram)"));
    for (const char* target :
         {"/../secret/secret.md", "/doc/../secret/secret.md", "/doc/%2e%2e/secret/secret.md",
          "/doc/..%2fsecret%2fsecret.md", "/doc/link.md", "/doc/linked-folder/secret.md",
          "/doc//etc/passwd", "/doc/%2fetc%2fpasswd", "/events?doc=..%2Fsecret%2Fsecret.md",
          "/api/state?doc=../secret/secret.md", "/..", "/doc/..\\..\\x"}) {
        INFO(target);
        const Response r = get(server.port(), target);
        CHECK(r.status == 403);
        CHECK_FALSE(contains(r.body, "SECRET"));
    }
    CHECK_FALSE(contains(get(server.port(), "/api/state").body, "SECRET"));
    CHECK(get(server.port(), "/doc/%00").status == 400);
    CHECK(get(server.port(), "/", "evil.example").status == 403);
    CHECK(get(server.port(), "/", "evil.example:" + std::to_string(server.port())).status == 403);
    CHECK(get(server.port(), "/", "localhost:" + std::to_string(server.port())).status == 200);

    Socket post(server.port());
    post.send("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
    CHECK(contains(post.read_until("\x01"), "405 Method Not Allowed"));
    Socket garbage(server.port());
    garbage.send("NONSENSE\r\n\r\n");
    CHECK(contains(garbage.read_until("\x01"), "400 Bad Request"));
}

TEST_CASE("serve: a file on its own, and start-up errors", "[cli][serve]") {
    TempDir dir;
    write_file(dir / "one.mmd", "graph TD\n  Only --> One\n");
    write_file(dir / "other.mmd", "graph TD\n  Not --> Served\n");
    {
        Server server(dir / "one.mmd", dir / "stderr");
        const std::string state = get(server.port(), "/api/state").body;
        CHECK(contains(state, "\"path\":\"one.mmd\""));
        CHECK_FALSE(contains(state, "other.mmd"));
        CHECK(get(server.port(), "/doc/other.mmd").status == 404);

        // The port is taken now: a second server says so.
        const auto busy =
            merrow::test::run_command("'" + merrow_bin + "' serve '" + (dir / "one.mmd").string() +
                                      "' --port " + std::to_string(server.port()));
        CHECK(busy.exit_code == 3);
        CHECK(contains(busy.err, "cannot listen on 127.0.0.1:"));
    }
    CHECK(merrow::test::run_command("'" + merrow_bin + "' serve '" + (dir / "none").string() + "'")
              .exit_code == 3);
    CHECK(merrow::test::run_command("'" + merrow_bin + "' serve '" + dir.path().string() +
                                    "' --port 70000")
              .exit_code == 2);
}
