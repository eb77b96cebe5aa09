// Edge curves against d3-shape itself: the expected paths were printed by d3-shape 3 (the
// library Mermaid draws its edges with) for the same points, rounded to 3 decimals.
#include "merrow/scene/curves.hpp"

#include <catch2/catch.hpp>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

using namespace merrow;
using layout::Path;
using layout::PathSegment;
using layout::Point;

namespace {

const std::vector<Point> points{{10, 10}, {10, 40}, {60, 90}, {60, 120}, {20, 160}};

struct D3Path {
    const char* curve;
    const char* d;
};

// clang-format off
const std::vector<D3Path> d3_paths{
    {"basis", "M10,10L10,15C10,20,10,30,18.333,43.333C26.667,56.667,43.333,73.333,51.667,86.667C60,100,60,110,53.333,121.667C46.667,133.333,33.333,146.667,26.667,153.333L20,160"},
    {"linear", "M10,10L10,40L60,90L60,120L20,160"},
    {"step", "M10,10L10,10L10,40L35,40L35,90L60,90L60,120L40,120L40,160L20,160"},
    {"stepBefore", "M10,10L10,40L10,40L10,90L60,90L60,120L60,120L60,160L20,160"},
    {"stepAfter", "M10,10L10,10L10,40L60,40L60,90L60,90L60,120L20,120L20,160"},
    {"monotoneX", "M10,10C10,10,10,40,10,40C26.667,73.333,43.333,56.667,60,90C60,90,60,120,60,120C46.667,146.667,33.333,153.333,20,160"},
    {"monotoneY", "M10,10C10,20,10,30,10,40C10,56.667,60,73.333,60,90C60,100,60,110,60,120C60,133.333,40,146.667,20,160"},
    {"natural", "M10,10C4.583,17.679,-0.833,25.357,10,40C20.833,54.643,47.917,76.25,60,90C72.083,103.75,69.167,109.643,60,120C50.833,130.357,35.417,145.179,20,160"},
    {"cardinal", "M10,10C10,10,1.667,26.667,10,40C18.333,53.333,51.667,76.667,60,90C68.333,103.333,66.667,108.333,60,120C53.333,131.667,20,160,20,160"},
    {"catmullRom", "M10,10C10,10,5.718,29.662,10,40C16.574,55.871,53.426,74.129,60,90C64.282,100.338,64.091,110.122,60,120C54.382,133.564,20,160,20,160"},
    {"bumpX", "M10,10C10,10,10,40,10,40C35,40,35,90,60,90C60,90,60,120,60,120C40,120,40,160,20,160"},
    {"bumpY", "M10,10C10,25,10,25,10,40C10,65,60,65,60,90C60,105,60,105,60,120C60,140,20,140,20,160"},
};
// clang-format on

struct Command {
    char op;
    std::vector<double> numbers;
};

std::vector<Command> parse_d3(const std::string& d) {
    std::vector<Command> out;
    std::size_t i = 0;
    while (i < d.size()) {
        if (std::isalpha(static_cast<unsigned char>(d[i])) != 0) {
            out.push_back({d[i], {}});
            ++i;
            continue;
        }
        if (d[i] == ',' || d[i] == ' ') {
            ++i;
            continue;
        }
        char* end = nullptr;
        out.back().numbers.push_back(std::strtod(d.c_str() + i, &end));
        i = static_cast<std::size_t>(end - d.c_str());
    }
    return out;
}

std::vector<Command> commands_of(const Path& path) {
    std::vector<Command> out;
    for (const PathSegment& s : path.segments()) {
        switch (s.op) {
        case PathSegment::Op::move:
            out.push_back({'M', {s.p1.x, s.p1.y}});
            break;
        case PathSegment::Op::line:
            out.push_back({'L', {s.p1.x, s.p1.y}});
            break;
        case PathSegment::Op::cubic:
            out.push_back({'C', {s.p1.x, s.p1.y, s.p2.x, s.p2.y, s.p3.x, s.p3.y}});
            break;
        case PathSegment::Op::close:
            out.push_back({'Z', {}});
            break;
        }
    }
    return out;
}

model::Curve curve_named(const std::string& name) {
    const auto c = model::parse_curve(name);
    REQUIRE(c);
    return *c;
}

} // namespace

TEST_CASE("every d3 curve Mermaid names draws the path d3 draws", "[scene][curves]") {
    for (const D3Path& expected : d3_paths) {
        INFO(expected.curve << ": " << expected.d);
        const auto want = parse_d3(expected.d);
        const auto got = commands_of(scene::curve_path(curve_named(expected.curve), points));
        REQUIRE(got.size() == want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            INFO("command " << i);
            REQUIRE(got[i].op == want[i].op);
            REQUIRE(got[i].numbers.size() == want[i].numbers.size());
            for (std::size_t k = 0; k < want[i].numbers.size(); ++k) {
                CHECK(got[i].numbers[k] == Approx(want[i].numbers[k]).margin(0.001));
            }
        }
    }
}

TEST_CASE("two points make a straight line in every curve", "[scene][curves]") {
    for (const char* name : {"basis", "linear", "natural", "cardinal", "catmullRom", "rounded",
                             "monotoneX", "monotoneY"}) {
        INFO(name);
        const Path p = scene::curve_path(curve_named(name), {{0, 0}, {30, 40}});
        REQUIRE(p.segments().size() == 2);
        CHECK(p.segments()[1].op == PathSegment::Op::line);
        CHECK(p.segments()[1].p1 == Point{30, 40});
    }
}

TEST_CASE("rounded cuts each corner with a 5 px curve and keeps the runs straight",
          "[scene][curves]") {
    const Path p = scene::curve_path(model::Curve::rounded, {{0, 0}, {0, 50}, {40, 50}});
    const auto& s = p.segments();
    REQUIRE(s.size() == 4);
    CHECK(s[1].op == PathSegment::Op::line);
    CHECK(s[1].p1.x == Approx(0));
    CHECK(s[1].p1.y == Approx(50 - 5 / std::sin(std::acos(0.0) / 2)));
    CHECK(s[2].op == PathSegment::Op::cubic);
    CHECK(s[3].p1 == Point{40, 50});
}
