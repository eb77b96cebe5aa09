// Mermaid blocks in Markdown: found where CommonMark (Hugo's Goldmark, markdown-it) finds
// fenced code, with the content Hugo passes to a render hook as `.Inner`.
#include "merrow/cli/markdown_blocks.hpp"
#include "merrow/cli/pipeline.hpp"
#include "merrow/render/pango_measurer.hpp"

#include <catch2/catch.hpp>

using merrow::cli::find_mermaid_blocks;
using merrow::cli::mermaid_block_key;
using merrow::cli::mermaid_text_key;
using merrow::cli::MermaidBlock;

namespace {

std::vector<std::string> texts(std::string_view markdown) {
    std::vector<std::string> out;
    for (const MermaidBlock& block : find_mermaid_blocks(markdown)) {
        out.push_back(block.text);
    }
    return out;
}

using Texts = std::vector<std::string>;

} // namespace

TEST_CASE("a plain backtick block: text, lines and offsets", "[markdown]") {
    const std::string md = "# Title\n\nIntro.\n\n```mermaid\ngraph TD\n  A-->B\n```\nAfter.\n";
    const auto blocks = find_mermaid_blocks(md);
    REQUIRE(blocks.size() == 1);
    const MermaidBlock& b = blocks[0];
    CHECK(b.text == "graph TD\n  A-->B\n");
    CHECK(b.first_line == 6);
    CHECK(b.indent == 0);
    CHECK(b.begin_offset == md.find("```mermaid"));
    CHECK(b.end_offset == md.find("After."));
    CHECK(b.closed);
    CHECK(b.attributes.empty());
    REQUIRE(b.line_origins.size() == 2);
    CHECK(b.line_origins[1].offset == md.find("  A-->B"));
    CHECK(b.line_origins[1].column == 1);
}

TEST_CASE("tilde fences, longer fences and what closes them", "[markdown]") {
    CHECK(texts("~~~mermaid\nA\n~~~\n") == Texts{"A\n"});
    // A closing fence needs the opening character and at least its length.
    CHECK(texts("````mermaid\nA\n```\n~~~~\nB\n`````\n") == Texts{"A\n```\n~~~~\nB\n"});
    CHECK(texts("~~~ mermaid\nA\n```\n~~~\n") == Texts{"A\n```\n"});
    // A closing fence may be indented up to three spaces and followed by spaces.
    CHECK(texts("```mermaid\nA\n   ```  \nB\n") == Texts{"A\n"});
    CHECK(texts("```mermaid\nA\n    ```\n```\n") == Texts{"A\n    ```\n"});
    // Not a closing fence: text after it.
    CHECK(texts("```mermaid\nA\n``` x\n```\n") == Texts{"A\n``` x\n"});
}

TEST_CASE("only fences whose info string's first word is mermaid", "[markdown]") {
    CHECK(texts("```mermaidx\nA\n```\n").empty());
    CHECK(texts("```Mermaid\nA\n```\n").empty());
    CHECK(texts("```js mermaid\nA\n```\n").empty());
    CHECK(texts("``` mermaid  \nA\n```\n") == Texts{"A\n"});
    CHECK(texts("```mermaid{theme=\"dark\"}\nA\n```\n") == Texts{"A\n"});
    // Two backticks are inline code, and a backtick fence cannot have a backtick in its info.
    CHECK(texts("``mermaid\nA\n``\n").empty());
    CHECK(texts("```mermaid `x`\nA\n```\n").empty());
}

TEST_CASE("a mermaid fence inside a longer fence is not a diagram", "[markdown]") {
    const std::string md = "````markdown\n```mermaid\nA-->B\n```\n````\n\n```mermaid\nC-->D\n```\n";
    CHECK(texts(md) == Texts{"C-->D\n"});
    CHECK(texts("~~~\n```mermaid\nA\n```\n~~~\n").empty());
}

TEST_CASE("fence attributes as Hugo gives them to the render hook", "[markdown]") {
    const auto blocks = find_mermaid_blocks(
        "```mermaid {theme=\"dark\" render=\"img\" Alt=\"A → B, \\\"quoted\\\"\" .wide "
        ".tall #fig1 width=300}\nA-->B\n```\n");
    REQUIRE(blocks.size() == 1);
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(blocks[0].attributes == Pairs{{"theme", "dark"},
                                        {"render", "img"},
                                        {"alt", "A → B, \"quoted\""},
                                        {"class", "wide tall"},
                                        {"id", "fig1"},
                                        {"width", "300"}});
    CHECK(blocks[0].attribute("render") == "img");
    CHECK(blocks[0].attribute("missing", "inline") == "inline");
}

