#include "corridor.hpp"

#include "parallel.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <limits>
#include <thread>
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
    std::vector<double> turns;
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

// What one thread's queries of a TautGrid keep between calls.
struct GridScratch {
    std::size_t known_for = static_cast<std::size_t>(-1);
    std::vector<std::pair<std::size_t, bool>> known; ///< taut paths crossing known_for's
    std::vector<Point> curve;                        ///< the flattened candidate piece
};

// The taut paths of all routes, as straight pieces in a uniform grid (each cell's pieces
// stored contiguously). Read-only once built, so threads can share it.
class TautGrid {
  public:
    explicit TautGrid(const std::vector<Corridor>& corridors) : corridors_(corridors) {
        double min_x = inf;
        double min_y = inf;
        double max_x = -inf;
        double max_y = -inf;
        for (const Corridor& c : corridors) {
            for (const Corner& corner : c.corners) {
                min_x = std::min(min_x, corner.at.x);
                max_x = std::max(max_x, corner.at.x);
                min_y = std::min(min_y, corner.at.y);
                max_y = std::max(max_y, corner.at.y);
            }
            for (std::size_t i = 0; i + 1 < c.corners.size(); ++i) {
                pieces_.push_back({c.corners[i].at, c.corners[i + 1].at,
                                   static_cast<std::size_t>(&c - corridors.data())});
            }
        }
        if (pieces_.empty()) {
            return;
        }
        origin_ = {min_x, min_y};
        // Not many more cells than pieces, and none much smaller than a rank gap.
        cell_ = std::max(32.0, std::sqrt((max_x - min_x + 1) * (max_y - min_y + 1) /
                                         (2 * static_cast<double>(pieces_.size()))));
        columns_ = static_cast<std::size_t>((max_x - min_x) / cell_) + 1;
        rows_ = static_cast<std::size_t>((max_y - min_y) / cell_) + 1;
        start_.assign(columns_ * rows_ + 1, 0);
        for (const Piece& piece : pieces_) {
            along(piece.a, piece.b, 0, [&](std::size_t cell) { ++start_[cell + 1]; });
        }
        for (std::size_t c = 1; c < start_.size(); ++c) {
            start_[c] += start_[c - 1];
        }
        entries_.resize(start_.back());
        std::vector<std::size_t> fill(start_.begin(), start_.end() - 1);
        for (std::size_t id = 0; id < pieces_.size(); ++id) {
            along(pieces_[id].a, pieces_[id].b, 0,
                  [&](std::size_t cell) { entries_[fill[cell]++] = pieces_[id]; });
        }
    }

    // Whether the flattened curve of a piece of route e, whose control points span `box` and
    // stray at most `reach` from its chord pq, crosses the taut path of another route that
    // e's own taut path does not cross.
    bool crosses_others(const std::vector<Point>& curve, Point p, Point q, double reach,
                        const Rect& box, std::size_t e, GridScratch& scratch) const {
        bool hit = false;
        along(p, q, reach, [&](std::size_t cell) {
            for (std::size_t k = start_[cell]; k < start_[cell + 1] && !hit; ++k) {
                const Piece& piece = entries_[k];
                if (piece.route == e || std::max(piece.a.x, piece.b.x) < box.x ||
                    std::min(piece.a.x, piece.b.x) > box.right() ||
                    std::max(piece.a.y, piece.b.y) < box.y ||
                    std::min(piece.a.y, piece.b.y) > box.bottom()) {
                    continue;
                }
                // A piece that crosses the chord crosses e's taut path: the curves may cross
                // there too. One that stays out of the curve's reach cannot meet it.
                if (crosses(p, q, piece.a, piece.b) ||
                    segment_distance(p, q, piece.a, piece.b) > reach) {
                    continue;
                }
                // Both go down, so only the curve's stretch at the piece's heights can meet it.
                const double top = std::min(piece.a.y, piece.b.y);
                const double bottom = std::max(piece.a.y, piece.b.y);
                auto first = std::lower_bound(curve.begin(), curve.end(), top,
                                              [](const Point& c, double y) { return c.y < y; });
                auto i = first == curve.begin() ? first : first - 1;
                for (; i + 1 < curve.end() && i->y <= bottom && !hit; ++i) {
                    hit = crosses(*i, *(i + 1), piece.a, piece.b) &&
                          !paths_cross(e, piece.route, scratch);
                }
            }
        });
        return hit;
    }

