#include "merrow/scene/scene.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace merrow::scene;

TEST_CASE("arcs become cubic curves that stay on the ellipse", "[scene][path]") {
    const Path circle = Path::ellipse({50, 50}, 20, 10);
    std::size_t cubics = 0;
    for (const PathSegment& s : circle.segments()) {
        if (s.op == PathSegment::Op::cubic) {
            ++cubics;
            // End points lie on the ellipse.
            const double nx = (s.p3.x - 50) / 20;
            const double ny = (s.p3.y - 50) / 10;
            CHECK(nx * nx + ny * ny == Approx(1).epsilon(1e-9));
            // The curve's midpoint stays within 0.1% of the ellipse.
            const auto& prev =
                circle.segments()[static_cast<std::size_t>(&s - &circle.segments()[0]) - 1];
            const Point p0 = prev.op == PathSegment::Op::cubic ? prev.p3 : prev.p1;
            const double mx = 0.125 * p0.x + 0.375 * s.p1.x + 0.375 * s.p2.x + 0.125 * s.p3.x;
            const double my = 0.125 * p0.y + 0.375 * s.p1.y + 0.375 * s.p2.y + 0.125 * s.p3.y;
            const double mnx = (mx - 50) / 20;
            const double mny = (my - 50) / 10;
            CHECK(std::sqrt(mnx * mnx + mny * mny) == Approx(1).epsilon(1e-3));
        }
    }
    CHECK(cubics == 4);
    CHECK(circle.segments().back().op == PathSegment::Op::close);
}

TEST_CASE("rounded rectangles have straight sides and quarter-circle corners", "[scene][path]") {
    const Path r = Path::rectangle({0, 0, 100, 40}, 5);
    std::size_t lines = 0;
    std::size_t cubics = 0;
    for (const PathSegment& s : r.segments()) {
        lines += s.op == PathSegment::Op::line ? 1 : 0;
        cubics += s.op == PathSegment::Op::cubic ? 1 : 0;
    }
    CHECK(lines == 4);
    CHECK(cubics == 4);
    CHECK(Path::rectangle({0, 0, 10, 10}).segments().size() == 5);
}
