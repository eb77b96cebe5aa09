# Writes OUTPUT, a C++ file defining `const char* const NAME` (in NAMESPACE) with the text of
# INPUT, so a file such as the preview page ships inside the binary. Run with cmake -P.
file(READ "${INPUT}" content)
set(delimiter "merrow_embed")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${INPUT} contains the raw string delimiter")
endif()
file(WRITE "${OUTPUT}.tmp"
    "// Generated from ${INPUT} by cmake/EmbedText.cmake; do not edit.\n"
    "namespace ${NAMESPACE} {\n"
    "extern const char* const ${NAME};\n"
    "const char* const ${NAME} = R\"${delimiter}(${content})${delimiter}\";\n"
    "} // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
