#include "merrow/render/measure_cache.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace merrow;
using layout::FontSpec;
using layout::StyledText;
using layout::TextBlock;
using render::CachingTextMeasurer;
namespace fs = std::filesystem;

namespace {

/// The approximate measurer, reporting every non-ASCII byte's character as missing, and
/// counting what it is asked.
class CountingMeasurer final : public layout::TextMeasurer {
  public:
    explicit CountingMeasurer(int& calls) : calls_(calls) {}
    TextBlock measure(std::string_view text, const FontSpec& font,
                      double max_width) const override {
        ++calls_;
        return inner_.measure(text, font, max_width);
    }
    TextBlock measure_styled(const StyledText& text, const FontSpec& font,
                             double max_width) const override {
        ++calls_;
        return inner_.measure_styled(text, font, max_width);
    }
    std::vector<char32_t> missing_characters(std::string_view text,
                                             const FontSpec&) const override {
        ++calls_;
        std::vector<char32_t> out;
        for (const char c : text) {
            if (static_cast<unsigned char>(c) >= 0x80) {
                out.push_back(static_cast<unsigned char>(c));
            }
        }
        return out;
    }

  private:
    layout::ApproximateTextMeasurer inner_;
    int& calls_;
};

struct Fixture {
    test::TempDir dir;
    fs::path file = dir / "text-measures.bin";
    int made = 0;
    int calls = 0;

    CachingTextMeasurer open(const std::string& environment = "env A") {
        return CachingTextMeasurer(
            [this] {
                ++made;
                return std::make_unique<CountingMeasurer>(calls);
            },
            file, environment);
    }
};

void require_same(const TextBlock& a, const TextBlock& b) {
    REQUIRE(a.lines.size() == b.lines.size());
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
        CHECK(a.lines[i].text == b.lines[i].text);
        CHECK(a.lines[i].width == b.lines[i].width);
        CHECK(a.lines[i].styles == b.lines[i].styles);
    }
    CHECK(a.width == b.width);
    CHECK(a.height == b.height);
    CHECK(a.line_height == b.line_height);
    CHECK(a.baseline == b.baseline);
    CHECK(a.font == b.font);
}

const FontSpec bold_14{"Liberation Sans", 14, true, false};
const StyledText styled{"plain **bold** plain", {{6, 8, true, false}}};

/// Asks everything the pipeline asks, and checks the answers against the plain measurer's.
void ask_everything(const layout::TextMeasurer& m) {
    int unused = 0;
    const CountingMeasurer direct(unused);
    require_same(m.measure("Spill / Offload", {}, 0), direct.measure("Spill / Offload", {}, 0));
    require_same(m.measure("a long label that wraps at the width", {}, 80),
                 direct.measure("a long label that wraps at the width", {}, 80));
    require_same(m.measure("Spill / Offload", bold_14, 0),
                 direct.measure("Spill / Offload", bold_14, 0));
    require_same(m.measure_styled(styled, {}, 0), direct.measure_styled(styled, {}, 0));
    require_same(m.measure("two\nlines", {}, 0), direct.measure("two\nlines", {}, 0));
    CHECK(m.missing_characters("caf\xc3\xa9", {}) == direct.missing_characters("caf\xc3\xa9", {}));
    CHECK(m.missing_characters("plain", {}).empty());
}

