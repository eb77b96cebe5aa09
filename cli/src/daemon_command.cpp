// `merrow daemon`: rendering for editor plugins, one JSON object per line on standard input,
// one JSON response per line on standard output (docs/daemon-protocol.md). One process stays
// up for the whole editing session, so fonts are loaded once and each diagram costs only its
// own parse, layout and drawing.
//
// Standard output carries nothing but responses; anything for humans goes to standard error.
// Requests carry diagram text only: the daemon opens no files and runs nothing they name.
#include "command_support.hpp"
#include "diagnostic_json.hpp"
#include "merrow/cli/pipeline.hpp"
#include "merrow/layout/json.hpp"
#include "merrow/parser/parse.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "merrow/scene/theme.hpp"
#include "render_settings.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

namespace merrow::cli::detail {

namespace {

namespace json = layout::json;

constexpr int protocol_version = 1;

// Far above any real diagram (Mermaid's own limit is 50 000 characters) and low enough that a
// runaway client cannot make the daemon hold gigabytes.
constexpr std::size_t max_request_bytes = std::size_t{16} << 20U;

struct DaemonOptions {
    std::string config_file;
};

// Why a request cannot be served; becomes {"ok":false,"error":{code,message}}.
struct RequestError {
    std::string code;
    std::string message;
};

std::string base64(std::string_view bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16U) |
                                (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8U) |
                                std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
        out += alphabet[(v >> 18U) & 0x3FU];
        out += alphabet[(v >> 12U) & 0x3FU];
        out += alphabet[(v >> 6U) & 0x3FU];
        out += alphabet[v & 0x3FU];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16U;
        if (rest == 2) {
            v |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8U;
        }
        out += alphabet[(v >> 18U) & 0x3FU];
        out += alphabet[(v >> 12U) & 0x3FU];
        out += rest == 2 ? alphabet[(v >> 6U) & 0x3FU] : '=';
        out += '=';
    }
    return out;
}

// The size written on the root element (the picture's size in CSS pixels).
std::optional<double> svg_dimension(std::string_view svg, std::string_view name) {
    const std::size_t root = svg.find("<svg");
    if (root == std::string_view::npos) {
        return std::nullopt;
    }
    const std::size_t root_end = svg.find('>', root);
    const std::string key = " " + std::string(name) + "=\"";
    const std::size_t at = svg.find(key, root);
    if (at == std::string_view::npos || at > root_end) {
        return std::nullopt;
    }
    try {
        return std::stod(std::string(svg.substr(at + key.size(), 32)));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// PNG stores its size in the IHDR chunk, right after the 8-byte signature.
std::optional<std::pair<double, double>> png_size(std::string_view png) {
    if (png.size() < 24) {
        return std::nullopt;
    }
    const auto be32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            v = (v << 8U) | static_cast<unsigned char>(png[at + i]);
        }
        return static_cast<double>(v);
    };
    return std::pair{be32(16), be32(20)};
}

const json::Value* member(const json::Value& object, std::string_view key) {
    return object.find(key);
}

std::string string_member(const json::Value& object, std::string_view key, std::string fallback,
                          std::string_view where = "") {
    const json::Value* v = member(object, key);
    if (v == nullptr || v->is_null()) {
        return fallback;
    }
    if (!v->is_string()) {
        throw RequestError{"bad-request",
                           "`" + std::string(where) + std::string(key) + "` must be a string"};
    }
    return v->as_string();
}

double number_member(const json::Value& object, std::string_view key, double fallback,
                     std::string_view where) {
    const json::Value* v = member(object, key);
    if (v == nullptr || v->is_null()) {
        return fallback;
    }
    if (!v->is_number()) {
        throw RequestError{"bad-request",
                           "`" + std::string(where) + std::string(key) + "` must be a number"};
    }
    return v->as_number();
}

