// merrow: Mermaid diagrams to SVG, PNG, PDF and layout JSON. Flags follow mermaid-cli (mmdc)
// wherever the meaning is the same.
//
// Exit codes: 0 success, 1 the diagram has errors, 2 usage error, 3 a file could not be read or
// written.
#include "merrow/cli/commands.hpp"

// LeakSanitizer reads this hook at exit (sanitizer builds only). Fontconfig keeps a few hundred
// bytes of process-wide state that only FcFini() would free: a one-off, not a growing leak.
extern "C" const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() {
    return "leak:libfontconfig.so\n";
}

int main(int argc, char** argv) {
    return merrow::cli::run(argc, argv);
}
