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

/// The first index in [from, limit) whose byte is not `byte`, or `limit`.
std::size_t run_end(const unsigned char* data, std::size_t from, std::size_t limit,
                    unsigned char byte) {
    const std::uint64_t pattern = 0x0101010101010101ULL * byte;
    while (from + 8 <= limit) {
        std::uint64_t word = 0;
        std::memcpy(&word, data + from, sizeof word);
        const std::uint64_t differ = word ^ pattern;
        if (differ != 0) {
            if constexpr (std::endian::native == std::endian::little) {
                return from + static_cast<std::size_t>(std::countr_zero(differ)) / 8;
            } else {
                return from + static_cast<std::size_t>(std::countl_zero(differ)) / 8;
            }
        }
        from += 8;
    }
    while (from < limit && data[from] == byte) {
        ++from;
    }
    return from;
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

void RunDeflater::write(const unsigned char* data, std::size_t size) {
    std::size_t i = 0;
    while (i < size) {
        const unsigned char byte = data[i];
        if (has_previous_ && byte == previous_) {
            const std::size_t end = run_end(data, i + 1, std::min(size, i + max_match), byte);
            if (end - i >= min_match) {
                match(static_cast<unsigned>(end - i));
                i = end;
                continue;
            }
        }
        literal(byte);
        ++i;
    }
}

void RunDeflater::write_zeros(std::size_t count) {
    if (count > 0 && !(has_previous_ && previous_ == 0)) {
        literal(0);
        --count;
    }
    for (; count >= max_match; count -= max_match) {
        match(static_cast<unsigned>(max_match));
    }
    if (count >= min_match) {
        match(static_cast<unsigned>(count));
    } else {
        for (; count > 0; --count) {
            literal(0);
        }
    }
}

void RunDeflater::literal(unsigned char byte) {
    tokens_.push_back(byte);
    previous_ = byte;
    has_previous_ = true;
    if (tokens_.size() >= block_tokens) {
        emit_block(false);
    }
}

void RunDeflater::match(unsigned length) {
    tokens_.push_back(static_cast<std::uint16_t>(end_of_block + length));
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
    std::array<std::uint32_t, literal_length_symbols> frequency{};
    for (const std::uint16_t token : tokens_) {
        if (token < end_of_block) {
            ++frequency[token];
        } else {
            ++frequency[257 + length_index[token - end_of_block]];
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

    // The one distance code (distance 1) is code 0 with one bit, as RFC 1951 3.2.7 asks for a
    // single distance code. The literal/length and distance lengths form one sequence.
    std::vector<std::uint8_t> sequence(
        lengths.begin(), lengths.begin() + static_cast<std::ptrdiff_t>(literal_count));
    sequence.push_back(1);
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

    // Room for the header (at most 17 + 19 * 3 + 287 * 14 bits) and 21 bits per token.
    BitWriter bits(out_, bit_buffer_, bit_count_, 600 + 3 * tokens_.size());
    bits.put(final_block ? 1 : 0, 1);
    bits.put(2, 2); // dynamic Huffman codes
    bits.put(static_cast<std::uint32_t>(literal_count - 257), 5);
    bits.put(0, 5); // one distance code
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

    for (const std::uint16_t token : tokens_) {
        if (token < end_of_block) {
            bits.put(codes[token], lengths[token]);
            continue;
        }
        const unsigned length = token - end_of_block;
        const std::size_t index = length_index[length];
        const std::size_t symbol = 257 + index;
        bits.put(codes[symbol], lengths[symbol]);
        if (length_extra[index] > 0) {
            bits.put(length - length_base[index], length_extra[index]);
        }
        bits.put(0, 1); // distance code 0: distance 1
    }
    bits.put(codes[end_of_block], lengths[end_of_block]);
    bits.close(bit_buffer_, bit_count_);
    tokens_.clear();
}

} // namespace merrow::render::detail
