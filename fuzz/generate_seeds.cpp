// The random flowchart generator from the command line:
//   generate_seeds DIR COUNT [FIRST_SEED]   writes COUNT charts (seeds FIRST_SEED…) into DIR
//   generate_seeds --decode FILE            prints the chart a structure-aware input (0x01 and
//                                           the generator's bytes) stands for
#include "flowchart_generator.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--decode") {
        std::ifstream in(argv[2], std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
        if (bytes.empty() || bytes[0] != '\x01') {
            std::cout << bytes;
            return 0;
        }
        merrow::fuzz::ByteChoices choices(reinterpret_cast<const std::uint8_t*>(bytes.data()) + 1,
                                          bytes.size() - 1);
        std::cout << merrow::fuzz::FlowchartGenerator(choices).generate();
        return 0;
    }
    if (argc < 3) {
        std::fprintf(stderr, "usage: generate_seeds DIR COUNT [FIRST_SEED] | --decode FILE\n");
        return 2;
    }
    const std::string dir = argv[1];
    const unsigned long count = std::strtoul(argv[2], nullptr, 10);
    const unsigned long first = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 1;
    for (unsigned long i = 0; i < count; ++i) {
        merrow::fuzz::SeededChoices choices(static_cast<std::uint32_t>(first + i));
        const std::string chart = merrow::fuzz::FlowchartGenerator(choices).generate();
        std::ofstream out(dir + "/generated-" + std::to_string(first + i) + ".mmd",
                          std::ios::binary);
        out << chart;
        if (!out) {
            std::fprintf(stderr, "generate_seeds: cannot write into %s\n", dir.c_str());
            return 1;
        }
    }
    return 0;
}
