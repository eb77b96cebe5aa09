#include "yaml_text.hpp"

#include <algorithm>
#include <charconv>
#include <exception>

namespace merrow::parser {

void MappedText::append_source(std::string_view piece, std::size_t source_offset) {
    text_.append(piece);
    for (std::size_t i = 0; i < piece.size(); ++i) {
        origin_.push_back(source_offset + i);
    }
}

void MappedText::append_inserted(std::string_view piece, std::size_t source_offset) {
    text_.append(piece);
    origin_.insert(origin_.end(), piece.size(), source_offset);
}

void MappedText::append(const MappedText& other) {
    text_.append(other.text_);
    origin_.insert(origin_.end(), other.origin_.begin(), other.origin_.end());
}

std::size_t MappedText::source_offset(std::size_t offset) const {
    if (origin_.empty()) {
        return 0;
    }
    if (offset < origin_.size()) {
        return origin_[offset];
    }
    return origin_.back() + 1;
}

bool is_plain_number(std::string_view s) {
    // -?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?, plus a leading `+` as YAML allows
    std::size_t i = 0;
    auto digits = [&] {
        const std::size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ++i;
        }
        return i > from;
    };
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        ++i;
    }
    if (!digits()) {
        return false;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        digits();
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
            ++i;
        }
        if (!digits()) {
            return false;
        }
    }
    return i == s.size();
}

Scalar read_scalar(const YAML::Node& node) {
    Scalar out;
    if (node.IsNull()) {
        out.type = Scalar::Type::null;
        return out;
    }
    out.text = node.Scalar();
    out.quoted = node.Tag() == "!";
    if (out.quoted) {
        return out;
    }
    const std::string& t = out.text;
    if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") {
        out.type = Scalar::Type::null;
    } else if (t == "true" || t == "True" || t == "TRUE") {
        out.type = Scalar::Type::boolean;
        out.boolean = true;
    } else if (t == "false" || t == "False" || t == "FALSE") {
        out.type = Scalar::Type::boolean;
    } else if (is_plain_number(t)) {
        const char* begin = t.data() + (t.front() == '+' ? 1 : 0);
        double value = 0;
        const auto [ptr, ec] = std::from_chars(begin, t.data() + t.size(), value);
        if (ec == std::errc{} && ptr == t.data() + t.size()) {
            out.type = Scalar::Type::number;
            out.number = value;
        }
    }
    return out;
}

std::size_t node_offset(const YAML::Node& node, const MappedText& text) {
    const YAML::Mark mark = node.Mark();
    return text.source_offset(mark.is_null() ? 0 : static_cast<std::size_t>(mark.pos));
}

std::size_t node_end(const YAML::Node& node, const MappedText& text) {
    const YAML::Mark mark = node.Mark();
    const std::size_t begin = mark.is_null() ? 0 : static_cast<std::size_t>(mark.pos);
    std::size_t length = 1;
    if (node.IsScalar()) {
        length = std::max<std::size_t>(1, node.Scalar().size() + (node.Tag() == "!" ? 2 : 0));
    }
    // The caret stays on the node's line.
    std::size_t end = begin;
    const std::string& t = text.text();
    while (end < t.size() && end < begin + length && t[end] != '\n') {
        ++end;
    }
    return text.source_offset(end == begin ? begin : end - 1) + 1;
}

std::optional<YAML::Node> try_load_yaml(const MappedText& text) {
    try {
        return YAML::Load(text.text());
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<YAML::Node> load_yaml(const MappedText& text, std::string_view what,
                                    Diagnostics& diagnostics, bool error) {
    auto report = [&](std::size_t offset, std::string message, std::string hint) {
        const model::Severity severity = error ? model::Severity::error : model::Severity::warning;
        diagnostics.add(severity, offset, offset + 1, std::move(message), std::move(hint));
    };
    try {
        return YAML::Load(text.text());
    } catch (const YAML::DeepRecursion& e) {
        report(text.source_offset(static_cast<std::size_t>(std::max(0, e.mark.pos))),
               std::string(what) + " is nested too deeply", "");
    } catch (const YAML::Exception& e) {
        const std::size_t offset = text.source_offset(
            e.mark.is_null() ? text.text().size()
                             : static_cast<std::size_t>(std::max(0, e.mark.pos)));
        report(offset, std::string(what) + " is not valid YAML: " + e.msg,
               "check the quotes, brackets and indentation; text with `:`, `#` or `,` inside "
               "a value needs quotes");
    } catch (const std::exception& e) {
        report(text.source_offset(0), std::string(what) + " could not be read: " + e.what(), "");
    }
    return std::nullopt;
}

} // namespace merrow::parser
