#include "merrow/scene/curves.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace merrow::scene {

namespace {

using layout::Path;
using layout::Point;
using model::Curve;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

Path linear(const std::vector<Point>& pts) {
    return Path::polyline(pts);
}

// d3.curveBasis: a uniform cubic B-spline, clamped to the end points.
Path basis(const std::vector<Point>& pts) {
    Path path;
    path.move_to(pts.front());
    if (pts.size() == 2) {
        path.line_to(pts[1]);
        return path;
    }
    Point p0 = pts[0];
    Point p1 = pts[0];
    const auto emit = [&](Point p) {
        path.cubic_to({(2 * p0.x + p1.x) / 3, (2 * p0.y + p1.y) / 3},
                      {(p0.x + 2 * p1.x) / 3, (p0.y + 2 * p1.y) / 3},
                      {(p0.x + 4 * p1.x + p.x) / 6, (p0.y + 4 * p1.y + p.y) / 6});
    };
    // The first point only moves; the second opens the first piece with a line, as d3 does.
    p1 = pts[1];
    path.line_to({(5 * p0.x + p1.x) / 6, (5 * p0.y + p1.y) / 6});
    for (std::size_t i = 2; i < pts.size(); ++i) {
        emit(pts[i]);
        p0 = p1;
        p1 = pts[i];
    }
    emit(p1);
    path.line_to(p1);
    return path;
}

// d3.curveStep, curveStepBefore (t = 0) and curveStepAfter (t = 1), segment for segment.
Path step(const std::vector<Point>& pts, double t) {
    Path path;
    path.move_to(pts.front());
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const Point a = pts[i - 1];
        const Point b = pts[i];
        if (t <= 0) {
            path.line_to({a.x, b.y});
            path.line_to(b);
        } else {
            const double x = a.x * (1 - t) + b.x * t;
            path.line_to({x, a.y});
            path.line_to({x, b.y});
        }
    }
    if (t > 0 && t < 1) {
        path.line_to(pts.back());
    }
    return path;
}

// d3.curveMonotoneX (Steffen's monotone cubic interpolation); curveMonotoneY is the same with
// the axes swapped.
class Monotone {
  public:
    Monotone(Path& path, bool swap) : path_(path), swap_(swap) {}

    void point(double x, double y) {
        double t1 = nan;
        if (x == x1_ && y == y1_) {
            return; // coincident points
        }
        switch (state_) {
        case 0:
            state_ = 1;
            move(x, y);
            break;
        case 1:
            state_ = 2;
            break;
        case 2:
            state_ = 3;
            t1 = slope3(x, y);
            emit(slope2(t1), t1);
            break;
        default:
            t1 = slope3(x, y);
            emit(t0_, t1);
            break;
        }
        x0_ = x1_;
        x1_ = x;
        y0_ = y1_;
        y1_ = y;
        t0_ = t1;
    }

    void end() {
        if (state_ == 2) {
            line(x1_, y1_);
        } else if (state_ == 3) {
            emit(t0_, slope2(t0_));
        }
    }

  private:
    static double sign(double v) { return v < 0 ? -1 : 1; }

    // JavaScript's `h0 || h1 < 0 && -0`: a zero run takes the sign of its neighbour, so the
    // division yields ±Infinity (or NaN) exactly as in d3.
    static double run(double h, double other) {
        if (h != 0) {
            return h;
        }
        return other < 0 ? -0.0 : 0.0;
    }

    double slope3(double x2, double y2) const {
        const double h0 = x1_ - x0_;
        const double h1 = x2 - x1_;
        const double s0 = (y1_ - y0_) / run(h0, h1);
        const double s1 = (y2 - y1_) / run(h1, h0);
        const double p = (s0 * h1 + s1 * h0) / (h0 + h1);
        if (std::isnan(s0) || std::isnan(s1) || std::isnan(p)) {
            return 0;
        }
        const double value =
            (sign(s0) + sign(s1)) * std::min({std::abs(s0), std::abs(s1), 0.5 * std::abs(p)});
        return std::isnan(value) ? 0 : value;
    }

    double slope2(double t) const {
        const double h = x1_ - x0_;
        return h != 0 ? (3 * (y1_ - y0_) / h - t) / 2 : t;
    }

    void emit(double t0, double t1) {
        const double dx = (x1_ - x0_) / 3;
        cubic(x0_ + dx, y0_ + dx * t0, x1_ - dx, y1_ - dx * t1, x1_, y1_);
    }

    Point at(double x, double y) const { return swap_ ? Point{y, x} : Point{x, y}; }
    void move(double x, double y) { path_.move_to(at(x, y)); }
    void line(double x, double y) { path_.line_to(at(x, y)); }
    void cubic(double ax, double ay, double bx, double by, double x, double y) {
        path_.cubic_to(at(ax, ay), at(bx, by), at(x, y));
    }

