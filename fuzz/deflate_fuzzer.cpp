// libFuzzer target: the PNG encoder's run coder (render/src/run_deflate.cpp). The input is a
// script of pieces: a control byte below 0x80 hands the next (control) bytes to write(), one
// from 0x80 up asks write_zeros() for (control - 0x80) * 37 zeros. The stream must inflate,
// with zlib, to exactly what was written; anything else aborts like a crash.
#include "detail/run_deflate.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <zlib.h>

namespace {

using Bytes = std::vector<unsigned char>;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "deflate_fuzzer: %s\n", what);
    std::abort();
}

Bytes inflate_all(const Bytes& compressed, std::size_t expected_size) {
    z_stream z{};
    if (inflateInit2(&z, -15) != Z_OK) {
        fail("inflateInit2 failed");
    }
    Bytes out(expected_size + 1); // one spare byte: a longer stream must show
    z.next_in = const_cast<unsigned char*>(compressed.data());
    z.avail_in = static_cast<uInt>(compressed.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    const int status = inflate(&z, Z_FINISH);
    const std::size_t produced = out.size() - z.avail_out;
    const bool whole = z.avail_in == 0;
    inflateEnd(&z);
    if (status != Z_STREAM_END) {
        fail("the stream does not inflate to its end");
    }
    if (!whole) {
        fail("bytes after the final block");
    }
    out.resize(produced);
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Bytes expected;
    Bytes compressed;
    merrow::render::detail::RunDeflater deflater(compressed);
    std::size_t i = 0;
    while (i < size) {
        const unsigned control = data[i++];
        if (control >= 0x80) {
            const std::size_t zeros = (control - 0x80) * std::size_t{37};
            deflater.write_zeros(zeros);
            expected.insert(expected.end(), zeros, 0);
            continue;
        }
        const std::size_t n = std::min<std::size_t>(control, size - i);
        deflater.write(data + i, n);
        expected.insert(expected.end(), data + i, data + i + n);
        i += n;
    }
    deflater.finish();
    if (inflate_all(compressed, expected.size()) != expected) {
        fail("inflated bytes differ from the input");
    }
    return 0;
}
