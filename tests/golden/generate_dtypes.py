#!/usr/bin/python3
"""Generate the dtype goldens from real PyTorch: what F.interpolate does with uint8, int8..int64,
bool and float16 inputs on the CPU, and torch.from_numpy's refusal of the unsigned types it lacks.

Usage:  /usr/bin/python3 tests/golden/generate_dtypes.py tests/golden      (or: make goldens)

Writes <outdir>/dtypes.json, one case per line:
  id, call, dtype (NumPy's name), input_shape, mode, size, scale_factor, recompute_scale_factor,
  align_corners, antialias, input (uint8: the bytes as hex; otherwise "" and the input is zeros),
  output_dtype, output_shape, output (uint8 hex, or null), error ({"type", "message"} or null).
uint8 cases with a result are compared byte for byte; error cases word for word.
Deterministic: fixed seed, one CPU thread.
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F

import dtype_goldens as dg

dg.setup(threads=1)

GENERATOR = "tests/golden/generate_dtypes.py"
SEED = 20240719
RNG = np.random.RandomState(SEED)
MODE_RANKS = [
    ("nearest", (1, 2, 3)), ("nearest-exact", (1, 2, 3)), ("area", (1, 2, 3)),
    ("linear", (1,)), ("bilinear", (2,)), ("bicubic", (2,)), ("trilinear", (3,)),
]
REFUSED = ["int8", "int16", "int32", "int64", "bool", "float16"]
cases = []


def record(tag, dtype, shape, mode, size=None, scale_factor=None, recompute=None, align_corners=None,
           antialias=False, values=None):
    if values is None:
        x = np.zeros(shape, dtype=dtype)
    else:
        x = values.reshape(shape).astype(dtype)
    args = dg.call_args(mode, size, scale_factor, align_corners, recompute, antialias)
    case = dg.new_case("%s-%s-%s-%04d" % (dtype, mode, tag, len(cases)),
                       "F.interpolate(x, %s)  # x: %s %s" % (args, dtype, tuple(shape)),
                       dtype, shape, mode, size, scale_factor, recompute, align_corners, antialias,
                       input_hex=x.tobytes().hex() if (values is not None and dtype == "uint8") else "")
    try:
        y = F.interpolate(torch.from_numpy(x), size=size, scale_factor=scale_factor, mode=mode,
                          align_corners=align_corners, recompute_scale_factor=recompute, antialias=antialias)
        case["output_dtype"] = str(y.dtype).replace("torch.", "")
        case["output_shape"] = list(y.shape)
        if y.dtype == torch.uint8:
            case["output"] = y.contiguous().numpy().tobytes().hex()
    except Exception as e:  # PyTorch's refusal, word for word
        case["error"] = dg.refusal(e)
    cases.append(case)


def uint8_values(shape):
    return RNG.randint(0, 256, int(np.prod(shape))).astype(np.uint8)


# uint8 in the nearest modes: results byte for byte, on both of PyTorch's paths (C = 1 takes the
# channels-last kernels at rank 4 and 5, C = 3 the generic one).
INPUTS = {1: [(7,), (13,)], 2: [(5, 7), (9, 6)], 3: [(2, 3, 4)]}
SCALES = [2, 1.7, 0.6, 2.5, 3.3, 0.37, 2.1, 1 / 3]
SCALES_3D = [2, 1.7, 0.6, 2.1, 1 / 3]
for mode in ("nearest", "nearest-exact"):
    for rank in (1, 2, 3):
        for spatial in INPUTS[rank]:
            for c in (1, 3):
                shape = (2 if c == 1 else 1, c) + spatial
                for sf in (SCALES_3D if rank == 3 else SCALES):
                    record("scale", "uint8", shape, mode, scale_factor=sf, values=uint8_values(shape))
                record("recompute", "uint8", shape, mode, scale_factor=1.7, recompute=True,
                       values=uint8_values(shape))
                for size in ([s * 2 + 1 for s in spatial], [max(1, s // 2) for s in spatial], [s for s in spatial]):
                    record("size", "uint8", shape, mode, size=tuple(size), values=uint8_values(shape))
# empty batch and a (1, 3, 1, 1) input (channels-last contiguous with C > 1)
for mode in ("nearest", "nearest-exact"):
    record("n0", "uint8", (0, 3, 4, 4), mode, scale_factor=2, values=np.zeros(0, np.uint8))
    record("1x1", "uint8", (1, 3, 1, 1), mode, size=(3, 2), values=uint8_values((1, 3, 1, 1)))

# Refusals: every dtype x mode x rank x channel count (x antialias) path.
for dtype in ["uint8"] + REFUSED:
    for mode, ranks in MODE_RANKS:
        for rank in ranks:
            for c in (1, 3):
                shape = (1, c) + (4,) * rank
                aas = [False, True] if mode in ("bilinear", "bicubic") else [False]
                for aa in aas:
                    if dtype == "uint8" and mode in ("nearest", "nearest-exact"):
                        continue
                    record("refused", dtype, shape, mode, scale_factor=2, antialias=aa)
                if mode in ("linear", "bilinear", "bicubic", "trilinear"):
                    record("aligned", dtype, shape, mode, scale_factor=2, align_corners=True)
            # C > 1 with every spatial dim 1: channels-last contiguous too
            record("ones", dtype, (1, 3) + (1,) * rank, mode, size=(3,) * rank)
            # empty outputs: area returns them before looking at the dtype
            record("n0", dtype, (0, 3) + (4,) * rank, mode, scale_factor=2)
            if mode == "area":
                record("size0", dtype, (1, 3) + (4,) * rank, mode, size=(0,) * rank)

# torch.from_numpy's refusal of the unsigned types PyTorch 1.13 lacks.
for dtype in ("uint16", "uint32", "uint64"):
    case = {"id": "from_numpy-%s" % dtype, "call": "torch.from_numpy(np.zeros(3, dtype=np.%s))" % dtype,
            "dtype": dtype, "input_shape": [1, 1, 3], "mode": "nearest", "size": None, "scale_factor": 2,
            "recompute_scale_factor": None, "align_corners": None, "antialias": False, "input": "",
            "output_dtype": None, "output_shape": None, "output": None, "error": None}
    try:
        torch.from_numpy(np.zeros(3, dtype=dtype))
    except Exception as e:
        case["error"] = {"type": type(e).__name__, "message": str(e)}
    cases.append(case)

dg.write(sys.argv[1] if len(sys.argv) > 1 else "tests/golden", "dtypes.json", GENERATOR, SEED, cases,
         "uint8 results", 1_000_000)
