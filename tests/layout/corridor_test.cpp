#include "phases/corridor.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace merrow::layout;
using namespace merrow::layout::detail;

namespace {

// Gate heights shared by the corridors of one drawing: a start, then per band a top and a
// bottom, then an end.
std::vector<double> random_levels(std::mt19937& rng, int bands) {
    std::uniform_real_distribution<double> gap(15, 60);
    std::uniform_real_distribution<double> band(8, 40);
    std::vector<double> levels{0};
    for (int b = 0; b < bands; ++b) {
        levels.push_back(levels.back() + gap(rng));
        levels.push_back(levels.back() + band(rng));
    }
    levels.push_back(levels.back() + gap(rng));
    return levels;
}

// A corridor over `levels` whose band shares lie within [from(b), to(b)]; some bands carry a
// label, passed at a single pinned x.
template <class Bounds>
Corridor random_corridor(std::mt19937& rng, const std::vector<double>& levels, Bounds bounds) {
    std::uniform_real_distribution<double> unit(0, 1);
    std::vector<Gate> gates;
    const std::size_t bands = (levels.size() - 2) / 2;
    auto [first_lo, first_hi] = bounds(0);
    const double start = first_lo + (first_hi - first_lo) * unit(rng);
    gates.push_back({levels[0], start, start, start, start, false, false});
    for (std::size_t b = 0; b < bands; ++b) {
        const auto [lo_bound, hi_bound] = bounds(b + 1);
        double lo = lo_bound + (hi_bound - lo_bound) * unit(rng) * 0.8;
        double hi = lo + (hi_bound - lo) * (0.1 + 0.9 * unit(rng));
        const bool label = unit(rng) < 0.15;
        if (label) {
            lo = hi = (lo + hi) / 2;
        }
        // The room across the gap above is the hull of both sides.
        gates.back().room_lo = std::min(gates.back().lo, lo);
        gates.back().room_hi = std::max(gates.back().hi, hi);
        gates.back().gap_below = true;
        gates.push_back({levels[2 * b + 1], lo, hi, lo, hi, label, false});
        gates.push_back({levels[2 * b + 2], lo, hi, 0, 0, label, false});
    }
    const auto [last_lo, last_hi] = bounds(bands + 1);
    const double end = last_lo + (last_hi - last_lo) * unit(rng);
    gates.back().room_lo = std::min(gates.back().lo, end);
    gates.back().room_hi = std::max(gates.back().hi, end);
    gates.back().gap_below = true;
    gates.push_back({levels.back(), end, end, end, end, false, false});
    Corridor corridor;
    corridor.gates = std::move(gates);
    corridor.corners = taut_route(corridor.gates);
    return corridor;
}

double length(const std::vector<Corner>& corners) {
    double total = 0;
    for (std::size_t i = 0; i + 1 < corners.size(); ++i) {
        total += std::hypot(corners[i + 1].at.x - corners[i].at.x,
                            corners[i + 1].at.y - corners[i].at.y);
    }
    return total;
}

// x of a y-monotone polyline at height y.
double x_at(const std::vector<Point>& line, double y) {
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        if (y <= line[i + 1].y) {
            const double span = line[i + 1].y - line[i].y;
            const double t = span > 0 ? (y - line[i].y) / span : 0;
            return line[i].x + t * (line[i + 1].x - line[i].x);
        }
    }
    return line.back().x;
}

std::vector<Point> dense(const std::vector<Point>& cubic) {
    std::vector<Point> line{cubic.front()};
    for (std::size_t k = 0; k + 3 < cubic.size(); k += 3) {
        for (int i = 1; i <= 200; ++i) {
            const double t = i / 200.0;
            const double s = 1 - t;
            const double a = s * s * s;
            const double b = 3 * s * s * t;
            const double c = 3 * s * t * t;
            const double d = t * t * t;
            line.push_back(
                {a * cubic[k].x + b * cubic[k + 1].x + c * cubic[k + 2].x + d * cubic[k + 3].x,
                 a * cubic[k].y + b * cubic[k + 1].y + c * cubic[k + 2].y + d * cubic[k + 3].y});
        }
    }
    return line;
}

std::vector<Point> points_of(const std::vector<Corner>& corners) {
    std::vector<Point> line;
    for (const Corner& c : corners) {
        line.push_back(c.at);
    }
    return line;
}

} // namespace

