// merrow's SVGs in real viewers: headless Chromium (through tests/tools/chromium.py) and librsvg
// (rsvg-convert). Text widths must agree with what merrow measured, both viewers must draw the
// same picture, and a light/dark SVG must follow the colour scheme. scripts/setup.sh installs
// chromium and librsvg2-bin.
#include "merrow/layout/flowchart_layout.hpp"
#include "merrow/parser/parse.hpp"
#include "merrow/render/pango_measurer.hpp"
#include "merrow/render/svg_writer.hpp"
#include "merrow/scene/build.hpp"
#include "merrow/scene/theme.hpp"
#include "process.hpp"

#include <algorithm>
#include <cairo.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace merrow;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = MERROW_SOURCE_DIR;
const fs::path samples = source_dir / "samples";

fs::path work_dir() {
    const fs::path dir =
        fs::temp_directory_path() / ("merrow-browser-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}

struct Document {
    std::string name;
    std::string svg;
    std::vector<scene::TextRun> runs; ///< in document order
};

void collect_runs(const std::vector<scene::Item>& items, std::vector<scene::TextRun>& out) {
    for (const scene::Item& item : items) {
        if (item.kind == scene::Item::Kind::text) {
            out.push_back(item.text);
        } else if (item.kind == scene::Item::Kind::group) {
            collect_runs(item.group.items, out);
        }
    }
}

// The pipeline's steps, keeping the scene so that each <text> can be matched with the width
// merrow measured for it.
Document render_document(const std::string& name, const std::string& source,
                         const std::string& dark_theme = {}, bool text_paths = false) {
    const parser::ParseResult parsed = parser::parse(source, {});
    INFO(name);
    REQUIRE(parsed.diagram);
    const model::Diagram& diagram = *parsed.diagram;
    REQUIRE(diagram.flowchart() != nullptr);
    render::PangoTextMeasurer measurer;
    const scene::Theme theme = scene::resolve_theme(diagram.config);
    layout::FlowchartLayoutOptions options;
    options.font = theme.font;
    options.wrapping_width = diagram.config.flowchart.wrapping_width;
    options.node_padding = diagram.config.flowchart.padding;
    const auto laid_out = layout::layout_flowchart(*diagram.flowchart(), options, measurer);
    scene::SceneOptions scene_options;
    if (!dark_theme.empty()) {
        scene_options.dark_theme = scene::resolve_theme(dark_theme, diagram.config);
    }
    const scene::Scene drawing =
        scene::build_flowchart_scene(diagram, laid_out, theme, scene_options);
    Document doc;
    doc.name = name;
    collect_runs(drawing.items, doc.runs);
    std::ostringstream out;
    render::SvgOptions svg;
    svg.id_prefix = "d-" + name;
    svg.text = text_paths ? render::SvgText::paths : render::SvgText::text;
    render::write_svg(drawing, out, svg);
    doc.svg = std::move(out).str();
    return doc;
}

std::vector<Document> sample_documents() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(samples)) {
        if (entry.path().extension() == ".mmd") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<Document> docs;
    for (const fs::path& f : files) {
        docs.push_back(render_document(f.stem().string(), test::slurp(f)));
    }
    return docs;
}

// Labels of every kind that blogs put in diagrams: short, long and wrapped, punctuation,
// digits, capitals, markdown emphasis, escapes.
std::string label_corpus() {
    const std::vector<std::string> labels{
        "A",
        "ok",
        "Start",
        "Read from NVMe",
        "Is the cache warm?",
        "WWW MMM iii lll",
        "1234567890 + 0.5 = x",
        "user@example.com / path/to/file.txt",
        "(parenthesised) [bracketed] {braced}",
        "A rather long label that has to wrap onto a second line at the wrapping width",
        "Ünïcödé àccents çà et là",
        "Quotes #quot;inside#quot; and #amp; ampersands",
        "`**Bold** and *italic* and ***both***`",
        "`plain **bold with spaces** tail`",
        "CamelCaseIdentifierWithoutSpaces",
        "snake_case_name_here",
        "line one<br>line two",
    };
    std::string out = "flowchart TD\n";
    for (std::size_t i = 0; i < labels.size(); ++i) {
        out += "    n" + std::to_string(i) + "[\"" + labels[i] + "\"]";
        if (i > 0) {
            out += " --> |e" + std::to_string(i) + " label| n" + std::to_string(i - 1);
        }
        out += '\n';
    }
    return out;
}

struct Job {
    fs::path svg;
    std::string scheme = "light";
    std::string root_class;
    bool texts = false;
    std::vector<std::pair<std::string, std::string>> styles;
    fs::path screenshot;
};

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + '"';
}

