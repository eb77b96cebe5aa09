// The little HTTP/1.1 that `merrow serve` needs: one GET request per connection, read from a
// socket with limits, percent-decoding, and the check that keeps every path inside the served
// folder.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace merrow::cli::detail::http {

struct Request {
    std::string method;
    std::string target; ///< as sent: path and query, still percent-encoded
    std::string path;   ///< decoded
    std::string query;  ///< still encoded
    std::vector<std::pair<std::string, std::string>> headers; ///< names lower-case

    /// The header's value, or an empty string.
    std::string header(std::string_view name) const;
    /// The query parameter's decoded value, if present.
    std::optional<std::string> parameter(std::string_view name) const;
};

/// Reads one request's head from `fd`. Nothing if the client sent no complete, well-formed
/// head within `timeout` or more than 16 KiB of it; `status` then says what to answer (0: answer
/// nothing, the client is gone).
std::optional<Request> read_request(int fd, std::chrono::milliseconds timeout, int& status);

/// Percent-decodes `text` (and '+' as a space when `plus_is_space`). Nothing for malformed
/// escapes or a NUL byte.
std::optional<std::string> decode(std::string_view text, bool plus_is_space = false);

/// The file `relative` names below `root` (which must be canonical), with symbolic links
/// resolved; nothing if it is absolute, has a `..` part, or resolves to a place outside root.
std::optional<std::filesystem::path> resolve_inside(const std::filesystem::path& root,
                                                    std::string_view relative);

/// True when a decoded request path tries to climb (`..` as a part), whatever it names.
bool climbs(std::string_view path);

/// Sends all of `bytes`; false if the peer is gone.
bool send_all(int fd, std::string_view bytes);

std::string reason_phrase(int status);

/// A complete response with Content-Length and `Connection: close`.
std::string response(int status, std::string_view content_type, std::string_view body,
                     const std::vector<std::pair<std::string, std::string>>& extra_headers = {});

} // namespace merrow::cli::detail::http