TEST_CASE("blocks in list items lose the item's indentation", "[markdown]") {
    const std::string md = "1. First step:\n"
                           "\n"
                           "   ```mermaid\n"
                           "   graph TD\n"
                           "     A-->B\n"
                           "\n"
                           "   ```\n"
                           "2. Next\n";
    const auto blocks = find_mermaid_blocks(md);
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0].text == "graph TD\n  A-->B\n\n");
    CHECK(blocks[0].indent == 3);
    CHECK(blocks[0].first_line == 4);
    CHECK(blocks[0].line_origins[1].column == 4);
    CHECK(blocks[0].line_origins[1].offset == md.find("  A-->B"));

    // Nested lists and a fence that starts on the item's own line.
    CHECK(texts("- a\n  - b\n\n    ```mermaid\n    x\n     y\n    ```\n") == Texts{"x\n y\n"});
    CHECK(texts("- ```mermaid\n  A-->B\n  ```\n") == Texts{"A-->B\n"});
    CHECK(texts("10) ```mermaid\n    A\n    ```\n") == Texts{"A\n"});
    // A line indented less than the item's content ends the item and the fence in it.
    const auto ended = find_mermaid_blocks("- ```mermaid\n  A\nB\n```\n");
    REQUIRE(ended.size() == 1);
    CHECK(ended[0].text == "A\n");
    CHECK_FALSE(ended[0].closed);
}

TEST_CASE("a fence's own indentation is removed from its lines, up to its width", "[markdown]") {
    CHECK(texts("  ```mermaid\n    A\n B\nC\n  ```\n") == Texts{"  A\nB\nC\n"});
    // Four spaces make an indented code block, not a fence.
    CHECK(texts("    ```mermaid\n    A\n    ```\n").empty());
    // ... except as the continuation of a paragraph, which is text.
    CHECK(texts("para\n    ```mermaid\n    A\n    ```\n").empty());
}

TEST_CASE("blocks in block quotes, and a quote that ends ends its fence", "[markdown]") {
    CHECK(texts("> ```mermaid\n> graph LR\n>   A\n>\n> ```\n") == Texts{"graph LR\n  A\n\n"});
    CHECK(texts("> - ```mermaid\n>   A\n>   ```\n") == Texts{"A\n"});
    CHECK(texts(">```mermaid\n>A\n>```\n") == Texts{"A\n"});
    const auto ended = find_mermaid_blocks("> ```mermaid\n> A\nB\n```\n");
    REQUIRE(ended.size() == 1);
    CHECK(ended[0].text == "A\n");
    CHECK_FALSE(ended[0].closed);
    CHECK(ended[0].end_offset == std::string("> ```mermaid\n> A\n").size());
}

TEST_CASE("lazy paragraph lines keep containers open; a fence interrupts a paragraph",
          "[markdown]") {
    CHECK(texts("Text\n```mermaid\nA\n```\n") == Texts{"A\n"});
    CHECK(texts("> quoted\nlazy\n> ```mermaid\n> A\n> ```\n") == Texts{"A\n"});
    CHECK(texts("- item\ncontinued\n  ```mermaid\n  A\n  ```\n") == Texts{"A\n"});
}

TEST_CASE("a tab split by indentation removal becomes spaces", "[markdown]") {
    const auto blocks = find_mermaid_blocks("- ```mermaid\n\tA-->B\n  ```\n");
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0].text == "  A-->B\n");
    CHECK(blocks[0].line_origins[0].padding == 2);
    CHECK(blocks[0].line_origins[0].column == 2);
}

TEST_CASE("HTML blocks hide fences until they end", "[markdown]") {
    CHECK(texts("<div>\n```mermaid\nA\n```\n</div>\n").empty());
    CHECK(texts("<!--\n```mermaid\nA\n```\n-->\n").empty());
    CHECK(texts("<details>\n<summary>More</summary>\n\n```mermaid\nA\n```\n\n</details>\n") ==
          Texts{"A\n"});
    CHECK(texts("<!-- note -->\n```mermaid\nA\n```\n") == Texts{"A\n"});
}

TEST_CASE("front matter is skipped and lines still count from the file's start", "[markdown]") {
    const std::string yaml = "---\ntitle: x\nexample: |\n  ```mermaid\n  A\n  ```\n---\n"
                             "```mermaid\nB\n```\n";
    const auto blocks = find_mermaid_blocks(yaml);
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0].text == "B\n");
    CHECK(blocks[0].first_line == 9);
    CHECK(texts("+++\ntitle = \"```mermaid\"\n+++\n```mermaid\nB\n```\n") == Texts{"B\n"});
    CHECK(texts("{\n  \"title\": \"}\\n```mermaid\"\n}\n```mermaid\nB\n```\n") == Texts{"B\n"});
    CHECK(texts("\xEF\xBB\xBF---\na: 1\n---\n```mermaid\nB\n```\n") == Texts{"B\n"});
    // A thematic break later in the file is not front matter.
    CHECK(texts("Text\n\n---\n```mermaid\nB\n```\n---\n") == Texts{"B\n"});
}

