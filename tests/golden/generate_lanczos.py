#!/usr/bin/python3
"""Golden cases of mode='lanczos' (PyTorch 2.12+, #177320) from real PyTorch, in the format of
interpolate.json (tests/golden/README.md), written to <outdir>/lanczos.json.

Usage (the same script for every version; the cases are the same calls):
    scripts/reference-root.sh run python3 tests/golden/generate_lanczos.py \
        --cli build/app/cli/upsample-cli tests/golden/torch-2.14        # 2.14.1: results and refusals
    /usr/bin/python3 tests/golden/generate_lanczos.py \
        --cli build/app/cli/upsample-cli tests/golden/torch-1.13        # 1.13.1: its refusals
It also writes <outdir>/lanczos_uint8.json: uint8 lanczos (PyTorch 2.14 computes it in fixed point),
in the fields of uint8.json (generate_uint8.py), byte for byte.

The mode's ranks and option policies are read from `upsample-cli modes --json` (the program's own
mode table), not restated here. Deterministic: fixed seed, one CPU thread.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as g  # noqa: E402  (record, make_input, the JSON layout)

g.GENERATOR = "tests/golden/generate_lanczos.py"
g.SEED = 20261205
g.RNG = np.random.RandomState(g.SEED)
MODE = "lanczos"


def mode_entry(cli):
    out = subprocess.run([cli, "modes", "--json"], capture_output=True, text=True, check=True).stdout
    for m in json.loads(out)["modes"]:
        if m["name"] == MODE:
            return m
    sys.exit("upsample-cli modes --json has no %s" % MODE)


def successes(dims, expect_error, count=7):
    """Up and down, odd sizes, 1-3 channels, size and scale_factor, recompute on and off (a version
    without the mode: the first `count` shapes, each call refused)."""
    shapes = [(1, 1, 5, 7), (1, 2, 9, 4), (1, 3, 7, 5), (1, 3, 4, 4), (1, 1, 1, 6), (1, 3, 11, 9), (3, 1, 6, 3)]
    sizes = [(2, 3), (11, 13), (3, 9), (1, 1), (7, 2), (5, 13), (4, 4)]
    scales = [0.5, 2, 1.7, 0.3, (1.5, 0.61), 0.7, (1.0, 0.45)]
    for i, shape in enumerate(shapes[:count]):
        assert len(shape) - 2 == dims
        for dtype in ("float32", "float64"):
            x = g.make_input(shape, dtype, g.VALUE_KINDS[i % len(g.VALUE_KINDS)])
            g.record("size", MODE, x, size=sizes[i], antialias=True, expect_error=expect_error)
            for rec in (None, False, True):
                g.record("scale", MODE, x, scale_factor=scales[i], recompute_scale_factor=rec,
                         antialias=True, expect_error=expect_error)
    if count < len(shapes):
        return
    x = g.make_input((1, 2, 8, 8), "float32")
    g.record("size-int", MODE, x, size=5, antialias=True, align_corners=False, expect_error=expect_error)
    g.record("same", MODE, x, size=(8, 3), antialias=True, expect_error=expect_error)
    big = g.make_input((1, 1, 24, 21), "float64")
    g.record("down", MODE, big, size=(6, 5), antialias=True, expect_error=expect_error)
    g.record("down", MODE, big.astype(np.float32), scale_factor=0.13, antialias=True, expect_error=expect_error)


def refusals(entry):
    """Every refusal: align_corners=True, antialias=False, the other ranks, bad sizes."""
    x = g.make_input((1, 2, 5, 6), "float32")
    g.record("err", MODE, x, scale_factor=2, antialias=True, align_corners=True)
    g.record("err", MODE, x, scale_factor=2, align_corners=True)
    g.record("err", MODE, x, scale_factor=2)
    g.record("err", MODE, x, scale_factor=2, align_corners=False)
    for rank in (3, 5):
        if rank - 2 == entry["spatial_dims"]:
            continue
        y = g.make_input((1, 2) + (4,) * (rank - 2), "float32")
        g.record("err", MODE, y, scale_factor=2)
        g.record("err", MODE, y, scale_factor=2, antialias=True)
        g.record("err", MODE, y, scale_factor=2, align_corners=True)
    g.record("err", MODE, x, size=(0, 3), antialias=True)
    g.record("err", MODE, x, scale_factor=0.1, antialias=True)
    g.record("err", MODE, x, size=(3, 3), scale_factor=2, antialias=True)
    g.record("err", MODE, x, size=(3, 3), recompute_scale_factor=True, antialias=True)
    g.record("err", MODE, x, scale_factor=float("nan"), antialias=True)
    g.record("err", MODE, x, size=(3, 3, 3), antialias=True)


U8_CASES = []


def record_uint8(tag, shape, size=None, scale_factor=None, layout="contiguous"):
    """One uint8 call in uint8.json's fields (generate_uint8.py)."""
    import torch
    import torch.nn.functional as F
    x = g.RNG.randint(0, 256, int(np.prod(shape))).astype(np.uint8).reshape(shape)
    args = ["size=%r" % (size,)] if size is not None else ["scale_factor=%r" % (scale_factor,)]
    args += ["mode='lanczos'", "antialias=True"]
    case = {"id": "uint8-lanczos-%s-%04d" % (tag, len(U8_CASES)),
            "call": "F.interpolate(x, %s)  # x: uint8 %s%s" % (", ".join(args), tuple(shape),
                                                              " channels_last" if layout == "channels_last" else ""),
            "dtype": "uint8", "input_shape": list(shape), "layout": layout, "mode": MODE,
            "size": list(size) if isinstance(size, tuple) else size,
            "scale_factor": list(scale_factor) if isinstance(scale_factor, tuple) else scale_factor,
            "recompute_scale_factor": None, "align_corners": None, "antialias": True,
            "input": x.tobytes().hex()}
    t = torch.from_numpy(x.copy())
    if layout == "channels_last":
        t = t.contiguous(memory_format=torch.channels_last)
    try:
        y = F.interpolate(t, size=size, scale_factor=scale_factor, mode=MODE, antialias=True)
        yn = y.contiguous().numpy()
        case.update({"output_dtype": "uint8", "output_shape": list(yn.shape), "output": yn.tobytes().hex(),
                     "error": None})
    except Exception as e:  # noqa: BLE001 -- record whatever PyTorch raises
        case.update({"output_dtype": None, "output_shape": None, "output": None,
                     "error": {"type": type(e).__name__, "message": str(e)}})
    U8_CASES.append(case)