/// Puts an environment variable back as it was when the scope ends.
class ScopedVariable {
  public:
    explicit ScopedVariable(const char* name) : name_(name) {
        if (const char* value = std::getenv(name)) {
            saved_ = value;
        }
    }
    ScopedVariable(const ScopedVariable&) = delete;
    ScopedVariable& operator=(const ScopedVariable&) = delete;
    ~ScopedVariable() {
        if (saved_) {
            ::setenv(name_, saved_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }

  private:
    const char* name_;
    std::optional<std::string> saved_;
};

} // namespace

TEST_CASE("measure cache: a warm cache answers as the measurer did, without making it") {
    Fixture f;
    {
        const CachingTextMeasurer cold = f.open();
        ask_everything(cold);
        CHECK(cold.made_measurer());
        CHECK(f.calls == 7);
        // Asked again in the same run: remembered.
        ask_everything(cold);
        CHECK(f.calls == 7);
        REQUIRE(cold.save());
    }
    REQUIRE(fs::exists(f.file));
    const CachingTextMeasurer warm = f.open();
    ask_everything(warm);
    CHECK_FALSE(warm.made_measurer());
    CHECK(f.made == 1);
}

TEST_CASE("measure cache: fonts, widths, styles and queries are told apart") {
    Fixture f;
    const CachingTextMeasurer m = f.open();
    const TextBlock plain = m.measure("same text here", {}, 0);
    const TextBlock bigger = m.measure("same text here", {"Arial", 20, false, false}, 0);
    const TextBlock wrapped = m.measure("same text here", {}, 50);
    const TextBlock bold = m.measure_styled({"same text here", {{0, 4, true, false}}}, {}, 0);
    CHECK(f.calls == 4);
    CHECK(bigger.width > plain.width);
    CHECK(wrapped.lines.size() > plain.lines.size());
    CHECK(bold.lines.front().styles.size() == 1);
    CHECK(plain.lines.front().styles.empty());
}

TEST_CASE("measure cache: a file from another environment is not used") {
    Fixture f;
    {
        const CachingTextMeasurer m = f.open("env A");
        ask_everything(m);
        REQUIRE(m.save());
    }
    const CachingTextMeasurer other = f.open("env B");
    ask_everything(other);
    CHECK(other.made_measurer());
    CHECK(f.calls == 14);
}

TEST_CASE("measure cache: a damaged file is ignored, never trusted") {
    Fixture f;
    {
        const CachingTextMeasurer m = f.open();
        ask_everything(m);
        REQUIRE(m.save());
    }
    const std::string good = test::slurp(f.file);
    REQUIRE(good.size() > 100);
    std::vector<std::string> damaged;
    for (std::size_t cut = 0; cut < good.size(); cut += 7) {
        damaged.push_back(good.substr(0, cut));
    }
    for (std::size_t at = 0; at < good.size(); at += 5) {
        std::string flipped = good;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
        damaged.push_back(flipped);
    }
    damaged.push_back(good + "trailing");
    damaged.push_back(std::string(good.size(), '\xff'));
    for (const std::string& bytes : damaged) {
        std::ofstream(f.file, std::ios::binary | std::ios::trunc) << bytes;
        const int calls_before = f.calls;
        const CachingTextMeasurer m = f.open();
        ask_everything(m); // the answers are still the measurer's
        CHECK(f.calls - calls_before == 7);
    }
}

TEST_CASE("measure cache: saving writes only new measurements, and the file stays bounded") {
    Fixture f;
    {
        const CachingTextMeasurer m = f.open();
        ask_everything(m);
        REQUIRE(m.save());
    }
    {
        // Nothing new: the file is not written (here: not recreated).
        fs::remove(f.file);
        const CachingTextMeasurer m = f.open();
        CHECK(m.save());
        CHECK_FALSE(fs::exists(f.file));
    }
    // Enough distinct labels to pass the bound: the file starts over with the latest run's.
    for (int run = 0; run < 3; ++run) {
        const CachingTextMeasurer m = f.open();
        for (int i = 0; i < 4000; ++i) {
            m.measure("label number " + std::to_string(run) + "-" + std::to_string(i), {}, 0);
        }
        REQUIRE(m.save());
        CHECK(fs::file_size(f.file) <= std::size_t{1} << 20);
    }
    const int calls_before = f.calls;
    const CachingTextMeasurer m = f.open();
    m.measure("label number 2-3999", {}, 0);
    CHECK(f.calls == calls_before);
    m.measure("label number 0-0", {}, 0);
    CHECK(f.calls == calls_before + 1);
}

TEST_CASE("measure cache: the environment changes with the fonts, and not otherwise") {
    test::TempDir fonts;
    fs::create_directories(fonts / "truetype/liberation");
    // A day old, so that the changes below give new times whatever the clock's granularity.
    for (const fs::path& dir : {fonts.path(), fonts / "truetype", fonts / "truetype/liberation"}) {
        fs::last_write_time(dir, fs::last_write_time(dir) - std::chrono::hours(24));
    }
    const auto before = render::font_environment({fonts.path()});
    REQUIRE(before);
    CHECK(render::font_environment({fonts.path()}) == before);
    // Also names the binary and the libraries measurement depends on.
    CHECK(before->find("/proc/self/exe") != std::string::npos);
    CHECK(before->find("libpango") != std::string::npos);
    CHECK(before->find("libfontconfig") != std::string::npos);

    // A font added anywhere below: its directory's time changes.
    test::write_file(fonts / "truetype/liberation/New.ttf", "not really a font");
    const auto added = render::font_environment({fonts.path()});
    CHECK(added != before);
    fs::create_directories(fonts / "opentype");
    CHECK(render::font_environment({fonts.path()}) != added);

    // The user's own fontconfig configuration: not followed, so no cache.
    const ScopedVariable fontconfig_file("FONTCONFIG_FILE");
    ::setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf", 1);
    CHECK_FALSE(render::font_environment({fonts.path()}));
}

TEST_CASE("measure cache: where the file is, and how to turn it off") {
    const ScopedVariable cache_dir("MERROW_CACHE_DIR");
    const ScopedVariable xdg("XDG_CACHE_HOME");
    const ScopedVariable home("HOME");
    ::setenv("MERROW_CACHE_DIR", "/somewhere/else", 1);
    CHECK(render::default_measure_cache_file() == fs::path("/somewhere/else/text-measures.bin"));
    ::setenv("MERROW_CACHE_DIR", "", 1);
    CHECK_FALSE(render::default_measure_cache_file());
    ::unsetenv("MERROW_CACHE_DIR");
    ::setenv("XDG_CACHE_HOME", "/xdg", 1);
    CHECK(render::default_measure_cache_file() == fs::path("/xdg/merrow/text-measures.bin"));
    ::unsetenv("XDG_CACHE_HOME");
    ::setenv("HOME", "/home/someone", 1);
    CHECK(render::default_measure_cache_file() ==
          fs::path("/home/someone/.cache/merrow/text-measures.bin"));
    ::unsetenv("HOME");
    CHECK_FALSE(render::default_measure_cache_file());
}
