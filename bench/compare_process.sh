#!/usr/bin/env bash
# Whole-process timings of merrow against Graphviz dot (and mmdc and beautiful-mermaid when
# ../shared/tools/peers/setup.sh installed them), measured in the same run with hyperfine,
# alternating the commands; reports medians and ratios, plus peak memory. Not a test. merrow's
# text measurement cache lives in a temporary folder here, never the user's.
#
#   bench/compare_process.sh            writes bench/results/process.md
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
merrow="$root/build/merrow"
peers="${PEERS_DIR:-$HOME/.cache/merrow-peers}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt install hyperfine)" >&2; exit 2; }
command -v dot >/dev/null || { echo "needs Graphviz dot (apt install graphviz)" >&2; exit 2; }
[ -x "$merrow" ] || { echo "build merrow first" >&2; exit 2; }

# The inputs: the tier diagram and a 200-node / 300-edge flowchart, each with a Graphviz file
# drawing the same graph (same labels, boxes and edge labels).
python3 "$here/make_inputs.py" "$root/samples/tier.mmd" "$work"

runs=30
median_ms() { # hyperfine JSON → median of one command, in ms
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]; print(f\"{sorted(r['times'])[len(r['times'])//2]*1000:.1f}\")" "$1" "$2"
}
table="$here/results/process.md"
mkdir -p "$here/results"
{
    echo "# Whole-process timings (median of $runs alternating runs, one machine, one run)"
    echo
    echo "| case | merrow ms | dot ms | merrow / dot |"
    echo "|---|---|---|---|"
} > "$table"
compare() { # name merrow-args dot-args
    hyperfine -N -w 3 -r "$runs" --export-json "$work/$1.json" "$merrow $2" "dot $3" >/dev/null
    local m d
    m=$(median_ms "$work/$1.json" 0)
    d=$(median_ms "$work/$1.json" 1)
    echo "| $1 | $m | $d | $(python3 -c "print(f'{$m/$d:.2f}')") |" >> "$table"
}
# SVG runs twice: without the text measurement cache (a diagram whose labels merrow has never
# measured) and with it warm (hyperfine's warm-up runs fill it: any diagram rendered before).
export MERROW_CACHE_DIR=""
compare "tier → SVG, labels new" "-i $work/tier.mmd -o $work/o.svg" "-Tsvg $work/tier.dot -o $work/o.svg"
compare "200 nodes → SVG, labels new" "-i $work/big.mmd -o $work/o.svg" "-Tsvg $work/big.dot -o $work/o.svg"
export MERROW_CACHE_DIR="$work/cache"
compare "tier → SVG, labels cached" "-i $work/tier.mmd -o $work/o.svg" "-Tsvg $work/tier.dot -o $work/o.svg"
compare "200 nodes → SVG, labels cached" "-i $work/big.mmd -o $work/o.svg" "-Tsvg $work/big.dot -o $work/o.svg"
compare "tier → PNG" "-i $work/tier.mmd -o $work/o.png" "-Tpng $work/tier.dot -o $work/o.png"

if [ -x "$peers/node_modules/.bin/mmdc" ]; then
    hyperfine -N -w 1 -r 5 --export-json "$work/mmdc.json" \
        "$merrow -i $work/tier.mmd -o $work/o.svg" \
        "$peers/node_modules/.bin/mmdc -q -p $peers/puppeteer-config.json -i $work/tier.mmd -o $work/o.svg" \
        "node $peers/bm.mjs $work/tier.mmd" >/dev/null
    m=$(median_ms "$work/mmdc.json" 0); x=$(median_ms "$work/mmdc.json" 1); b=$(median_ms "$work/mmdc.json" 2)
    {
        echo
        echo "| tier → SVG | merrow ms | mmdc ms | beautiful-mermaid ms | mmdc / merrow |"
        echo "|---|---|---|---|---|"
        echo "| | $m | $x | $b | $(python3 -c "print(f'{$x/$m:.0f}×')") |"
    } >> "$table"
fi

# Many diagrams in one process: 20 typical diagrams (the samples, repeated).
inputs=()
for i in $(seq 1 4); do for f in "$root"/samples/*.mmd; do inputs+=("$f"); done; done
inputs=("${inputs[@]:0:20}")
args=""
for f in "${inputs[@]}"; do args="$args -i $f"; done
if "$merrow" $args -o "$work/batch" >/dev/null 2>&1; then
    hyperfine -N -w 2 -r 10 --export-json "$work/batch.json" "$merrow $args -o $work/batch" >/dev/null
    echo >> "$table"
    echo "20 diagrams in one process: $(median_ms "$work/batch.json" 0) ms" >> "$table"
fi

# In process, per stage (Google Benchmark; needs a build with -DMERROW_BUILD_BENCH=ON).
stages="$root/build/bench/merrow_bench"
if [ -x "$stages" ]; then
    "$stages" --benchmark_format=json --benchmark_repetitions=5 \
        --benchmark_report_aggregates_only=true --benchmark_min_time=0.2 \
        >"$work/stages.json" 2>/dev/null
    python3 - "$work/stages.json" >> "$table" <<'PY'
import json, sys
rows = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("aggregate_name") == "median"]
scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
print()
print("In process, per stage (median of 5 repetitions; CPU time, ms):")
print()
print("| benchmark | CPU ms | wall ms |")
print("|---|---|---|")
for b in rows:
    k = scale[b["time_unit"]]
    print(f"| {b['run_name']} | {b['cpu_time'] * k:.3f} | {b['real_time'] * k:.3f} |")
PY
else
    echo "(no $stages: configure with -DMERROW_BUILD_BENCH=ON for the per-stage table)" >&2
fi

peak_kib() {
    { /usr/bin/time -v "$merrow" -i "$work/tier.mmd" -o "$work/o.svg" ; } 2>&1 |
        awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}'
}
cached=$(peak_kib)
new=$(MERROW_CACHE_DIR="" peak_kib)
echo >> "$table"
echo "Peak memory, tier → SVG: $((new / 1024)) MiB (labels new), $((cached / 1024)) MiB (cached)" >> "$table"
cat "$table"
