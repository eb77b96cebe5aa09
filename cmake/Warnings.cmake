# Strict warnings for every merrow target; -Werror only when asked (CI sets MERROW_WERROR=ON),
# so that packagers with newer compilers are not broken by new diagnostics.
option(MERROW_WERROR "Treat compiler warnings as errors" OFF)

add_library(merrow_warnings INTERFACE)
target_compile_options(merrow_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
    -Wnon-virtual-dtor -Woverloaded-virtual -Wimplicit-fallthrough
    -Wdouble-promotion -Wformat=2 -Wcast-qual -Wundef)
if(MERROW_WERROR)
    target_compile_options(merrow_warnings INTERFACE -Werror)
endif()

# GCC 12 reports impossible overlaps in std::string concatenation at -O2 (GCC bug 105329),
# which would fail every -Werror build on Debian 12. Later GCC releases fixed it.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(merrow_warnings INTERFACE -Wno-restrict)
endif()
