#include "corridor.hpp"

#include "parallel.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

namespace merrow::layout::detail {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// std::hypot guards against overflow that drawing coordinates never reach, at several times
// the cost.
double norm(double dx, double dy) {
    return std::sqrt(dx * dx + dy * dy);
}

bool is_point(const Gate& gate) {
    return gate.pinned || gate.lo == gate.hi;
}

// The shortest path from gate `from` to gate `to` (both single points) through the gates
// between, which are all intervals: a funnel of the slopes dx/dy still open from the apex.
// When a gate lies wholly beyond one side of the funnel, the path bends round the corner
// that set that side, which becomes the new apex.
void pull_taut(const std::vector<Gate>& gates, std::size_t from, std::size_t to,
               std::vector<Corner>& out) {
    Point apex{gates[from].lo, gates[from].y};
    std::size_t i = from + 1;
    double slope_lo = -inf;
    double slope_hi = inf;
    std::size_t lo_gate = from;
    std::size_t hi_gate = from;
    auto bend_at = [&](std::size_t gate, double x) {
        apex = {x, gates[gate].y};
        out.push_back({apex, false});
        slope_lo = -inf;
        slope_hi = inf;
        i = gate + 1;
    };
    while (i <= to) {
        const double dy = gates[i].y - apex.y;
        const double lo = (gates[i].lo - apex.x) / dy;
        const double hi = (gates[i].hi - apex.x) / dy;
        if (hi < slope_lo) {
            bend_at(lo_gate, gates[lo_gate].lo);
            continue;
        }
        if (lo > slope_hi) {
            bend_at(hi_gate, gates[hi_gate].hi);
            continue;
        }
        if (hi < slope_hi) {
            slope_hi = hi;
            hi_gate = i;
        }
        if (lo > slope_lo) {
            slope_lo = lo;
            lo_gate = i;
        }
        ++i;
    }
}

Point unit(Point v) {
    const double length = norm(v.x, v.y);
    return length > 0 ? Point{v.x / length, v.y / length} : Point{0, 1};
}

Point towards(Point from, Point to) {
    return unit({to.x - from.x, to.y - from.y});
}

// Where the cubic, whose y grows with t, reaches height y: Newton's steps, kept inside a
// shrinking bracket.
double t_at_height(const Point (&c)[4], double y) {
    double lo = 0;
    double hi = 1;
    double t = (y - c[0].y) / std::max(c[3].y - c[0].y, 1e-12);
    for (int k = 0; k < 50; ++k) {
        const double s = 1 - t;
        const double at = s * s * s * c[0].y + 3 * s * s * t * c[1].y + 3 * s * t * t * c[2].y +
                          t * t * t * c[3].y;
        const double miss = at - y;
        if (std::abs(miss) < 1e-9) {
            break;
        }
        (miss < 0 ? lo : hi) = t;
        const double slope = 3 * (s * s * (c[1].y - c[0].y) + 2 * s * t * (c[2].y - c[1].y) +
                                  t * t * (c[3].y - c[2].y));
        const double step = slope > 0 ? t - miss / slope : -1;
        t = step > lo && step < hi ? step : (lo + hi) / 2;
        if (hi - lo < 1e-12) {
            break;
        }
    }
    return t;
}

// Whether the cubic (y-monotone) keeps to the corridor's room: within each stretch between
// two gates, its x at both ends and at its turning points in between.
bool inside(const std::vector<Gate>& gates, Point p0, Point p1, Point p2, Point p3) {
    constexpr double slack = 1e-6;
    const Point c[4] = {p0, p1, p2, p3};
    thread_local std::vector<double> turns; // called for every candidate piece: no allocation
    turns.clear();
    cubic_turns(p0.x, p1.x, p2.x, p3.x, turns);
    auto next = std::upper_bound(gates.begin(), gates.end(), p0.y,
                                 [](double y, const Gate& gate) { return y < gate.y; });
    std::size_t g = next == gates.begin() ? 0 : static_cast<std::size_t>(next - gates.begin()) - 1;
    double t_from = 0;
    for (; g < gates.size() && gates[g].y < p3.y; ++g) {
        const bool last = g + 1 == gates.size() || gates[g + 1].y >= p3.y;
        const double t_to = last ? 1.0 : t_at_height(c, gates[g + 1].y);
        double left = std::min(cubic_point(c, t_from).x, cubic_point(c, t_to).x);
        double right = std::max(cubic_point(c, t_from).x, cubic_point(c, t_to).x);
        for (double t : turns) {
            if (t > t_from && t < t_to) {
                const double x = cubic_point(c, t).x;
                left = std::min(left, x);
                right = std::max(right, x);
            }
        }
        if (left < gates[g].room_lo - slack || right > gates[g].room_hi + slack) {
            return false;
        }
        t_from = t_to;
    }
    return true;
}

} // namespace

