#include "merrow/render/measure_cache.hpp"

#include "detail/pango_setup.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <link.h>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <tuple>
#include <unistd.h>
#include <unordered_map>
#include <utility>

namespace merrow::render {

namespace fs = std::filesystem;

namespace {

// File layout: magic, then three little-endian u64 (environment hash, checksum of the rest,
// entry count), then the entries, each a length-prefixed key and value. Bump the magic's
// digit whenever the encoding of keys or values changes.
constexpr std::string_view magic = "merrow-measures2";
// Past this, a save starts the file over with this run's measurements: every run reads the
// whole file, so it must not grow without end. A label costs about 150 bytes, so this holds
// several thousand, a large blog's worth.
constexpr std::size_t max_file_bytes = std::size_t{1} << 20;

/// FNV-1a over 8-byte words (then the tail bytes): a checksum, not a defence against anyone.
std::uint64_t checksum_of(std::string_view bytes) {
    constexpr std::uint64_t prime = 0x100000001b3ULL;
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes.data() + i, 8);
        hash = (hash ^ word) * prime;
    }
    for (; i < bytes.size(); ++i) {
        hash = (hash ^ static_cast<unsigned char>(bytes[i])) * prime;
    }
    return hash;
}

class Encoder {
  public:
    void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) { fixed(v, 4); }
    void u64(std::uint64_t v) { fixed(v, 8); }
    void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
    void bytes(std::string_view v) {
        u32(static_cast<std::uint32_t>(v.size()));
        out_.append(v);
    }
    void font(const layout::FontSpec& f) {
        bytes(f.family);
        f64(f.size);
        u8(f.bold ? 1 : 0);
        u8(f.italic ? 1 : 0);
    }
    void styles(const std::vector<layout::TextStyleRun>& runs) {
        u32(static_cast<std::uint32_t>(runs.size()));
        for (const layout::TextStyleRun& run : runs) {
            u64(run.start);
            u64(run.length);
            u8(run.bold ? 1 : 0);
            u8(run.italic ? 1 : 0);
        }
    }
    std::string take() { return std::move(out_); }

  private:
    void fixed(std::uint64_t v, int size) {
        for (int i = 0; i < size; ++i) {
            out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
        }
    }
    std::string out_;
};

