// Markdown labels: Mermaid's emphasis subset turned into styled ranges, and measured per line.
#include "merrow/layout/markdown.hpp"
#include "merrow/layout/text_measurer.hpp"

#include <catch2/catch.hpp>

using namespace merrow;
using layout::StyledText;
using layout::TextStyleRun;

TEST_CASE("markdown emphasis becomes bold and italic ranges", "[scene][text]") {
    CHECK(layout::parse_markdown("**Bold** and _italic_") ==
          StyledText{"Bold and italic", {{0, 4, true, false}, {9, 6, false, true}}});
    CHECK(layout::parse_markdown("__strong__ *em*") ==
          StyledText{"strong em", {{0, 6, true, false}, {7, 2, false, true}}});
    CHECK(layout::parse_markdown("***both***") == StyledText{"both", {{0, 4, true, true}}});
    CHECK(layout::parse_markdown("a *b **c** d* e") ==
          StyledText{"a b c d e", {{2, 2, false, true}, {4, 1, true, true}, {5, 2, false, true}}});
}

TEST_CASE("markdown leaves what is not emphasis as written", "[scene][text]") {
    CHECK(layout::parse_markdown("snake_case_name") == StyledText{"snake_case_name", {}});
    CHECK(layout::parse_markdown("2 * 3 * 4") == StyledText{"2 * 3 * 4", {}});
    CHECK(layout::parse_markdown("unmatched *star") == StyledText{"unmatched *star", {}});
    CHECK(layout::parse_markdown("\\*not\\* em") == StyledText{"*not* em", {}});
    CHECK(layout::parse_markdown("**open") == StyledText{"**open", {}});
}

TEST_CASE("markdown lines: one break per run of newlines, indentation dropped", "[scene][text]") {
    CHECK(layout::parse_markdown("line one\n   line two\n\n\nthree") ==
          StyledText{"line one\nline two\nthree", {}});
    CHECK(layout::parse_markdown("a<br/>b") == StyledText{"a\nb", {}});
    // Ranges never cross a line break.
    CHECK(layout::parse_markdown("**a\nb**") ==
          StyledText{"a\nb", {{0, 1, true, false}, {2, 1, true, false}}});
}

TEST_CASE("styled text is measured per line, ranges follow their line", "[scene][text]") {
    const layout::ApproximateTextMeasurer m;
    const layout::FontSpec font;
    const StyledText text = layout::parse_markdown("plain **bold**\n_second_ line");
    const layout::TextBlock block = m.measure_styled(text, font, 0);
    REQUIRE(block.lines.size() == 2);
    CHECK(block.lines[0].text == "plain bold");
    CHECK(block.lines[0].styles == std::vector<TextStyleRun>{{6, 4, true, false}});
    CHECK(block.lines[1].text == "second line");
    CHECK(block.lines[1].styles == std::vector<TextStyleRun>{{0, 6, false, true}});
    // Bold is wider than plain.
    CHECK(block.lines[0].width > m.measure("plain bold", font, 0).width);
}
