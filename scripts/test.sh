#!/usr/bin/env bash
# Sets up, builds and runs every test: the normal build (warnings as errors), then the whole
# suite again under AddressSanitizer and UndefinedBehaviorSanitizer, then a short fuzz run of
# each libFuzzer target (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
jobs="$(nproc)"
echo "== npm packages of the editor tests (pinned)"
scripts/test-editor.sh install
export MERROW_REQUIRE_EDITOR_TESTS=1
# setup.sh installed Hugo: its end-to-end test must run, not skip.
export MERROW_REQUIRE_HUGO=1

echo "== build (Release, -Werror)"
scripts/build.sh
echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"
echo "== browser checks (label widths in Chromium, Chromium vs librsvg, light/dark SVG)"
build/tests/cli/test_cli '[browser]'
echo "== editor preview (VS Code plugin with the daemon, merrow serve in Chromium, .vsix)"
MERROW_BIN="$PWD/build/merrow" scripts/test-editor.sh vscode browser package

echo "== build (ASan + UBSan)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMERROW_WERROR=ON \
      -DMERROW_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
echo "== tests under sanitizers"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"
echo "== fuzzing (libFuzzer with ASan + UBSan, ${MERROW_FUZZ_SECONDS:-60} s per target)"
scripts/fuzz.sh "${MERROW_FUZZ_SECONDS:-60}"
echo "== all tests passed"