TEST_CASE("CRLF files give LF text and the same key as the LF file", "[markdown]") {
    const auto crlf =
        find_mermaid_blocks("para\r\n\r\n```mermaid\r\ngraph TD\r\n  C-->D\r\n```\r\n");
    const auto lf = find_mermaid_blocks("para\n\n```mermaid\ngraph TD\n  C-->D\n```\n");
    REQUIRE(crlf.size() == 1);
    REQUIRE(lf.size() == 1);
    CHECK(crlf[0].text == "graph TD\n  C-->D\n");
    CHECK(crlf[0].first_line == 4);
    CHECK(mermaid_block_key(crlf[0]) == mermaid_block_key(lf[0]));
}

TEST_CASE("an unclosed fence runs to the end of the document", "[markdown]") {
    const std::string md = "```mermaid\nA\nB";
    const auto blocks = find_mermaid_blocks(md);
    REQUIRE(blocks.size() == 1);
    CHECK(blocks[0].text == "A\nB\n");
    CHECK_FALSE(blocks[0].closed);
    CHECK(blocks[0].end_offset == md.size());
    CHECK(find_mermaid_blocks("").empty());
    CHECK(find_mermaid_blocks("```mermaid").size() == 1);
}

TEST_CASE("the content key is SHA-256 of the trimmed LF text, as the Hugo template computes",
          "[markdown]") {
    // FIPS 180-4 test vectors (the key of a text with nothing to trim is its digest).
    CHECK(mermaid_text_key("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(mermaid_text_key("") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(mermaid_text_key("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::string million(1000000, 'a');
    CHECK(mermaid_text_key(million) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // 55, 56 and 64 bytes: the padding's edge cases.
    CHECK(mermaid_text_key(std::string(55, 'a')) ==
          "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    CHECK(mermaid_text_key(std::string(56, 'a')) ==
          "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    CHECK(mermaid_text_key(std::string(64, 'a')) ==
          "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
    // Normalisation: CRLF, surrounding blank lines and spaces; inner spacing counts.
    CHECK(mermaid_text_key("\n  abc \r\n\r\n\t") == mermaid_text_key("abc"));
    CHECK(mermaid_text_key("a\r\nb") == mermaid_text_key("a\nb"));
    CHECK(mermaid_text_key("a\n b") != mermaid_text_key("a\nb"));
    // A theme attribute is part of the key.
    CHECK(mermaid_text_key("abc", "dark") == mermaid_text_key("abc\n%% theme: dark"));
    CHECK(mermaid_text_key("abc", "dark") != mermaid_text_key("abc"));
}

TEST_CASE("diagnostics move to the block's place in the Markdown file", "[markdown]") {
    const std::string md = "---\ntitle: t\n---\n\n"
                           "- Item\n"
                           "\n"
                           "  ```mermaid\n"
                           "  graph TD\n"
                           "    A[unclosed --> B\n"
                           "  ```\n";
    const auto blocks = find_mermaid_blocks(md);
    REQUIRE(blocks.size() == 1);
    merrow::render::PangoTextMeasurer measurer;
    const auto result = merrow::cli::render(blocks[0].text, {}, measurer);
    REQUIRE_FALSE(result.ok);
    REQUIRE_FALSE(result.diagnostics.empty());
    const merrow::model::Diagnostic in_text = result.diagnostics[0];
    REQUIRE(in_text.range.begin.line == 2);
    const merrow::model::Diagnostic in_file = to_file_position(blocks[0], in_text);
    CHECK(in_file.range.begin.line == 9);
    CHECK(in_file.range.begin.column == in_text.range.begin.column + 2);
    // The offset points at the same character in the file as in the block's text.
    CHECK(md.at(in_file.range.begin.offset) == blocks[0].text.at(in_text.range.begin.offset));
    CHECK(merrow::model::position_of(md, in_file.range.begin.offset) == in_file.range.begin);

    // A position past the end of the text goes to the end of the last line.
    merrow::model::Diagnostic at_end;
    at_end.range.begin = merrow::model::position_of(blocks[0].text, blocks[0].text.size());
    at_end.range.end = at_end.range.begin;
    const auto mapped = to_file_position(blocks[0], at_end);
    CHECK(mapped.range.begin.line == 9);
    CHECK(mapped.range.begin.offset == md.rfind("\n  ```"));
}

TEST_CASE("a place named in a diagnostic's message moves with it", "[markdown]") {
    const auto blocks =
        find_mermaid_blocks("Text\n\n> ```mermaid\n> graph TD\n>   A[x --> B\n> ```\n");
    REQUIRE(blocks.size() == 1);
    merrow::model::Diagnostic d;
    d.range.begin = merrow::model::position_of(blocks[0].text, blocks[0].text.find("A["));
    d.range.end = d.range.begin;
    d.message =
        "expected `]` to close the label opened at 2:4; see at 1:1, not at 12:30 or cat 2:4";
    merrow::model::RelatedNote note;
    note.range = {d.range.begin, d.range.begin};
    d.notes.push_back(note);
    const auto mapped = to_file_position(blocks[0], d);
    CHECK(mapped.message ==
          "expected `]` to close the label opened at 5:6; see at 4:3, not at 12:30 or cat 2:4");
    CHECK(mapped.notes[0].range.begin.line == 5);
    CHECK(mapped.notes[0].range.begin.column == 5);
}