def uint8_cases(full):
    """uint8 in fixed point: C 1, 3, 4, 5, up and down, odd sizes, both layouts (a version without
    the mode: two of them, refused)."""
    if not full:
        record_uint8("down", (1, 3, 17, 13), size=(5, 4))
        record_uint8("up", (1, 1, 5, 7), size=(13, 19))
        return
    for c in (1, 3, 4, 5):
        record_uint8("down", (1, c, 17, 13), size=(5, 4))
        record_uint8("up", (1, c, 5, 7), size=(13, 19))
        record_uint8("mixed", (1, c, 9, 8), scale_factor=(0.4, 2.5))
        record_uint8("down-cl", (1, c, 21, 10), size=(6, 9), layout="channels_last")
    record_uint8("width1", (1, 3, 7, 6), size=(3, 1))
    record_uint8("large", (1, 3, 67, 90), size=(9, 8))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True, help="upsample-cli (its modes --json)")
    ap.add_argument("outdir")
    a = ap.parse_args()
    entry = mode_entry(a.cli)
    import torch  # noqa: E402
    has_mode = "lanczos" in (torch.nn.functional.interpolate.__doc__ or "")
    successes(entry["spatial_dims"], not has_mode, 7 if has_mode else 1)
    refusals(entry)
    os.makedirs(a.outdir, exist_ok=True)
    path = os.path.join(a.outdir, "lanczos.json")
    header = {"generator": g.GENERATOR, "torch_version": torch.__version__,
              "torch_package": g.torch_package_version(), "numpy_version": np.__version__, "seed": g.SEED}
    head = json.dumps(header, separators=(",", ":"), allow_nan=False)
    lines = [json.dumps(c, separators=(",", ":"), allow_nan=False) for c in g.cases]
    with open(path, "w") as f:
        f.write(head[:-1] + ',"cases":[\n' + ",\n".join(lines) + "\n]}\n")
    g.summarize(path)
    uint8_cases(has_mode)
    path = os.path.join(a.outdir, "lanczos_uint8.json")
    with open(path, "w") as f:
        f.write(head[:-1] + ',"cases":[\n' + ",\n".join(json.dumps(c, sort_keys=True) for c in U8_CASES) + "\n]}\n")
    print("%s: %d cases, %d bytes" % (path, len(U8_CASES), os.path.getsize(path)))


if __name__ == "__main__":
    main()
