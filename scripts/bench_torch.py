#!/usr/bin/env python3
"""PyTorch's side of `make bench` (scripts/bench.py): one workload timed two ways.

  like for like  the ATen `.out` overload F.interpolate dispatches to (upsample_bilinear2d.out,
                 _upsample_bicubic2d_aa.out, adaptive_avg_pool2d.out, ...) writing into one
                 preallocated tensor, checked equal to F.interpolate's result first
  as called      F.interpolate itself: a fresh output every call, its page faults included

bench.py imports this module for the PyTorch of the Python that runs it (Debian 12's 1.13), and
runs it as a worker inside the reference root (scripts/reference-root.sh) for the current
PyTorch: `python3 scripts/bench_torch.py --serve` reads one JSON request a line on stdin
({"shape": [...], "mode": "...", "kw": {...}, "kind": "out" | "called"}) and answers one JSON
line: {"s": seconds (like for like: the median of 3 calls; as called: one call), "version": "2.14.1"} or {"error": "..."}.
"""
import json
import statistics
import sys
import time

import numpy as np

THREADS = 2

# F.interpolate's mode -> the ATen op it calls (2-D or 3-D), and whether the op takes align_corners
OPS = {("nearest", 4): ("upsample_nearest2d", False), ("nearest", 5): ("upsample_nearest3d", False),
       ("nearest-exact", 4): ("_upsample_nearest_exact2d", False),
       ("nearest-exact", 5): ("_upsample_nearest_exact3d", False),
       ("bilinear", 4): ("upsample_bilinear2d", True), ("bicubic", 4): ("upsample_bicubic2d", True),
       ("trilinear", 5): ("upsample_trilinear3d", True)}
AA_OPS = {"bilinear": "_upsample_bilinear2d_aa", "bicubic": "_upsample_bicubic2d_aa",
          "lanczos": "_upsample_lanczos2d_aa"}


def input_values(shape):
    """The bench's input: the same values in every contender (seed 0, uniform in [-1, 1))."""
    return np.random.RandomState(0).uniform(-1, 1, shape).astype(np.float32)


def out_shape(shape, kw):
    spatial = shape[2:]
    if "size" in kw:
        s = kw["size"]
        return tuple(shape[:2]) + (tuple(s) if isinstance(s, (tuple, list)) else (s,) * len(spatial))
    return tuple(shape[:2]) + tuple(int(d * kw["scale_factor"]) for d in spatial)


def median_of_3(once):
    def run():
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            once()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)
    return run


def out_call(torch, t, mode, kw):
    """A function writing what F.interpolate(t, mode=mode, **kw) computes into out=, or None."""
    size = list(out_shape(tuple(t.shape), kw)[2:])
    scales = [None] * len(size) if "size" in kw else [float(kw["scale_factor"])] * len(size)
    if mode == "area":
        if t.dim() != 4:
            return None
        return lambda out: torch.ops.aten.adaptive_avg_pool2d.out(t, size, out=out)
    if kw.get("antialias"):
        if mode not in AA_OPS or t.dim() != 4:
            return None
        op = getattr(torch.ops.aten, AA_OPS[mode]).out
        return lambda out: op(t, size, bool(kw.get("align_corners", False)), *scales, out=out)
    name, takes_corners = OPS.get((mode, t.dim()), (None, False))
    if name is None or not hasattr(torch.ops.aten, name):
        return None
    op = getattr(torch.ops.aten, name).out
    if takes_corners:
        return lambda out: op(t, size, bool(kw.get("align_corners", False)), *scales, out=out)
    return lambda out: op(t, size, *scales, out=out)


def runner(shape, mode, kw, kind, x=None):
    """A callable timing one round (seconds, median of 3), or None where PyTorch has no such call."""
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(THREADS)
    t = torch.from_numpy(input_values(shape) if x is None else x)
    kw = {k: (tuple(v) if isinstance(v, list) else v) for k, v in kw.items()}
    dtype = kw.pop("dtype", None)  # uint8 as (v + 1) * 127.5 truncated, as bench.py's as_dtype
    if dtype and t.dtype == torch.float32:
        t = ((t + 1) * 127.5).to(torch.uint8) if dtype == "uint8" else t.to(getattr(torch, dtype))
    try:
        expected = F.interpolate(t, mode=mode, **kw)
    except (ValueError, RuntimeError, NotImplementedError):  # an older PyTorch refuses the dtype or lacks the mode
        # (lanczos before 2.12): no cell
        return None
    if kind == "called":  # one call a round: each pays its output's page faults
        def once():
            t0 = time.perf_counter()
            F.interpolate(t, mode=mode, **kw)
            return time.perf_counter() - t0
        return once
    call = out_call(torch, t, mode, kw)
    if call is None:
        return None
    out = torch.empty(expected.shape, dtype=expected.dtype)
    call(out)
    if not torch.equal(out, expected):
        raise RuntimeError("the .out call of %s %s differs from F.interpolate" % (mode, kw))
    return median_of_3(lambda: call(out))


def serve():
    import torch
    version = torch.__version__.split("+")[0]
    current, runners = None, {}
    for line in sys.stdin:
        req = json.loads(line)
        if req.get("kind") == "version":
            print(json.dumps({"version": version}), flush=True)
            continue
        workload = json.dumps([req["shape"], req["mode"], req["kw"]], sort_keys=True)
        try:
            if workload != current:
                current, runners = workload, {}  # one workload's tensors at a time
            if req["kind"] not in runners:
                runners[req["kind"]] = runner(tuple(req["shape"]), req["mode"], req["kw"], req["kind"])
            r = runners[req["kind"]]
            answer = {"s": r() if r else None, "version": version}
        except Exception as e:  # reported to bench.py, which leaves the cell empty
            answer = {"error": str(e), "version": version}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    if sys.argv[1:] != ["--serve"]:
        sys.exit(__doc__)
    serve()
