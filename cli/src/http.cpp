#include "http.hpp"

#include <algorithm>
#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace merrow::cli::detail::http {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_head_bytes = 16 * 1024;

std::string lower(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::optional<Request> parse_head(std::string_view head) {
    Request request;
    const std::size_t line_end = head.find("\r\n");
    const std::string_view line = head.substr(0, line_end);
    const std::size_t first = line.find(' ');
    const std::size_t second = line.rfind(' ');
    if (first == std::string_view::npos || second == first) {
        return std::nullopt;
    }
    request.method = std::string(line.substr(0, first));
    request.target = std::string(line.substr(first + 1, second - first - 1));
    if (line.substr(second + 1).rfind("HTTP/1.", 0) != 0 || request.target.empty()) {
        return std::nullopt;
    }
    const std::size_t question = request.target.find('?');
    const auto path = decode(std::string_view(request.target).substr(0, question));
    if (!path) {
        return std::nullopt;
    }
    request.path = *path;
    if (question != std::string::npos) {
        request.query = request.target.substr(question + 1);
    }
    std::size_t at = line_end == std::string_view::npos ? head.size() : line_end + 2;
    while (at < head.size()) {
        std::size_t end = head.find("\r\n", at);
        if (end == std::string_view::npos) {
            end = head.size();
        }
        const std::string_view header = head.substr(at, end - at);
        at = end + 2;
        if (header.empty()) {
            break;
        }
        const std::size_t colon = header.find(':');
        if (colon == std::string_view::npos) {
            return std::nullopt;
        }
        request.headers.emplace_back(lower(std::string(trim(header.substr(0, colon)))),
                                     std::string(trim(header.substr(colon + 1))));
    }
    return request;
}

} // namespace

std::string Request::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) {
            return value;
        }
    }
    return {};
}

std::optional<std::string> Request::parameter(std::string_view name) const {
    std::string_view rest = query;
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        const std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            return decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1),
                          true);
        }
    }
    return std::nullopt;
}

std::optional<Request> read_request(int fd, std::chrono::milliseconds timeout, int& status) {
    status = 0;
    std::string head;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const std::size_t end = head.find("\r\n\r\n");
        if (end != std::string::npos) {
            auto request = parse_head(std::string_view(head).substr(0, end + 2));
            if (!request) {
                status = 400;
            }
            return request;
        }
        if (head.size() > max_head_bytes) {
            status = 431;
            return std::nullopt;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            status = 408;
            return std::nullopt;
        }
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            status = 408;
            return std::nullopt;
        }
        char chunk[4096];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return std::nullopt; // the client went away
        }
        head.append(chunk, static_cast<std::size_t>(n));
    }
}

std::optional<std::string> decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) {
                return std::nullopt;
            }
            const int hi = hex_digit(text[i + 1]);
            const int lo = hex_digit(text[i + 2]);
            if (hi < 0 || lo < 0) {
                return std::nullopt;
            }
            c = static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (c == '\0') {
            return std::nullopt;
        }
        out += c;
    }
    return out;
}

bool climbs(std::string_view path) {
    std::size_t at = 0;
    while (at <= path.size()) {
        std::size_t end = path.find_first_of("/\\", at);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        if (path.substr(at, end - at) == "..") {
            return true;
        }
        at = end + 1;
    }
    return false;
}

std::optional<fs::path> resolve_inside(const fs::path& root, std::string_view relative) {
    if (relative.empty() || relative.front() == '/' || relative.find('\0') != std::string::npos ||
        climbs(relative)) {
        return std::nullopt;
    }
    std::error_code ec;
    // Resolves symbolic links, so a link inside the folder to a file outside it is caught by
    // the prefix check below.
    const fs::path resolved = fs::weakly_canonical(root / fs::path(relative), ec);
    if (ec) {
        return std::nullopt;
    }
    const std::string r = root.string();
    const std::string p = resolved.string();
    if (p.size() <= r.size() || p.compare(0, r.size(), r) != 0 ||
        (r.back() != '/' && p[r.size()] != '/')) {
        return std::nullopt;
    }
    return resolved;
}

bool send_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

std::string reason_phrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

std::string response(int status, std::string_view content_type, std::string_view body,
                     const std::vector<std::pair<std::string, std::string>>& extra_headers) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
    out += "Content-Type: " + std::string(content_type) + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += "Cache-Control: no-store\r\n";
    out += "X-Content-Type-Options: nosniff\r\n";
    for (const auto& [name, value] : extra_headers) {
        out += name + ": " + value + "\r\n";
    }
    out += "Connection: close\r\n\r\n";
    out += body;
    return out;
}

} // namespace merrow::cli::detail::http
