// The one translation unit that holds Catch2's runner.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

// LeakSanitizer reads this hook at exit (sanitizer builds only; otherwise it is never called).
// Fontconfig keeps a few hundred bytes of process-wide state that only FcFini() would free, and
// Pango never calls it: a one-off allocation, not a leak that grows with use.
extern "C" const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n";
}