    Path& path_;
    bool swap_;
    int state_ = 0;
    double x0_ = nan;
    double y0_ = nan;
    double x1_ = nan;
    double y1_ = nan;
    double t0_ = nan;
};

Path monotone(const std::vector<Point>& pts, bool along_y) {
    Path path;
    Monotone m(path, along_y);
    for (const Point& p : pts) {
        if (along_y) {
            m.point(p.y, p.x);
        } else {
            m.point(p.x, p.y);
        }
    }
    m.end();
    return path;
}

// d3.curveNatural: a natural cubic spline through every point, per coordinate.
std::pair<std::vector<double>, std::vector<double>> natural_controls(const std::vector<double>& x) {
    const std::size_t n = x.size() - 1;
    std::vector<double> a(n);
    std::vector<double> b(n);
    std::vector<double> r(n);
    a[0] = 0;
    b[0] = 2;
    r[0] = x[0] + 2 * x[1];
    for (std::size_t i = 1; i + 1 < n; ++i) {
        a[i] = 1;
        b[i] = 4;
        r[i] = 4 * x[i] + 2 * x[i + 1];
    }
    a[n - 1] = 2;
    b[n - 1] = 7;
    r[n - 1] = 8 * x[n - 1] + x[n];
    for (std::size_t i = 1; i < n; ++i) {
        const double m = a[i] / b[i - 1];
        b[i] -= m;
        r[i] -= m * r[i - 1];
    }
    a[n - 1] = r[n - 1] / b[n - 1];
    for (std::size_t i = n - 1; i-- > 0;) {
        a[i] = (r[i] - a[i + 1]) / b[i];
    }
    b[n - 1] = (x[n] + a[n - 1]) / 2;
    for (std::size_t i = 0; i + 1 < n; ++i) {
        b[i] = 2 * x[i + 1] - a[i + 1];
    }
    return {a, b};
}

Path natural(const std::vector<Point>& pts) {
    Path path;
    path.move_to(pts.front());
    if (pts.size() == 2) {
        path.line_to(pts[1]);
        return path;
    }
    std::vector<double> xs;
    std::vector<double> ys;
    for (const Point& p : pts) {
        xs.push_back(p.x);
        ys.push_back(p.y);
    }
    const auto [ax, bx] = natural_controls(xs);
    const auto [ay, by] = natural_controls(ys);
    for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
        path.cubic_to({ax[i], ay[i]}, {bx[i], by[i]}, pts[i + 1]);
    }
    return path;
}

// d3.curveCardinal with tension 0: each piece's tangents are (next - previous) / 6, the end
// pieces borrowing their missing neighbour from the end point itself.
Path cardinal(const std::vector<Point>& pts) {
    Path path;
    path.move_to(pts.front());
    if (pts.size() == 2) {
        path.line_to(pts[1]);
        return path;
    }
    constexpr double k = 1.0 / 6.0;
    const std::size_t n = pts.size();
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const Point p0 = pts[i == 0 ? 1 : i - 1];
        const Point p1 = pts[i];
        const Point p2 = pts[i + 1];
        const Point p3 = pts[i + 2 < n ? i + 2 : n - 1];
        const Point c1 = i == 0 ? p1 : Point{p1.x + k * (p2.x - p0.x), p1.y + k * (p2.y - p0.y)};
        const Point c2 = i + 2 < n ? Point{p2.x + k * (p1.x - p3.x), p2.y + k * (p1.y - p3.y)} : p2;
        path.cubic_to(c1, c2, p2);
    }
    return path;
}

// d3.curveCatmullRom with alpha 0.5 (centripetal), following d3's own bookkeeping.
class CatmullRom {
  public:
    explicit CatmullRom(Path& path) : path_(path) {}

    void point(double x, double y) {
        if (state_ != 0) {
            const double x23 = x2_ - x;
            const double y23 = y2_ - y;
            l23_2a_ = std::pow(x23 * x23 + y23 * y23, alpha);
            l23_a_ = std::sqrt(l23_2a_);
        }
        switch (state_) {
        case 0:
            state_ = 1;
            path_.move_to({x, y});
            break;
        case 1:
            state_ = 2;
            break;
        case 2:
            state_ = 3;
            emit(x, y);
            break;
        default:
            emit(x, y);
            break;
        }
        l01_a_ = l12_a_;
        l12_a_ = l23_a_;
        l01_2a_ = l12_2a_;
        l12_2a_ = l23_2a_;
        x0_ = x1_;
        x1_ = x2_;
        x2_ = x;
        y0_ = y1_;
        y1_ = y2_;
        y2_ = y;
    }

    void end() {
        if (state_ == 2) {
            path_.line_to({x2_, y2_});
        } else if (state_ == 3) {
            point(x2_, y2_);
        }
    }

  private:
    static constexpr double alpha = 0.5;
    static constexpr double epsilon = 1e-12;

