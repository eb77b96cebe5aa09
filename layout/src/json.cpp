#include "merrow/layout/json.hpp"

#include "merrow/model/utf8.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace merrow::layout::json {

namespace {

class Parser {
  public:
    Parser(std::string_view text, std::size_t max_depth) : text_(text), max_depth_(max_depth) {}

    Value document() {
        Value v = value(0);
        skip_space();
        if (pos_ != text_.size()) {
            fail("unexpected text after the JSON value");
        }
        return v;
    }

  private:
    [[noreturn]] void fail(const std::string& message) const { throw ParseError(message, pos_); }

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r')) {
            ++pos_;
        }
    }

    bool consume(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }

    void expect(char c) {
        if (!consume(c)) {
            fail(std::string("expected '") + c + "'");
        }
    }

    Value value(std::size_t depth) {
        if (depth > max_depth_) {
            fail("JSON nested too deeply");
        }
        skip_space();
        if (pos_ >= text_.size()) {
            fail("unexpected end of JSON");
        }
        const char c = text_[pos_];
        if (c == '{') {
            ++pos_;
            Object object;
            if (consume('}')) {
                return object;
            }
            do {
                skip_space();
                std::string key = string();
                expect(':');
                object.emplace_back(std::move(key), value(depth + 1));
            } while (consume(','));
            expect('}');
            return object;
        }
        if (c == '[') {
            ++pos_;
            Array array;
            if (consume(']')) {
                return array;
            }
            do {
                array.push_back(value(depth + 1));
            } while (consume(','));
            expect(']');
            return array;
        }
        if (c == '"') {
            return string();
        }
        if (literal("true")) {
            return true;
        }
        if (literal("false")) {
            return false;
        }
        if (literal("null")) {
            return nullptr;
        }
        return number();
    }

    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) == word) {
            pos_ += word.size();
            return true;
        }
        return false;
    }

    Value number() {
        const std::size_t start = pos_;
        if (pos_ < text_.size() && text_[pos_] == '-') {
            ++pos_;
        }
        while (pos_ < text_.size() &&
               (std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0 || text_[pos_] == '.' ||
                text_[pos_] == 'e' || text_[pos_] == 'E' || text_[pos_] == '+' ||
                text_[pos_] == '-')) {
            ++pos_;
        }
        double d = 0;
        const auto [ptr, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, d);
        if (start == pos_ || ec != std::errc() || ptr != text_.data() + pos_ || !std::isfinite(d)) {
            pos_ = start;
            fail("expected a JSON value");
        }
        return d;
    }

    unsigned hex4() {
        if (pos_ + 4 > text_.size()) {
            fail("truncated \\u escape");
        }
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = text_[pos_++];
            v <<= 4U;
            if (h >= '0' && h <= '9') {
                v |= static_cast<unsigned>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                v |= static_cast<unsigned>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                v |= static_cast<unsigned>(h - 'A' + 10);
            } else {
                fail("bad \\u escape");
            }
        }
        return v;
    }

    std::string string() {
        if (pos_ >= text_.size() || text_[pos_] != '"') {
            fail("expected a string");
        }
        ++pos_;
        std::string out;
        while (true) {
            if (pos_ >= text_.size()) {
                fail("unterminated string");
            }
            const char c = text_[pos_++];
            if (c == '"') {
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                fail("control character in string");
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size()) {
                fail("unterminated escape");
            }
            const char e = text_[pos_++];
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += e;
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                std::uint32_t cp = hex4();
                if (cp >= 0xD800 && cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
                    pos_ += 2;
                    const std::uint32_t low = hex4();
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10U) + (low - 0xDC00);
                    } else {
                        fail("bad surrogate pair");
                    }
                } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                    fail("lone surrogate");
                }
                model::append_utf8(out, static_cast<char32_t>(cp));
                break;
            }
            default:
                fail("bad escape");
            }
        }
    }

    std::string_view text_;
    std::size_t max_depth_;
    std::size_t pos_ = 0;
};

void write_number(std::string& out, double d, int decimals) {
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    const double scale = std::pow(10.0, decimals);
    double rounded = std::round(d * scale) / scale;
    if (rounded == 0) {
        rounded = 0; // no "-0"
    }
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof buffer, rounded, std::chars_format::fixed, decimals);
    std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
    if (text.find('.') != std::string_view::npos) {
        while (text.back() == '0') {
            text.remove_suffix(1);
        }
        if (text.back() == '.') {
            text.remove_suffix(1);
        }
    }
    out += text;
}

void write_string(std::string& out, const std::string& s) {
    out += '"';
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static constexpr char digits[] = "0123456789abcdef";
                out += "\\u00";
                out += digits[(static_cast<unsigned char>(c) >> 4U) & 0xFU];
                out += digits[static_cast<unsigned char>(c) & 0xFU];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void write_value(std::string& out, const Value& v, int decimals) {
    if (v.is_null()) {
        out += "null";
    } else if (v.is_bool()) {
        out += v.as_bool() ? "true" : "false";
    } else if (v.is_number()) {
        write_number(out, v.as_number(), decimals);
    } else if (v.is_string()) {
        write_string(out, v.as_string());
    } else if (v.is_array()) {
        out += '[';
        bool first = true;
        for (const Value& item : v.as_array()) {
            if (!first) {
                out += ',';
            }
            first = false;
            write_value(out, item, decimals);
        }
        out += ']';
    } else {
        out += '{';
        bool first = true;
        for (const auto& [key, item] : v.as_object()) {
            if (!first) {
                out += ',';
            }
            first = false;
            write_string(out, key);
            out += ':';
            write_value(out, item, decimals);
        }
        out += '}';
    }
}

[[noreturn]] void type_error(const char* expected) {
    throw std::runtime_error(std::string("JSON value is not ") + expected);
}

} // namespace

bool Value::as_bool() const {
    if (!is_bool()) {
        type_error("a boolean");
    }
    return std::get<bool>(data_);
}

double Value::as_number() const {
    if (!is_number()) {
        type_error("a number");
    }
    return std::get<double>(data_);
}

const std::string& Value::as_string() const {
    if (!is_string()) {
        type_error("a string");
    }
    return std::get<std::string>(data_);
}

const Array& Value::as_array() const {
    if (!is_array()) {
        type_error("an array");
    }
    return *std::get<std::shared_ptr<Array>>(data_);
}

const Object& Value::as_object() const {
    if (!is_object()) {
        type_error("an object");
    }
    return *std::get<std::shared_ptr<Object>>(data_);
}

Array& Value::as_array() {
    if (!is_array()) {
        type_error("an array");
    }
    return *std::get<std::shared_ptr<Array>>(data_);
}

Object& Value::as_object() {
    if (!is_object()) {
        type_error("an object");
    }
    return *std::get<std::shared_ptr<Object>>(data_);
}

const Value* Value::find(std::string_view key) const {
    if (!is_object()) {
        return nullptr;
    }
    for (const auto& [k, v] : as_object()) {
        if (k == key) {
            return &v;
        }
    }
    return nullptr;
}

Value parse(std::string_view text, std::size_t max_depth) {
    return Parser(text, max_depth).document();
}

std::string write(const Value& value, int decimals) {
    std::string out;
    write_value(out, value, decimals);
    return out;
}

} // namespace merrow::layout::json
