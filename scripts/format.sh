#!/usr/bin/env bash
# Formats every C++ source with the repository's .clang-format; with --check, only reports
# files that differ (non-zero exit); the test suite runs that.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.cpp' '*.hpp')
if [ "${1:-}" = "--check" ]; then
    clang-format --dry-run -Werror "${files[@]}"
else
    clang-format -i "${files[@]}"
fi