  private:
    struct Piece {
        Point a;
        Point b;
        std::size_t route;
    };

    // Remembered for the route being fitted, which asks again for each piece.
    bool paths_cross(std::size_t e, std::size_t other, GridScratch& scratch) const {
        if (scratch.known_for != e) {
            scratch.known_for = e;
            scratch.known.clear();
        }
        for (const auto& [route, answer] : scratch.known) {
            if (route == other) {
                return answer;
            }
        }
        const bool answer = lines_cross(corner_points(corridors_[e].corners),
                                        corner_points(corridors_[other].corners));
        scratch.known.emplace_back(other, answer);
        return answer;
    }

    static double point_distance(Point c, Point p, Point q) {
        const double dx = q.x - p.x;
        const double dy = q.y - p.y;
        const double squared = dx * dx + dy * dy;
        const double t = squared > 0
                             ? std::clamp(((c.x - p.x) * dx + (c.y - p.y) * dy) / squared, 0.0, 1.0)
                             : 0.0;
        return norm(c.x - p.x - t * dx, c.y - p.y - t * dy);
    }

    // Between two segments that do not cross.
    static double segment_distance(Point p, Point q, Point r, Point s) {
        return std::min({point_distance(p, r, s), point_distance(q, r, s), point_distance(r, p, q),
                         point_distance(s, p, q)});
    }

    std::size_t column(double x) const {
        return static_cast<std::size_t>(
            std::clamp((x - origin_.x) / cell_, 0.0, static_cast<double>(columns_ - 1)));
    }
    std::size_t row(double y) const {
        return static_cast<std::size_t>(
            std::clamp((y - origin_.y) / cell_, 0.0, static_cast<double>(rows_ - 1)));
    }

    // Each cell within `margin` of segment ab (or a little further), once: row by row, the
    // columns the segment spans in that row, widened by the margin.
    template <class Visit> void along(Point a, Point b, double margin, Visit&& visit) const {
        if (columns_ == 0) {
            return;
        }
        if (a.y > b.y) {
            std::swap(a, b);
        }
        auto x_at = [&](double y) {
            if (y <= a.y) {
                return a.x;
            }
            if (y >= b.y) {
                return b.x;
            }
            return a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y);
        };
        const std::size_t first = row(a.y - margin);
        const std::size_t last = row(b.y + margin);
        for (std::size_t r = first; r <= last; ++r) {
            const double top = origin_.y + static_cast<double>(r) * cell_;
            // The segment's x over this row's heights (with the margin above and below).
            const double from = x_at(top - margin);
            const double to = x_at(top + cell_ + margin);
            const double low = std::min({from, to, r == first ? a.x : from, r == last ? b.x : to});
            const double high = std::max({from, to, r == first ? a.x : from, r == last ? b.x : to});
            const std::size_t c1 = column(high + margin);
            for (std::size_t c = column(low - margin); c <= c1; ++c) {
                visit(r * columns_ + c);
            }
        }
    }

    const std::vector<Corridor>& corridors_;
    std::vector<Piece> pieces_;
    std::vector<std::size_t> start_;
    std::vector<Piece> entries_; ///< copies, cell by cell: a query reads them in a row
    Point origin_;
    double cell_ = 32;
    std::size_t columns_ = 0;
    std::size_t rows_ = 0;
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
                const TautGrid& grid, GridScratch& scratch) {
    const auto [p, a, b, q] = c;
    if (!inside(corridor.gates, p, a, b, q)) {
        return false;
    }
    std::vector<Point>& curve = scratch.curve;
    flatten(p, a, b, q, curve);
    // The curve lies within its control points' hull, so it strays from the chord no further
    // than they do.
    const double reach = std::max(distance_to_line(a, p, q), distance_to_line(b, p, q));
    const double left = std::min({p.x, a.x, b.x, q.x});
    const double top = std::min({p.y, a.y, b.y, q.y});
    const Rect box{left, top, std::max({p.x, a.x, b.x, q.x}) - left,
                   std::max({p.y, a.y, b.y, q.y}) - top};
    return reach < 1e-3 || !grid.crosses_others(curve, p, q, reach, box, e, scratch);
}