bool bool_member(const json::Value& object, std::string_view key, bool fallback,
                 std::string_view where) {
    const json::Value* v = member(object, key);
    if (v == nullptr || v->is_null()) {
        return fallback;
    }
    if (!v->is_bool()) {
        throw RequestError{"bad-request",
                           "`" + std::string(where) + std::string(key) + "` must be true or false"};
    }
    return v->as_bool();
}

class Daemon {
  public:
    explicit Daemon(model::Config base) : base_(std::move(base)) {}

    /// One response line (without its newline) for one request line. Never throws.
    std::string handle(std::string_view line) {
        json::Value id;
        std::string op;
        try {
            json::Value request;
            try {
                request = json::parse(line, 64);
            } catch (const json::ParseError& e) {
                throw RequestError{"bad-request", "not JSON: " + std::string(e.what()) +
                                                      " at byte " + std::to_string(e.offset())};
            }
            if (!request.is_object()) {
                throw RequestError{"bad-request", "a request is a JSON object"};
            }
            if (const json::Value* v = member(request, "id")) {
                if (v->is_string() || v->is_number() || v->is_null()) {
                    id = *v;
                } else {
                    throw RequestError{"bad-request", "`id` must be a number or a string"};
                }
            }
            op = string_member(request, "op", "");
            if (op == "render") {
                return respond(id, op, render(request));
            }
            if (op == "check") {
                return respond(id, op, check(request));
            }
            if (op == "version") {
                return respond(id, op, version());
            }
            if (op == "shutdown") {
                shutdown_ = true;
                return respond(id, op, {});
            }
            throw RequestError{"bad-request",
                               op.empty() ? "missing `op` (render, check, version or shutdown)"
                                          : "unknown op `" + op + "`"};
        } catch (const RequestError& e) {
            return failure(id, op, e, {});
        } catch (const DiagramFailure& f) {
            return failure(id, op, {"diagram", f.message}, f.diagnostics);
        } catch (const std::exception& e) {
            return failure(id, op, {"internal", e.what()}, {});
        }
    }

    bool shutdown_requested() const { return shutdown_; }

  private:
    // A render whose diagram has errors: the response carries the diagnostics.
    struct DiagramFailure {
        std::string message;
        json::Array diagnostics;
    };

    static std::string respond(const json::Value& id, const std::string& op, json::Object body) {
        json::Object out{{"id", id}, {"ok", true}, {"op", op}};
        for (auto& m : body) {
            out.push_back(std::move(m));
        }
        return json::write(json::Value(std::move(out)));
    }

    static std::string failure(const json::Value& id, const std::string& op,
                               const RequestError& error, json::Array diagnostics) {
        json::Object out{{"id", id}, {"ok", false}};
        if (!op.empty()) {
            out.emplace_back("op", op);
        }
        out.emplace_back("error", json::Object{{"code", error.code}, {"message", error.message}});
        out.emplace_back("diagnostics", std::move(diagnostics));
        return json::write(json::Value(std::move(out)));
    }

    static std::string source_of(const json::Value& request) {
        const json::Value* v = member(request, "source");
        if (v == nullptr || !v->is_string()) {
            throw RequestError{"bad-request", "`source` (the diagram text) must be a string"};
        }
        return v->as_string();
    }

    // The request's `options.config` (Mermaid's configuration object) over the daemon's.
    model::Config config_of(const json::Value& options) const {
        const json::Value* config = member(options, "config");
        if (config == nullptr || config->is_null()) {
            return base_;
        }
        if (!config->is_object()) {
            throw RequestError{"bad-request", "`options.config` must be an object"};
        }
        parser::ConfigFileResult result =
            parser::parse_config_file(json::write(*config), "options.config.json", base_);
        for (const model::Diagnostic& d : result.diagnostics) {
            if (d.severity == model::Severity::error) {
                throw RequestError{"bad-request", "options.config: " + d.message};
            }
        }
        return result.config;
    }