/// Reads what Encoder wrote; any read past the end sets failed() and yields zeros.
class Decoder {
  public:
    explicit Decoder(std::string_view in) : in_(in) {}
    bool failed() const { return failed_; }
    bool done() const { return pos_ == in_.size(); }
    std::uint8_t u8() { return static_cast<std::uint8_t>(fixed(1)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(fixed(4)); }
    std::uint64_t u64() { return fixed(8); }
    double f64() { return std::bit_cast<double>(u64()); }
    std::string_view bytes() {
        const std::uint32_t size = u32();
        if (failed_ || size > in_.size() - pos_) {
            failed_ = true;
            return {};
        }
        const std::string_view v = in_.substr(pos_, size);
        pos_ += size;
        return v;
    }
    layout::FontSpec font() {
        layout::FontSpec f;
        f.family = std::string(bytes());
        f.size = f64();
        f.bold = u8() != 0;
        f.italic = u8() != 0;
        return f;
    }
    std::vector<layout::TextStyleRun> styles() {
        std::vector<layout::TextStyleRun> runs(count(18));
        for (layout::TextStyleRun& run : runs) {
            run.start = u64();
            run.length = u64();
            run.bold = u8() != 0;
            run.italic = u8() != 0;
        }
        return runs;
    }
    /// A count of items of at least `item_bytes` each, refused when the rest cannot hold them.
    std::size_t count(std::size_t item_bytes) {
        const std::uint32_t n = u32();
        if (failed_ || n > (in_.size() - pos_) / item_bytes) {
            failed_ = true;
            return 0;
        }
        return n;
    }

  private:
    std::uint64_t fixed(std::size_t size) {
        if (failed_ || in_.size() - pos_ < size) {
            failed_ = true;
            return 0;
        }
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < size; ++i) {
            v |= std::uint64_t{static_cast<unsigned char>(in_[pos_ + i])} << (8 * i);
        }
        pos_ += size;
        return v;
    }
    std::string_view in_;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

enum class Query : std::uint8_t { measure = 1, measure_styled = 2, missing_characters = 3 };

std::string key_of(Query query, std::string_view text,
                   const std::vector<layout::TextStyleRun>& styles, const layout::FontSpec& font,
                   double max_width) {
    Encoder e;
    e.u8(static_cast<std::uint8_t>(query));
    e.font(font);
    e.f64(max_width);
    e.bytes(text);
    e.styles(styles);
    return e.take();
}

std::string encode_block(const layout::TextBlock& block) {
    Encoder e;
    e.u32(static_cast<std::uint32_t>(block.lines.size()));
    for (const layout::TextLine& line : block.lines) {
        e.bytes(line.text);
        e.f64(line.width);
        e.styles(line.styles);
    }
    e.f64(block.width);
    e.f64(block.height);
    e.f64(block.line_height);
    e.f64(block.baseline);
    e.font(block.font);
    return e.take();
}

std::optional<layout::TextBlock> decode_block(std::string_view bytes) {
    Decoder d(bytes);
    layout::TextBlock block;
    block.lines.resize(d.count(16));
    for (layout::TextLine& line : block.lines) {
        line.text = std::string(d.bytes());
        line.width = d.f64();
        line.styles = d.styles();
    }
    block.width = d.f64();
    block.height = d.f64();
    block.line_height = d.f64();
    block.baseline = d.f64();
    block.font = d.font();
    if (d.failed() || !d.done()) {
        return std::nullopt;
    }
    return block;
}

std::string encode_characters(const std::vector<char32_t>& characters) {
    Encoder e;
    e.u32(static_cast<std::uint32_t>(characters.size()));
    for (const char32_t c : characters) {
        e.u32(static_cast<std::uint32_t>(c));
    }
    return e.take();
}

std::optional<std::vector<char32_t>> decode_characters(std::string_view bytes) {
    Decoder d(bytes);
    std::vector<char32_t> characters(d.count(4));
    for (char32_t& c : characters) {
        c = static_cast<char32_t>(d.u32());
    }
    if (d.failed() || !d.done()) {
        return std::nullopt;
    }
    return characters;
}

using Entries = std::unordered_map<std::string, std::string>;

/// The cache file's entries, pointing into its bytes (so never copied or moved once filled).
struct Loaded {
    Loaded() = default;
    Loaded(const Loaded&) = delete;
    Loaded& operator=(const Loaded&) = delete;

    std::string bytes;
    std::unordered_map<std::string_view, std::string_view> entries;
};

std::string read_whole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in) {
        return {};
    }
    const std::streamoff size = in.tellg();
    if (size <= 0 || static_cast<std::uint64_t>(size) > max_file_bytes + 4096) {
        return {};
    }
    std::string data(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    in.read(data.data(), size);
    return in ? data : std::string();
}

/// Fills `into` from the file if it is whole and from this environment; leaves it empty
/// otherwise. In place: the entries point into `into.bytes`.
void load(const fs::path& file, std::uint64_t environment_hash, Loaded& into) {
    into.bytes = read_whole(file);
    const std::string_view data = into.bytes;
    constexpr std::size_t header_size = 24;
    if (data.size() < magic.size() + header_size || data.substr(0, magic.size()) != magic) {
        return;
    }
    Decoder header(data.substr(magic.size(), header_size));
    const std::uint64_t environment = header.u64();
    const std::uint64_t checksum = header.u64();
    const std::uint64_t count = header.u64();
    const std::string_view body = data.substr(magic.size() + header_size);
    if (environment != environment_hash || checksum != checksum_of(body) ||
        count > body.size() / 8) {
        return;
    }
    into.entries.reserve(static_cast<std::size_t>(count));
    Decoder d(body);
    for (std::uint64_t i = 0; i < count && !d.failed(); ++i) {
        const std::string_view key = d.bytes();
        const std::string_view value = d.bytes();
        into.entries.emplace(key, value);
    }
    if (d.failed() || !d.done()) {
        into.entries.clear();
    }
}

