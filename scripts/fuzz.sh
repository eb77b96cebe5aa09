#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build-fuzz/ and runs them.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]   build, seed, run each target SECONDS (default 60)
#
# Targets: parse_fuzzer, pipeline_fuzzer, deflate_fuzzer (default: all three, one after the other).
# The seed corpus is made fresh each time from samples/, the shared conformance corpus
# ($MERROW_SHARED_DIR, or ../shared next to the checkout), the random flowchart generator and
# tests/fuzz/ (past findings); what a run discovers is kept in build-fuzz/corpus/TARGET for the next
# run. A crash, hang (-timeout), leak or sanitizer report stops the run with exit 1 and leaves the
# input in build-fuzz/artifacts/. Extra libFuzzer flags go in $FUZZ_FLAGS (e.g. -jobs=2), and
# MERROW_FUZZ_PANGO=1 makes the pipeline target measure text with Pango and draw PNG/PDF too.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(parse_fuzzer pipeline_fuzzer deflate_fuzzer)

shared="${MERROW_SHARED_DIR:-$PWD/../shared}"
build=build-fuzz
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DMERROW_FUZZ=ON -DMERROW_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" generate_seeds

seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds/text" "$seeds/structured" "$build/artifacts" "$build/logs"
cp samples/*.mmd "$seeds/text/"
if [ -d "$shared/corpus/flowchart" ]; then
    cp "$shared"/corpus/flowchart/valid/*.mmd "$shared"/corpus/flowchart/invalid/*.mmd "$seeds/text/"
else
    echo "fuzz: no conformance corpus at $shared/corpus/flowchart (set MERROW_SHARED_DIR)" >&2
fi
"$build/fuzz/generate_seeds" "$seeds/text" 300
# Structure-aware seeds: 0x01, then bytes for the generator's choices.
python3 - "$seeds/structured" <<'PY'
import random, sys
rng = random.Random(9)
for i in range(64):
    with open(f"{sys.argv[1]}/structured-{i}", "wb") as f:
        f.write(bytes([1]) + bytes(rng.randrange(256) for _ in range(rng.randrange(16, 1024))))
PY
if [ -d tests/fuzz ]; then
    find tests/fuzz -type f ! -name '*.md' -exec cp {} "$seeds/text/" \;
fi

status=0
for target in "${targets[@]}"; do
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    extra=("$seeds/text")
    [ "$target" = pipeline_fuzzer ] && extra+=("$seeds/structured")
    log="$build/logs/$target.log"
    echo "== fuzz: $target for ${seconds} s (log: $log)"
    # shellcheck disable=SC2086
    if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$build/fuzz/$target" "$corpus" "${extra[@]}" -dict=fuzz/mermaid.dict \
            -max_total_time="$seconds" -timeout=15 -rss_limit_mb=2560 -max_len=8192 \
            -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
            ${FUZZ_FLAGS:-} >"$log" 2>&1; then
        echo "fuzz: $target found a problem:" >&2
        grep -E "ERROR|SUMMARY|Test unit written|runtime error|pipeline_fuzzer:|parse_fuzzer:|deflate_fuzzer:" \
            "$log" | head -20 >&2
        status=1
        continue
    fi
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|cov: " "$log" |
        tail -4
done
exit $status