    static const json::Value& options_of(const json::Value& request) {
        static const json::Value empty = json::Object{};
        const json::Value* options = member(request, "options");
        if (options == nullptr || options->is_null()) {
            return empty;
        }
        if (!options->is_object()) {
            throw RequestError{"bad-request", "`options` must be an object"};
        }
        static constexpr std::string_view known[] = {
            "darkTheme", "darkSelector", "lightSelector", "background",     "scale",  "width",
            "height",    "svgId",        "svgText",       "xmlDeclaration", "config", "verbose"};
        for (const auto& [key, value] : options->as_object()) {
            if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
                throw RequestError{"bad-request", "unknown option `" + key + "`"};
            }
        }
        return *options;
    }

    json::Object render(const json::Value& request) {
        const std::string source = source_of(request);
        const json::Value& o = options_of(request);
        constexpr std::string_view where = "options.";
        RenderSettings settings;
        settings.format = string_member(request, "format", "svg");
        settings.theme = string_member(request, "theme", "");
        settings.dark_theme = string_member(o, "darkTheme", "", where);
        settings.dark_selector = string_member(o, "darkSelector", ".dark", where);
        settings.light_selector = string_member(o, "lightSelector", "", where);
        settings.background = string_member(o, "background", "", where);
        settings.scale = number_member(o, "scale", 1, where);
        settings.width = number_member(o, "width", 0, where);
        settings.height = number_member(o, "height", 0, where);
        settings.svg_id = string_member(o, "svgId", "", where);
        settings.svg_text = string_member(o, "svgText", "text", where);
        settings.look = string_member(o, "look", "", where);
        const bool verbose = bool_member(o, "verbose", false, where);

        RenderOptions options;
        options.config = config_of(o);
        // Editors inline the SVG into HTML, where an XML declaration is out of place.
        options.xml_declaration = bool_member(o, "xmlDeclaration", false, where);
        if (std::string error = apply_render_settings(settings, options); !error.empty()) {
            throw RequestError{"bad-request", error};
        }

        const auto start = std::chrono::steady_clock::now();
        RenderResult result = cli::render(source, options, measurer_);
        const std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - start;
        if (!result.ok) {
            throw DiagramFailure{first_error(result.diagnostics),
                                 diagnostics_to_json(result.diagnostics, verbose)};
        }
        json::Object body{{"format", std::string(format_name(options.format))}};
        std::optional<std::pair<double, double>> size;
        switch (options.format) {
        case Format::svg: {
            const auto w = svg_dimension(result.output, "width");
            const auto h = svg_dimension(result.output, "height");
            if (w && h) {
                size = std::pair{*w, *h};
            }
            body.emplace_back("svg", std::move(result.output));
            break;
        }
        case Format::png:
            size = png_size(result.output);
            body.emplace_back("png", base64(result.output));
            break;
        case Format::pdf:
            body.emplace_back("pdf", base64(result.output));
            break;
        case Format::json:
            body.emplace_back("json", std::move(result.output));
            break;
        }
        if (size) {
            body.emplace_back("width", size->first);
            body.emplace_back("height", size->second);
        }
        body.emplace_back("diagnostics", diagnostics_to_json(result.diagnostics, verbose));
        body.emplace_back("ms", elapsed.count());
        return body;
    }

    json::Object check(const json::Value& request) const {
        const std::string source = source_of(request);
        const json::Value& o = options_of(request);
        parser::ParseOptions options;
        options.base_config = config_of(o);
        const bool verbose = bool_member(o, "verbose", false, "options.");
        const parser::ParseResult result = parser::parse(source, options);
        return json::Object{{"valid", result.ok()},
                            {"diagnostics", diagnostics_to_json(result.diagnostics, verbose)}};
    }

    static json::Object version() {
        json::Array formats{"svg", "png", "pdf", "json"};
        json::Array themes;
        for (std::string_view name : scene::theme_names()) {
            themes.emplace_back(std::string(name));
        }
        return json::Object{{"version", MERROW_VERSION},
                            {"protocol", protocol_version},
                            {"formats", std::move(formats)},
                            {"themes", std::move(themes)}};
    }

    static std::string first_error(const std::vector<model::Diagnostic>& diagnostics) {
        for (const model::Diagnostic& d : diagnostics) {
            if (d.severity == model::Severity::error) {
                return std::to_string(d.range.begin.line) + ":" +
                       std::to_string(d.range.begin.column) + ": " + d.message;
            }
        }
        return "the diagram could not be rendered";
    }

    model::Config base_;
    render::PangoTextMeasurer measurer_;
    bool shutdown_ = false;
};

