#include "merrow/render/svg_writer.hpp"

#include "detail/cairo_module.hpp"
#include "detail/paint.hpp"
#include "detail/text.hpp"
#include "merrow/model/link.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace merrow::render {

namespace {

using scene::Color;
using scene::Group;
using scene::Item;
using scene::Scene;
using scene::Shape;
using scene::TextRun;

// Past this, coordinates are meaningless to every viewer; clamping keeps numbers short.
constexpr double max_magnitude = 1e12;

void append_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out.push_back('0');
        return;
    }
    value = std::clamp(value, -max_magnitude, max_magnitude);
    // Most numbers take the integer path below, which writes what to_chars would (to_chars on
    // a double costs several times more, and a large diagram writes tens of thousands of them).
    // Near a rounding tie, or where the product could be off by more than the margin, the
    // exact conversion decides.
    constexpr double fast_limit = 1e7;
    constexpr double tie_margin = 1e-3;
    if (std::abs(value) < fast_limit) {
        const double scaled = std::abs(value) * 1000;
        const double whole = std::floor(scaled);
        const double fraction = scaled - whole;
        if (std::abs(fraction - 0.5) > tie_margin) {
            const auto thousandths = static_cast<std::uint64_t>(whole) + (fraction > 0.5 ? 1U : 0U);
            if (thousandths == 0) {
                out.push_back('0');
                return;
            }
            std::array<char, 24> digits{};
            if (value < 0) {
                out.push_back('-');
            }
            auto end =
                std::to_chars(digits.data(), digits.data() + digits.size(), thousandths / 1000).ptr;
            out.append(digits.data(), end);
            auto rest = static_cast<unsigned>(thousandths % 1000);
            if (rest != 0) {
                out.push_back('.');
                for (unsigned place = 100; rest != 0; place /= 10) {
                    out.push_back(static_cast<char>('0' + rest / place));
                    rest %= place;
                }
            }
            return;
        }
    }
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                      std::chars_format::fixed, 3);
    std::string_view text(buffer.data(), static_cast<std::size_t>(result.ptr - buffer.data()));
    while (text.back() == '0') {
        text.remove_suffix(1);
    }
    if (text.back() == '.') {
        text.remove_suffix(1);
    }
    if (text == "-0") {
        text = "0";
    }
    out.append(text);
}

enum class EscapeFor : std::uint8_t { text, attribute };

// Escapes all five XML specials everywhere; in attributes also the whitespace characters that
// attribute normalisation would otherwise turn into spaces.
void append_escaped(std::string& out, std::string_view value, EscapeFor context) {
    detail::for_each_code_point(value, [&](char32_t cp) {
        switch (cp) {
        case '&':
            out += "&amp;";
            return;
        case '<':
            out += "&lt;";
            return;
        case '>':
            out += "&gt;";
            return;
        case '"':
            out += "&quot;";
            return;
        case '\'':
            out += "&apos;";
            return;
        case '\r':
            out += "&#13;";
            return;
        case '\n':
            out += context == EscapeFor::attribute ? "&#10;" : "\n";
            return;
        case '\t':
            out += context == EscapeFor::attribute ? "&#9;" : "\t";
            return;
        default:
            if (detail::is_xml_char(cp)) {
                detail::append_utf8(out, cp);
            }
        }
    });
}

std::string hex_rgb(const Color& color) {
    static constexpr std::string_view digits = "0123456789abcdef";
    std::string out = "#";
    for (std::uint8_t channel : {color.r, color.g, color.b}) {
        out.push_back(digits[channel >> 4]);
        out.push_back(digits[channel & 0xF]);
    }
    return out;
}

