// A small JSON value with a strict, non-recursive-depth-bounded parser and a deterministic
// writer. Used for the layout exchange format (graph in, layout out) and by tools on top.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace merrow::layout::json {

class Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>; ///< keeps the written order

class Value {
  public:
    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : data_(b) {}
    Value(double d) : data_(d) {}
    Value(int i) : data_(static_cast<double>(i)) {}
    Value(std::size_t i) : data_(static_cast<double>(i)) {}
    Value(std::string s) : data_(std::move(s)) {}
    Value(const char* s) : data_(std::string(s)) {}
    /// Arrays and objects are held by shared pointer: copies of a Value share them.
    Value(Array a) : data_(std::make_shared<Array>(std::move(a))) {}
    Value(Object o) : data_(std::make_shared<Object>(std::move(o))) {}

    bool is_null() const { return std::holds_alternative<std::monostate>(data_); }
    bool is_bool() const { return std::holds_alternative<bool>(data_); }
    bool is_number() const { return std::holds_alternative<double>(data_); }
    bool is_string() const { return std::holds_alternative<std::string>(data_); }
    bool is_array() const { return std::holds_alternative<std::shared_ptr<Array>>(data_); }
    bool is_object() const { return std::holds_alternative<std::shared_ptr<Object>>(data_); }

    bool as_bool() const;
    double as_number() const;
    const std::string& as_string() const;
    const Array& as_array() const;
    const Object& as_object() const;
    Array& as_array();
    Object& as_object();

    /// The member named `key`, or nullptr (objects only; nullptr for other types).
    const Value* find(std::string_view key) const;

  private:
    std::variant<std::monostate, bool, double, std::string, std::shared_ptr<Array>,
                 std::shared_ptr<Object>>
        data_;
};

class ParseError : public std::runtime_error {
  public:
    ParseError(const std::string& message, std::size_t offset)
        : std::runtime_error(message), offset_(offset) {}
    std::size_t offset() const { return offset_; }

  private:
    std::size_t offset_;
};

/// Parses one JSON document (RFC 8259). Nesting deeper than `max_depth` is an error, not a
/// stack overflow.
Value parse(std::string_view text, std::size_t max_depth = 256);

/// Compact, deterministic output; numbers with at most `decimals` decimals.
std::string write(const Value& value, int decimals = 3);

} // namespace merrow::layout::json
