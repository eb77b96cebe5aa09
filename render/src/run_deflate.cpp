#include "detail/run_deflate.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <utility>

namespace merrow::render::detail {

namespace {

constexpr std::size_t min_match = 3;
constexpr std::size_t max_match = 258;
constexpr std::size_t literal_length_symbols = 286;
constexpr unsigned end_of_block = 256;
constexpr std::size_t code_length_symbols = 19;
// Tokens per block: enough that a block's code tables (about 100 bytes) cost under 1 %, few
// enough that the token buffer stays in cache.
constexpr std::size_t block_tokens = std::size_t{1} << 14;

/// Length symbols 257..285: the shortest length of each and its extra bits (RFC 1951 3.2.5).
constexpr std::array<std::uint16_t, 29> length_base{3,  4,  5,  6,   7,   8,   9,   10,  11, 13,
                                                    15, 17, 19, 23,  27,  31,  35,  43,  51, 59,
                                                    67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<std::uint8_t, 29> length_extra{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                    2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

/// The index into length_base of every match length 0..258 (meaningful from 3).
constexpr std::array<std::uint8_t, max_match + 1> length_index = [] {
    std::array<std::uint8_t, max_match + 1> index{};
    std::size_t symbol = 0;
    for (std::size_t length = min_match; length <= max_match; ++length) {
        // 258 has a symbol of its own, although 284's extra bits could also express it.
        while (symbol + 1 < length_base.size() && length_base[symbol + 1] <= length) {
            ++symbol;
        }
        index[length] = static_cast<std::uint8_t>(symbol);
    }
    return index;
}();

/// Distance symbols 0..29: the shortest distance of each and its extra bits (RFC 1951 3.2.5).
constexpr std::size_t distance_symbols = 30;
constexpr std::size_t window = 32768;
constexpr std::array<std::uint16_t, distance_symbols> distance_base{
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<std::uint8_t, distance_symbols> distance_extra{
    0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
    6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/// The distance symbol of every distance d: entry d - 1 below 257, else 256 + (d - 1) / 128
/// (every symbol from 257 on starts at a multiple of 128, plus 1), as zlib tabulates it.
constexpr std::array<std::uint8_t, 512> distance_symbol_table = [] {
    std::array<std::uint8_t, 512> table{};
    for (std::size_t symbol = 0; symbol < distance_symbols; ++symbol) {
        const std::size_t first = distance_base[symbol];
        const std::size_t last = first + (std::size_t{1} << distance_extra[symbol]) - 1;
        for (std::size_t d = first; d <= last; ++d) {
            const std::size_t index = d <= 256 ? d - 1 : 256 + ((d - 1) >> 7U);
            table[index] = static_cast<std::uint8_t>(symbol);
        }
    }
    return table;
}();

std::size_t distance_symbol(std::size_t distance) {
    return distance_symbol_table[distance <= 256 ? distance - 1 : 256 + ((distance - 1) >> 7U)];
}

constexpr std::uint32_t match_flag = std::uint32_t{1} << 31U;
// A run this long is taken without looking for an earlier copy: zero runs are most of an
// image, and hashing inside them would cost the time the run coder saves.
constexpr std::size_t long_run = 32;
constexpr unsigned hash_bits = 14;
// History kept beyond the window, so that trimming it is rare.
constexpr std::size_t history_slack = std::size_t{1} << 16;

std::uint32_t load_u32(const unsigned char* p) {
    std::uint32_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
}

std::size_t hash_of(std::uint32_t four_bytes) {
    return (four_bytes * 2654435761U) >> (32U - hash_bits);
}

/// The order in which a block header lists the code length code's lengths.
constexpr std::array<std::uint8_t, code_length_symbols> code_length_order{
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

/// Huffman code lengths for `frequency`, none longer than `limit`; unused symbols get 0, and a
/// lone used symbol gets 1. Built with two queues over the symbols sorted by frequency; codes
/// over the limit are shortened and the Kraft sum restored by lengthening the longest codes
/// that are still short enough (the usual repair, as in miniz), which keeps the code complete.
void huffman_lengths(const std::uint32_t* frequency, std::size_t count, unsigned limit,
                     std::uint8_t* lengths) {
    std::fill(lengths, lengths + count, std::uint8_t{0});
    std::vector<std::pair<std::uint32_t, std::size_t>> leaves; // frequency, symbol
    for (std::size_t s = 0; s < count; ++s) {
        if (frequency[s] > 0) {
            leaves.emplace_back(frequency[s], s);
        }
    }
    const std::size_t n = leaves.size();
    if (n <= 1) {
        if (n == 1) {
            lengths[leaves[0].second] = 1;
        }
        return;
    }
    std::sort(leaves.begin(), leaves.end());
    // Nodes 0..n-1 are the leaves in that order, n.. the inner nodes in the order they are
    // made, whose weights never decrease: the two lightest are always at the queues' fronts.
    std::vector<std::uint64_t> weight(2 * n - 1);
    std::vector<std::size_t> parent(2 * n - 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        weight[i] = leaves[i].first;
    }
    std::size_t next_leaf = 0;
    std::size_t next_inner = n;
    for (std::size_t made = n; made < 2 * n - 1; ++made) {
        std::size_t pick[2];
        for (std::size_t& p : pick) {
            if (next_leaf < n && (next_inner >= made || weight[next_leaf] <= weight[next_inner])) {
                p = next_leaf++;
            } else {
                p = next_inner++;
            }
        }
        weight[made] = weight[pick[0]] + weight[pick[1]];
        parent[pick[0]] = made;
        parent[pick[1]] = made;
    }
    // Depths from the root down (parents have higher numbers), counted per length.
    std::vector<unsigned> depth(2 * n - 1, 0);
    std::array<std::size_t, 64> per_length{};
    for (std::size_t node = 2 * n - 2; node-- > 0;) {
        depth[node] = depth[parent[node]] + 1;
        if (node < n) {
            ++per_length[std::min<unsigned>(depth[node], limit)];
        }
    }
    // Clamping made the code over-full: each step takes one code off the longest length and
    // splits a shorter code into two one bit longer, which lowers the Kraft sum by one unit.
    std::uint64_t kraft = 0;
    for (unsigned length = 1; length <= limit; ++length) {
        kraft += static_cast<std::uint64_t>(per_length[length]) << (limit - length);
    }
    for (; kraft > (std::uint64_t{1} << limit); --kraft) {
        --per_length[limit];
        for (unsigned length = limit - 1; length > 0; --length) {
            if (per_length[length] > 0) {
                --per_length[length];
                per_length[length + 1] += 2;
                break;
            }
        }
    }
    // The most frequent symbols take the shortest codes.
    std::size_t leaf = n;
    for (unsigned length = 1; length <= limit; ++length) {
        for (std::size_t k = 0; k < per_length[length]; ++k) {
            lengths[leaves[--leaf].second] = static_cast<std::uint8_t>(length);
        }
    }
}

/// Canonical codes for `lengths` (RFC 1951 3.2.2), bit-reversed: deflate sends Huffman codes
/// from their most significant bit, into a stream filled from each byte's least significant.
void canonical_codes(const std::uint8_t* lengths, std::size_t count, std::uint16_t* codes) {
    std::array<unsigned, 16> per_length{};
    for (std::size_t s = 0; s < count; ++s) {
        ++per_length[lengths[s]];
    }
    per_length[0] = 0;
    std::array<unsigned, 16> next{};
    unsigned code = 0;
    for (std::size_t bits = 1; bits < next.size(); ++bits) {
        code = (code + per_length[bits - 1]) << 1U;
        next[bits] = code;
    }
    for (std::size_t s = 0; s < count; ++s) {
        const unsigned length = lengths[s];
        if (length == 0) {
            codes[s] = 0;
            continue;
        }
        unsigned value = next[length]++;
        unsigned reversed = 0;
        for (unsigned i = 0; i < length; ++i) {
            reversed = (reversed << 1U) | (value & 1U);
            value >>= 1U;
        }
        codes[s] = static_cast<std::uint16_t>(reversed);
    }
}

/// How many of the first `limit` bytes at `a` and `b` agree.
std::size_t common_length(const unsigned char* a, const unsigned char* b, std::size_t limit) {
    std::size_t n = 0;
    while (n + 8 <= limit) {
        std::uint64_t x = 0;
        std::uint64_t y = 0;
        std::memcpy(&x, a + n, sizeof x);
        std::memcpy(&y, b + n, sizeof y);
        if (x != y) {
            if constexpr (std::endian::native == std::endian::little) {
                return n + static_cast<std::size_t>(std::countr_zero(x ^ y)) / 8;
            } else {
                return n + static_cast<std::size_t>(std::countl_zero(x ^ y)) / 8;
            }
        }
        n += 8;
    }
    while (n < limit && a[n] == b[n]) {
        ++n;
    }
    return n;
}

/// Adler-32 (RFC 1950) of `data` continued from `adler`: zlib's adler32 reads a byte at a time,
/// this form lets the compiler use vector instructions (a fifth of the PNG time otherwise).
std::uint32_t adler32_of(std::uint32_t adler, const unsigned char* data, std::size_t size) {
    constexpr std::uint32_t modulus = 65521;
    // The largest n for which the sums below cannot overflow 32 bits (zlib's NMAX).
    constexpr std::size_t block = 5552;
    std::uint32_t a = adler & 0xFFFFU;
    std::uint32_t b = adler >> 16U;
    while (size > 0) {
        const std::size_t n = std::min(size, block);
        std::uint32_t sum = 0;
        std::uint32_t weighted = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sum += data[i];
            weighted += static_cast<std::uint32_t>(n - i) * data[i];
        }
        b = (b + static_cast<std::uint32_t>(n % modulus) * a + weighted % modulus) % modulus;
        a = (a + sum) % modulus;
        data += n;
        size -= n;
    }
    return (b << 16U) | a;
}

/// Adler-32 continued over `count` zero bytes.
std::uint32_t adler32_of_zeros(std::uint32_t adler, std::size_t count) {
    constexpr std::uint64_t modulus = 65521;
    const std::uint64_t a = adler & 0xFFFFU;
    const std::uint64_t b = ((adler >> 16U) + (count % modulus) * a) % modulus;
    return static_cast<std::uint32_t>((b << 16U) | a);
}

/// One symbol of the code length alphabet with its extra bits.
struct CodeLengthSymbol {
    std::uint8_t symbol;
    std::uint8_t extra;
    std::uint8_t extra_bits;
};

/// The run-length coding of a block's code lengths (RFC 1951 3.2.7): 16 repeats the previous
/// length 3-6 times, 17 and 18 give 3-10 and 11-138 zeros.
std::vector<CodeLengthSymbol> code_length_symbols_of(const std::vector<std::uint8_t>& lengths) {
    std::vector<CodeLengthSymbol> out;
    std::size_t i = 0;
    while (i < lengths.size()) {
        const std::uint8_t value = lengths[i];
        std::size_t run = 1;
        while (i + run < lengths.size() && lengths[i + run] == value) {
            ++run;
        }
        i += run;
        if (value == 0) {
            while (run >= 11) {
                const std::size_t n = std::min<std::size_t>(run, 138);
                out.push_back({18, static_cast<std::uint8_t>(n - 11), 7});
                run -= n;
            }
            if (run >= 3) {
                out.push_back({17, static_cast<std::uint8_t>(run - 3), 3});
                run = 0;
            }
        } else {
            out.push_back({value, 0, 0});
            --run;
            while (run >= 3) {
                const std::size_t n = std::min<std::size_t>(run, 6);
                out.push_back({16, static_cast<std::uint8_t>(n - 3), 2});
                run -= n;
            }
        }
        for (; run > 0; --run) {
            out.push_back({value, 0, 0});
        }
    }
    return out;
}

/// Bits into `out`, each byte filled from its least significant bit, through a pointer into
/// room resized in advance (a vector's push_back per byte was a tenth of the PNG time).
class BitWriter {
  public:
    /// `pending`/`count`: the bits left over from before, not yet a whole 32-bit word.
    BitWriter(std::vector<unsigned char>& out, std::uint64_t pending, unsigned count,
              std::size_t room)
        : out_(out), start_(out.size()), buffer_(pending), count_(count) {
        out_.resize(start_ + room);
        at_ = out_.data() + start_;
    }
    BitWriter(const BitWriter&) = delete;
    BitWriter& operator=(const BitWriter&) = delete;

    /// `count` <= 32 bits.
    void put(std::uint32_t bits, unsigned count) {
        buffer_ |= static_cast<std::uint64_t>(bits) << count_;
        count_ += count;
        if (count_ >= 32) {
            for (int i = 0; i < 4; ++i) {
                *at_++ = static_cast<unsigned char>(buffer_ >> (8U * static_cast<unsigned>(i)));
            }
            buffer_ >>= 32U;
            count_ -= 32;
        }
    }

    /// Gives the unused room back and hands over the leftover bits.
    void close(std::uint64_t& pending, unsigned& count) {
        out_.resize(static_cast<std::size_t>(at_ - out_.data()));
        pending = buffer_;
        count = count_;
    }

  private:
    std::vector<unsigned char>& out_;
    std::size_t start_;
    unsigned char* at_;
    std::uint64_t buffer_;
    unsigned count_;
};

} // namespace

RunDeflater::RunDeflater(std::vector<unsigned char>& out)
    : out_(out), last_seen_(std::size_t{1} << hash_bits, 0) {
    history_.reserve(window + history_slack);
    tokens_.reserve(block_tokens);
}

void RunDeflater::write(const unsigned char* data, std::size_t size) {
    adler_ = adler32_of(adler_, data, size);
    trim_history();
    const std::size_t from = history_.size();
    history_.insert(history_.end(), data, data + size);
    encode(from);
}

void RunDeflater::write_zeros(std::size_t count) {
    adler_ = adler32_of_zeros(adler_, count);
    trim_history();
    const std::size_t from = history_.size();
    // Zeros are one run (after a literal zero when the byte before is not one); no search.
    const bool after_zero = from > 0 && history_.back() == 0;
    history_.resize(from + count, 0);
    if (count > 0 && !after_zero) {
        literal(0);
        --count;
    }
    for (; count >= max_match; count -= max_match) {
        match(max_match, 1);
    }
    if (count >= min_match) {
        match(count, 1);
    } else {
        for (; count > 0; --count) {
            literal(0);
        }
    }
}

void RunDeflater::encode(std::size_t from) {
    const unsigned char* h = history_.data();
    const std::size_t end = history_.size();
    std::size_t i = from;
    while (i < end) {
        const std::size_t limit = std::min(end - i, max_match);
        std::size_t best = 0;
        std::size_t distance = 1;
        if (i > 0 && h[i - 1] == h[i]) {
            // A run is a copy from one byte back, overlapping itself.
            best = common_length(h + i, h + i - 1, limit);
        }
        if (best < long_run && limit >= 4) {
            const std::uint32_t four = load_u32(h + i);
            std::uint32_t& seen = last_seen_[hash_of(four)];
            const std::size_t position = base_ + i;
            // `seen` holds a position + 1 that may have left the history, or the window.
            if (seen > base_ && position + 1 - seen <= window) {
                const std::size_t earlier = seen - 1 - base_;
                if (load_u32(h + earlier) == four) {
                    const std::size_t length = common_length(h + i, h + earlier, limit);
                    if (length > best) {
                        best = length;
                        distance = i - earlier;
                    }
                }
            }
            seen = static_cast<std::uint32_t>(position + 1);
        }
        if (best >= min_match) {
            match(best, distance);
            i += best;
        } else {
            literal(h[i]);
            ++i;
        }
    }
}

void RunDeflater::trim_history() {
    if (history_.size() > window + history_slack) {
        const std::size_t drop = history_.size() - window;
        history_.erase(history_.begin(), history_.begin() + static_cast<std::ptrdiff_t>(drop));
        base_ += drop;
    }
}

void RunDeflater::literal(unsigned char byte) {
    tokens_.push_back(byte);
    if (tokens_.size() >= block_tokens) {
        emit_block(false);
    }
}

void RunDeflater::match(std::size_t length, std::size_t distance) {
    tokens_.push_back(match_flag | static_cast<std::uint32_t>((distance - 1) << 9U) |
                      static_cast<std::uint32_t>(length));
    if (tokens_.size() >= block_tokens) {
        emit_block(false);
    }
}

void RunDeflater::finish() {
    if (tokens_.empty()) {
        // A final block of fixed codes holding only its end (symbol 256 is seven 0 bits).
        BitWriter bits(out_, bit_buffer_, bit_count_, 8);
        bits.put(1, 1);
        bits.put(1, 2);
        bits.put(0, 7);
        bits.close(bit_buffer_, bit_count_);
    } else {
        emit_block(true);
    }
    for (; bit_count_ > 0; bit_count_ = bit_count_ > 8 ? bit_count_ - 8 : 0) {
        out_.push_back(static_cast<unsigned char>(bit_buffer_));
        bit_buffer_ >>= 8U;
    }
    bit_buffer_ = 0;
}

void RunDeflater::emit_block(bool final_block) {
    const auto length_of = [](std::uint32_t token) {
        return token & 0x1FFU;
    };
    const auto distance_of = [](std::uint32_t token) {
        return static_cast<std::size_t>(((token & ~match_flag) >> 9U) + 1);
    };
    std::array<std::uint32_t, literal_length_symbols> frequency{};
    std::array<std::uint32_t, distance_symbols> distance_frequency{};
    for (const std::uint32_t token : tokens_) {
        if ((token & match_flag) == 0) {
            ++frequency[token];
        } else {
            ++frequency[257 + length_index[length_of(token)]];
            ++distance_frequency[distance_symbol(distance_of(token))];
        }
    }
    frequency[end_of_block] = 1;
    std::array<std::uint8_t, literal_length_symbols> lengths{};
    huffman_lengths(frequency.data(), frequency.size(), 15, lengths.data());
    std::array<std::uint16_t, literal_length_symbols> codes{};
    canonical_codes(lengths.data(), lengths.size(), codes.data());
    std::size_t literal_count = literal_length_symbols;
    while (literal_count > 257 && lengths[literal_count - 1] == 0) {
        --literal_count;
    }
    std::array<std::uint8_t, distance_symbols> distance_lengths{};
    huffman_lengths(distance_frequency.data(), distance_frequency.size(), 15,
                    distance_lengths.data());
    if (std::all_of(distance_lengths.begin(), distance_lengths.end(),
                    [](std::uint8_t l) { return l == 0; })) {
        // No match in the block, but the header still describes a distance code: a single
        // code has one bit (RFC 1951 3.2.7).
        distance_lengths[0] = 1;
    }
    std::array<std::uint16_t, distance_symbols> distance_codes{};
    canonical_codes(distance_lengths.data(), distance_lengths.size(), distance_codes.data());
    std::size_t distance_count = distance_symbols;
    while (distance_count > 1 && distance_lengths[distance_count - 1] == 0) {
        --distance_count;
    }

    // The literal/length and distance code lengths form one sequence.
    std::vector<std::uint8_t> sequence(
        lengths.begin(), lengths.begin() + static_cast<std::ptrdiff_t>(literal_count));
    sequence.insert(sequence.end(), distance_lengths.begin(),
                    distance_lengths.begin() + static_cast<std::ptrdiff_t>(distance_count));
    const std::vector<CodeLengthSymbol> symbols = code_length_symbols_of(sequence);
    std::array<std::uint32_t, code_length_symbols> cl_frequency{};
    for (const CodeLengthSymbol& s : symbols) {
        ++cl_frequency[s.symbol];
    }
    // inflate rejects an incomplete code length code, which a single used symbol would be.
    if (std::count_if(cl_frequency.begin(), cl_frequency.end(), [](auto f) { return f > 0; }) < 2) {
        ++cl_frequency[cl_frequency[0] > 0 ? 1 : 0];
    }
    std::array<std::uint8_t, code_length_symbols> cl_lengths{};
    huffman_lengths(cl_frequency.data(), cl_frequency.size(), 7, cl_lengths.data());
    std::array<std::uint16_t, code_length_symbols> cl_codes{};
    canonical_codes(cl_lengths.data(), cl_lengths.size(), cl_codes.data());
    std::size_t cl_count = code_length_symbols;
    while (cl_count > 4 && cl_lengths[code_length_order[cl_count - 1]] == 0) {
        --cl_count;
    }

    // Room for the header (at most 17 + 19 * 3 + 316 * 14 bits) and 48 bits per token.
    BitWriter bits(out_, bit_buffer_, bit_count_, 700 + 6 * tokens_.size());
    bits.put(final_block ? 1 : 0, 1);
    bits.put(2, 2); // dynamic Huffman codes
    bits.put(static_cast<std::uint32_t>(literal_count - 257), 5);
    bits.put(static_cast<std::uint32_t>(distance_count - 1), 5);
    bits.put(static_cast<std::uint32_t>(cl_count - 4), 4);
    for (std::size_t i = 0; i < cl_count; ++i) {
        bits.put(cl_lengths[code_length_order[i]], 3);
    }
    for (const CodeLengthSymbol& s : symbols) {
        bits.put(cl_codes[s.symbol], cl_lengths[s.symbol]);
        if (s.extra_bits > 0) {
            bits.put(s.extra, s.extra_bits);
        }
    }

    for (const std::uint32_t token : tokens_) {
        if ((token & match_flag) == 0) {
            bits.put(codes[token], lengths[token]);
            continue;
        }
        const unsigned length = length_of(token);
        const std::size_t index = length_index[length];
        const std::size_t symbol = 257 + index;
        bits.put(codes[symbol], lengths[symbol]);
        if (length_extra[index] > 0) {
            bits.put(length - length_base[index], length_extra[index]);
        }
        const std::size_t distance = distance_of(token);
        const std::size_t d = distance_symbol(distance);
        bits.put(distance_codes[d], distance_lengths[d]);
        if (distance_extra[d] > 0) {
            bits.put(static_cast<std::uint32_t>(distance - distance_base[d]), distance_extra[d]);
        }
    }
    bits.put(codes[end_of_block], lengths[end_of_block]);
    bits.close(bit_buffer_, bit_count_);
    tokens_.clear();
}

} // namespace merrow::render::detail