std::vector<Corner> taut_route(const std::vector<Gate>& gates) {
    std::vector<Corner> corners;
    if (gates.empty()) {
        return corners;
    }
    corners.push_back({{gates.front().lo, gates.front().y}, gates.front().pinned});
    std::size_t from = 0;
    for (std::size_t i = 1; i < gates.size(); ++i) {
        if (!is_point(gates[i]) && i + 1 < gates.size()) {
            continue;
        }
        pull_taut(gates, from, i, corners);
        corners.push_back({{gates[i].lo, gates[i].y}, gates[i].pinned});
        from = i;
    }
    return corners;
}

namespace {

// The cubic as points about 6 px apart along its control polygon, into `line`.
void flatten(Point p0, Point p1, Point p2, Point p3, std::vector<Point>& line) {
    const double hull = norm(p1.x - p0.x, p1.y - p0.y) + norm(p2.x - p1.x, p2.y - p1.y) +
                        norm(p3.x - p2.x, p3.y - p2.y);
    const int samples = std::clamp(static_cast<int>(hull / 6), 4, 32);
    const Point c[4] = {p0, p1, p2, p3};
    line.clear();
    for (int k = 0; k <= samples; ++k) {
        line.push_back(cubic_point(c, k / static_cast<double>(samples)));
    }
}

// Whether the segments cross at a point inside both: each one's ends lie strictly on
// either side of the other's line (products only, no divisions: this runs most).
bool crosses(Point p, Point q, Point r, Point s) {
    auto side = [](Point a, Point b, Point c) {
        return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
    };
    const double r_side = side(p, q, r);
    const double s_side = side(p, q, s);
    if (!((r_side > 0 && s_side < 0) || (r_side < 0 && s_side > 0))) {
        return false;
    }
    const double p_side = side(r, s, p);
    const double q_side = side(r, s, q);
    return (p_side > 0 && q_side < 0) || (p_side < 0 && q_side > 0);
}

// Whether two polylines that both go down cross: they are walked together, testing the
// segments that share heights.
bool lines_cross(const std::vector<Point>& a, const std::vector<Point>& b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i + 1 < a.size() && j + 1 < b.size()) {
        if (crosses(a[i], a[i + 1], b[j], b[j + 1])) {
            return true;
        }
        if (a[i + 1].y < b[j + 1].y) {
            ++i;
        } else {
            ++j;
        }
    }
    return false;
}

std::vector<Point> corner_points(const std::vector<Corner>& corners) {
    std::vector<Point> points;
    points.reserve(corners.size());
    for (const Corner& c : corners) {
        points.push_back(c.at);
    }
    return points;
}

// What one thread's queries of a GapIndex keep between calls.
struct FitScratch {
    std::size_t known_for = static_cast<std::size_t>(-1);
    std::vector<std::pair<std::size_t, bool>> known; ///< taut paths crossing known_for's
    std::vector<Point> curve;                        ///< the flattened candidate piece
};

// x of a polyline that goes down, at height y (its ends beyond it).
double x_at_height(const std::vector<Point>& line, double y) {
    auto next = std::lower_bound(line.begin(), line.end(), y,
                                 [](const Point& at, double h) { return at.y < h; });
    if (next == line.begin()) {
        return line.front().x;
    }
    if (next == line.end()) {
        return line.back().x;
    }
    const Point a = *(next - 1);
    const Point b = *next;
    return b.y > a.y ? a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y) : b.x;
}

