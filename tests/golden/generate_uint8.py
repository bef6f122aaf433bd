#!/usr/bin/python3
"""Generate the uint8 goldens from real PyTorch: F.interpolate on uint8 tensors in bilinear and
bicubic (PyTorch 2.x computes them in fixed point; 1.13 refuses them), antialias on and off,
align_corners both, C in {1, 3, 4, 5}, contiguous and channels-last inputs, odd and even sizes,
up and down, and a random sweep of small sizes (1 included); plus uint8's refusals in the other
interpolating modes.

Usage:  scripts/reference-root.sh run python3 tests/golden/generate_uint8.py tests/golden/torch-2.14
        /usr/bin/python3 tests/golden/generate_uint8.py tests/golden/torch-1.13      (or: make goldens)

Writes <outdir>/uint8.json, one case per line, in the fields of dtypes.json (generate_dtypes.py):
  id, call, dtype, input_shape, layout ("contiguous" or "channels_last": the memory format of the
  tensor PyTorch was given; input and output are in logical (N, C, H, W) order either way), mode,
  size, scale_factor, recompute_scale_factor, align_corners, antialias, input (hex bytes; "" for
  a refusal: zeros), output_dtype, output_shape, output (hex bytes), error ({"type", "message"}).
Deterministic: fixed seed, one CPU thread.
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F

import dtype_goldens as dg

dg.setup(threads=1)

GENERATOR = "tests/golden/generate_uint8.py"
SEED = 20261205
RNG = np.random.RandomState(SEED)
cases = []


def record(tag, shape, mode, layout="contiguous", size=None, scale_factor=None, recompute=None,
           align_corners=None, antialias=False, values=True):
    x = RNG.randint(0, 256, int(np.prod(shape))).astype(np.uint8).reshape(shape) if values \
        else np.zeros(shape, np.uint8)
    note = " channels_last" if layout == "channels_last" else ""
    args = dg.call_args(mode, size, scale_factor, align_corners, recompute, antialias)
    case = dg.new_case("uint8-%s-%s-%04d" % (mode, tag, len(cases)),
                       "F.interpolate(x, %s)  # x: uint8 %s%s" % (args, tuple(shape), note),
                       "uint8", shape, mode, size, scale_factor, recompute, align_corners, antialias, layout)
    t = torch.from_numpy(x)
    if layout == "channels_last":
        t = t.contiguous(memory_format=torch.channels_last if len(shape) == 4 else torch.channels_last_3d)
    try:
        y = F.interpolate(t, size=size, scale_factor=scale_factor, mode=mode, align_corners=align_corners,
                          recompute_scale_factor=recompute, antialias=antialias)
        case["input"] = x.tobytes().hex()
        case["output_dtype"] = str(y.dtype).replace("torch.", "")
        case["output_shape"] = list(y.shape)
        case["output"] = y.contiguous().numpy().tobytes().hex()
    except Exception as e:  # PyTorch's refusal, word for word (the input is then zeros)
        case["error"] = dg.refusal(e)
    cases.append(case)


# The grid: every mode x antialias x align_corners x C x layout, on odd and even sizes, up and down.
GRID_SIZES = [
    ("up-odd", (5, 7), dict(size=(9, 13))),
    ("up-even", (4, 6), dict(scale_factor=2)),
    ("down-odd", (15, 11), dict(size=(7, 4))),
    ("down-even", (16, 12), dict(scale_factor=0.5)),
]
EXTRAS = [  # one of these per grid cell, in turn
    ("mixed", (6, 13), dict(size=(11, 5))),
    ("sf1.7", (5, 6), dict(scale_factor=1.7)),
    ("sf0.37", (19, 14), dict(scale_factor=0.37)),
    ("recompute", (7, 5), dict(scale_factor=2.3, recompute=True)),
    ("same-h", (6, 9), dict(size=(6, 4))),
    ("same-w", (9, 6), dict(size=(13, 6))),
    ("sf-same", (5, 8), dict(scale_factor=(1.1, 0.6))),
    ("width1", (7, 6), dict(size=(3, 1))),
    ("height1", (6, 7), dict(size=(1, 9))),
    ("ratio", (41, 37), dict(size=(3, 4))),
    ("batch2", (5, 4), dict(size=(8, 7))),
]
k = 0
for mode in ("bilinear", "bicubic"):
    for aa in (False, True):
        for ac in (None, True):
            for c in (1, 3, 4, 5):
                for layout in ("contiguous", "channels_last"):
                    for tag, spatial, kw in GRID_SIZES + [EXTRAS[k % len(EXTRAS)]]:
                        n = 2 if tag == "batch2" else 1
                        record(tag, (n, c) + spatial, mode, layout, align_corners=ac, antialias=aa, **kw)
                    k += 1

# Output width 1 with C > 4 (PyTorch's generic uint8 kernel; C <= 4 takes the vectorised one).
for mode in ("bilinear", "bicubic"):
    for aa in (False, True):
        for c in (5, 6):
            record("width1-wide", (1, c, 7, 6), mode, size=(3, 1), antialias=aa)
            record("width1-wide", (1, c, 2, 1), mode, size=(9, 1), antialias=aa, align_corners=True)

# A random sweep of small sizes, 1 included, size or scale_factor.
for i in range(160):
    mode = ("bilinear", "bicubic")[RNG.randint(2)]
    aa = bool(RNG.randint(2))
    ac = (None, False, True)[RNG.randint(3)]
    c = (1, 2, 3, 4, 5, 7)[RNG.randint(6)]
    layout = ("contiguous", "channels_last")[RNG.randint(2)]
    spatial = (int(RNG.randint(1, 17)), int(RNG.randint(1, 17)))
    if RNG.randint(2):
        kw = dict(size=(int(RNG.randint(1, 21)), int(RNG.randint(1, 21))))
    else:
        kw = dict(scale_factor=float(np.round(RNG.uniform(0.3, 3.0), 2)))
        if all(int(s * kw["scale_factor"]) < 1 for s in spatial):
            kw = dict(size=(1, 1))
    record("sweep", (1, c) + spatial, mode, layout, align_corners=ac, antialias=aa, **kw)

# A bigger picture: antialias down by a large, uneven ratio (many taps, a lower precision p).
for mode in ("bilinear", "bicubic"):
    record("large", (1, 3, 67, 90), mode, "channels_last", size=(9, 8), antialias=True)
    record("large", (1, 3, 21, 29), mode, "contiguous", size=(60, 85), antialias=False, align_corners=True)

# uint8 refusals in the other interpolating modes (and every mode in the older version above).
for mode, rank in (("linear", 1), ("trilinear", 3), ("area", 1), ("area", 2), ("area", 3)):
    for c in (1, 3, 4):
        record("refused", (1, c) + (4,) * rank, mode, size=(3,) * rank, values=False)

# PyTorch 2.x's own internal assertion (a bug in its uint8 kernel): three channels to a 1 x 1
# output with the height resized; only the width resized is computed.
for mode in ("bilinear", "bicubic"):
    for shape in ((1, 3, 7, 9), (2, 3, 7, 1)):
        record("assert", shape, mode, size=(1, 1), values=False)
record("assert", (1, 3, 1, 9), "bilinear", size=(1, 1))

dg.write(sys.argv[1] if len(sys.argv) > 1 else "tests/golden/torch-2.14", "uint8.json", GENERATOR, SEED, cases,
         "uint8 results", 1_500_000)
