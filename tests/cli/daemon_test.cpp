// `merrow daemon` driven through a pipe, as an editor plugin drives it: JSON requests one per
// line on its standard input, responses read back from its standard output.
#include "child_process.hpp"
#include "merrow/layout/json.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>

using merrow::test::ChildProcess;
namespace json = merrow::layout::json;

namespace {

const std::string merrow_bin = MERROW_BINARY;
const std::filesystem::path samples = std::filesystem::path(MERROW_SOURCE_DIR) / "samples";

std::string tier_source() {
    return merrow::test::slurp(samples / "tier.mmd");
}

// A string as a JSON literal.
std::string q(const std::string& text) {
    return json::write(json::Value(text));
}

class Daemon {
  public:
    explicit Daemon(std::vector<std::string> extra = {}) : process_(argv(std::move(extra))) {}

    json::Value ask(const std::string& request_line) {
        REQUIRE(process_.write(request_line + "\n"));
        return next();
    }

    json::Value next() {
        const auto line = process_.read_line();
        REQUIRE(line.has_value());
        // Every response is exactly one line of JSON.
        return json::parse(*line);
    }

    ChildProcess& process() { return process_; }

  private:
    static std::vector<std::string> argv(std::vector<std::string> extra) {
        std::vector<std::string> out{merrow_bin, "daemon"};
        out.insert(out.end(), extra.begin(), extra.end());
        return out;
    }
    ChildProcess process_;
};

const std::string& str(const json::Value& v, std::string_view key) {
    const json::Value* m = v.find(key);
    REQUIRE(m != nullptr);
    return m->as_string();
}

double num(const json::Value& v, std::string_view key) {
    const json::Value* m = v.find(key);
    REQUIRE(m != nullptr);
    return m->as_number();
}

bool flag(const json::Value& v, std::string_view key) {
    const json::Value* m = v.find(key);
    REQUIRE(m != nullptr);
    return m->as_bool();
}

std::string decode_base64(const std::string& text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = -1;
        if (c >= 'A' && c <= 'Z') {
            v = c - 'A';
        } else if (c >= 'a' && c <= 'z') {
            v = c - 'a' + 26;
        } else if (c >= '0' && c <= '9') {
            v = c - '0' + 52;
        } else if (c == '+') {
            v = 62;
        } else if (c == '/') {
            v = 63;
        } else {
            continue;
        }
        buffer = (buffer << 6U) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
        }
    }
    return out;
}

} // namespace

TEST_CASE("daemon: renders the tier diagram to SVG, the same bytes as the command line",
          "[cli][daemon]") {
    Daemon daemon;
    const std::string request =
        R"({"id":1,"op":"render","source":)" + q(tier_source()) + R"(,"format":"svg"})";
    const json::Value first = daemon.ask(request);
    CHECK(num(first, "id") == 1);
    CHECK(flag(first, "ok"));
    CHECK(str(first, "op") == "render");
    CHECK(str(first, "format") == "svg");
    const std::string& svg = str(first, "svg");
    // Meant for inlining into HTML: no XML declaration unless asked for.
    CHECK(svg.rfind("<svg ", 0) == 0);
    CHECK(svg.find("G1: HBM (High Bandwidth") != std::string::npos);
    CHECK(num(first, "width") > 100);
    CHECK(num(first, "height") > num(first, "width"));
    CHECK(first.find("diagnostics")->as_array().empty());
    // The same bytes as the command line gives.
    const auto cli = merrow::test::run_command("'" + merrow_bin + "' -i '" +
                                               (samples / "tier.mmd").string() + "' -o - -e svg");
    CHECK(cli.out.substr(cli.out.find("<svg")) == svg);

    // Warm requests give the same bytes. (Their round-trip time is measured by bench/, not
    // asserted here: the machines are shared.)
    for (int i = 2; i < 6; ++i) {
        const json::Value r = daemon.ask(R"({"id":)" + std::to_string(i) +
                                         R"(,"op":"render","source":)" + q(tier_source()) + "}");
        CHECK(num(r, "id") == i);
        CHECK(str(r, "svg") == svg);
    }
}

TEST_CASE("daemon: PNG comes base64-encoded with its pixel size", "[cli][daemon]") {
    Daemon daemon;
    const json::Value one =
        daemon.ask(R"({"id":"a","op":"render","format":"png","source":)" + q(tier_source()) + "}");
    const json::Value two =
        daemon.ask(R"({"id":"b","op":"render","format":"png","options":{"scale":2},"source":)" +
                   q(tier_source()) + "}");
    CHECK(str(one, "id") == "a");
    REQUIRE(flag(one, "ok"));
    const std::string png = decode_base64(str(one, "png"));
    REQUIRE(png.size() > 1000);
    CHECK(png.substr(1, 3) == "PNG");
    CHECK(num(one, "width") == 276);
    CHECK(num(two, "width") == 2 * num(one, "width"));
    CHECK(num(two, "height") == 2 * num(one, "height"));
}