// The taut paths across each gap between bands. Inside a band each route keeps to its own
// share, so a curve can meet another route's path only in a gap, where every route crossing
// it is one straight segment. There, the routes nearest on either side, at the gap's top and
// at its bottom, are the only ones a curve could reach without first meeting them. Read-only
// once built, so threads can share it.
class GapIndex {
  public:
    explicit GapIndex(const std::vector<Corridor>& corridors) : corridors_(corridors) {
        taut_.reserve(corridors.size());
        for (const Corridor& c : corridors) {
            taut_.push_back(corner_points(c.corners));
        }
        for (std::size_t e = 0; e < corridors.size(); ++e) {
            const auto& gates = corridors[e].gates;
            for (std::size_t g = 0; g + 1 < gates.size(); ++g) {
                if (gates[g].gap_below) {
                    const double top = gates[g].y;
                    const double bottom = gates[g + 1].y;
                    by_top_.push_back({top, bottom, x_at_height(taut_[e], top),
                                       x_at_height(taut_[e], bottom), e});
                }
            }
        }
        by_bottom_ = by_top_;
        std::sort(by_top_.begin(), by_top_.end(), [](const Crossing& a, const Crossing& b) {
            return std::tie(a.top, a.x_top, a.route) < std::tie(b.top, b.x_top, b.route);
        });
        std::sort(by_bottom_.begin(), by_bottom_.end(), [](const Crossing& a, const Crossing& b) {
            return std::tie(a.top, a.x_bottom, a.route) < std::tie(b.top, b.x_bottom, b.route);
        });
    }

    // Whether the cubic c, a piece of route e, crosses in a gap the taut path of a route that
    // e's taut path does not cross.
    bool crosses_others(const std::array<Point, 4>& c, std::size_t e, FitScratch& scratch) const {
        const auto& gates = corridors_[e].gates;
        std::vector<Point>& curve = scratch.curve;
        curve.clear(); // flattened once a gap needs it
        for (std::size_t g = 0; g + 1 < gates.size(); ++g) {
            if (!gates[g].gap_below || gates[g + 1].y <= c[0].y || gates[g].y >= c[3].y) {
                continue;
            }
            const Crossing mine{gates[g].y, gates[g + 1].y, x_at_height(taut_[e], gates[g].y),
                                x_at_height(taut_[e], gates[g + 1].y), e};
            if (curve.empty()) {
                flatten(c[0], c[1], c[2], c[3], curve);
            }
            if (meets_neighbour(by_top_, mine, &Crossing::x_top, curve, scratch) ||
                meets_neighbour(by_bottom_, mine, &Crossing::x_bottom, curve, scratch)) {
                return true;
            }
        }
        return false;
    }

    /// Route e's taut path, as points.
    const std::vector<Point>& taut(std::size_t e) const { return taut_[e]; }

  private:
    struct Crossing {
        double top;
        double bottom;
        double x_top;
        double x_bottom;
        std::size_t route;
    };

    // Whether the curve meets, within mine's gap, the nearest route on either side in the
    // order `by` of that gap's crossings, passing over the routes whose taut paths cross e's.
    bool meets_neighbour(const std::vector<Crossing>& by, const Crossing& mine, double Crossing::*x,
                         const std::vector<Point>& curve, FitScratch& scratch) const {
        const auto at =
            std::lower_bound(by.begin(), by.end(), mine, [&](const Crossing& a, const Crossing& b) {
                return std::tie(a.top, a.*x, a.route) < std::tie(b.top, b.*x, b.route);
            });
        if (at == by.end() || at->route != mine.route) {
            return false; // not indexed: nothing to compare with
        }
        auto meets = [&](const Crossing& other) {
            const Point a{other.x_top, other.top};
            const Point b{other.x_bottom, other.bottom};
            auto first = std::lower_bound(curve.begin(), curve.end(), mine.top,
                                          [](const Point& p, double h) { return p.y < h; });
            for (auto i = first == curve.begin() ? first : first - 1;
                 i + 1 < curve.end() && i->y <= mine.bottom; ++i) {
                if (crosses(*i, *(i + 1), a, b)) {
                    return true;
                }
            }
            return false;
        };
        for (auto i = at; i != by.begin();) {
            --i;
            if (i->top != mine.top) {
                break;
            }
            if (!paths_cross(mine.route, i->route, scratch)) {
                if (meets(*i)) {
                    return true;
                }
                break;
            }
        }
        for (auto i = at + 1; i != by.end() && i->top == mine.top; ++i) {
            if (!paths_cross(mine.route, i->route, scratch)) {
                return meets(*i);
            }
        }
        return false;
    }

