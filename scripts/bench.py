#!/usr/bin/env python3
"""Side-by-side speed comparison: Upsample Studio's core vs PyTorch, OpenCV and a 2-thread copy.

Run by `make bench` with Debian's Python (/usr/bin/python3, which has python3-torch 1.13,
python3-opencv, python3-pil and python3-matplotlib); the current PyTorch (2.14 when this was
written) runs in a worker inside the reference root (scripts/reference-root.sh) when it exists.
Every workload runs its contenders in turn, round after round (A B C ... A B C ...), on the same
input values, and reports medians and the ratios measured in the same run.

Like for like, every contender writes into storage it already has: ours into the blocks its
storage cache reuses, PyTorch through the `.out` overload F.interpolate dispatches to (into one
preallocated tensor, checked equal to F.interpolate's result first: scripts/bench_torch.py),
OpenCV with `dst=`. "As called" columns time a fresh output every call, page faults included:
PyTorch's F.interpolate itself, ours with `--fresh-output`. Writes resources/bench/results.csv,
results.md and ratios.png.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

THREADS = 2

# (name, input shape, mode, kwargs for F.interpolate)
def workloads():
    w = []
    for mode in ("nearest", "nearest-exact", "bilinear", "bicubic"):
        w.append(("W1", (1, 3, 1080, 1920), mode, {"scale_factor": 2.0}))
        if mode in ("bilinear", "bicubic"):
            w.append(("W1", (1, 3, 1080, 1920), mode, {"scale_factor": 2.0, "align_corners": True}))
    for mode in ("nearest", "bilinear"):
        w.append(("W2", (8, 64, 128, 128), mode, {"scale_factor": 2.0}))
    for mode in ("trilinear", "nearest"):
        w.append(("W3", (1, 1, 128, 128, 128), mode, {"scale_factor": 2.0}))
    for mode in ("bilinear", "bicubic", "lanczos"):
        w.append(("W4", (1, 3, 2160, 3840), mode, {"scale_factor": 0.25, "antialias": True}))
    w.append(("W4", (1, 3, 2160, 3840), "area", {"scale_factor": 0.25}))
    w.append(("W5", (1, 3, 1080, 1920), "bilinear", {"size": (1000, 1000)}))
    # uint8 (PyTorch 2.x's fixed point, torchvision's path) and float16: "dtype" is the input's
    w.append(("W6", (1, 3, 1080, 1920), "bilinear", {"size": (224, 224), "antialias": True, "dtype": "uint8"}))
    w.append(("W6", (1, 3, 1080, 1920), "bilinear", {"scale_factor": 2.0, "dtype": "uint8"}))
    w.append(("W6", (1, 3, 1080, 1920), "bilinear", {"scale_factor": 2.0, "dtype": "float16"}))
    return w


def as_dtype(x, kw):
    """The bench's float32 values in the workload's dtype: uint8 as (v + 1) * 127.5 truncated."""
    d = kw.get("dtype", "float32")
    return ((x + 1) * 127.5).astype(np.uint8) if d == "uint8" else x.astype(d)


def label(wl):
    name, shape, mode, kw = wl
    opts = ", ".join("%s=%s" % (k, v) for k, v in kw.items())
    return "%s %s %s (%s)" % (name, "x".join(map(str, shape)), mode, opts)


def out_shape(shape, kw):
    spatial = shape[2:]
    if "size" in kw:
        s = kw["size"]
        return shape[:2] + (tuple(s) if isinstance(s, tuple) else (s,) * len(spatial))
    return shape[:2] + tuple(int(d * kw["scale_factor"]) for d in spatial)


def median_of_3(once):
    """A runner: once() timed three times in a row, the median in seconds."""
    def run():
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            once()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)
    return run


# ---- contenders: each returns a callable that runs once and returns seconds, or None ----

def ours(cli, backend, threads, fresh_output=False, name="ours cpu 2t"):
    """Our CLI's in-process timing, a fresh process each round. On the CPU with 2 threads also the
    process's first call and the page-fault cost of its output (the cold start).

    Four untimed calls before the three timed ones: the in-process contenders (PyTorch, OpenCV, the
    copy floor) keep their tensors from round to round, so from the second round on they time
    their 5th to 16th calls, and on the virtual machines measured a process's calls speed up over
    its first five or so (W1 bilinear x2, Intel Xeon, one timed call after k untimed ones: CPU 4.3,
    3.8, 3.35, 3.2 ms for k = 1..4, OpenCL kernel 5.5, 5.7, 5.0, 4.5 ms, then 3.9 at k = 8)."""
    def make(wl, x):
        wname, shape, mode, kw = wl
        args = [cli, "bench", "--json", "--repeat", "3", "--warmup", "4", "--backend", backend,
                "--threads", str(threads), "--shape", ",".join(map(str, shape)), "--mode", mode]
        if "size" in kw:
            s = kw["size"]
            args += ["--size", ",".join(map(str, s if isinstance(s, tuple) else (s,)))]
        else:
            args += ["--scale", repr(kw["scale_factor"])]
        if kw.get("align_corners"):
            args.append("--align-corners")
        if kw.get("antialias"):
            args.append("--antialias")
        if "dtype" in kw:
            args += ["--dtype", kw["dtype"]]
        if fresh_output:  # one call into fresh pages a round (after one that loads the code)
            args[args.index("--repeat") + 1] = "1"
            args[args.index("--warmup") + 1] = "1"
            args.append("--fresh-output")
        if name == "ours cpu 2t":
            args.append("--fault-cost")
        # the CPU backend runs every workload; the OpenCL one may have no device
        if backend == "opencl" and subprocess.run(args, capture_output=True, text=True).returncode != 0:
            return None

        def run():
            r = subprocess.run(args, capture_output=True, text=True, check=True)
            j = json.loads(r.stdout)
            if backend != "opencl":
                out = {name: j["median_ms"] / 1000.0}
                if name == "ours cpu 2t":
                    out["first call"] = j["first_ms"] / 1000.0
                    out["output faults"] = j["fault_ms"] / 1000.0
                return out
            # OpenCL: the whole call, the kernels alone and the device's copy kernel (its floor)
            out = {"ours opencl": j["median_ms"] / 1000.0}
            if j.get("kernel_median_ms") is not None:
                out["opencl kernel"] = j["kernel_median_ms"] / 1000.0
            if j.get("copy_kernel_median_ms") is not None:
                out["opencl copy kernel"] = j["copy_kernel_median_ms"] / 1000.0
            return out
        return run
    return make


def torch_contender(kind):
    """The PyTorch of this Python (Debian 12's 1.13), like for like ("out") or as called."""
    def make(wl, x):
        import bench_torch
        name, shape, mode, kw = wl
        return bench_torch.runner(shape, mode, kw, kind, x)
    return make


class TorchWorker:
    """The reference root's PyTorch (scripts/bench_torch.py --serve), or None without the root."""

    def __init__(self):
        here = os.path.dirname(os.path.abspath(__file__))
        script = os.path.join(here, "reference-root.sh")
        self.proc, self.version = None, None
        root = subprocess.run([script, "path"], capture_output=True, text=True).stdout.strip()
        if not root or not os.path.exists(os.path.join(root, "usr/lib/python3/dist-packages/torch")):
            return
        env = dict(os.environ, OMP_NUM_THREADS=str(THREADS))
        self.proc = subprocess.Popen([script, "run", "python3", "scripts/bench_torch.py", "--serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                                     cwd=os.path.dirname(here))
        self.proc.stdin.write(json.dumps({"kind": "version"}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            self.proc = None
            return
        self.version = json.loads(line)["version"]

    def ask(self, wl, kind):
        name, shape, mode, kw = wl
        req = {"shape": list(shape), "mode": mode, "kind": kind,
               "kw": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}}
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        self.version = answer["version"]
        if "error" in answer:
            print("pytorch %s: %s" % (answer["version"], answer["error"]), file=sys.stderr)
        return answer.get("s")

    def contender(self, kind):
        def make(wl, x):
            if self.ask(wl, kind) is None:
                return None
            return lambda: self.ask(wl, kind)
        return make

    def close(self):
        if self.proc:
            self.proc.stdin.close()
            self.proc.wait()


CV_MODES = {"nearest": "INTER_NEAREST", "nearest-exact": "INTER_NEAREST_EXACT", "bilinear": "INTER_LINEAR",
            "bicubic": "INTER_CUBIC", "area": "INTER_AREA"}


def opencv_contender(wl, x):
    import cv2
    cv2.setNumThreads(THREADS)
    name, shape, mode, kw = wl
    if len(shape) != 4 or mode not in CV_MODES or kw.get("align_corners") or kw.get("antialias") or x.dtype == np.float16:
        return None
    interp = getattr(cv2, CV_MODES[mode], None)
    if interp is None:
        return None
    oh, ow = out_shape(shape, kw)[2:]
    # OpenCV works on (H, W, C) images: one per batch element, channels last
    imgs = [np.ascontiguousarray(x[n].transpose(1, 2, 0)) for n in range(shape[0])]
    if shape[1] > 512:
        return None
    # like for like: into preallocated images (dst=), checked equal to a plain call's result
    outs = [cv2.resize(img, (ow, oh), interpolation=interp) for img in imgs]
    for img, out in zip(imgs, outs):
        expected = out.copy()
        cv2.resize(img, (ow, oh), dst=out, interpolation=interp)
        if not np.array_equal(out, expected, equal_nan=True):
            raise RuntimeError("cv2.resize with dst= differs from the plain call")

    def once():
        for img, out in zip(imgs, outs):
            cv2.resize(img, (ow, oh), dst=out, interpolation=interp)
    once()
    return median_of_3(once)


PIL_MODES = {"nearest": "NEAREST", "bilinear": "BILINEAR", "bicubic": "BICUBIC"}


def pillow_contender(wl, x):
    from PIL import Image
    name, shape, mode, kw = wl
    if len(shape) != 4 or mode not in PIL_MODES or kw.get("align_corners"):
        return None
    # Pillow always filters with the kernel's support scaled on downscale (antialias); without
    # antialias it only matches PyTorch's mode on upscale.
    if kw.get("scale_factor", 2.0) < 1 and not kw.get("antialias"):
        return None
    resample = getattr(Image, PIL_MODES[mode])
    oh, ow = out_shape(shape, kw)[2:]
    if x.dtype == np.uint8 and shape[1] == 3:  # uint8: one RGB image per n, as torchvision users hold them
        planes = [Image.fromarray(np.ascontiguousarray(x[n].transpose(1, 2, 0)), mode="RGB") for n in range(shape[0])]
    elif x.dtype != np.float32:
        return None
    else:
        planes = [Image.fromarray(np.ascontiguousarray(x[n, c]), mode="F") for n in range(shape[0]) for c in range(shape[1])]

    def once():
        for p in planes:
            p.resize((ow, oh), resample=resample)
    once()

    def run():
        t0 = time.perf_counter()
        once()
        return time.perf_counter() - t0
    return run


def memcpy_contender(wl, x):
    name, shape, mode, kw = wl
    n_in = int(np.prod(shape))
    n_out = int(np.prod(out_shape(shape, kw)))
    # copying (in + out) / 2 elements reads and writes as many bytes as the resize moves
    n = (n_in + n_out) // 2
    src = np.ones(n, np.float32)
    dst = np.empty_like(src)
    np.copyto(dst, src)

    return median_of_3(lambda: np.copyto(dst, src))


def copy_floor_contender(wl, x):
    """The copy floor with THREADS threads: the larger of input and output copied, one slice a thread."""
    import threading
    name, shape, mode, kw = wl
    n = max(int(np.prod(shape)), int(np.prod(out_shape(shape, kw))))
    src = np.ones(n, np.float32)
    dst = np.empty_like(src)
    bounds = [n * i // THREADS for i in range(THREADS + 1)]

    def part(i):
        np.copyto(dst[bounds[i]:bounds[i + 1]], src[bounds[i]:bounds[i + 1]])  # numpy releases the GIL

    def once():
        workers = [threading.Thread(target=part, args=(i,)) for i in range(1, THREADS)]
        for t in workers:
            t.start()
        part(0)
        for t in workers:
            t.join()
    once()
    return median_of_3(once)


def update_readme(out_dir, readme="README.md"):
    """Puts results.md and the chart between README's bench markers."""
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    if not os.path.exists(readme):
        return
    text = open(readme, encoding="utf-8").read()
    if begin not in text or end not in text:
        return
    # README's links are relative to the repository: a folder outside it (--out /tmp/...) would
    # leave links that no reader of the committed README can follow
    rel = os.path.relpath(os.path.abspath(out_dir), os.path.dirname(os.path.abspath(readme)))
    if rel == ".." or rel.startswith(".." + os.sep):
        print("%s not updated: %s is outside the repository (copy results.md, results.csv and ratios.png "
              "into resources/bench, then run with --update-readme --out resources/bench)" % (readme, out_dir))
        return
    table = open(os.path.join(out_dir, "results.md"), encoding="utf-8").read().strip()
    body = ("\n" + table + "\n\n![Speed-up against PyTorch and OpenCV, like for like](%s/ratios.png)\n\n"
            "Raw figures: [`%s/results.csv`](%s/results.csv). Regenerate with `make bench`.\n" % (rel, rel, rel))
    b, e = text.index(begin) + len(begin), text.index(end)
    open(readme, "w", encoding="utf-8").write(text[:b] + body + text[e:])
    print("updated %s" % readme)


def write_before_after(out_dir, rows, rounds, date, machine):
    """The CPU backend of an earlier build against this one, from the same rounds."""
    path = os.path.join(out_dir, "before_after.md")
    with open(path, "w") as f:
        f.write("Measured %s on %s; both builds' CPU backends in the same rounds (medians of %d), with the "
                "copy floor. after / before < 1 is faster.\n\n" % (date, machine, rounds))
        f.write("| workload | before 1t | after 1t | after / before 1t | before 2t | after 2t | after / before 2t "
                "| copy %dt |\n|---|---|---|---|---|---|---|---|\n" % THREADS)
        for r in rows:
            m = r["ms"]
            cell = lambda n: "%.2f ms" % m[n] if n in m else "—"
            ratio = lambda a, b: "%.2f" % (m[a] / m[b]) if a in m and b in m else "—"
            f.write("| %s | %s | %s | %s | %s | %s | %s | %s |\n" % (
                r["workload"], cell("before cpu 1t"), cell("ours cpu 1t"), ratio("ours cpu 1t", "before cpu 1t"),
                cell("before cpu 2t"), cell("ours cpu 2t"), ratio("ours cpu 2t", "before cpu 2t"),
                cell("copy %dt" % THREADS)))
    print("wrote %s" % path)


def display_name(n, versions):
    """A column's heading: PyTorch's with its version and how it was called."""
    if n == "pytorch":
        return "pytorch %s out=" % versions["pytorch"]
    if n == "pytorch as called":
        return "pytorch %s as called" % versions["pytorch"]
    if n == "pytorch older":
        return "pytorch %s out=" % versions.get("pytorch older", "")
    if n == "opencv":
        return "opencv dst="
    return n


def write_results_md(path, rows, names, headers, versions, intro):
    """The main table, the ratios measured in the same rounds, the cold start and OpenCL's tables."""
    floor = "copy %dt" % THREADS
    main_names = [n for n in names if n not in ("first call", "output faults")]
    cell = lambda m, n: "%.2f ms" % m[n] if n in m else "—"
    with open(path, "w") as f:
        f.write(intro + " Like for like (ours, `out=`, `dst=`): every contender writes into storage it already "
                "has; as called: a fresh output every call, its page faults included. %s: a copy of the larger "
                "of input and output with %d threads (the floor).\n\n" % (floor, THREADS))
        f.write("| workload | " + " | ".join(headers[n] for n in main_names) + " |\n|---|" + "---|" * len(main_names) + "\n")
        for r in rows:
            f.write("| %s | " % r["workload"] + " | ".join(cell(r["ms"], n) for n in main_names) + " |\n")
        pt, older = headers["pytorch"].replace(" out=", ""), headers.get("pytorch older", "").replace(" out=", "")
        f.write("\nRatios: ours / %s is the time over the floor's; \"× pytorch\" how many times faster ours is than "
                "PyTorch, like for like (both into existing storage) and as called (both into fresh pages each "
                "call).\n\n" % floor)
        cols = [("ours / " + floor, "ours cpu 2t", floor, "%.2f"), ("%s / %s" % (pt, floor), "pytorch", floor, "%.2f"),
                ("× %s" % pt, "pytorch", "ours cpu 2t", "%.2f×"),
                ("× %s as called" % pt, "pytorch as called", "ours as called", "%.2f×")]
        if "pytorch older" in names:
            cols.append(("× %s" % older, "pytorch older", "ours cpu 2t", "%.2f×"))
        cols.append(("× opencv", "opencv", "ours cpu 2t", "%.2f×"))
        f.write("| workload | " + " | ".join(c[0] for c in cols) + " |\n|---|" + "---|" * len(cols) + "\n")
        for r in rows:
            m = r["ms"]
            f.write("| %s | %s |\n" % (r["workload"], " | ".join(
                fmt % (m[a] / m[b]) if a in m and b in m else "—" for _, a, b, fmt in cols)))
        f.write("\nCold start: the first call in a fresh upsample-cli process (2 threads) against a warm call plus "
                "the page-fault cost of its output (the same 2 threads first touching as many fresh bytes, one "
                "write a page).\n\n")
        f.write("| workload | first call | warm call | output faults | first / (warm + faults) |\n|---|---|---|---|---|\n")
        for r in rows:
            m = r["ms"]
            if "first call" in m and "ours cpu 2t" in m and "output faults" in m:
                f.write("| %s | %.2f ms | %.2f ms | %.2f ms | %.2f |\n" % (
                    r["workload"], m["first call"], m["ours cpu 2t"], m["output faults"],
                    m["first call"] / (m["ours cpu 2t"] + m["output faults"])))
        write_opencl_md(f, rows)


def write_opencl_md(f, rows):
    f.write("\nOpenCL against its floor (the same device's copy kernel moving the same bytes) and against the "
            "native CPU backend (2 threads), kernel times from profiling events:\n\n")
    f.write("| workload | kernel | copy kernel | kernel GB/s | copy GB/s | kernel / copy | kernel / cpu 2t | "
            "end-to-end / cpu 2t |\n|---|---|---|---|---|---|---|---|\n")
    for r in rows:
        m = r["ms"]
        if not m.get("opencl kernel") or not m.get("opencl copy kernel") or "ours cpu 2t" not in m:
            continue
        gb = r["bytes"] / 1e6
        f.write("| %s | %.2f ms | %.2f ms | %.2f | %.2f | %.2f | %.2f | %.2f |\n" % (
            r["workload"], m["opencl kernel"], m["opencl copy kernel"], gb / m["opencl kernel"],
            gb / m["opencl copy kernel"], m["opencl kernel"] / m["opencl copy kernel"],
            m["opencl kernel"] / m["ours cpu 2t"], m["ours opencl"] / m["ours cpu 2t"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", default="resources/bench")
    ap.add_argument("--only", default="",
                    help="comma-separated workload names (W1..W5), or name/mode (W3/nearest) for one mode's rows")
    ap.add_argument("--update-readme", action="store_true", help="only copy OUT/results.md into README.md")
    ap.add_argument("--before-cli", default="",
                    help="an earlier build's upsample-cli: its CPU backend runs in the same rounds, and "
                         "OUT/before_after.md gets the before/after table (README is not touched)")
    ap.add_argument("--more", action="store_true",
                    help="also ours with 1 thread, Pillow (as called: it has no out=) and a 1-thread memcpy")
    ap.add_argument("--no-reference", action="store_true",
                    help="time the PyTorch of this Python even where the reference root exists")
    args = ap.parse_args()
    if args.update_readme:
        update_readme(args.out)
        return
    os.makedirs(args.out, exist_ok=True)

    import torch
    system_torch = torch.__version__.split("+")[0]
    worker = TorchWorker() if not args.no_reference else None
    floor = "copy %dt" % THREADS
    contenders = [("ours cpu 2t", ours(args.cli, "cpu", 2)),
                  ("ours as called", ours(args.cli, "cpu", 2, fresh_output=True, name="ours as called")),
                  ("ours opencl", ours(args.cli, "opencl", 2))]
    if worker and worker.proc:
        contenders += [("pytorch", worker.contender("out")), ("pytorch as called", worker.contender("called")),
                       ("pytorch older", torch_contender("out"))]
        versions = {"pytorch": worker.version, "pytorch older": system_torch}
    else:
        contenders += [("pytorch", torch_contender("out")), ("pytorch as called", torch_contender("called"))]
        versions = {"pytorch": system_torch}
    contenders += [("opencv", opencv_contender), (floor, copy_floor_contender)]
    if args.more:
        contenders[1:1] = [("ours cpu 1t", ours(args.cli, "cpu", 1, name="ours cpu 1t"))]
        contenders[-1:-1] = [("pillow", pillow_contender), ("memcpy", memcpy_contender)]
    if args.before_cli:
        contenders[1:1] = [("before cpu 1t", ours(args.before_cli, "cpu", 1, name="before cpu 1t")),
                           ("before cpu 2t", ours(args.before_cli, "cpu", 2, name="before cpu 2t")),
                           ("ours cpu 1t", ours(args.cli, "cpu", 1, name="ours cpu 1t"))]
    rows = []
    only = set(filter(None, args.only.split(",")))
    for wl in workloads():
        if only and wl[0] not in only and "%s/%s" % (wl[0], wl[2]) not in only:
            continue
        x = as_dtype(np.random.RandomState(0).uniform(-1, 1, wl[1]).astype(np.float32), wl[3])
        runners = [(name, make(wl, x)) for name, make in contenders]
        runners = [(n, r) for n, r in runners if r is not None]
        samples = {}
        for _ in range(args.rounds):
            for n, r in runners:
                v = r()
                for k, t in (v.items() if isinstance(v, dict) else [(n, v)]):
                    samples.setdefault(k, []).append(t)
        med = {n: statistics.median(v) * 1000 for n, v in samples.items()}
        nbytes = x.itemsize * (int(np.prod(wl[1])) + int(np.prod(out_shape(wl[1], wl[3]))))
        row = {"workload": label(wl), "ms": med, "bytes": nbytes}
        rows.append(row)
        print(label(wl), " ".join("%s=%.2fms" % (n, m) for n, m in med.items()), flush=True)

    names = [n for n, _ in contenders]
    names[names.index("ours opencl") + 1:names.index("ours opencl") + 1] = ["opencl kernel", "opencl copy kernel"]
    names += ["first call", "output faults"]
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    machine = "%s, %d cores, %s" % (cpu, os.cpu_count(), platform.platform())
    date = datetime.date.today().isoformat()
    headers = {n: display_name(n, versions) for n in names}
    with open(os.path.join(args.out, "results.csv"), "w") as f:
        f.write("workload," + ",".join(headers[n] for n in names) + "\n")
        for r in rows:
            f.write('"%s",' % r["workload"] + ",".join("%.3f" % r["ms"][n] if n in r["ms"] else "" for n in names) + "\n")
    write_results_md(os.path.join(args.out, "results.md"), rows, names, headers, versions,
                     "Measured %s on %s, %d threads for every contender; medians of %d rounds."
                     % (date, machine, THREADS, args.rounds))
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(12, 0.45 * len(rows) + 2))
        ys = np.arange(len(rows))
        for i, p in enumerate(["pytorch", "pytorch older", "opencv"]):
            vals = [r["ms"][p] / r["ms"]["ours cpu 2t"] if p in r["ms"] and "ours cpu 2t" in r["ms"] else 0 for r in rows]
            ax.barh(ys + (i - 1) * 0.27, vals, height=0.27, label="%s time / ours" % headers.get(p, p))
        ax.axvline(1.0, color="black", linewidth=0.8)
        ax.set_yticks(ys)
        ax.set_yticklabels([r["workload"] for r in rows], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlabel("speed-up of Upsample Studio (CPU, 2 threads), like for like — higher is better")
        ax.set_title("Side by side, %s" % date)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(args.out, "ratios.png"), dpi=90)
    except ImportError:
        print("matplotlib missing: no chart", file=sys.stderr)
    print("wrote %s/results.csv, results.md, ratios.png" % args.out)
    if worker:
        worker.close()
    if args.before_cli:
        write_before_after(args.out, rows, args.rounds, date, machine)
        return
    if not only:
        update_readme(args.out)


if __name__ == "__main__":
    main()
