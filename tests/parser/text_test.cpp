// Label decoding: trimming, <br>, entity codes.
#include "text.hpp"

#include <catch2/catch.hpp>

using merrow::parser::decode_entities;
using merrow::parser::decode_label;
using merrow::parser::named_entity;

TEST_CASE("decode_label trims white space and line breaks", "[text]") {
    CHECK(decode_label("  a b \n") == "a b");
    CHECK(decode_label("\t\n ").empty());
}

TEST_CASE("decode_label turns <br> into line breaks", "[text]") {
    CHECK(decode_label("a<br>b<br/>c<br />d<BR>e<Br/>f") == "a\nb\nc\nd\ne\nf");
    CHECK(decode_label("a<b>c</b><brx>") == "a<b>c</b><brx>");
}

TEST_CASE("Mermaid's entity codes", "[text]") {
    CHECK(decode_entities("#quot;") == "\"");
    CHECK(decode_entities("#35;") == "#");
    CHECK(decode_entities("#+35;") == "#+35;"); // `+` is not a word character for Mermaid
    CHECK(decode_entities("#9829;") == "\u2665");
    CHECK(decode_entities("#128512;") == "\U0001F600");
    CHECK(decode_entities("#amp;#lt;#gt;#nbsp;") == "&<>\u00a0");
    CHECK(decode_entities("a#hearts;b") == "a\u2665b");
}

TEST_CASE("HTML character references", "[text]") {
    CHECK(decode_entities("&amp; &lt; &gt; &quot; &apos;") == "& < > \" '");
    CHECK(decode_entities("&#35; &#x23; &#X2665;") == "# # \u2665");
}

TEST_CASE("what is not an entity stays as written", "[text]") {
    CHECK(decode_entities("#fff") == "#fff");
    CHECK(decode_entities("#nope; &nope;") == "#nope; &nope;");
    CHECK(decode_entities("# ; #; &; &#; &#x;") == "# ; #; &; &#; &#x;");
    CHECK(decode_entities("#a-b;") == "#a-b;");
    CHECK(decode_entities("C# and F#") == "C# and F#");
}

TEST_CASE("invalid code points become U+FFFD", "[text]") {
    CHECK(decode_entities("#0;") == "\uFFFD");
    CHECK(decode_entities("#55296;") == "\uFFFD"); // a surrogate
    CHECK(decode_entities("&#x110000;") == "\uFFFD");
}

TEST_CASE("the entity table is sorted (binary search)", "[text]") {
    CHECK(named_entity("AElig") == 0xC6);
    CHECK(named_entity("tau") == 0x3C4);
    CHECK(named_entity("quot") == 0x22);
    CHECK(named_entity("zzz") == 0);
}