    // Remembered for the route being fitted, which asks again for each piece.
    bool paths_cross(std::size_t e, std::size_t other, FitScratch& scratch) const {
        if (scratch.known_for != e) {
            scratch.known_for = e;
            scratch.known.clear();
        }
        for (const auto& [route, answer] : scratch.known) {
            if (route == other) {
                return answer;
            }
        }
        const bool answer = lines_cross(taut_[e], taut_[other]);
        scratch.known.emplace_back(other, answer);
        return answer;
    }

    const std::vector<Corridor>& corridors_;
    std::vector<std::vector<Point>> taut_;
    std::vector<Crossing> by_top_;
    std::vector<Crossing> by_bottom_;
};

double distance_to_line(Point c, Point p, Point q) {
    const double length = norm(q.x - p.x, q.y - p.y);
    if (length <= 0) {
        return norm(c.x - p.x, c.y - p.y);
    }
    return std::abs((q.x - p.x) * (c.y - p.y) - (q.y - p.y) * (c.x - p.x)) / length;
}

// Whether a piece of route e's curve keeps to its corridor and crosses no other route's
// taut path that e's does not cross.
bool acceptable(const Corridor& corridor, std::size_t e, const std::array<Point, 4>& c,
                const GapIndex& gaps, FitScratch& scratch) {
    const auto [p, a, b, q] = c;
    if (!inside(corridor.gates, p, a, b, q)) {
        return false;
    }
    // A piece hardly off its chord, a stretch of e's taut path, meets what that meets.
    const double reach = std::max(distance_to_line(a, p, q), distance_to_line(b, p, q));
    return reach < 1e-3 || !gaps.crosses_others(c, e, scratch);
}

std::vector<Point> fit_one(const Corridor& corridor, std::size_t e, const GapIndex& gaps,
                           FitScratch& scratch) {
    const auto& corners = corridor.corners;
    std::vector<Point> points;
    if (corners.empty()) {
        return points;
    }
    const std::size_t last = corners.size() - 1;
    // One tangent per corner: along the flow where pinned, else halfway between the
    // directions of the segments on either side (along the segment at a free end).
    std::vector<Point> tangent(corners.size());
    for (std::size_t i = 0; i <= last; ++i) {
        if (corners[i].pinned || last == 0) {
            tangent[i] = {0, 1};
        } else if (i == 0) {
            tangent[i] = towards(corners[0].at, corners[1].at);
        } else if (i == last) {
            tangent[i] = towards(corners[last - 1].at, corners[last].at);
        } else {
            const Point in = towards(corners[i - 1].at, corners[i].at);
            const Point out = towards(corners[i].at, corners[i + 1].at);
            tangent[i] = unit({in.x + out.x, in.y + out.y});
        }
    }
    points.push_back(corners.front().at);
    for (std::size_t i = 0; i < last; ++i) {
        const Point p = corners[i].at;
        const Point q = corners[i + 1].at;
        const double length = norm(q.x - p.x, q.y - p.y);
        const double drop = q.y - p.y;
        // Arms of a third of the chord, as a Catmull–Rom spline has, but short enough that
        // the control points keep going down: the piece is then y-monotone, so it meets
        // each gate once.
        auto arm = [&](Point t) {
            return t.y > 0 ? std::min(length / 3, drop / 2 / t.y) : 0.0;
        };
        const double arm_p = arm(tangent[i]);
        const double arm_q = arm(tangent[i + 1]);
        Point c1 = p;
        Point c2 = q;
        for (double scale = 1; scale > 0.1; scale /= 2) {
            const Point a{p.x + tangent[i].x * arm_p * scale, p.y + tangent[i].y * arm_p * scale};
            const Point b{q.x - tangent[i + 1].x * arm_q * scale,
                          q.y - tangent[i + 1].y * arm_q * scale};
            if (acceptable(corridor, e, {p, a, b, q}, gaps, scratch)) {
                c1 = a;
                c2 = b;
                break;
            }
        }
        points.push_back(c1);
        points.push_back(c2);
        points.push_back(q);
    }
    return points;
}

