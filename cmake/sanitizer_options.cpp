// Built into every target of a sanitizer or fuzzing build (Sanitizers.cmake, Fuzz.cmake): the
// runtime defaults those builds need, whoever runs the binary and however (ASAN_OPTIONS given
// on the command line still override them).
//
// intercept_tls_get_addr=0: the sanitizer runtimes of Debian 12 (GCC 12, clang 14) watch
// __tls_get_addr to find the thread-local blocks of dlopen'ed libraries, and take a block that
// starts 16 bytes into a page for one glibc 2.19-2.24 allocated behind a header, reading the two
// words in front of it as its bounds. The Cairo module and the libraries it brings have such
// blocks; where the heap puts them decides whether LeakSanitizer's scan at exit dies ("Tracer
// caught signal 11"), about one process in 128. Not intercepting means those blocks are not scanned
// for pointers; nothing is kept only there (tests/render/dynamic_tls_probe.cpp checks both).
extern "C" const char* __asan_default_options();

extern "C" __attribute__((visibility("default"), used)) const char* __asan_default_options() {
    return "intercept_tls_get_addr=0";
}

// leak:libfontconfig.so: a fontconfig pattern keeps its element array as an offset from itself,
// not a pointer, so LeakSanitizer never sees that array referenced, and any pattern still alive
// at a leak check is reported with the values it holds. Pango 1.50 keeps patterns on
// font-matching threads it starts and never joins, and fontconfig keeps a few hundred bytes of
// process-wide state that only FcFini() would free. So a check at exit, or libFuzzer's after
// each input, can report fontconfig memory that is not leaked. The reports end in
// libfontconfig with no merrow frame; merrow's own allocations stay checked.
extern "C" const char* __lsan_default_suppressions();

extern "C" __attribute__((visibility("default"), used)) const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n";
}
