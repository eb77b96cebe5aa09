# MERROW_SANITIZE=ON builds everything with AddressSanitizer and UndefinedBehaviorSanitizer.
# Any report aborts the process, so a sanitizer finding fails the test that triggered it.
option(MERROW_SANITIZE "Build with ASan and UBSan" OFF)
if(MERROW_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                        -fno-omit-frame-pointer -g)
    add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
    # GCC's flow analysis sees the sanitizer instrumentation and reports uninitialised reads
    # inside libstdc++ (std::function in <regex>) that cannot happen; -Werror would stop the
    # build on them. The Release build keeps the warning.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        add_compile_options(-Wno-maybe-uninitialized)
    endif()
    add_library(merrow_sanitizer_options OBJECT ${CMAKE_CURRENT_LIST_DIR}/sanitizer_options.cpp)
    link_libraries(merrow_sanitizer_options)
endif()