// The box of a cubic's control points, which holds the curve.
Rect control_box(const Point* c) {
    const double left = std::min({c[0].x, c[1].x, c[2].x, c[3].x});
    const double top = std::min({c[0].y, c[1].y, c[2].y, c[3].y});
    return {left, top, std::max({c[0].x, c[1].x, c[2].x, c[3].x}) - left,
            std::max({c[0].y, c[1].y, c[2].y, c[3].y}) - top};
}

double segment_distance(Point p, Point q, Point r, Point s) {
    auto to_segment = [](Point c, Point a, Point b) {
        const double dx = b.x - a.x;
        const double dy = b.y - a.y;
        const double length2 = dx * dx + dy * dy;
        const double t =
            length2 > 0 ? std::clamp(((c.x - a.x) * dx + (c.y - a.y) * dy) / length2, 0.0, 1.0) : 0;
        return norm(c.x - (a.x + t * dx), c.y - (a.y + t * dy));
    };
    if (crosses(p, q, r, s)) {
        return 0;
    }
    return std::min(
        {to_segment(p, r, s), to_segment(q, r, s), to_segment(r, p, q), to_segment(s, p, q)});
}

// Whether the cubic `piece` crosses the curve `other` (3n+1 points, going down) or, with a
// clearance above 0, runs along it within the clearance: only the other's pieces whose boxes
// come that near the piece's are flattened and compared.
bool meets_curve(const std::array<Point, 4>& piece, const std::vector<Point>& other,
                 double clearance, std::vector<Point>& line, std::vector<Point>& other_line) {
    // A touch in passing is left alone; a run along the other curve is not.
    constexpr double min_run = 10;
    double along = 0;
    const Rect box = control_box(piece.data());
    bool flattened = false;
    for (std::size_t k = 0; k + 3 < other.size(); k += 3) {
        const Rect o = control_box(&other[k]);
        if (o.y > box.bottom() + clearance) {
            break;
        }
        if (o.bottom() + clearance < box.y || o.x > box.right() + clearance ||
            o.right() + clearance < box.x) {
            continue;
        }
        if (!flattened) {
            flatten(piece[0], piece[1], piece[2], piece[3], line);
            flattened = true;
        }
        flatten(other[k], other[k + 1], other[k + 2], other[k + 3], other_line);
        if (lines_cross(line, other_line)) {
            return true;
        }
        if (clearance <= 0) {
            continue;
        }
        // Both lines go down, so the other's segments near one of ours in height form a
        // window that only moves down.
        std::size_t from = 0;
        for (std::size_t i = 0; i + 1 < line.size(); ++i) {
            const Point p = line[i];
            const Point q = line[i + 1];
            while (from + 1 < other_line.size() && other_line[from + 1].y < p.y - clearance) {
                ++from;
            }
            for (std::size_t j = from;
                 j + 1 < other_line.size() && other_line[j].y <= q.y + clearance; ++j) {
                const Point r = other_line[j];
                const Point t = other_line[j + 1];
                // Apart by the clearance across: no need to measure.
                if (std::min(r.x, t.x) > std::max(p.x, q.x) + clearance ||
                    std::max(r.x, t.x) < std::min(p.x, q.x) - clearance) {
                    continue;
                }
                if (segment_distance(p, q, r, t) < clearance) {
                    along += norm(q.x - p.x, q.y - p.y);
                    if (along >= min_run) {
                        return true;
                    }
                    break;
                }
            }
        }
    }
    return false;
}