// Runs chromium.py over `jobs`; returns the results file's text (a JSON array).
std::string run_chromium(const std::vector<Job>& jobs) {
    const fs::path dir = work_dir();
    std::string json = "[";
    for (const Job& job : jobs) {
        json += json.size() > 1 ? ",\n" : "\n";
        json += "{\"svg\": " + quoted(job.svg.string()) + ", \"scheme\": " + quoted(job.scheme);
        if (!job.root_class.empty()) {
            json += ", \"root_class\": " + quoted(job.root_class);
        }
        if (job.texts) {
            json += ", \"texts\": true";
        }
        if (!job.styles.empty()) {
            json += ", \"styles\": [";
            for (std::size_t i = 0; i < job.styles.size(); ++i) {
                json += (i ? ", [" : "[") + quoted(job.styles[i].first) + ", " +
                        quoted(job.styles[i].second) + "]";
            }
            json += "]";
        }
        if (!job.screenshot.empty()) {
            json += ", \"screenshot\": " + quoted(job.screenshot.string());
        }
        json += "}";
    }
    json += "\n]\n";
    const fs::path jobs_file = dir / "jobs.json";
    const fs::path results_file = dir / "results.json";
    std::ofstream(jobs_file) << json;
    const std::string command = "python3 '" + (source_dir / "tests/tools/chromium.py").string() +
                                "' '" + jobs_file.string() + "' '" + results_file.string() + "'";
    const int status = std::system(command.c_str());
    INFO("chromium.py failed: is Chromium installed? (scripts/setup.sh test installs it)");
    REQUIRE(status == 0);
    return test::slurp(results_file);
}

struct BrowserText {
    std::string text;
    double bbox_width = 0; ///< getBBox().width
    double advance = 0;    ///< getComputedTextLength()
};

// Just enough JSON reading for chromium.py's results: each text's "text", "width" and
// "length" in order, and the string values of "styles" arrays.
std::vector<BrowserText> text_widths(const std::string& json, std::size_t job) {
    std::size_t at = 0;
    for (std::size_t j = 0; j <= job; ++j) {
        at = json.find("\"texts\":", at + 1);
    }
    const std::size_t end = json.find("\"styles\":", at);
    std::vector<BrowserText> out;
    while (true) {
        const std::size_t t = json.find("\"text\": \"", at);
        if (t == std::string::npos || t > end) {
            break;
        }
        std::string text;
        std::size_t i = t + 9;
        for (; json[i] != '"'; ++i) {
            if (json[i] == '\\') {
                ++i;
                if (json[i] == 'u') {
                    // \uXXXX: keep the code point as UTF-8.
                    const auto cp =
                        static_cast<char32_t>(std::stoul(json.substr(i + 1, 4), nullptr, 16));
                    if (cp < 0x80) {
                        text += static_cast<char>(cp);
                    } else if (cp < 0x800) {
                        text += static_cast<char>(0xC0 | (cp >> 6U));
                        text += static_cast<char>(0x80 | (cp & 0x3FU));
                    } else {
                        text += static_cast<char>(0xE0 | (cp >> 12U));
                        text += static_cast<char>(0x80 | ((cp >> 6U) & 0x3FU));
                        text += static_cast<char>(0x80 | (cp & 0x3FU));
                    }
                    i += 4;
                    continue;
                }
            }
            text += json[i];
        }
        const std::size_t w = json.find("\"width\": ", i);
        const std::size_t l = json.find("\"length\": ", i);
        out.push_back({text, std::strtod(json.c_str() + w + 9, nullptr),
                       std::strtod(json.c_str() + l + 10, nullptr)});
        at = std::max(w, l);
    }
    return out;
}

std::vector<std::string> style_values(const std::string& json, std::size_t job) {
    std::size_t at = 0;
    for (std::size_t j = 0; j <= job; ++j) {
        at = json.find("\"styles\":", at + 1);
    }
    std::vector<std::string> out;
    const std::size_t open = json.find('[', at);
    const std::size_t close = json.find(']', open);
    for (std::size_t i = json.find('"', open); i != std::string::npos && i < close;
         i = json.find('"', i + 1)) {
        const std::size_t e = json.find('"', i + 1);
        out.push_back(json.substr(i + 1, e - i - 1));
        i = e;
    }
    return out;
}

struct Image {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
        nullptr, cairo_surface_destroy};
    int width = 0;
    int height = 0;

    // Channel c (0 B, 1 G, 2 R, 3 A) of pixel (x, y), composited over white.
    double at(int x, int y, int c) const {
        const unsigned char* data = cairo_image_surface_get_data(surface.get());
        const int stride = cairo_image_surface_get_stride(surface.get());
        const unsigned char* p = data + y * stride + 4 * x;
        const double alpha = p[3] / 255.0;
        return c == 3 ? 255 : p[c] + 255 * (1 - alpha); // premultiplied
    }
};