TEST_CASE("daemon: check reports diagnostics with line, column, end, message and hint",
          "[cli][daemon]") {
    Daemon daemon;
    const json::Value valid =
        daemon.ask(R"({"id":1,"op":"check","source":"graph TD\n  A --> B\n"})");
    CHECK(flag(valid, "ok"));
    CHECK(flag(valid, "valid"));
    CHECK(valid.find("diagnostics")->as_array().empty());

    const json::Value invalid =
        daemon.ask(R"({"id":2,"op":"check","source":"graph TD\n  A --> B\n  B --> C[x(y)]\n"})");
    CHECK(flag(invalid, "ok")); // the check itself worked
    CHECK_FALSE(flag(invalid, "valid"));
    const json::Array& diagnostics = invalid.find("diagnostics")->as_array();
    REQUIRE(diagnostics.size() == 1);
    const json::Value& d = diagnostics[0];
    CHECK(num(d, "line") == 3);
    CHECK(num(d, "column") == 12);
    CHECK(num(*d.find("end"), "line") == 3);
    CHECK(num(*d.find("end"), "column") == 13);
    CHECK(str(d, "severity") == "error");
    CHECK(str(d, "message") == "unexpected `(` in a label");
    CHECK(str(d, "hint").find("put the label in quotes") != std::string::npos);
    CHECK(num(d.find("notes")->as_array().at(0), "column") == 10);
}

TEST_CASE("daemon: a diagram with an error gets its diagnostics and no picture", "[cli][daemon]") {
    Daemon daemon;
    const json::Value r =
        daemon.ask(R"({"id":7,"op":"render","source":"flowchart LR\n  A --> B\n  B -- oops C\n"})");
    CHECK(num(r, "id") == 7);
    CHECK_FALSE(flag(r, "ok"));
    CHECK(r.find("svg") == nullptr);
    CHECK(str(*r.find("error"), "code") == "diagram");
    CHECK(str(*r.find("error"), "message").rfind("3:", 0) == 0);
    const json::Array& diagnostics = r.find("diagnostics")->as_array();
    REQUIRE_FALSE(diagnostics.empty());
    CHECK(num(diagnostics[0], "line") == 3);
    CHECK(str(diagnostics[0], "severity") == "error");
    // The daemon carries on.
    CHECK(flag(daemon.ask(R"({"id":8,"op":"render","source":"graph TD\nA-->B"})"), "ok"));
}

TEST_CASE("daemon: malformed requests get an error response and the daemon keeps running",
          "[cli][daemon]") {
    Daemon daemon;
    struct Case {
        const char* line;
        const char* message;
    };
    const Case cases[] = {
        {"{not json", "not JSON"},
        {"[1,2,3]", "a request is a JSON object"},
        {R"({"id":1})", "missing `op`"},
        {R"({"id":1,"op":"explode"})", "unknown op `explode`"},
        {R"({"id":1,"op":"render"})", "`source`"},
        {R"({"id":1,"op":"render","source":42})", "`source`"},
        {R"({"id":{"x":1},"op":"version"})", "`id` must be a number or a string"},
        {R"({"id":1,"op":"render","source":"graph TD\nA","format":"gif"})", "unknown format `gif`"},
        {R"({"id":1,"op":"render","source":"graph TD\nA","theme":"neon"})", "unknown theme `neon`"},
        {R"({"id":1,"op":"render","source":"graph TD\nA","options":{"scale":"big"}})",
         "`options.scale` must be a number"},
        {R"({"id":1,"op":"render","source":"graph TD\nA","options":{"scale":0}})",
         "the scale must be between 0 and 64"},
        {R"({"id":1,"op":"render","source":"graph TD\nA","options":{"colour":"red"}})",
         "unknown option `colour`"},
        {R"({"id":1,"op":"render","source":"graph TD\nA","options":{"background":"nope"}})",
         "is not a colour"},
        {R"({"id":1,"op":"render","source":"graph TD\nA","options":{"config":[1]}})",
         "`options.config` must be an object"},
        {"\x01\x02\xff", "not JSON"},
    };
    for (const Case& c : cases) {
        INFO(c.line);
        const json::Value r = daemon.ask(c.line);
        CHECK_FALSE(flag(r, "ok"));
        const json::Value* error = r.find("error");
        REQUIRE(error != nullptr);
        CHECK(str(*error, "code") == "bad-request");
        CHECK(str(*error, "message").find(c.message) != std::string::npos);
        CHECK(r.find("id") != nullptr);
    }
    // An unparsable line has no id to echo; a parsable one keeps its id.
    CHECK(daemon.ask("{not json").find("id")->is_null());
    CHECK(str(daemon.ask(R"({"id":"x","op":"nope"})"), "id") == "x");
    // Blank lines are skipped without a response; the next request is answered.
    const json::Value after = daemon.ask("\n\n" + std::string(R"({"id":99,"op":"version"})"));
    CHECK(num(after, "id") == 99);
    CHECK(flag(after, "ok"));
    CHECK(num(after, "protocol") == 1);
    CHECK_FALSE(str(after, "version").empty());
}

