// Small hand-built scenes shared by the render tests.
#pragma once

#include "merrow/scene/scene.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace merrow::test {

inline scene::Color rgb(std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
    return scene::Color{r, g, b, a};
}

/// Two rounded nodes joined by a curved edge with an arrowhead, and two lines of 16 px text.
inline scene::Scene two_node_scene() {
    using namespace scene;
    Scene s;
    s.width = 240;
    s.height = 200;
    s.background = rgb(255, 255, 255);

    auto node = [](const std::string& id, Rect box, const std::string& label) {
        Group g;
        g.id = id;
        g.css_class = "node";
        Shape body;
        body.path = Path::rectangle(box, 5);
        body.fill = rgb(0xEC, 0xEC, 0xFF);
        body.stroke = Stroke{rgb(0x93, 0x70, 0xDB), 1, {}, LineCap::butt, LineJoin::miter};
        g.items.push_back(Item::of(body));
        TextRun text;
        text.origin = {box.center().x, box.y + box.height / 2 + 5.5};
        text.text = label;
        text.color = rgb(0x33, 0x33, 0x33);
        text.width = 0;
        g.items.push_back(Item::of(text));
        return Item::of(g);
    };
    s.items.push_back(node("A", Rect{20, 10, 200, 54}, "Spill / Offload"));
    s.items.push_back(node("B", Rect{20, 130, 200, 54}, "G2: Host Memory (DRAM)"));

    Group edge;
    edge.id = "L_A_B";
    edge.css_class = "edge";
    Shape line;
    line.path.move_to({120, 64}).cubic_to({120, 90}, {140, 100}, {120, 122});
    line.stroke = Stroke{rgb(0x33, 0x33, 0x33), 1, {}, LineCap::butt, LineJoin::miter};
    edge.items.push_back(Item::of(line));
    Shape head;
    head.path = Path::polygon({{115, 120}, {125, 120}, {120, 130}});
    head.fill = rgb(0x33, 0x33, 0x33);
    edge.items.push_back(Item::of(head));
    s.items.push_back(Item::of(edge));
    return s;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::filesystem::path temp_file(std::string_view name) {
    return std::filesystem::temp_directory_path() /
           ("merrow-test-" + std::to_string(::getpid()) + "-" + std::string(name));
}

} // namespace merrow::test
