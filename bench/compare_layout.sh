#!/usr/bin/env bash
# Layout quality and speed of merrow's engine against dot, dagre and ELK on the benchmark graphs
# of shared/bench/graphs, with shared/tools/layout/run_bench.py (same spacing, same metrics).
# Not a test: it takes minutes (the peers take much longer than merrow).
#
#   bench/compare_layout.sh [--sets dag,cyc,flow,gvtest] [--engines dot,dagre,elk,merrow]
#
# Peer results are cached in $BENCH_WORK (default ~/.cache/merrow-bench) and reused; merrow is
# always re-run. dagre and ELK need ../shared/tools/peers/setup.sh; dot needs Debian's graphviz.
# Writes the tables to bench/results/layout.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="${MERROW_SHARED_DIR:-$root/../shared}"
work="${BENCH_WORK:-$HOME/.cache/merrow-bench}"
sets="dag,cyc,flow,gvtest"
engines="dot,dagre,elk,merrow"
while [ $# -gt 0 ]; do
    case "$1" in
        --sets) sets="$2"; shift 2 ;;
        --engines) engines="$2"; shift 2 ;;
        *) echo "usage: $0 [--sets S] [--engines E]" >&2; exit 2 ;;
    esac
done
[ -x "$root/build/merrow" ] || { echo "build merrow first (scripts/build.sh)" >&2; exit 2; }
mkdir -p "$work" "$here/results"
# Forget merrow's previous rows: the engine changes between runs, the peers do not.
if [ -f "$work/results.jsonl" ]; then
    grep -v '"engine": "merrow"' "$work/results.jsonl" > "$work/results.tmp" || true
    mv "$work/results.tmp" "$work/results.jsonl"
fi
MERROW="$root/build/merrow" python3 "$shared/tools/layout/run_bench.py" \
    --graphs "$shared/bench/graphs" --work "$work" --engines "$engines" --sets "$sets" \
    > "$work/run.log"
python3 "$here/summarize_layout.py" "$work/results.jsonl" > "$here/results/layout.md"
cat "$here/results/layout.md"