TEST_CASE("daemon: an oversized request line is refused without stopping the daemon",
          "[cli][daemon]") {
    Daemon daemon;
    std::string huge = R"({"id":1,"op":"render","source":")";
    huge.append(std::size_t{17} << 20U, 'x');
    huge += "\"}";
    const json::Value r = daemon.ask(huge);
    CHECK_FALSE(flag(r, "ok"));
    CHECK(str(*r.find("error"), "code") == "too-large");
    CHECK(flag(daemon.ask(R"({"id":2,"op":"render","source":"graph TD\nA-->B"})"), "ok"));
}

TEST_CASE("daemon: pipelined requests are all answered, each with its id", "[cli][daemon]") {
    Daemon daemon;
    std::string batch;
    constexpr int count = 30;
    for (int i = 0; i < count; ++i) {
        const bool broken = i % 5 == 4;
        const std::string source =
            "graph LR\n  N" + std::to_string(i) + " --> M" + (broken ? "[(" : "") + "\n";
        batch += R"({"id":)" + std::to_string(i) + R"(,"op":")" +
                 (i % 3 == 0 ? "check" : "render") + R"(","source":)" + q(source) + "}\n";
    }
    REQUIRE(daemon.process().write(batch)); // all at once, without waiting
    std::set<int> seen;
    for (int i = 0; i < count; ++i) {
        const json::Value r = daemon.next();
        const int id = static_cast<int>(num(r, "id"));
        seen.insert(id);
        const bool broken = id % 5 == 4;
        if (id % 3 == 0) {
            CHECK(str(r, "op") == "check");
            CHECK(flag(r, "valid") == !broken);
        } else {
            CHECK(str(r, "op") == "render");
            CHECK(flag(r, "ok") == !broken);
            if (!broken) {
                CHECK(str(r, "svg").find(">N" + std::to_string(id) + "<") != std::string::npos);
            }
        }
    }
    CHECK(seen.size() == count);
}

TEST_CASE("daemon: themes and options apply per request", "[cli][daemon]") {
    Daemon daemon;
    const std::string source = q("graph TD\n  A --> B\n");
    const json::Value plain = daemon.ask(R"({"id":1,"op":"render","source":)" + source + "}");
    const json::Value dark =
        daemon.ask(R"({"id":2,"op":"render","theme":"dark","source":)" + source + "}");
    const json::Value both = daemon.ask(
        R"({"id":3,"op":"render","options":{"darkTheme":"dark","darkSelector":".vscode-dark","xmlDeclaration":true},"source":)" +
        source + "}");
    const json::Value forest =
        daemon.ask(R"({"id":4,"op":"render","options":{"config":{"theme":"forest"}},"source":)" +
                   source + "}");
    CHECK(str(plain, "svg").find("#ececff") != std::string::npos);
    CHECK(str(dark, "svg").find("#ececff") == std::string::npos);
    CHECK(str(dark, "svg").find("#1f2020") != std::string::npos);
    CHECK(str(both, "svg").rfind("<?xml", 0) == 0);
    CHECK(str(both, "svg").find(".vscode-dark #") != std::string::npos);
    CHECK(str(forest, "svg").find("#cde498") != std::string::npos);
}

TEST_CASE("daemon: ends with its input, or when asked to", "[cli][daemon]") {
    {
        Daemon daemon;
        CHECK(flag(daemon.ask(R"({"id":1,"op":"shutdown"})"), "ok"));
        CHECK(daemon.process().wait() == 0);
    }
    {
        Daemon daemon;
        daemon.process().close_stdin();
        CHECK(daemon.process().wait() == 0);
    }
    {
        // A last request without a newline is still answered at end of input.
        Daemon daemon;
        REQUIRE(daemon.process().write(R"({"id":5,"op":"version"})"));
        daemon.process().close_stdin();
        CHECK(num(daemon.next(), "id") == 5);
        CHECK(daemon.process().wait() == 0);
    }
}