std::vector<Point> fit_one(const Corridor& corridor, std::size_t e, const TautGrid& grid,
                           GridScratch& scratch) {
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
            if (acceptable(corridor, e, {p, a, b, q}, grid, scratch)) {
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

// Whether the cubic `piece` crosses the curve `other` (3n+1 points, going down): only the
// other's pieces whose boxes meet the piece's are flattened and compared.
bool crosses_curve(const std::array<Point, 4>& piece, const std::vector<Point>& other,
                   std::vector<Point>& line, std::vector<Point>& other_line) {
    const Rect box = control_box(piece.data());
    bool flattened = false;
    for (std::size_t k = 0; k + 3 < other.size(); k += 3) {
        const Rect other_box = control_box(&other[k]);
        if (other_box.y > box.bottom()) {
            break;
        }
        if (other_box.bottom() < box.y || other_box.x > box.right() || other_box.right() < box.x) {
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
    }
    return false;
}

// Two routes that leave (or reach) one node side by side may both swing out towards each
// other at their first bends and cross twice, though each keeps clear of the other's taut
// path. The second's pieces that cross the first's curve get shorter arms, down to straight.
void separate(const std::vector<Corridor>& corridors, std::size_t first, std::size_t second,
              std::vector<std::vector<Point>>& curves, const TautGrid& grid, GridScratch& scratch) {
    std::vector<Point>& mine = curves[second];
    const std::vector<Point>& theirs = curves[first];
    if (theirs.empty() || mine.empty() ||
        lines_cross(corner_points(corridors[first].corners),
                    corner_points(corridors[second].corners))) {
        return;
    }
    std::vector<Point> line;
    std::vector<Point> other_line;
    for (std::size_t k = 0; k + 3 < mine.size(); k += 3) {
        const Point p = mine[k];
        const Point q = mine[k + 3];
        if (!crosses_curve({p, mine[k + 1], mine[k + 2], q}, theirs, line, other_line)) {
            continue;
        }
        const Point arm_p{mine[k + 1].x - p.x, mine[k + 1].y - p.y};
        const Point arm_q{mine[k + 2].x - q.x, mine[k + 2].y - q.y};
        Point a = p;
        Point b = q;
        for (double scale = 0.5; scale > 0.1; scale /= 2) {
            const std::array<Point, 4> shorter{
                p, Point{p.x + arm_p.x * scale, p.y + arm_p.y * scale},
                Point{q.x + arm_q.x * scale, q.y + arm_q.y * scale}, q};
            if (acceptable(corridors[second], second, shorter, grid, scratch) &&
                !crosses_curve(shorter, theirs, line, other_line)) {
                a = shorter[1];
                b = shorter[2];
                break;
            }
        }
        mine[k + 1] = a;
        mine[k + 2] = b;
    }
}

} // namespace

std::vector<std::vector<Point>>
fit_routes(const std::vector<Corridor>& corridors,
           const std::vector<std::pair<std::size_t, std::size_t>>& neighbours) {
    const TautGrid grid(corridors);
    std::vector<std::vector<Point>> curves(corridors.size());
    // Routes are fitted independently against the shared grid; big drawings share the work
    // among the cores (this thread too), a batch of routes at a time.
    constexpr std::size_t batch = 32;
    constexpr std::size_t parallel_routes = 200;
    static const std::size_t cores = std::thread::hardware_concurrency();
    const std::size_t workers =
        corridors.size() >= parallel_routes ? std::max<std::size_t>(cores, 1) : 1;
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> failures(workers);
    auto work = [&](std::size_t worker) {
        try {
            GridScratch scratch;
            for (std::size_t from = next.fetch_add(batch); from < corridors.size();
                 from = next.fetch_add(batch)) {
                const std::size_t to = std::min(corridors.size(), from + batch);
                for (std::size_t e = from; e < to; ++e) {
                    curves[e] = fit_one(corridors[e], e, grid, scratch);
                }
            }
        } catch (...) {
            failures[worker] = std::current_exception();
        }
    };
    run_on_cores(workers, work);
    for (const std::exception_ptr& failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
    GridScratch scratch;
    for (const auto& [first, second] : neighbours) {
        separate(corridors, first, second, curves, grid, scratch);
    }
    return curves;
}

} // namespace merrow::layout::detail
