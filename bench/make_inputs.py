#!/usr/bin/env python3
"""Writes the process benchmark's inputs into DIR: tier.mmd/tier.dot (the user's diagram and an
equivalent Graphviz graph) and big.mmd/big.dot (200 nodes, 300 edges, some labelled), so that
merrow and dot draw the same graphs. Usage: make_inputs.py TIER.mmd DIR"""
import random
import re
import shutil
import sys


def tier_dot(mmd):
    nodes, edges = [], []
    for line in open(mmd):
        m = re.match(r'\s*(\w+)\["(.*)"\]\s*$', line)
        if m:
            nodes.append(m.groups())
        m = re.match(r'\s*(\w+) -->\|"(.*)"\| (\w+)\s*$', line)
        if m:
            edges.append(m.groups())
    out = ["digraph G {", ' node [shape=box, style=filled, fontname="Arial", fontsize=16];']
    out += [f' {i} [label="{t}"];' for i, t in nodes]
    out += [f' {a} -> {b} [label="{t}", fontname="Arial"];' for a, t, b in edges]
    return "\n".join(out + ["}"]) + "\n"


def big(seed=20261126):
    rng = random.Random(seed)
    mmd = ["flowchart TD"] + [f'    n{i}["Node {i}"]' for i in range(200)]
    dot = ["digraph G {", ' node [shape=box, fontname="Arial", fontsize=16];']
    dot += [f' n{i} [label="Node {i}"];' for i in range(200)]
    for _ in range(300):
        a = rng.randrange(199)
        b = a + 1 + rng.randrange(min(20, 199 - a))
        if rng.random() < 0.25:
            mmd.append(f"    n{a} -->|step| n{b}")
            dot.append(f' n{a} -> n{b} [label="step"];')
        else:
            mmd.append(f"    n{a} --> n{b}")
            dot.append(f" n{a} -> n{b};")
    return "\n".join(mmd) + "\n", "\n".join(dot + ["}"]) + "\n"


def main():
    tier, out = sys.argv[1], sys.argv[2]
    shutil.copy(tier, f"{out}/tier.mmd")
    open(f"{out}/tier.dot", "w").write(tier_dot(tier))
    m, d = big()
    open(f"{out}/big.mmd", "w").write(m)
    open(f"{out}/big.dot", "w").write(d)


if __name__ == "__main__":
    main()