TEST_CASE("a taut route passes every gate and no path through them is shorter",
          "[layout][corridor]") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int trial = 0; trial < 300; ++trial) {
        const std::vector<double> levels = random_levels(rng, 1 + trial % 7);
        const Corridor c = random_corridor(rng, levels, [](std::size_t) {
            return std::pair<double, double>{0, 400};
        });
        const auto& gates = c.gates;
        const auto& corners = c.corners;
        REQUIRE(corners.size() >= 2);
        CHECK(corners.front().at.x == gates.front().lo);
        CHECK(corners.back().at.x == gates.back().lo);
        for (std::size_t i = 0; i + 1 < corners.size(); ++i) {
            CHECK(corners[i].at.y < corners[i + 1].at.y);
        }
        const std::vector<Point> line = points_of(corners);
        for (const Gate& g : gates) {
            const double x = x_at(line, g.y);
            CHECK(x >= g.lo - 1e-6);
            CHECK(x <= g.hi + 1e-6);
            if (g.pinned) {
                CHECK(std::any_of(corners.begin(), corners.end(), [&](const Corner& k) {
                    return k.pinned && k.at.y == g.y && k.at.x == g.lo;
                }));
            }
        }
        // The shortest path over 41 evenly spaced positions per gate: never shorter.
        std::vector<double> xs{gates.front().lo};
        std::vector<double> best{0};
        for (std::size_t g = 1; g < gates.size(); ++g) {
            std::vector<double> next_xs;
            for (int j = 0; j <= 40; ++j) {
                next_xs.push_back(gates[g].lo + (gates[g].hi - gates[g].lo) * j / 40.0);
            }
            std::vector<double> next(next_xs.size(), 1e300);
            for (std::size_t a = 0; a < xs.size(); ++a) {
                for (std::size_t b = 0; b < next_xs.size(); ++b) {
                    next[b] = std::min(next[b], best[a] + std::hypot(next_xs[b] - xs[a],
                                                                     gates[g].y - gates[g - 1].y));
                }
            }
            xs = std::move(next_xs);
            best = std::move(next);
        }
        CHECK(length(corners) <= *std::min_element(best.begin(), best.end()) + 1e-6);
    }
}

TEST_CASE("a fitted route runs through its corners, goes down and keeps to its corridor",
          "[layout][corridor]") {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 300; ++trial) {
        const std::vector<double> levels = random_levels(rng, 1 + trial % 7);
        const Corridor c = random_corridor(rng, levels, [](std::size_t) {
            return std::pair<double, double>{0, 400};
        });
        const std::vector<Point> curve = fit_routes({c}, {}, {}).front();
        const auto& corners = c.corners;
        REQUIRE(curve.size() == 3 * (corners.size() - 1) + 1);
        for (std::size_t i = 0; i < corners.size(); ++i) {
            CHECK(curve[3 * i].x == corners[i].at.x);
            CHECK(curve[3 * i].y == corners[i].at.y);
            if (corners[i].pinned) {
                // Vertical there: the arms on both sides point straight along the flow.
                if (i > 0) {
                    CHECK(curve[3 * i - 1].x == Approx(corners[i].at.x));
                }
                if (i + 1 < corners.size()) {
                    CHECK(curve[3 * i + 1].x == Approx(corners[i].at.x));
                }
            }
        }
        for (std::size_t i = 0; i + 1 < curve.size(); ++i) {
            CHECK(curve[i].y <= curve[i + 1].y + 1e-9);
        }
        // Inside the room everywhere, to within the fitter's sampling (a few pixels apart).
        const std::vector<Point> line = dense(curve);
        std::size_t g = 0;
        for (const Point& p : line) {
            while (g + 1 < c.gates.size() && c.gates[g + 1].y <= p.y) {
                ++g;
            }
            const Gate& gate = c.gates[g];
            const bool at_gate = g + 1 == c.gates.size() || p.y <= gate.y + 1e-9;
            const double lo = at_gate ? std::min(gate.lo, gate.room_lo) : gate.room_lo;
            const double hi = at_gate ? std::max(gate.hi, gate.room_hi) : gate.room_hi;
            CHECK(p.x >= lo - 0.25);
            CHECK(p.x <= hi + 0.25);
        }
    }
}

