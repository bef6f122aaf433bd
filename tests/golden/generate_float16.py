#!/usr/bin/python3
"""Generate the float16 goldens from real PyTorch: F.interpolate on float16 tensors on the CPU in
every mode and rank (PyTorch 2.3+ computes them in float and rounds; 1.13 refuses all but 3-D
area), align_corners both, up and down, C in {1, 3, 5}, sizes on both sides of the vectorised
kernel's out_H + out_W <= 128 rule, NaN and infinities; and float16's refusal of antialias.

Usage:  scripts/reference-root.sh run python3 tests/golden/generate_float16.py tests/golden/torch-2.14
        /usr/bin/python3 tests/golden/generate_float16.py tests/golden/torch-1.13      (or: make goldens)

Writes <outdir>/float16.json, one case per line, in the fields of uint8.json (generate_uint8.py)
with dtype "float16": input and output are each element's IEEE half bits as 4 hex digits, C order
("" for the input of a refusal: zeros). NaN outputs: compare by position.
Deterministic: fixed seed. Two CPU threads: PyTorch's choice of kernel for bilinear with C = 3
depends on the thread count (one thread takes the vectorised one), and the program follows the
choice PyTorch makes with more than one.
"""
import json
import os
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F

from generate import torch_package_version  # the Debian package that built this torch

warnings.simplefilter("ignore")
torch.set_num_threads(2)

GENERATOR = "tests/golden/generate_float16.py"
SEED = 20261206
RNG = np.random.RandomState(SEED)
cases = []


def values(shape, special):
    n = int(np.prod(shape))
    kind = RNG.randint(3)
    if kind == 0:
        v = RNG.uniform(0, 255, n)
    elif kind == 1:
        v = RNG.standard_normal(n) * 3
    else:
        v = RNG.uniform(0, 1, n)
    if special and n >= 4:
        v[RNG.randint(n)] = np.nan
        v[RNG.randint(n)] = np.inf
        v[RNG.randint(n)] = -np.inf
    return v.astype(np.float16).reshape(shape)


def record(tag, shape, mode, size=None, scale_factor=None, align_corners=None, antialias=False, special=False):
    x = values(shape, special)
    args = []
    if size is not None:
        args.append("size=%r" % (size,))
    if scale_factor is not None:
        args.append("scale_factor=%r" % (scale_factor,))
    args.append("mode=%r" % mode)
    if align_corners is not None:
        args.append("align_corners=%r" % align_corners)
    if antialias:
        args.append("antialias=True")
    case = {
        "id": "float16-%s-%dd-%s-%04d" % (mode, len(shape) - 2, tag, len(cases)),
        "call": "F.interpolate(x, %s)  # x: float16 %s" % (", ".join(args), tuple(shape)),
        "dtype": "float16", "input_shape": list(shape), "layout": "contiguous", "mode": mode,
        "size": list(size) if isinstance(size, tuple) else size,
        "scale_factor": list(scale_factor) if isinstance(scale_factor, tuple) else scale_factor,
        "recompute_scale_factor": None, "align_corners": align_corners, "antialias": antialias,
        "input": "", "output_dtype": None, "output_shape": None, "output": None, "error": None,
    }
    try:
        y = F.interpolate(torch.from_numpy(x), size=size, scale_factor=scale_factor, mode=mode,
                          align_corners=align_corners, antialias=antialias)
        case["input"] = x.view(np.uint16).astype(">u2").tobytes().hex()
        case["output_dtype"] = str(y.dtype).replace("torch.", "")
        case["output_shape"] = list(y.shape)
        case["output"] = y.contiguous().numpy().view(np.uint16).astype(">u2").tobytes().hex()
    except Exception as e:  # PyTorch's refusal, word for word (the input is then zeros)
        case["error"] = {"type": type(e).__name__, "message": str(e)}
    cases.append(case)


SPATIAL = {1: [((7,), (16,)), ((13,), (5,)), ((6,), 1.7)],
           2: [((5, 6), (11, 13)), ((12, 9), (5, 4)), ((7, 5), 2.3), ((8, 9), (70, 61)), ((70, 66), (67, 64))],
           3: [((3, 4, 5), (7, 6, 9)), ((6, 5, 4), (3, 2, 3))]}
MODES = [("nearest", (1, 2, 3)), ("nearest-exact", (1, 2, 3)), ("area", (1, 2, 3)), ("linear", (1,)),
         ("bilinear", (2,)), ("bicubic", (2,)), ("trilinear", (3,))]
for mode, ranks in MODES:
    interpolating = mode in ("linear", "bilinear", "bicubic", "trilinear")
    for rank in ranks:
        for k, (spatial, target) in enumerate(SPATIAL[rank]):
            big = int(np.prod(spatial)) * (max(target) if isinstance(target, tuple) else 1) > 2000
            for c in ((1,) if big else (1, 3, 5)):
                for ac in ((None, True) if interpolating else (None,)):
                    kw = dict(size=target) if isinstance(target, tuple) else dict(scale_factor=target)
                    record("grid", (1, c) + spatial, mode, align_corners=ac, special=(k == 0 and c == 3), **kw)
# bilinear with C = 3 past the 128 rule: the generic kernel with two threads
record("generic-c3", (1, 3, 8, 9), "bilinear", size=(70, 61))
record("generic-c3", (1, 3, 9, 8), "bilinear", size=(61, 70), align_corners=True)
# N = 2, and an axis that keeps its size
record("batch2", (2, 3, 5, 6), "bicubic", size=(5, 11))
record("batch2", (2, 3, 5, 6), "bilinear", size=(9, 6))
# area to one output per plane: PyTorch takes input.mean() (a float sum, one rounding)
for shape in ((2, 3, 17), (2, 3, 9, 11), (2, 2, 7, 12, 3), (1, 4, 30, 40, 5)):
    record("mean", shape, "area", size=1)
# Refusals: antialias with float16.
for mode in ("bilinear", "bicubic"):
    for size in ((3, 4), (9, 11)):
        record("antialias", (1, 3, 6, 7), mode, size=size, antialias=True)

out = sys.argv[1] if len(sys.argv) > 1 else "tests/golden/torch-2.14"
os.makedirs(out, exist_ok=True)
path = os.path.join(out, "float16.json")
with open(path, "w") as f:
    f.write('{"generator": %s, "torch_version": %s, "torch_package": %s, "numpy_version": %s, "seed": %d, '
            '"threads": 2, "cases": [\n' % (json.dumps(GENERATOR), json.dumps(torch.__version__),
                                              json.dumps(torch_package_version()), json.dumps(np.__version__), SEED))
    f.write(",\n".join(json.dumps(c, sort_keys=True) for c in cases))
    f.write("\n]}\n")
size = os.path.getsize(path)
errors = sum(1 for c in cases if c["error"])
results = sum(1 for c in cases if c["output"] is not None)
print("%s: %d cases (%d float16 results, %d errors), %d bytes" % (path, len(cases), results, errors, size))
assert size < 1_000_000, "keep the float16 goldens small"
