// libFuzzer target: the parser alone (preprocessing, frontmatter and directive YAML, the grammar,
// the builder, diagnostics). Besides crashes and sanitizer reports it checks the parser's
// promises: a result is a diagram exactly when there are no errors, and every diagnostic points
// into the input and can be formatted.
#include "merrow/model/diagnostic.hpp"
#include "merrow/parser/parse.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "parse_fuzzer: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view source(reinterpret_cast<const char*>(data), size);
    const merrow::parser::ParseResult result = merrow::parser::parse(source);
    if (result.ok() == merrow::model::has_errors(result.diagnostics)) {
        fail("a diagram came back together with errors, or neither came back");
    }
    for (const merrow::model::Diagnostic& d : result.diagnostics) {
        if (d.range.begin.offset > size || d.range.end.offset > size ||
            d.range.begin.offset > d.range.end.offset) {
            fail("a diagnostic points outside the input");
        }
        if (d.message.empty()) {
            fail("a diagnostic without a message");
        }
        (void)merrow::model::format_diagnostic(d, "fuzz.mmd", source);
    }
    return 0;
}