Image load_png(const fs::path& p) {
    Image img;
    img.surface.reset(cairo_image_surface_create_from_png(p.c_str()));
    REQUIRE(cairo_surface_status(img.surface.get()) == CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(img.surface.get());
    img.width = cairo_image_surface_get_width(img.surface.get());
    img.height = cairo_image_surface_get_height(img.surface.get());
    return img;
}

struct Difference {
    double differing_fraction = 0; ///< pixels that differ by more than the tolerance, blurred
    double mean_abs = 0;           ///< mean absolute channel difference, 0–255
    int width = 0;
    int height = 0;
};

// Compares two renderings after a 3×3 box blur, which forgives the one-pixel placement
// differences of antialiased edges and glyphs between two rasterisers but not a missing,
// moved or recoloured element.
Difference compare(const Image& a, const Image& b, double tolerance) {
    Difference d;
    d.width = std::min(a.width, b.width);
    d.height = std::min(a.height, b.height);
    const auto blurred = [](const Image& img, int x, int y, int c) {
        double sum = 0;
        int n = 0;
        for (int dy = -1; dy <= 1; ++dy) {
            for (int dx = -1; dx <= 1; ++dx) {
                const int xx = std::clamp(x + dx, 0, img.width - 1);
                const int yy = std::clamp(y + dy, 0, img.height - 1);
                sum += img.at(xx, yy, c);
                ++n;
            }
        }
        return sum / n;
    };
    std::size_t differing = 0;
    double total = 0;
    for (int y = 0; y < d.height; ++y) {
        for (int x = 0; x < d.width; ++x) {
            double worst = 0;
            for (int c = 0; c < 3; ++c) {
                const double diff = std::abs(blurred(a, x, y, c) - blurred(b, x, y, c));
                worst = std::max(worst, diff);
                total += std::abs(a.at(x, y, c) - b.at(x, y, c));
            }
            differing += worst > tolerance ? 1 : 0;
        }
    }
    const double pixels = static_cast<double>(d.width) * d.height;
    d.differing_fraction = static_cast<double>(differing) / pixels;
    d.mean_abs = total / (3 * pixels);
    return d;
}

} // namespace

TEST_CASE("Chromium draws every label as wide as merrow measured it", "[browser]") {
    std::vector<Document> docs = sample_documents();
    docs.push_back(render_document("labels", label_corpus()));
    const fs::path dir = work_dir();
    std::vector<Job> jobs;
    for (const Document& doc : docs) {
        Job job;
        job.svg = dir / (doc.name + ".svg");
        std::ofstream(job.svg, std::ios::binary) << doc.svg;
        job.texts = true;
        jobs.push_back(job);
    }
    const std::string results = run_chromium(jobs);
    std::vector<double> bbox_errors;      // every label
    std::vector<double> long_bbox_errors; // labels of 40 px and more
    std::vector<double> advance_errors;
    std::string worst;
    double worst_error = 0;
    double worst_absolute = 0;
    for (std::size_t j = 0; j < docs.size(); ++j) {
        const Document& doc = docs[j];
        const auto browser = text_widths(results, j);
        INFO(doc.name);
        REQUIRE(browser.size() == doc.runs.size());
        for (std::size_t i = 0; i < browser.size(); ++i) {
            const scene::TextRun& run = doc.runs[i];
            CHECK(browser[i].text == run.text);
            if (run.width <= 0 || run.font.family != "Arial") {
                continue;
            }
            const double absolute = std::abs(browser[i].bbox_width - run.width);
            const double error = absolute / run.width;
            if (error > worst_error) {
                worst_error = error;
                worst = doc.name + ": \"" + run.text + "\" getBBox " +
                        std::to_string(browser[i].bbox_width) + " px, merrow " +
                        std::to_string(run.width) + " px";
            }
            worst_absolute = std::max(worst_absolute, absolute);
            bbox_errors.push_back(error);
            if (run.width >= 40) {
                long_bbox_errors.push_back(error);
            }
            advance_errors.push_back(std::abs(browser[i].advance - run.width) / run.width);
        }
    }
    REQUIRE(bbox_errors.size() > 100);
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    const auto max = [](const std::vector<double>& v) {
        return *std::max_element(v.begin(), v.end());
    };
    WARN(bbox_errors.size() << " labels. getBBox width vs merrow: median "
                            << median(bbox_errors) * 100 << " %, max " << max(bbox_errors) * 100
                            << " % (" << worst << "), max " << worst_absolute << " px; labels "
                            << "of 40 px and more: max " << max(long_bbox_errors) * 100
                            << " %. Advance (getComputedTextLength) vs merrow: median "
                            << median(advance_errors) * 100 << " %, max "
                            << max(advance_errors) * 100 << " %.");
    // Chromium's getBBox() rounds each glyph's ink box out to whole pixels, so the box of a
    // text can exceed its advance by up to 1 px: 2 % of a 50 px label, 9 % of an "A". Every
    // label is within 2 % or 1.1 px, and every label the size of a word or more within 2 %.
    CHECK(worst_absolute <= 1.1);
    CHECK(max(long_bbox_errors) <= 0.02);
    // The advance, which is what layout reserves room for, agrees to a hundredth of a pixel.
    CHECK(max(advance_errors) <= 0.002);
}