bool is_default_family(std::string_view family) {
    while (!family.empty() && (family.front() == ' ' || family.front() == '\t')) {
        family.remove_prefix(1);
    }
    while (!family.empty() && (family.back() == ' ' || family.back() == '\t')) {
        family.remove_suffix(1);
    }
    if (family.size() >= 2 && (family.front() == '"' || family.front() == '\'') &&
        family.back() == family.front()) {
        family = family.substr(1, family.size() - 2);
    }
    constexpr std::string_view arial = "arial";
    if (family.size() != arial.size()) {
        return false;
    }
    for (std::size_t i = 0; i < arial.size(); ++i) {
        const char c = family[i];
        if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != arial[i]) {
            return false;
        }
    }
    return true;
}

// Whether SVG's default whitespace handling would change the text: leading or trailing spaces,
// or runs of them, collapse unless preserved.
bool needs_preserve(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    return text.front() == ' ' || text.back() == ' ' || text.find("  ") != std::string_view::npos;
}

// The scene holds vetted links already; checking again here keeps the guarantee in the one
// place that writes markup, whoever builds the scene.
std::optional<std::string> link_of(const Group& g) {
    return g.link.empty() ? std::nullopt : model::safe_link(g.link);
}

bool has_link(const std::vector<Item>& items) {
    for (const Item& item : items) {
        if (item.kind == Item::Kind::group && (link_of(item.group) || has_link(item.group.items))) {
            return true;
        }
    }
    return false;
}

bool is_window_name(std::string_view target) {
    return target == "_self" || target == "_blank" || target == "_parent" || target == "_top";
}

// A font-family list as an attribute value is CSS: only names, commas, spaces and quotes may
// reach it (style parsing refuses the rest; theme variables and configuration may still hold
// anything).
bool is_plain_family_list(std::string_view family) {
    return !family.empty() && std::all_of(family.begin(), family.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
               c == ' ' || c == ',' || c == '-' || c == '_' || c == '\'' || c == '"' || c == '.' ||
               u >= 0x80;
    });
}

// The root id is used as `#id` in the style sheet.
bool is_css_identifier(std::string_view id) {
    return !id.empty() && !(id.front() >= '0' && id.front() <= '9') && id.front() != '-' &&
           std::all_of(id.begin(), id.end(), [](char c) {
               const auto u = static_cast<unsigned char>(c);
               return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                      c == '-' || c == '_';
           });
}

