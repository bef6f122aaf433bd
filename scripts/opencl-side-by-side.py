#!/usr/bin/python3
"""The OpenCL kernels of two builds side by side with the device's copy kernel and the native CPU.

Usage: /usr/bin/python3 scripts/opencl-side-by-side.py BEFORE_CLI AFTER_CLI [ROUNDS [WORD ...]]

For each workload W1-W4 of the OpenCL issue (those whose name holds one of the WORDs, if given),
every round runs in turn: BEFORE_CLI's OpenCL kernels, AFTER_CLI's OpenCL kernels (with the
copy kernel of the same bytes on the same device) and AFTER_CLI's native CPU backend with 2
threads, each as `upsample-cli bench --json --repeat 3 --warmup 1 --threads 2`; prints a
Markdown table of medians over ROUNDS (default 5) and the ratios.
"""
import json
import statistics
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
before, after = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
W = [("W1 nearest x2", "1,3,1080,1920", ["--mode", "nearest", "--scale", "2"]),
     ("W1 nearest-exact x2", "1,3,1080,1920", ["--mode", "nearest-exact", "--scale", "2"]),
     ("W1 bilinear x2", "1,3,1080,1920", ["--mode", "bilinear", "--scale", "2"]),
     ("W1 bilinear x2 align_corners", "1,3,1080,1920", ["--mode", "bilinear", "--scale", "2", "--align-corners"]),
     ("W1 bicubic x2", "1,3,1080,1920", ["--mode", "bicubic", "--scale", "2"]),
     ("W1 bicubic x2 align_corners", "1,3,1080,1920", ["--mode", "bicubic", "--scale", "2", "--align-corners"]),
     ("W2 8x64x128x128 nearest x2", "8,64,128,128", ["--mode", "nearest", "--scale", "2"]),
     ("W2 8x64x128x128 bilinear x2", "8,64,128,128", ["--mode", "bilinear", "--scale", "2"]),
     ("W3 128^3 trilinear x2", "1,1,128,128,128", ["--mode", "trilinear", "--scale", "2"]),
     ("W3 128^3 nearest x2", "1,1,128,128,128", ["--mode", "nearest", "--scale", "2"]),
     ("W4 2160x3840 bilinear-aa x1/4", "1,3,2160,3840", ["--mode", "bilinear", "--scale", "0.25", "--antialias"]),
     ("W4 2160x3840 bicubic-aa x1/4", "1,3,2160,3840", ["--mode", "bicubic", "--scale", "0.25", "--antialias"]),
     ("W4 2160x3840 area x1/4", "1,3,2160,3840", ["--mode", "area", "--scale", "0.25"])]
if len(sys.argv) > 4:  # a subset: workload names containing any of the words
    W = [w for w in W if any(word in w[0] for word in sys.argv[4:])]
def run(cli, backend, shape, extra):
    a = [cli, "bench", "--json", "--repeat", "3", "--warmup", "1", "--backend", backend, "--threads", "2", "--shape", shape] + extra
    return json.loads(subprocess.run(a, capture_output=True, text=True, check=True).stdout)
print("| workload | before: kernel ms | after: kernel ms | copy kernel ms | native CPU 2t ms | after e2e ms | kernel / CPU | e2e / CPU | kernel / copy | before kernel / CPU |")
print("|---|---|---|---|---|---|---|---|---|---|")
for name, shape, extra in W:
    s = {k: [] for k in ("bk", "k", "c", "cpu", "e")}
    for r in range(rounds):
        b = run(before, "opencl", shape, extra); s["bk"].append(b["kernel_median_ms"])
        a = run(after, "opencl", shape, extra); s["k"].append(a["kernel_median_ms"]); s["c"].append(a["copy_kernel_median_ms"]); s["e"].append(a["median_ms"])
        c = run(after, "cpu", shape, extra); s["cpu"].append(c["median_ms"])
    m = {k: statistics.median(v) for k, v in s.items()}
    print("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.1f |" % (name, m["bk"], m["k"], m["c"], m["cpu"], m["e"], m["k"]/m["cpu"], m["e"]/m["cpu"], m["k"]/m["c"], m["bk"]/m["cpu"]), flush=True)