TEST_CASE("fitted routes side by side do not cross each other", "[layout][corridor]") {
    // Two routes through the same bands, each band split between them at a random place: their
    // taut paths cannot cross, and a curve swinging out at a bend must not cross the other.
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> split(60, 340);
    std::size_t bent = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const std::vector<double> levels = random_levels(rng, 2 + trial % 6);
        std::vector<double> middle;
        for (std::size_t b = 0; b < levels.size(); ++b) {
            middle.push_back(split(rng));
        }
        const Corridor left = random_corridor(rng, levels, [&](std::size_t b) {
            return std::pair<double, double>{0, middle[b] - 2};
        });
        const Corridor right = random_corridor(rng, levels, [&](std::size_t b) {
            return std::pair<double, double>{middle[b] + 2, 400};
        });
        const auto curves = fit_routes({left, right}, {{0, 1}}, {});
        const std::vector<Point> a = dense(curves[0]);
        const std::vector<Point> b = dense(curves[1]);
        const std::vector<Point> taut_a = points_of(left.corners);
        const std::vector<Point> taut_b = points_of(right.corners);
        for (const Point& p : a) {
            CHECK(p.x < x_at(taut_b, p.y));
            CHECK(p.x < x_at(b, p.y));
        }
        for (const Point& p : b) {
            CHECK(p.x > x_at(taut_a, p.y));
        }
        if (left.corners.size() > 2) {
            ++bent;
        }
    }
    CHECK(bent > 100); // the routes do bend, so the curves are not just their chords
}

TEST_CASE("a cubic's box holds the curve and no more", "[layout][corridor]") {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> coordinate(-100, 100);
    for (int trial = 0; trial < 500; ++trial) {
        std::vector<Point> c;
        for (int k = 0; k < 4; ++k) {
            c.push_back({coordinate(rng), coordinate(rng)});
        }
        const Rect box = cubic_box(c.data());
        double left = 1e300;
        double right = -1e300;
        double top = 1e300;
        double bottom = -1e300;
        for (int i = 0; i <= 2000; ++i) {
            const Point p = cubic_point(c.data(), i / 2000.0);
            left = std::min(left, p.x);
            right = std::max(right, p.x);
            top = std::min(top, p.y);
            bottom = std::max(bottom, p.y);
        }
        // Every sample inside; the box no more than a sample step beyond the curve.
        CHECK(box.x <= left + 1e-9);
        CHECK(box.right() >= right - 1e-9);
        CHECK(box.y <= top + 1e-9);
        CHECK(box.bottom() >= bottom - 1e-9);
        CHECK(box.x == Approx(left).margin(0.01));
        CHECK(box.right() == Approx(right).margin(0.01));
        CHECK(box.y == Approx(top).margin(0.01));
        CHECK(box.bottom() == Approx(bottom).margin(0.01));
    }
}

namespace {

// Whether two polylines going down cross, sampled densely.
bool dense_lines_cross(const std::vector<Point>& a, const std::vector<Point>& b) {
    for (std::size_t i = 0; i + 1 < a.size(); ++i) {
        for (std::size_t j = 0; j + 1 < b.size(); ++j) {
            auto side = [](Point p, Point q, Point r) {
                return (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
            };
            const double r = side(a[i], a[i + 1], b[j]);
            const double s = side(a[i], a[i + 1], b[j + 1]);
            const double p = side(b[j], b[j + 1], a[i]);
            const double q = side(b[j], b[j + 1], a[i + 1]);
            if (((r > 0 && s < 0) || (r < 0 && s > 0)) && ((p > 0 && q < 0) || (p < 0 && q > 0))) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

TEST_CASE("two routes out of one node do not swing across each other", "[layout][corridor]") {
    // Two edges leaving one node of dag_n0100_05 from neighbouring ports: one bends round a
    // dummy's slot before heading far right, the other heads straight for its target. Each
    // keeps clear of the other's taut path, but fitted alone their curves swing towards each
    // other and cross twice.
    Corridor far;
    far.gates = {{994, 893, 893, 694, 940, false, false},
                 {1014, 694, 940, 694, 1154.5, false, true},
                 {1064, 1125.5, 1154.5, 1125.5, 1154.5, false, false},
                 {1104, 1125.5, 1154.5, 1125.5, 2370.5, false, true},
                 {1154, 2288, 2370.5, 2288, 2370.5, false, false},
                 {1174, 2316, 2316, 0, 0, false, false}};
    Corridor near;
    near.gates = {{994, 907, 907, 701, 947, false, false},
                  {1014, 701, 947, 701, 1270, false, true},
                  {1064, 1183, 1183, 0, 0, false, false}};
    far.corners = taut_route(far.gates);
    near.corners = taut_route(near.gates);
    REQUIRE_FALSE(dense_lines_cross(points_of(far.corners), points_of(near.corners)));
    const auto curves = fit_routes({far, near}, {{0, 1}}, {});
    CHECK_FALSE(dense_lines_cross(dense(curves[0]), dense(curves[1])));
}
