#!/usr/bin/env python3
"""Paired before/after timing of two upsample-cli builds' CPU backend, for small differences.

Usage: /usr/bin/python3 scripts/bench_pairs.py AFTER_CLI BEFORE_CLI [PAIRS]

For each workload, PAIRS (default 12) pairs of in-process `upsample-cli bench --json --repeat 9
--warmup 2` runs, the two builds back to back (the order alternating), and the median of the
pairs' after / before ratios: a drift of the shared machine moves both halves of a pair, so the
ratio holds where the absolute times do not. Complements `scripts/bench.py --before-cli`.
"""
import json
import statistics
import subprocess
import sys

CASES = [("1,1,128,128,128", "nearest", 1), ("1,1,128,128,128", "nearest", 2), ("1,3,1080,1920", "nearest", 1),
         ("1,3,1080,1920", "nearest", 2), ("8,64,128,128", "nearest", 2)]


def median_ms(cli, shape, mode, threads):
    out = subprocess.run([cli, "bench", "--json", "--repeat", "9", "--warmup", "2", "--backend", "cpu", "--threads",
                          str(threads), "--shape", shape, "--mode", mode, "--scale", "2.0"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["median_ms"]


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    after, before = sys.argv[1], sys.argv[2]
    pairs = int(sys.argv[3]) if len(sys.argv) == 4 else 12
    for shape, mode, threads in CASES:
        ratios = []
        for i in range(pairs):
            order = [("after", after), ("before", before)] if i % 2 else [("before", before), ("after", after)]
            t = {name: median_ms(cli, shape, mode, threads) for name, cli in order}
            ratios.append(t["after"] / t["before"])
        print("%s %s %dt: after / before, median of %d pairs %.3f (%s)" % (
            shape, mode, threads, pairs, statistics.median(ratios), " ".join("%.2f" % r for r in ratios)), flush=True)


if __name__ == "__main__":
    main()
