#!/usr/bin/env python3
"""Paired before/after timing of two upsample-cli builds' CPU backend, for small differences.

Usage: /usr/bin/python3 scripts/bench_pairs.py [--opencl] AFTER_CLI BEFORE_CLI [PAIRS] [CASE...]

For each workload, PAIRS (default 12) pairs of in-process `upsample-cli bench --json --repeat 9
--warmup 2` runs, the two builds back to back (the order alternating), and the median of the
pairs' after / before ratios: a drift of the shared machine moves both halves of a pair, so the
ratio holds where the absolute times do not; also each build's fastest run over all pairs (on a
loaded machine the least disturbed runs, the steadier figure). Complements
`scripts/bench.py --before-cli`. With --opencl: the OpenCL backend's kernel times (profiling
events; "fastest" is then the fastest run's median kernel time).

A CASE is SHAPE/MODE/THREADS[/SCALE | /size=H,W][/antialias][/align_corners][/DTYPE], DTYPE
float64, float16, bfloat16 or uint8, e.g.
1,1,128,128,128/trilinear/2, 1,3,2160,3840/bicubic/2/0.25/antialias,
1,3,1080,1920/bicubic/2/align_corners or 1,3,1080,1920/bilinear/2/size=1000,1000; without any,
the nearest cases below.
"""
import json
import statistics
import subprocess
import sys

CASES = ["1,1,128,128,128/nearest/1", "1,1,128,128,128/nearest/2", "1,3,1080,1920/nearest/1",
         "1,3,1080,1920/nearest/2", "8,64,128,128/nearest/2"]


def bench_args(case):
    """upsample-cli bench's options for a CASE (see the usage)."""
    parts = case.split("/")
    shape, mode, threads = parts[:3]
    args = ["--threads", threads, "--shape", shape, "--mode", mode, "--scale", "2.0"]
    for extra in parts[3:]:
        if extra == "antialias":
            args.append("--antialias")
        elif extra == "align_corners":
            args.append("--align-corners")
        elif extra.startswith("size="):
            i = args.index("--scale")
            args[i:i + 2] = ["--size", extra[len("size="):]]
        elif extra in ("float64", "float16", "bfloat16", "uint8"):
            args += ["--dtype", extra]
        else:
            args[args.index("--scale") + 1] = extra
    return args


def times_ms(cli, case, opencl=False):
    out = subprocess.run([cli, "bench", "--json", "--repeat", "9", "--warmup", "2", "--backend",
                          "opencl" if opencl else "cpu"] + bench_args(case),
                         capture_output=True, text=True, check=True).stdout
    j = json.loads(out)
    if opencl:
        return j["kernel_median_ms"], j["kernel_median_ms"]
    return j["median_ms"], j["min_ms"]


def main():
    args = sys.argv[1:]
    opencl = "--opencl" in args
    args = [a for a in args if a != "--opencl"]
    if len(args) < 2:
        sys.exit(__doc__)
    after, before = args[0], args[1]
    rest = args[2:]
    pairs = int(rest.pop(0)) if rest and rest[0].isdigit() else 12
    for case in rest or CASES:
        ratios, fastest = [], {"after": float("inf"), "before": float("inf")}
        for i in range(pairs):
            order = [("after", after), ("before", before)] if i % 2 else [("before", before), ("after", after)]
            t = {}
            for name, cli in order:
                t[name], low = times_ms(cli, case, opencl)
                fastest[name] = min(fastest[name], low)
            ratios.append(t["after"] / t["before"])
        print("%s: after / before, median of %d pairs %.3f (%s); fastest runs %.3f / %.3f ms = %.3f" % (
            case, pairs, statistics.median(ratios), " ".join("%.2f" % r for r in ratios), fastest["after"],
            fastest["before"], fastest["after"] / fastest["before"]), flush=True)


if __name__ == "__main__":
    main()