// Reads standard input line by line with a bound on the line length (std::getline would grow
// without limit on a client that never sends a newline).
class LineReader {
  public:
    enum class Status { line, too_long, end };

    Status next(std::string& line) {
        line.clear();
        bool overflow = false;
        while (true) {
            const std::size_t newline = buffer_.find('\n', scanned_);
            if (newline != std::string::npos) {
                if (!overflow) {
                    line.assign(buffer_, 0, newline);
                }
                buffer_.erase(0, newline + 1);
                scanned_ = 0;
                if (overflow) {
                    return Status::too_long;
                }
                if (!line.empty() && line.back() == '\r') {
                    line.pop_back();
                }
                return Status::line;
            }
            scanned_ = buffer_.size();
            if (buffer_.size() > max_request_bytes) {
                // Drop what we have and skip to the end of this line.
                overflow = true;
                buffer_.clear();
                scanned_ = 0;
            }
            char chunk[65536];
            const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                if (overflow) {
                    return Status::too_long;
                }
                if (buffer_.empty()) {
                    return Status::end;
                }
                line = std::move(buffer_); // a last line without its newline
                buffer_.clear();
                return Status::line;
            }
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

  private:
    std::string buffer_;
    std::size_t scanned_ = 0;
};

bool write_all(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(STDOUT_FILENO, bytes.data(), bytes.size());
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

int daemon_command(const DaemonOptions& o) {
    model::Config base;
    if (!o.config_file.empty()) {
        if (const int code = load_site_config(o.config_file, base, /*quiet=*/true);
            code != exit_ok) {
            return code;
        }
    }
    // A client that goes away must end the daemon quietly, not kill it mid-write.
    std::signal(SIGPIPE, SIG_IGN);
    Daemon daemon(base);
    LineReader reader;
    std::string line;
    while (true) {
        const LineReader::Status status = reader.next(line);
        if (status == LineReader::Status::end) {
            return exit_ok;
        }
        std::string response;
        if (status == LineReader::Status::too_long) {
            json::Object error{{"code", "too-large"},
                               {"message", "a request line may be at most " +
                                               std::to_string(max_request_bytes >> 20U) + " MiB"}};
            response = json::write(json::Value(json::Object{{"id", nullptr},
                                                            {"ok", false},
                                                            {"error", std::move(error)},
                                                            {"diagnostics", json::Array{}}}));
        } else if (line.find_first_not_of(" \t") == std::string::npos) {
            continue; // blank lines are allowed between requests
        } else {
            response = daemon.handle(line);
        }
        response += '\n';
        if (!write_all(response)) {
            return exit_ok; // the client closed its end
        }
        if (daemon.shutdown_requested()) {
            return exit_ok;
        }
    }
}

} // namespace

Command add_daemon_command(CLI::App& app) {
    auto o = std::make_shared<DaemonOptions>();
    CLI::App* daemon = app.add_subcommand(
        "daemon", "Serve editor plugins: JSON requests (render, check) on standard input, one "
                  "per line; JSON responses on standard output (docs/daemon-protocol.md)");
    daemon->add_option("-c,--configFile", o->config_file,
                       "Mermaid configuration file (JSON or YAML) under every request's own");
    return {daemon, [o] {
                return daemon_command(*o);
            }};
}

} // namespace merrow::cli::detail