// The pieces of `mine` (route `e`) that cross `theirs` or run within `clearance` of it get
// shorter arms, down to straight. Whether some piece still meets it.
bool flatten_where_meeting(const Corridor& corridor, std::size_t e, std::vector<Point>& mine,
                           const std::vector<Point>& theirs, double near_clearance,
                           bool shared_front, const GapIndex& gaps, FitScratch& scratch) {
    // Routes from one node side run along each other, if anywhere, in the first few gaps
    // after it; further on only crossings are looked for, which is cheaper.
    constexpr std::size_t near_pieces = 4;
    const std::size_t pieces = (mine.size() - 1) / 3;
    std::vector<Point> line;
    std::vector<Point> other_line;
    bool still = false;
    for (std::size_t k = 0; k + 3 < mine.size(); k += 3) {
        const Point p = mine[k];
        const Point q = mine[k + 3];
        const std::size_t from_end = shared_front ? k / 3 : pieces - 1 - k / 3;
        const double clearance = from_end < near_pieces ? near_clearance : 0;
        if (!meets_curve({p, mine[k + 1], mine[k + 2], q}, theirs, clearance, line, other_line)) {
            continue;
        }
        const Point arm_p{mine[k + 1].x - p.x, mine[k + 1].y - p.y};
        const Point arm_q{mine[k + 2].x - q.x, mine[k + 2].y - q.y};
        Point a = p;
        Point b = q;
        bool cleared = false;
        for (double scale = 0.5; scale > 0.1; scale /= 2) {
            const std::array<Point, 4> shorter{
                p, Point{p.x + arm_p.x * scale, p.y + arm_p.y * scale},
                Point{q.x + arm_q.x * scale, q.y + arm_q.y * scale}, q};
            if (acceptable(corridor, e, shorter, gaps, scratch) &&
                !meets_curve(shorter, theirs, clearance, line, other_line)) {
                a = shorter[1];
                b = shorter[2];
                cleared = true;
                break;
            }
        }
        mine[k + 1] = a;
        mine[k + 2] = b;
        still =
            still || (!cleared && meets_curve({p, a, b, q}, theirs, clearance, line, other_line));
    }
    return still;
}

// Two routes that leave (or reach) one node side by side may both swing out towards each
// other at their first bends and cross twice, or run along each other, though each keeps
// clear of the other's taut path. The second's pieces that meet the first's curve get
// shorter arms, down to straight; where that is not enough, the first's pieces that meet the
// second's do too. Curves that run a few pixels apart for a stretch count as meeting, unless
// their ports are that close.
void separate(const std::vector<Corridor>& corridors, std::size_t first, std::size_t second,
              std::vector<std::vector<Point>>& curves, const GapIndex& gaps, FitScratch& scratch) {
    std::vector<Point>& mine = curves[second];
    std::vector<Point>& theirs = curves[first];
    if (theirs.empty() || mine.empty() || lines_cross(gaps.taut(first), gaps.taut(second))) {
        return;
    }
    constexpr double clearance = 2.5;
    auto apart = [](Point a, Point b) {
        return norm(a.x - b.x, a.y - b.y);
    };
    const double fronts_apart = apart(mine.front(), theirs.front());
    const double backs_apart = apart(mine.back(), theirs.back());
    const bool shared_front = fronts_apart <= backs_apart;
    const double keep = std::min(clearance, 0.4 * std::min(fronts_apart, backs_apart));
    if (flatten_where_meeting(corridors[second], second, mine, theirs, keep, shared_front, gaps,
                              scratch)) {
        flatten_where_meeting(corridors[first], first, theirs, mine, keep, shared_front, gaps,
                              scratch);
    }
}

} // namespace

std::vector<std::vector<Point>> fit_routes(const std::vector<Corridor>& corridors,
                                           const std::vector<std::vector<std::size_t>>& leaving,
                                           const std::vector<std::vector<std::size_t>>& arriving) {
    const GapIndex gaps(corridors);
    std::vector<std::vector<Point>> curves(corridors.size());
    // Routes are fitted independently against the shared index; big drawings share the work
    // among the cores (this thread too).
    constexpr std::size_t parallel_routes = 64;
    std::vector<FitScratch> scratch(core_count());
    share_out(corridors.size(), parallel_routes, [&](std::size_t e, std::size_t worker) {
        curves[e] = fit_one(corridors[e], e, gaps, scratch[worker]);
    });
    // Neighbours at one node side, in port order; each route is in one group of a kind, so
    // the groups of a kind are independent.
    for (const auto* groups : {&leaving, &arriving}) {
        share_out(groups->size(), parallel_routes / 4, [&](std::size_t g, std::size_t worker) {
            const std::vector<std::size_t>& group = (*groups)[g];
            for (std::size_t i = 1; i < group.size(); ++i) {
                separate(corridors, group[i - 1], group[i], curves, gaps, scratch[worker]);
            }
        });
    }
    return curves;
}

} // namespace merrow::layout::detail