TEST_CASE("Chromium and librsvg draw the same picture", "[browser]") {
    std::vector<Document> docs = sample_documents();
    docs.push_back(render_document("labels", label_corpus()));
    docs.push_back(
        render_document("gallery-light-dark", test::slurp(samples / "gallery.mmd"), "dark"));
    docs.push_back(
        render_document("gallery-paths", test::slurp(samples / "gallery.mmd"), {}, true));
    const fs::path dir = work_dir();
    std::vector<Job> jobs;
    for (const Document& doc : docs) {
        Job job;
        job.svg = dir / (doc.name + ".svg");
        std::ofstream(job.svg, std::ios::binary) << doc.svg;
        job.screenshot = dir / (doc.name + ".chromium.png");
        jobs.push_back(job);
    }
    run_chromium(jobs);
    for (const Job& job : jobs) {
        const fs::path rsvg = fs::path(job.svg).replace_extension(".rsvg.png");
        const std::string command =
            "rsvg-convert '" + job.svg.string() + "' -o '" + rsvg.string() + "'";
        INFO("rsvg-convert failed: is librsvg2-bin installed? (scripts/setup.sh test)");
        REQUIRE(std::system(command.c_str()) == 0);
        const Image chromium = load_png(job.screenshot);
        const Image librsvg = load_png(rsvg);
        INFO(job.svg.filename().string()
             << ": Chromium " << chromium.width << "x" << chromium.height << ", librsvg "
             << librsvg.width << "x" << librsvg.height << "; images in " << dir.string());
        CHECK(std::abs(chromium.width - librsvg.width) <= 1);
        CHECK(std::abs(chromium.height - librsvg.height) <= 1);
        const Difference d = compare(chromium, librsvg, 48);
        WARN(job.svg.filename().string()
             << ": " << d.differing_fraction * 100 << " % of pixels differ after a 3x3 blur; "
             << "mean channel difference " << d.mean_abs);
        CHECK(d.differing_fraction < 0.002);
        CHECK(d.mean_abs < 2.0);
    }
}

TEST_CASE("one SVG follows the colour scheme: light by default, dark when asked", "[browser]") {
    const Document doc = render_document("scheme", test::slurp(samples / "gallery.mmd"), "dark");
    const fs::path dir = work_dir();
    const fs::path svg = dir / "scheme.svg";
    std::ofstream(svg, std::ios::binary) << doc.svg;
    // The background, a node's outline (Rectangle has no style of its own), an edge, a label.
    const std::vector<std::pair<std::string, std::string>> probes{
        {"svg > rect", "fill"},
        {"#d-scheme-node-rect path", "fill"},
        {"#d-scheme-node-rect path", "stroke"},
        {"#d-scheme-edge-1 path", "stroke"},
        {"#d-scheme-node-rect text", "fill"},
    };
    std::vector<Job> jobs(3);
    for (Job& job : jobs) {
        job.svg = svg;
        job.styles = probes;
    }
    jobs[0].scheme = "light";
    jobs[0].screenshot = dir / "scheme.light.png";
    jobs[1].scheme = "dark";
    jobs[1].screenshot = dir / "scheme.dark.png";
    jobs[2].scheme = "light";
    jobs[2].root_class = "dark"; // a site's own switch: <svg class="dark"> or an ancestor
    const std::string results = run_chromium(jobs);
    const std::vector<std::string> light{"rgb(255, 255, 255)", "rgb(236, 236, 255)",
                                         "rgb(147, 112, 219)", "rgb(51, 51, 51)",
                                         "rgb(51, 51, 51)"};
    const std::vector<std::string> dark{"rgb(51, 51, 51)", "rgb(31, 32, 32)", "rgb(204, 204, 204)",
                                        "rgb(211, 211, 211)", "rgb(204, 204, 204)"};
    CHECK(style_values(results, 0) == light);
    CHECK(style_values(results, 1) == dark);
    CHECK(style_values(results, 2) == dark);
    // And the pixels: the corner shows the page background of each palette.
    const Image light_png = load_png(dir / "scheme.light.png");
    const Image dark_png = load_png(dir / "scheme.dark.png");
    CHECK(light_png.at(2, 2, 2) == 255);
    CHECK(dark_png.at(2, 2, 2) == 51);
}
