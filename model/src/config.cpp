#include "merrow/model/config.hpp"

#include <array>
#include <utility>

namespace merrow::model {

namespace {

constexpr std::array<std::pair<std::string_view, Curve>, 13> curve_names{{
    {"basis", Curve::basis},
    {"linear", Curve::linear},
    {"step", Curve::step},
    {"stepBefore", Curve::step_before},
    {"stepAfter", Curve::step_after},
    {"monotoneX", Curve::monotone_x},
    {"monotoneY", Curve::monotone_y},
    {"natural", Curve::natural},
    {"cardinal", Curve::cardinal},
    {"catmullRom", Curve::catmull_rom},
    {"bumpX", Curve::bump_x},
    {"bumpY", Curve::bump_y},
    {"rounded", Curve::rounded},
}};

} // namespace

std::optional<Curve> parse_curve(std::string_view name) {
    for (const auto& [text, curve] : curve_names) {
        if (text == name) {
            return curve;
        }
    }
    return std::nullopt;
}

std::string_view to_string(Curve curve) {
    for (const auto& [text, c] : curve_names) {
        if (c == curve) {
            return text;
        }
    }
    return "basis";
}

} // namespace merrow::model