// A selector from the command line or site settings goes into the style sheet as written, so
// it must not be able to end its rule or the sheet, or pull anything in.
bool is_plain_selector(std::string_view selector) {
    return selector.find_first_of("{};<&@\\") == std::string_view::npos &&
           selector.find("/*") == std::string_view::npos &&
           std::none_of(selector.begin(), selector.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

class SvgWriter {
  public:
    explicit SvgWriter(const SvgOptions& options) : options_(options) {}

    std::string write(const Scene& scene);

  private:
    void attribute(std::string_view name, std::string_view value) {
        out_ += ' ';
        out_ += name;
        out_ += "=\"";
        append_escaped(out_, value, EscapeFor::attribute);
        out_ += '"';
    }

    void number_attribute(std::string_view name, double value) {
        out_ += ' ';
        out_ += name;
        out_ += "=\"";
        append_number(out_, value);
        out_ += '"';
    }

    void color_attributes(std::string_view name, std::string_view opacity_name,
                          const Color& color) {
        attribute(name, hex_rgb(color));
        if (color.a != 255) {
            number_attribute(opacity_name, color.a / 255.0);
        }
    }

    /// A colour as attributes; with a dark palette, a themed colour also gets a declaration
    /// reading its custom property, which viewers without custom properties ignore (so they
    /// draw the attribute, the light colour).
    void paint_attributes(std::string_view name, std::string_view opacity_name, const Color& color,
                          scene::ColorRole role) {
        color_attributes(name, opacity_name, color);
        if (!dark_ || role == scene::ColorRole::none) {
            return;
        }
        const std::string var = variable(role);
        declarations_ += std::string(name) + ":var(" + var + ");";
        if (translucent(role)) {
            declarations_ += std::string(opacity_name) + ":var(" + var + "-opacity);";
        }
    }

    /// Closes the element's attributes with the collected declarations, if any.
    void flush_declarations() {
        if (!declarations_.empty()) {
            declarations_.pop_back(); // the last ';'
            attribute("style", declarations_);
            declarations_.clear();
        }
    }

    static std::string variable(scene::ColorRole role) {
        return "--merrow-" + std::string(scene::role_name(role));
    }

    bool translucent(scene::ColorRole role) const {
        return (palette_[role].a != 255) || (dark_ && (*dark_)[role].a != 255);
    }

    void style_sheet(const scene::Scene& scene);
    void palette_rules(const scene::Palette& palette);

    std::string prefixed(std::string_view id) const {
        std::string out = options_.id_prefix;
        if (!out.empty()) {
            out += '-';
        }
        out += id;
        return out;
    }

    void text_element(std::string_view tag, std::string_view id, std::string_view content) {
        out_ += '<';
        out_ += tag;
        if (!id.empty()) {
            attribute("id", id);
        }
        out_ += '>';
        append_escaped(out_, content, EscapeFor::text);
        out_ += "</";
        out_ += tag;
        out_ += ">\n";
    }

    void items(const std::vector<Item>& list);
    void shape(const Shape& s);
    void text(const TextRun& run);
    void group(const Group& g);
    void path_data(const scene::Path& path);

    const SvgOptions& options_;
    std::string out_;
    std::string declarations_;
    scene::Palette palette_;
    std::optional<scene::Palette> dark_;
};

void SvgWriter::path_data(const scene::Path& path) {
    for (const scene::PathSegment& segment : path.segments()) {
        switch (segment.op) {
        case scene::PathSegment::Op::move:
        case scene::PathSegment::Op::line:
            out_ += segment.op == scene::PathSegment::Op::move ? 'M' : 'L';
            append_number(out_, segment.p1.x);
            out_ += ' ';
            append_number(out_, segment.p1.y);
            break;
        case scene::PathSegment::Op::cubic:
            out_ += 'C';
            for (const scene::Point* p : {&segment.p1, &segment.p2, &segment.p3}) {
                if (p != &segment.p1) {
                    out_ += ' ';
                }
                append_number(out_, p->x);
                out_ += ' ';
                append_number(out_, p->y);
            }
            break;
        case scene::PathSegment::Op::close:
            out_ += 'Z';
            break;
        }
    }
}

void SvgWriter::shape(const Shape& s) {
    if (s.path.empty() || (!s.fill && !detail::visible_stroke(s.stroke))) {
        return;
    }
    out_ += "<path d=\"";
    path_data(s.path);
    out_ += '"';
    if (s.fill) {
        paint_attributes("fill", "fill-opacity", *s.fill, s.fill_role);
    } else {
        attribute("fill", "none");
    }
    if (detail::visible_stroke(s.stroke)) {
        const scene::Stroke& stroke = *s.stroke;
        paint_attributes("stroke", "stroke-opacity", stroke.color, stroke.role);
        number_attribute("stroke-width", stroke.width);
        if (!stroke.dash.empty() && detail::usable_dash(stroke.dash)) {
            std::string dash;
            for (double d : stroke.dash) {
                if (!dash.empty()) {
                    dash += ',';
                }
                append_number(dash, d);
            }
            attribute("stroke-dasharray", dash);
        }
        if (stroke.cap == scene::LineCap::round) {
            attribute("stroke-linecap", "round");
        } else if (stroke.cap == scene::LineCap::square) {
            attribute("stroke-linecap", "square");
        }
        if (stroke.join == scene::LineJoin::round) {
            attribute("stroke-linejoin", "round");
        } else if (stroke.join == scene::LineJoin::bevel) {
            attribute("stroke-linejoin", "bevel");
        }
    }
    if (const double opacity = detail::unit_interval(s.opacity); opacity < 1) {
        number_attribute("opacity", opacity);
    }
    flush_declarations();
    out_ += "/>\n";
}

void SvgWriter::text(const TextRun& run) {
    const std::string content = detail::normalize_line(run.text);
    if (content.empty()) {
        return;
    }
    if (options_.text == SvgText::paths) {
        // Outlines through Pango and Cairo (the Cairo module): exactly the glyphs the PNG shows,
        // no font needed.
        const scene::Path outline = detail::text_outline(run);
        if (outline.empty()) {
            return;
        }
        out_ += "<path d=\"";
        path_data(outline);
        out_ += '"';
        paint_attributes("fill", "fill-opacity", run.color, run.color_role);
        attribute("aria-label", content);
        flush_declarations();
        out_ += "/>\n";
        return;
    }
    out_ += "<text";
    number_attribute("x", run.origin.x);
    number_attribute("y", run.origin.y);
    switch (run.anchor) {
    case scene::TextAnchor::start:
        attribute("text-anchor", "start");
        break;
    case scene::TextAnchor::middle:
        attribute("text-anchor", "middle");
        break;
    case scene::TextAnchor::end:
        attribute("text-anchor", "end");
        break;
    }
    attribute("font-family",
              is_default_family(run.font.family) || !is_plain_family_list(run.font.family)
                  ? options_.font_family
                  : run.font.family);
    number_attribute("font-size", run.font.size);
    if (run.font.bold) {
        attribute("font-weight", "bold");
    }
    if (run.font.italic) {
        attribute("font-style", "italic");
    }
    paint_attributes("fill", "fill-opacity", run.color, run.color_role);
    if (needs_preserve(content)) {
        attribute("xml:space", "preserve");
    }
    flush_declarations();
    out_ += '>';
    // Styled ranges become tspans; they index the text as given, so they are used only when
    // normalising left its bytes alone.
    if (run.styles.empty() || content.size() != run.text.size()) {
        append_escaped(out_, content, EscapeFor::text);
    } else {
        std::size_t at = 0;
        for (const layout::TextStyleRun& style : run.styles) {
            const std::size_t start = std::min(style.start, content.size());
            const std::size_t end = std::min(content.size(), style.start + style.length);
            if (start < at || start >= end) {
                continue;
            }
            append_escaped(out_, std::string_view(content).substr(at, start - at), EscapeFor::text);
            out_ += "<tspan";
            if (style.bold && !run.font.bold) {
                attribute("font-weight", "bold");
            }
            if (style.italic && !run.font.italic) {
                attribute("font-style", "italic");
            }
            out_ += '>';
            append_escaped(out_, std::string_view(content).substr(start, end - start),
                           EscapeFor::text);
            out_ += "</tspan>";
            at = end;
        }
        append_escaped(out_, std::string_view(content).substr(at), EscapeFor::text);
    }
    out_ += "</text>\n";
}

void SvgWriter::group(const Group& g) {
    const std::optional<std::string> link = link_of(g);
    const bool linked = link.has_value();
    if (linked) {
        out_ += "<a";
        attribute("href", *link);
        attribute("xlink:href", *link);
        if (is_window_name(g.link_target)) {
            attribute("target", g.link_target);
        }
        attribute("rel", "noopener noreferrer");
        out_ += ">\n";
    }
    out_ += "<g";
    if (!g.id.empty()) {
        attribute("id", prefixed(g.id));
    }
    if (!g.css_class.empty()) {
        attribute("class", g.css_class);
    }
    out_ += ">\n";
    if (!g.tooltip.empty()) {
        text_element("title", {}, g.tooltip);
    }
    items(g.items);
    out_ += "</g>\n";
    if (linked) {
        out_ += "</a>\n";
    }
}

void SvgWriter::items(const std::vector<Item>& list) {
    for (const Item& item : list) {
        switch (item.kind) {
        case Item::Kind::shape:
            shape(item.shape);
            break;
        case Item::Kind::text:
            text(item.text);
            break;
        case Item::Kind::group:
            group(item.group);
            break;
        }
    }
}

void SvgWriter::palette_rules(const scene::Palette& palette) {
    for (std::size_t i = 1; i < scene::color_role_count; ++i) {
        const auto role = static_cast<scene::ColorRole>(i);
        const Color& c = palette[role];
        out_ += variable(role) + ':' + hex_rgb(c) + ';';
        if (translucent(role)) {
            out_ += variable(role) + "-opacity:";
            append_number(out_, c.a / 255.0);
            out_ += ';';
        }
    }
}

// Every rule is scoped to this diagram's root id, so nothing leaks into a page that inlines
// several diagrams.
void SvgWriter::style_sheet(const scene::Scene& scene) {
    if (!dark_ || !is_css_identifier(options_.id_prefix)) {
        return;
    }
    const std::string root = '#' + options_.id_prefix;
    out_ += "<style>\n";
    out_ += root + '{';
    palette_rules(scene.palette);
    out_ += "}\n@media (prefers-color-scheme: dark){" + root + '{';
    palette_rules(*dark_);
    out_ += "}}\n";
    if (!options_.dark_selector.empty() && is_plain_selector(options_.dark_selector)) {
        out_ += options_.dark_selector + ' ' + root + ',' + root + options_.dark_selector + '{';
        palette_rules(*dark_);
        out_ += "}\n";
    }
    if (!options_.light_selector.empty() && is_plain_selector(options_.light_selector)) {
        out_ += options_.light_selector + ' ' + root + ',' + root + options_.light_selector + '{';
        palette_rules(scene.palette);
        out_ += "}\n";
    }
    out_ += "</style>\n";
}

std::string SvgWriter::write(const Scene& scene) {
    out_.clear();
    palette_ = scene.palette;
    dark_ = scene.dark_palette;
    if (options_.xml_declaration) {
        out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    }
    const bool links = has_link(scene.items);
    const std::string title_id = prefixed("title");
    const std::string desc_id = prefixed("desc");
    out_ += "<svg";
    attribute("xmlns", "http://www.w3.org/2000/svg");
    if (links) {
        attribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
    }
    if (!options_.id_prefix.empty()) {
        attribute("id", options_.id_prefix);
    }
    number_attribute("width", scene.width);
    number_attribute("height", scene.height);
    std::string view_box = "0 0 ";
    append_number(view_box, scene.width);
    view_box += ' ';
    append_number(view_box, scene.height);
    attribute("viewBox", view_box);
    // role="img" would hide links from assistive technology; a document keeps them reachable.
    attribute("role", links ? "graphics-document document" : "img");
    attribute("aria-roledescription", "flowchart");
    if (!scene.title.empty()) {
        attribute("aria-labelledby", title_id);
    }
    if (!scene.description.empty()) {
        attribute("aria-describedby", desc_id);
    }
    out_ += ">\n";
    if (!scene.title.empty()) {
        text_element("title", title_id, scene.title);
    }
    if (!scene.description.empty()) {
        text_element("desc", desc_id, scene.description);
    }
    style_sheet(scene);
    if (scene.background) {
        out_ += "<rect";
        number_attribute("width", scene.width);
        number_attribute("height", scene.height);
        paint_attributes("fill", "fill-opacity", *scene.background, scene.background_role);
        flush_declarations();
        out_ += "/>\n";
    }
    items(scene.items);
    out_ += "</svg>\n";
    return std::move(out_);
}

} // namespace

void write_svg(const scene::Scene& scene, std::ostream& out, const SvgOptions& options) {
    const std::string document = SvgWriter(options).write(scene);
    out.write(document.data(), static_cast<std::streamsize>(document.size()));
}

} // namespace merrow::render
