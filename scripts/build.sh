#!/usr/bin/env bash
# Configures and builds merrow into build/ (Release, strict warnings as errors).
# Extra arguments go to cmake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMERROW_WERROR=ON "$@" >/dev/null
cmake --build build -j"$(nproc)"
