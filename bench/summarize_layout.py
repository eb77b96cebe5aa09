#!/usr/bin/env python3
"""Summarises run_bench.py results (results.jsonl): medians per set and size for every engine,
merrow's ratio to the best peer, and the correctness sums. Usage: summarize_layout.py FILE"""
import json
import statistics
import sys
from collections import defaultdict

METRICS = [("edge_crossings", "crossings", "{:.0f}"), ("edge_len_norm", "len/edge", "{:.2f}"),
           ("area_per_node_area", "area/nodeA", "{:.1f}"), ("ms", "time ms", "{:.1f}")]
DEFECTS = ["node_overlaps", "edge_node_hits", "edge_cluster_crossings", "label_node_overlaps",
           "label_label_overlaps", "cluster_nodes_outside", "cluster_foreign_nodes",
           "cluster_overlaps"]


def main():
    rows = [json.loads(line) for line in open(sys.argv[1])]
    rows = [r for r in rows if "error" not in r]
    groups = defaultdict(list)
    for r in rows:
        groups[(r["set"], str(r["n"]), r["engine"])].append(r)
    keys = sorted({(s, n) for s, n, _ in groups}, key=lambda k: (k[0], int(k[1]) if k[1].isdigit() else 0))
    engines = sorted({e for _, _, e in groups})
    print("## Medians per graph group\n")
    head = "| set | n | graphs |" + "".join(f" {label} {e} |" for _, label, _ in METRICS for e in engines)
    print(head)
    print("|" + "---|" * (3 + len(METRICS) * len(engines)))
    for s, n in keys:
        count = max(len(groups.get((s, n, e), [])) for e in engines)
        cells = []
        for metric, _, fmt in METRICS:
            for e in engines:
                rs = groups.get((s, n, e), [])
                if s == "gvtest" and metric == "edge_crossings":
                    v = sum(r[metric] for r in rs) if rs else None
                else:
                    v = statistics.median(r[metric] for r in rs) if rs else None
                cells.append("-" if v is None else fmt.format(v))
        print(f"| {s} | {n} | {count} | " + " | ".join(cells) + " |")
    print("\n(gvtest crossings are totals over the 54 graphs, not medians.)\n")
    if "merrow" in engines:
        print("## merrow against the best peer (ratio; below 1 is better)\n")
        print("| set | n | crossings | len/edge | area/nodeA |")
        print("|---|---|---|---|---|")
        for s, n in keys:
            cells = []
            for metric, _, _ in METRICS[:3]:
                def value(e):
                    rs = groups.get((s, n, e), [])
                    if not rs:
                        return None
                    if s == "gvtest" and metric == "edge_crossings":
                        return sum(r[metric] for r in rs)
                    return statistics.median(r[metric] for r in rs)
                ours = value("merrow")
                peers = [value(e) for e in engines if e != "merrow" and value(e) is not None]
                if ours is None or not peers:
                    cells.append("-")
                    continue
                best = min(peers)
                cells.append("{:.2f}".format(ours / best) if best > 0 else ("0 vs 0" if ours == 0 else f"{ours:.0f} vs 0"))
            print(f"| {s} | {n} | " + " | ".join(cells) + " |")
    print("\n## Defects (sums over all graphs; any non-zero is a defect)\n")
    print("| engine | graphs | " + " | ".join(DEFECTS) + " |")
    print("|" + "---|" * (2 + len(DEFECTS)))
    for e in engines:
        rs = [r for r in rows if r["engine"] == e]
        print(f"| {e} | {len(rs)} | " + " | ".join(str(sum(r.get(d, 0) for r in rs)) for d in DEFECTS) + " |")


if __name__ == "__main__":
    main()
