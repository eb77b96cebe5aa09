#include "merrow/layout/engine.hpp"
#include "merrow/layout/graph_json.hpp"
#include "merrow/layout/json.hpp"

#include <catch2/catch.hpp>

using namespace merrow::layout;

TEST_CASE("JSON values parse and print deterministically", "[layout][json]") {
    const auto v = json::parse(R"({"a":[1,2.5,-0.0001,true,null],"s":"x\"\u00e9\n"})");
    CHECK(json::write(v) == R"({"a":[1,2.5,0,true,null],"s":"x\"é\n"})");
    CHECK(v.find("a")->as_array().size() == 5);
    CHECK(v.find("missing") == nullptr);
}

TEST_CASE("malformed JSON is an error with a position, never a crash", "[layout][json]") {
    CHECK_THROWS_AS(json::parse("{\"a\":"), json::ParseError);
    CHECK_THROWS_AS(json::parse("[1,]"), json::ParseError);
    CHECK_THROWS_AS(json::parse("\"\\ud800\""), json::ParseError);
    CHECK_THROWS_AS(json::parse("1 2"), json::ParseError);
    CHECK_THROWS_AS(json::parse(std::string(100000, '[')), json::ParseError);
    try {
        json::parse("[1, x]");
        FAIL("no exception");
    } catch (const json::ParseError& e) {
        CHECK(e.offset() == 4);
    }
}

TEST_CASE("the benchmark graph format reads and the layout format writes", "[layout][json]") {
    const char* input = R"({"direction":"LR",
        "nodes":[{"id":"n0","width":60,"height":40},{"id":"n1","width":80,"height":40}],
        "edges":[{"source":"n0","target":"n1","labelWidth":30,"labelHeight":14}],
        "clusters":[{"id":"c0","nodes":["n0","n1"]}]})";
    const GraphDocument doc = read_graph_json(input);
    CHECK(doc.direction == Direction::LR);
    REQUIRE(doc.graph.nodes.size() == 2);
    REQUIRE(doc.graph.edges.size() == 1);
    CHECK(doc.graph.edges[0].label == Size{30, 14});
    REQUIRE(doc.graph.clusters.size() == 1);
    CHECK(doc.graph.clusters[0].nodes == std::vector<std::size_t>{0, 1});

    Options o;
    o.direction = doc.direction;
    const Layout l = layout_graph(doc.graph, o);
    const auto out = json::parse(write_layout_json(doc.graph, l, {{"layout_ms", 1.5}}));
    const auto& nodes = out.find("nodes")->as_array();
    CHECK(nodes[0].find("id")->as_string() == "n0");
    CHECK(nodes[1].find("width")->as_number() == 80);
    const auto& edge = out.find("edges")->as_array()[0];
    CHECK(edge.find("spline")->as_bool());
    CHECK((edge.find("points")->as_array().size() - 1) % 3 == 0);
    CHECK(edge.find("label")->find("width")->as_number() == 30);
    CHECK(out.find("meta")->find("layout_ms")->as_number() == 1.5);
    CHECK(out.find("clusters")->as_array()[0].find("nodes")->as_array().size() == 2);
}

TEST_CASE("graph JSON errors name what is wrong", "[layout][json]") {
    CHECK_THROWS_WITH(read_graph_json(R"({"nodes":[{"id":"a","width":1}]})"),
                      Catch::Contains("height"));
    CHECK_THROWS_WITH(read_graph_json(R"({"nodes":[],"edges":[{"source":"x","target":"y"}]})"),
                      Catch::Contains("unknown \"x\""));
    CHECK_THROWS_WITH(read_graph_json(R"({"nodes":[{"id":"a","width":1,"height":1},
                                                    {"id":"a","width":1,"height":1}]})"),
                      Catch::Contains("duplicate"));
}
