// merrow: Mermaid diagrams to SVG, PNG, PDF and layout JSON. Flags follow mermaid-cli (mmdc)
// wherever the meaning is the same.
//
// Exit codes: 0 success, 1 the diagram has errors, 2 usage error, 3 a file could not be read or
// written.
#include "merrow/cli/commands.hpp"

int main(int argc, char** argv) {
    return merrow::cli::run(argc, argv);
}
