# MERROW_FUZZ=ON builds the libFuzzer targets in fuzz/. Everything is compiled with coverage
# instrumentation for libFuzzer plus ASan and UBSan, so that a memory error, undefined behaviour
# or a failed check is reported as a crash with the input that caused it.
option(MERROW_FUZZ "Build the libFuzzer targets (clang only)" OFF)
if(MERROW_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "MERROW_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++ "
                            "(scripts/fuzz.sh does)")
    endif()
    if(MERROW_SANITIZE)
        message(FATAL_ERROR "MERROW_FUZZ brings its own sanitizers; leave MERROW_SANITIZE off")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                        -fno-omit-frame-pointer -g)
    add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
    add_library(merrow_sanitizer_options OBJECT ${CMAKE_CURRENT_LIST_DIR}/sanitizer_options.cpp)
    link_libraries(merrow_sanitizer_options)
endif()