void add_file_identity(std::string& out, const char* path) {
    out += path;
    struct stat st {};
    if (::stat(path, &st) == 0) {
        out += ' ' + std::to_string(st.st_dev) + ' ' + std::to_string(st.st_ino) + ' ' +
               std::to_string(st.st_size) + ' ' + std::to_string(st.st_mtim.tv_sec) + '.' +
               std::to_string(st.st_mtim.tv_nsec);
    }
    out += '\n';
}

/// Every directory at or under `dir` with its modification time, one per line, in name order.
void add_directory_times(std::string& out, const fs::path& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        return;
    }
    out += dir.string() + ' ' + std::to_string(st.st_mtim.tv_sec) + '.' +
           std::to_string(st.st_mtim.tv_nsec) + '\n';
    DIR* listing = ::opendir(dir.c_str());
    if (listing == nullptr) {
        return;
    }
    std::vector<fs::path> children;
    while (const dirent* entry = ::readdir(listing)) {
        const std::string_view name = entry->d_name;
        if (name == "." || name == "..") {
            continue;
        }
        if (entry->d_type == DT_DIR || entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) {
            children.push_back(dir / entry->d_name);
        }
    }
    ::closedir(listing);
    std::sort(children.begin(), children.end());
    for (const fs::path& child : children) {
        add_directory_times(out, child);
    }
}

/// The entries, sorted by key (the same measurements always make the same file), and how many.
std::pair<std::string, std::uint64_t>
encode_entries(std::vector<std::pair<std::string_view, std::string_view>> entries) {
    std::sort(entries.begin(), entries.end());
    Encoder e;
    for (const auto& [key, value] : entries) {
        e.bytes(key);
        e.bytes(value);
    }
    return {e.take(), entries.size()};
}

} // namespace

std::optional<std::string> font_environment(const std::vector<fs::path>& font_dirs) {
    if (std::getenv("FONTCONFIG_FILE") != nullptr) {
        return std::nullopt;
    }
    std::string out(magic);
    out += '\n';
    for (const char* variable : {"FONTCONFIG_PATH", "FONTCONFIG_SYSROOT"}) {
        const char* value = std::getenv(variable);
        out += std::string(variable) + '=' + (value != nullptr ? value : "") + '\n';
    }
    add_file_identity(out, "/proc/self/exe");
    dl_iterate_phdr(
        [](dl_phdr_info* info, std::size_t, void* context) {
            if (info->dlpi_name != nullptr && info->dlpi_name[0] == '/') {
                add_file_identity(*static_cast<std::string*>(context), info->dlpi_name);
            }
            return 0;
        },
        &out);
    for (const fs::path& dir : font_dirs) {
        add_directory_times(out, dir);
    }
    return out;
}

std::optional<std::string> font_environment() {
    return font_environment({detail::pinned_font_dirs.begin(), detail::pinned_font_dirs.end()});
}

std::optional<fs::path> default_measure_cache_file() {
    fs::path dir;
    if (const char* chosen = std::getenv("MERROW_CACHE_DIR"); chosen != nullptr) {
        if (*chosen == '\0') {
            return std::nullopt;
        }
        dir = chosen;
    } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/') {
        dir = fs::path(xdg) / "merrow";
    } else if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
        dir = fs::path(home) / ".cache" / "merrow";
    } else {
        return std::nullopt;
    }
    return dir / "text-measures.bin";
}

struct CachingTextMeasurer::Impl {
    Factory make_measurer;
    fs::path file;
    std::uint64_t environment_hash;
    Loaded loaded;
    Entries fresh;        ///< measured in this run
    bool unsaved = false; ///< fresh has entries the file lacks
    std::unique_ptr<layout::TextMeasurer> measurer;

    const layout::TextMeasurer& real() {
        if (!measurer) {
            measurer = make_measurer();
        }
        return *measurer;
    }