    void emit(double x, double y) {
        double x1 = x1_;
        double y1 = y1_;
        double x2 = x2_;
        double y2 = y2_;
        if (l01_a_ > epsilon) {
            const double a = 2 * l01_2a_ + 3 * l01_a_ * l12_a_ + l12_2a_;
            const double n = 3 * l01_a_ * (l01_a_ + l12_a_);
            x1 = (x1 * a - x0_ * l12_2a_ + x2_ * l01_2a_) / n;
            y1 = (y1 * a - y0_ * l12_2a_ + y2_ * l01_2a_) / n;
        }
        if (l23_a_ > epsilon) {
            const double b = 2 * l23_2a_ + 3 * l23_a_ * l12_a_ + l12_2a_;
            const double m = 3 * l23_a_ * (l23_a_ + l12_a_);
            x2 = (x2 * b + x1_ * l23_2a_ - x * l12_2a_) / m;
            y2 = (y2 * b + y1_ * l23_2a_ - y * l12_2a_) / m;
        }
        path_.cubic_to({x1, y1}, {x2, y2}, {x2_, y2_});
    }

    Path& path_;
    int state_ = 0;
    double x0_ = nan;
    double x1_ = nan;
    double x2_ = nan;
    double y0_ = nan;
    double y1_ = nan;
    double y2_ = nan;
    double l01_a_ = 0;
    double l12_a_ = 0;
    double l23_a_ = 0;
    double l01_2a_ = 0;
    double l12_2a_ = 0;
    double l23_2a_ = 0;
};

Path catmull_rom(const std::vector<Point>& pts) {
    Path path;
    CatmullRom c(path);
    for (const Point& p : pts) {
        c.point(p.x, p.y);
    }
    c.end();
    return path;
}

// d3.curveBumpX / curveBumpY: each piece leaves and arrives parallel to the axis.
Path bump(const std::vector<Point>& pts, bool along_x) {
    Path path;
    path.move_to(pts.front());
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const Point a = pts[i - 1];
        const Point b = pts[i];
        if (along_x) {
            const double mid = (a.x + b.x) / 2;
            path.cubic_to({mid, a.y}, {mid, b.y}, b);
        } else {
            const double mid = (a.y + b.y) / 2;
            path.cubic_to({a.x, mid}, {b.x, mid}, b);
        }
    }
    return path;
}

// Mermaid's `rounded`: straight runs whose corners are cut by quadratic curves of radius 5.
Path rounded(const std::vector<Point>& pts) {
    constexpr double radius = 5;
    constexpr double epsilon = 1e-5;
    Path path;
    path.move_to(pts.front());
    for (std::size_t i = 1; i + 1 < pts.size(); ++i) {
        const Point prev = pts[i - 1];
        const Point curr = pts[i];
        const Point next = pts[i + 1];
        const double dx1 = curr.x - prev.x;
        const double dy1 = curr.y - prev.y;
        const double dx2 = next.x - curr.x;
        const double dy2 = next.y - curr.y;
        const double len1 = std::hypot(dx1, dy1);
        const double len2 = std::hypot(dx2, dy2);
        if (len1 < epsilon || len2 < epsilon) {
            path.line_to(curr);
            continue;
        }
        const double nx1 = dx1 / len1;
        const double ny1 = dy1 / len1;
        const double nx2 = dx2 / len2;
        const double ny2 = dy2 / len2;
        const double angle = std::acos(std::clamp(nx1 * nx2 + ny1 * ny2, -1.0, 1.0));
        if (angle < epsilon || std::abs(std::acos(-1.0) - angle) < epsilon) {
            path.line_to(curr);
            continue;
        }
        const double cut = std::min({radius / std::sin(angle / 2), len1 / 2, len2 / 2});
        path.line_to({curr.x - nx1 * cut, curr.y - ny1 * cut});
        path.quad_to(curr, {curr.x + nx2 * cut, curr.y + ny2 * cut});
    }
    path.line_to(pts.back());
    return path;
}

} // namespace

Path curve_path(Curve curve, const std::vector<Point>& points) {
    if (points.size() < 2) {
        return points.empty() ? Path() : Path().move_to(points.front());
    }
    switch (curve) {
    case Curve::basis:
        return basis(points);
    case Curve::linear:
        return linear(points);
    case Curve::step:
        return step(points, 0.5);
    case Curve::step_before:
        return step(points, 0);
    case Curve::step_after:
        return step(points, 1);
    case Curve::monotone_x:
        return monotone(points, false);
    case Curve::monotone_y:
        return monotone(points, true);
    case Curve::natural:
        return natural(points);
    case Curve::cardinal:
        return cardinal(points);
    case Curve::catmull_rom:
        return catmull_rom(points);
    case Curve::bump_x:
        return bump(points, true);
    case Curve::bump_y:
        return bump(points, false);
    case Curve::rounded:
        return rounded(points);
    }
    return linear(points);
}

} // namespace merrow::scene
