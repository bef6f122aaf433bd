#!/usr/bin/python3
"""Generate the float16 and bfloat16 goldens from real PyTorch: F.interpolate on float16 and
bfloat16 tensors on the CPU in every mode and rank (PyTorch 2.3+ computes float16, 2.0+ bfloat16, in
float and rounds; 1.13 refuses float16 in all but 3-D area, and computes bfloat16 in bfloat16
arithmetic in all but nearest-exact, antialias and 3-D area), align_corners both, up and down, C in
{1, 3, 5}, sizes on both sides of the vectorised kernel's out_H + out_W <= 128 rule, NaN and
infinities (bfloat16: also magnitudes past float16's range); and the refusal of antialias.

Usage:  scripts/reference-root.sh run python3 tests/golden/generate_float16.py tests/golden/torch-2.14
        /usr/bin/python3 tests/golden/generate_float16.py tests/golden/torch-1.13      (or: make goldens)

Writes <outdir>/float16.json and <outdir>/bfloat16.json, one case per line, in the fields of
uint8.json (generate_uint8.py) with dtype "float16" or "bfloat16": input and output are each
element's 16 bits (IEEE half; bfloat16: the top half of the float32) as 4 hex digits, C order (""
for the input of a refusal: zeros). NaN outputs: compare by position (PyTorch's vectorised
bfloat16 conversion writes 0xffff, its scalar one 0x7fc0).
Deterministic: fixed seeds (the float16 cases draw as they did before bfloat16 was added). Two CPU
threads: PyTorch's choice of kernel for bilinear with C = 3 depends on the thread count (one thread
takes the vectorised one), and the program follows the choice PyTorch makes with more than one.
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F

import dtype_goldens as dg

dg.setup(threads=2)

GENERATOR = "tests/golden/generate_float16.py"
SEEDS = {"float16": 20261206, "bfloat16": 20261207}
RNG = None
DTYPE = None
cases = []


def values(shape, special):
    n = int(np.prod(shape))
    kind = RNG.randint(3 if DTYPE == "float16" else 4)
    if kind == 0:
        v = RNG.uniform(0, 255, n)
    elif kind == 1:
        v = RNG.standard_normal(n) * 3
    elif kind == 2:
        v = RNG.uniform(0, 1, n)
    else:  # bfloat16 only: float32's exponent range
        v = RNG.standard_normal(n) * 10.0 ** RNG.randint(-30, 31)
    if special and n >= 4:
        v[RNG.randint(n)] = np.nan
        v[RNG.randint(n)] = np.inf
        v[RNG.randint(n)] = -np.inf
    if DTYPE == "float16":
        return torch.from_numpy(v.astype(np.float16).reshape(shape))
    return torch.from_numpy(v.astype(np.float32).reshape(shape)).to(torch.bfloat16)


def bits_hex(t):
    """Each element's 16 bits, big-endian hex, C order."""
    return t.contiguous().view(torch.int16).numpy().view(np.uint16).astype(">u2").tobytes().hex()


def record(tag, shape, mode, size=None, scale_factor=None, align_corners=None, antialias=False, special=False):
    x = values(shape, special)
    args = dg.call_args(mode, size, scale_factor, align_corners, None, antialias)
    case = dg.new_case("%s-%s-%dd-%s-%04d" % (DTYPE, mode, len(shape) - 2, tag, len(cases)),
                       "F.interpolate(x, %s)  # x: %s %s" % (args, DTYPE, tuple(shape)),
                       DTYPE, shape, mode, size, scale_factor, None, align_corners, antialias, "contiguous")
    try:
        y = F.interpolate(x, size=size, scale_factor=scale_factor, mode=mode,
                          align_corners=align_corners, antialias=antialias)
        case["input"] = bits_hex(x)
        case["output_dtype"] = str(y.dtype).replace("torch.", "")
        case["output_shape"] = list(y.shape)
        case["output"] = bits_hex(y)
    except Exception as e:  # PyTorch's refusal, word for word (the input is then zeros)
        case["error"] = dg.refusal(e)
    cases.append(case)


SPATIAL = {1: [((7,), (16,)), ((13,), (5,)), ((6,), 1.7)],
           2: [((5, 6), (11, 13)), ((12, 9), (5, 4)), ((7, 5), 2.3), ((8, 9), (70, 61)), ((70, 66), (67, 64))],
           3: [((3, 4, 5), (7, 6, 9)), ((6, 5, 4), (3, 2, 3))]}
MODES = [("nearest", (1, 2, 3)), ("nearest-exact", (1, 2, 3)), ("area", (1, 2, 3)), ("linear", (1,)),
         ("bilinear", (2,)), ("bicubic", (2,)), ("trilinear", (3,))]


def draw(dtype):
    """Every case of one dtype, with its own seeded draw."""
    global RNG, DTYPE
    RNG, DTYPE = np.random.RandomState(SEEDS[dtype]), dtype
    cases.clear()
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
    # Refusals: antialias with float16 and bfloat16.
    for mode in ("bilinear", "bicubic"):
        for size in ((3, 4), (9, 11)):
            record("antialias", (1, 3, 6, 7), mode, size=size, antialias=True)


outdir = sys.argv[1] if len(sys.argv) > 1 else "tests/golden/torch-2.14"
for name in ("float16", "bfloat16"):
    draw(name)
    dg.write(outdir, name + ".json", GENERATOR, SEEDS[name], cases, name + " results", 1_000_000, threads=2)