    std::optional<std::string_view> find(const std::string& key) const {
        if (const auto found = fresh.find(key); found != fresh.end()) {
            return found->second;
        }
        if (const auto found = loaded.entries.find(key); found != loaded.entries.end()) {
            return found->second;
        }
        return std::nullopt;
    }

    /// The cached answer for `key`, or `compute()`'s, which is then remembered.
    template <typename T, typename Decode, typename Encode, typename Compute>
    T lookup(const std::string& key, Decode decode, Encode encode, Compute compute) {
        if (const std::optional<std::string_view> bytes = find(key)) {
            if (std::optional<T> cached = decode(*bytes)) {
                return *std::move(cached);
            }
        }
        T result = compute();
        fresh[key] = encode(result);
        unsaved = true;
        return result;
    }

    /// The file's entries with this run's over them, or this run's only.
    std::vector<std::pair<std::string_view, std::string_view>> to_save(bool with_file) const {
        std::vector<std::pair<std::string_view, std::string_view>> out;
        out.reserve(fresh.size() + (with_file ? loaded.entries.size() : 0));
        for (const auto& [key, value] : fresh) {
            out.emplace_back(key, value);
        }
        if (with_file) {
            for (const auto& [key, value] : loaded.entries) {
                if (!fresh.contains(std::string(key))) {
                    out.emplace_back(key, value);
                }
            }
        }
        return out;
    }
};

CachingTextMeasurer::CachingTextMeasurer(Factory make_measurer, fs::path file,
                                         std::string environment)
    : impl_(std::make_unique<Impl>()) {
    impl_->make_measurer = std::move(make_measurer);
    impl_->file = std::move(file);
    impl_->environment_hash = checksum_of(environment);
    load(impl_->file, impl_->environment_hash, impl_->loaded);
}

CachingTextMeasurer::~CachingTextMeasurer() = default;

layout::TextBlock CachingTextMeasurer::measure(std::string_view text, const layout::FontSpec& font,
                                               double max_width) const {
    return impl_->lookup<layout::TextBlock>(
        key_of(Query::measure, text, {}, font, max_width), decode_block, encode_block,
        [&] { return impl_->real().measure(text, font, max_width); });
}

layout::TextBlock CachingTextMeasurer::measure_styled(const layout::StyledText& text,
                                                      const layout::FontSpec& font,
                                                      double max_width) const {
    return impl_->lookup<layout::TextBlock>(
        key_of(Query::measure_styled, text.text, text.styles, font, max_width), decode_block,
        encode_block, [&] { return impl_->real().measure_styled(text, font, max_width); });
}

std::vector<char32_t> CachingTextMeasurer::missing_characters(std::string_view text,
                                                              const layout::FontSpec& font) const {
    return impl_->lookup<std::vector<char32_t>>(
        key_of(Query::missing_characters, text, {}, font, 0), decode_characters, encode_characters,
        [&] { return impl_->real().missing_characters(text, font); });
}

bool CachingTextMeasurer::made_measurer() const {
    return impl_->measurer != nullptr;
}

bool CachingTextMeasurer::save() const {
    if (!impl_->unsaved) {
        return true;
    }
    auto [body, count] = encode_entries(impl_->to_save(true));
    if (body.size() > max_file_bytes) {
        std::tie(body, count) = encode_entries(impl_->to_save(false));
        if (body.size() > max_file_bytes) {
            return false;
        }
    }
    Encoder header;
    header.u64(impl_->environment_hash);
    header.u64(checksum_of(body));
    header.u64(count);

    std::error_code ec;
    fs::create_directories(impl_->file.parent_path(), ec);
    const fs::path temporary = impl_->file.string() + "." + std::to_string(::getpid()) + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << magic << header.take() << body;
        if (!out.flush()) {
            fs::remove(temporary, ec);
            return false;
        }
    }
    fs::rename(temporary, impl_->file, ec);
    if (ec) {
        fs::remove(temporary, ec);
        return false;
    }
    impl_->unsaved = false;
    return true;
}

} // namespace merrow::render
