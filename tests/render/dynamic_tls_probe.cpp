// Sanitizer builds only: every process that loads the Cairo module must exit cleanly under
// LeakSanitizer, wherever the heap puts the module's thread-local block.
//
// The module and the Cairo libraries it brings are dlopen'ed, so their thread-local storage is
// allocated on first use with malloc. The sanitizer runtimes of Debian 12 (GCC 12, clang 14)
// mistake a block starting 16 bytes into a page for one glibc 2.19-2.24 allocated behind a
// header, and read bogus bounds in front of it; LeakSanitizer's scan at exit then dies ("Tracer
// caught signal 11"). Small blocks come from 32-byte chunks, so one heap position in 128 does it.
// Each child here shifts the heap by one more chunk before loading the module; together they cover
// every position. cmake/sanitizer_options.cpp is the fix: without it one child fails.
#include "merrow/render/cairo_writer.hpp"
#include "scene_fixtures.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr int chunk_positions = 4096 / 32;
// Kept reachable, so LeakSanitizer does not report the padding itself.
std::array<void*, chunk_positions> padding{};

int draw_after_padding(int chunks) {
    for (int i = 0; i < chunks; ++i) {
        padding[static_cast<std::size_t>(i)] = std::malloc(16);
    }
    std::ostringstream out;
    merrow::render::write_png(merrow::test::two_node_scene(), out);
    return out.str().empty() ? 1 : 0;
}

} // namespace

int main() {
    int failures = 0;
    for (int chunks = 0; chunks < chunk_positions; ++chunks) {
        std::fflush(nullptr);
        const pid_t child = fork();
        if (child < 0) {
            std::perror("fork");
            return 2;
        }
        if (child == 0) {
            std::exit(draw_after_padding(chunks)); // exit() runs the leak check
        }
        int status = 0;
        waitpid(child, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::fprintf(stderr, "the child drawing after %d padding chunks failed (status %d)\n",
                         chunks, status);
            ++failures;
        }
    }
    std::printf("%d of %d heap positions failed\n", failures, chunk_positions);
    return failures == 0 ? 0 : 1;
}
