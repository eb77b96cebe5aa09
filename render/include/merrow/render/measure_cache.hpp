// Text measurements kept across processes. Most of a one-diagram SVG run used to be starting
// fontconfig, Pango and the fonts to measure labels that an earlier run had measured already;
// with the cache warm, the real measurer is never created.
#pragma once

#include "merrow/layout/text_measurer.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace merrow::render {

/// Everything a measurement depends on besides the text and font asked for: the merrow binary
/// and every library loaded into it (Pango, HarfBuzz, FreeType, fontconfig), each by device,
/// inode, size and modification time; and the font directories under `font_dirs`, each by its
/// modification time, which is how fontconfig itself tells that fonts were added or removed.
/// None when FONTCONFIG_FILE is set: the fonts are then chosen by the user's configuration,
/// which this cannot follow.
std::optional<std::string> font_environment(const std::vector<std::filesystem::path>& font_dirs);

/// font_environment() of the directories merrow's font configuration reads.
std::optional<std::string> font_environment();

/// Where merrow keeps measurements: $MERROW_CACHE_DIR (set but empty: nowhere, caching is
/// off), else $XDG_CACHE_HOME/merrow, else $HOME/.cache/merrow; the file text-measures.bin.
std::optional<std::filesystem::path> default_measure_cache_file();

/// Answers from the cache file when it was written in the same environment, and from a
/// measurer made on first need otherwise; save() adds what was measured. The file is a cache
/// only: missing, unreadable, corrupt or from another environment, it is ignored.
///
/// Not safe for concurrent use, like the measurers it wraps. Processes may share the file:
/// each writes a complete new file and renames it over the old one, so a reader sees one
/// whole file or the other (measurements one process adds may be lost to another's write).
class CachingTextMeasurer final : public layout::TextMeasurer {
  public:
    using Factory = std::function<std::unique_ptr<layout::TextMeasurer>()>;

    CachingTextMeasurer(Factory make_measurer, std::filesystem::path file, std::string environment);
    ~CachingTextMeasurer() override;

    layout::TextBlock measure(std::string_view text, const layout::FontSpec& font,
                              double max_width) const override;
    layout::TextBlock measure_styled(const layout::StyledText& text, const layout::FontSpec& font,
                                     double max_width) const override;
    std::vector<char32_t> missing_characters(std::string_view text,
                                             const layout::FontSpec& font) const override;

    /// Writes the file back when something was measured that it did not hold. The file is
    /// bounded (1 MiB): when it would grow past that, it starts over with this run's
    /// measurements. False when it could not be written (nothing else happens then).
    bool save() const;

    /// Whether the wrapped measurer had to be made (a warm cache never makes it).
    bool made_measurer() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace merrow::render
