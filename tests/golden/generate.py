#!/usr/bin/python3
"""Generate the golden data for Upsample Studio's C++ tests from real PyTorch.

Usage:  /usr/bin/python3 tests/golden/generate.py tests/golden      (or: make goldens)

Writes <outdir>/interpolate.json: every case is one call of torch.nn.functional.interpolate on a
small deterministic input, with PyTorch's output (bit patterns) or PyTorch's exact exception.
See tests/golden/README.md for the format. Deterministic: fixed seeds, one CPU thread.
"""
import collections
import json
import math
import os
import subprocess
import sys
import warnings

import numpy as np
import torch
import torch.nn.functional as F

warnings.simplefilter("ignore")
torch.set_num_threads(1)

GENERATOR = "tests/golden/generate.py"
SEED = 20240611
RNG = np.random.RandomState(SEED)

NEAREST_LIKE = ("nearest", "nearest-exact", "area")
LINEAR_LIKE = ("linear", "bilinear", "bicubic", "trilinear")
# (mode, number of spatial dims) combinations that PyTorch supports.
MODE_RANKS = [
    ("nearest", 1), ("nearest", 2), ("nearest", 3),
    ("nearest-exact", 1), ("nearest-exact", 2), ("nearest-exact", 3),
    ("area", 1), ("area", 2), ("area", 3),
    ("linear", 1), ("bilinear", 2), ("bicubic", 2), ("trilinear", 3),
]

cases = []
ids = set()
counter = [0]


# ----------------------------------------------------------------------------------------------
# encoding helpers
def hex_of(arr):
    """IEEE bits of each element, big-endian digit order ('%08x' % bits), concatenated, C order."""
    arr = np.ascontiguousarray(arr)
    if arr.dtype == np.float32:
        return arr.astype(">f4").tobytes().hex()
    if arr.dtype == np.float64:
        return arr.astype(">f8").tobytes().hex()
    raise TypeError(arr.dtype)


def jnum(v):
    """A size/scale value as JSON: numbers stay numbers (int stays int), non-finite become strings."""
    if v is None:
        return None
    if isinstance(v, (list, tuple)):
        return [jnum(e) for e in v]
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, np.integer)):
        return int(v)
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def pyrepr(v):
    """Python source text for a size/scale argument, as a human would have typed it."""
    if isinstance(v, float):
        if math.isnan(v):
            return "float('nan')"
        if math.isinf(v):
            return "float('inf')" if v > 0 else "float('-inf')"
        return repr(v)
    if isinstance(v, tuple):
        inner = ", ".join(pyrepr(e) for e in v)
        return "(" + inner + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, list):
        return "[" + ", ".join(pyrepr(e) for e in v) + "]"
    return repr(v)


def container(v):
    if isinstance(v, tuple):
        return "tuple"
    if isinstance(v, list):
        return "list"
    return None


# ----------------------------------------------------------------------------------------------
# inputs
VALUE_KINDS = ["uniform", "uniform", "uniform", "arange", "int", "uniform"]


def make_input(shape, dtype="float32", kind="uniform"):
    n = int(np.prod(shape)) if len(shape) else 1
    if kind == "uniform":
        v = RNG.uniform(-10.0, 10.0, n)
    elif kind == "arange":
        v = np.arange(n, dtype=np.float64)
    elif kind == "int":
        v = RNG.randint(-20, 21, n).astype(np.float64)
    else:
        raise ValueError(kind)
    return v.reshape(shape).astype(dtype)


def inject_nonfinite(x, pattern):
    """Place NaN / +Inf / -Inf at deterministic positions. pattern is a list of (where, value)."""
    flat = x.reshape(-1).copy()
    n = flat.size
    for where, val in pattern:
        if where == "first":
            i = 0
        elif where == "last":
            i = n - 1
        elif where == "mid":
            i = n // 2
        elif where == "mid+1":
            i = min(n // 2 + 1, n - 1)
        elif where == "rand":
            i = int(RNG.randint(0, n))
        else:
            i = int(where) % n
        flat[i] = val
    return flat.reshape(x.shape)


# ----------------------------------------------------------------------------------------------
# the recorder
def record(tag, mode, x, size=None, scale_factor=None, align_corners=None,
           recompute_scale_factor=None, antialias=False, expect_error=None):
    """Run F.interpolate on numpy array x and append a case. expect_error: True/False/None (don't care)."""
    counter[0] += 1
    rank = x.ndim
    cid = "%s-%dd-%s-%04d" % (mode, rank - 2, tag, counter[0])
    assert cid not in ids
    ids.add(cid)

    args = []
    if size is not None:
        args.append("size=" + pyrepr(size))
    if scale_factor is not None:
        args.append("scale_factor=" + pyrepr(scale_factor))
    args.append("mode=" + repr(mode))
    if align_corners is not None:
        args.append("align_corners=" + repr(align_corners))
    if recompute_scale_factor is not None:
        args.append("recompute_scale_factor=" + repr(recompute_scale_factor))
    if antialias:
        args.append("antialias=True")
    call = "F.interpolate(x, " + ", ".join(args) + ")"

    xt = torch.from_numpy(np.ascontiguousarray(x).copy())
    err = None
    y = None
    try:
        y = F.interpolate(xt, size=size, scale_factor=scale_factor, mode=mode,
                          align_corners=align_corners,
                          recompute_scale_factor=recompute_scale_factor, antialias=antialias)
    except Exception as e:  # noqa: BLE001 -- record whatever PyTorch raises
        err = {"type": type(e).__name__, "message": str(e)}
    if expect_error is not None and (err is not None) != expect_error:
        raise SystemExit("unexpected outcome for %s: %s -> %s" % (cid, call, err))

    case = collections.OrderedDict()
    case["id"] = cid
    case["call"] = call
    case["mode"] = mode
    case["dtype"] = str(x.dtype)
    case["input_shape"] = [int(d) for d in x.shape]
    case["size"] = jnum(size)
    case["scale_factor"] = jnum(scale_factor)
    if container(size):
        case["size_container"] = container(size)
    if container(scale_factor):
        case["scale_container"] = container(scale_factor)
    case["align_corners"] = align_corners
    case["recompute_scale_factor"] = recompute_scale_factor
    case["antialias"] = bool(antialias)
    case["input"] = hex_of(x)
    if err is None:
        yn = y.numpy()
        assert yn.dtype == x.dtype, (cid, yn.dtype)
        case["output_shape"] = [int(d) for d in yn.shape]
        case["output"] = hex_of(yn)
        case["error"] = None
    else:
        case["output_shape"] = None
        case["output"] = None
        case["error"] = err
    cases.append(case)
    return case


def nc_for(i, r=2):
    """(N, C) cycling through a few small combinations; smaller for 3 spatial dims."""
    if r == 3:
        return [(1, 1), (1, 2), (2, 1)][i % 3]
    return [(1, 2), (1, 1), (2, 1), (1, 3), (2, 2)][i % 5]


# ----------------------------------------------------------------------------------------------
# spatial specs: (input spatial shape, 'size'|'scale', value)
SPECS = {
    1: [
        ((5,), "scale", 1.7),      # recompute changes the result (5/8 vs 1/1.7)
        ((5,), "scale", 1.1),      # out == in with scale != 1
        ((5,), "scale", 2.1),      # out == 2*in with scale != 2
        ((4,), "scale", 2),        # int scale
        ((3,), "scale", 3),        # int scale
        ((1,), "scale", 17.0),     # 1 -> 17
        ((1,), "size", 17),
        ((1,), "size", 1),         # in=1, out=1
        ((5,), "size", 1),         # out=1
        ((2,), "size", 31),        # 2 -> 31
        ((6,), "scale", 1.3),
        ((4,), "scale", 2.5),
        ((8,), "scale", 0.6),
        ((11,), "scale", 0.37),
        ((4,), "scale", 3.3),
        ((12,), "size", 5),
        ((9,), "size", 4),
        ((6,), "scale", 0.5),
        ((5,), "size", 5),
        ((5,), "size", 8),
        ((3,), "size", 10),
        ((10,), "size", 3),
        ((7,), "scale", 1.0),
        ((13,), "size", 7),
        ((2,), "scale", 1.5),
        ((7,), "scale", 0.25),     # 7*0.25 = 1.75 -> out 1
        ((3,), "scale", (2.9,)),   # 1-tuple
        ((6,), "size", (4,)),      # 1-tuple size
    ],
    2: [
        ((5, 4), "scale", (1.7, 2.0)),
        ((5, 5), "scale", 1.7),
        ((5, 5), "scale", 1.1),
        ((5, 3), "scale", 2.1),
        ((4, 4), "scale", 2),
        ((3, 4), "scale", (2, 3)),
        ((1, 2), "scale", (17.0, 1.0)),
        ((2, 2), "size", (31, 2)),
        ((1, 1), "size", (1, 1)),
        ((1, 4), "size", (1, 1)),
        ((4, 1), "size", (1, 5)),
        ((6, 7), "scale", (1.3, 0.6)),
        ((8, 8), "scale", 0.37),
        ((4, 3), "scale", (2.5, 3.3)),
        ((12, 10), "size", (5, 4)),
        ((9, 6), "size", (4, 9)),
        ((5, 5), "size", 5),
        ((5, 6), "size", (5, 6)),
        ((3, 5), "size", [10, 2]),   # size as a list
        ((6, 6), "scale", 0.5),
        ((7, 5), "scale", [0.6, 1.7]),  # scale as a list
        ((1, 1), "scale", 3.0),
        ((2, 3), "size", 7),
        ((1, 3), "size", (17, 1)),
    ],
    3: [
        ((2, 3, 4), "scale", (1.7, 2.0, 1.3)),
        ((3, 3, 3), "scale", 1.7),
        ((5, 2, 2), "scale", (1.1, 2.1, 1.5)),
        ((2, 2, 2), "scale", 2),
        ((1, 2, 3), "size", (3, 1, 4)),
        ((1, 1, 1), "size", (5, 4, 3)),
        ((4, 5, 3), "size", (2, 3, 3)),
        ((6, 4, 4), "scale", (0.5, 0.6, 0.37)),
        ((3, 4, 2), "scale", (2.5, 1.3, 3.3)),
        ((2, 3, 3), "size", 4),
        ((3, 2, 5), "size", (3, 2, 5)),
        ((2, 2, 5), "scale", (1.0, 1.0, 1.1)),
        ((1, 2, 2), "scale", (17.0, 1.0, 1.0)),
        ((8, 3, 2), "size", (3, 5, 2)),
        ((1, 1, 1), "size", 1),
    ],
}


def kw_of(kind, value):
    return {"size": value} if kind == "size" else {"scale_factor": value}


def spec_tag(kind, value):
    return "size" if kind == "size" else "scale"


def main_sweep():
    i = 0
    for mode, r in MODE_RANKS:
        for k, (sp, kind, value) in enumerate(SPECS[r]):
            variants = []  # (align_corners, recompute)
            if mode in NEAREST_LIKE:
                variants.append((None, None))
                if kind == "scale":
                    variants.append((None, True))
                    if k % 3 == 0:
                        variants.append((None, False))
                elif k % 4 == 1:
                    variants.append((None, False))  # recompute=False with size is allowed
            else:
                variants.append((False, None))
                variants.append((True, None))
                if kind == "scale":
                    variants.append((False, True))
                    if k % 2 == 0:
                        variants.append((True, True))
                    if k % 3 == 0:
                        variants.append((None, False))
                elif k % 3 == 0:
                    variants.append((None, None))
            for ac, rc in variants:
                n, c = nc_for(i, r)
                dtype = "float64" if i % 9 == 4 else "float32"
                x = make_input((n, c) + tuple(sp), dtype, VALUE_KINDS[i % len(VALUE_KINDS)])
                record(spec_tag(kind, value), mode, x, align_corners=ac, recompute_scale_factor=rc,
                       expect_error=False, **kw_of(kind, value))
                i += 1


def extra_float64():
    """A few more float64 cases per mode, with uniform inputs."""
    picks = {1: [0, 9, 13, 15], 2: [0, 11, 14, 7], 3: [0, 7, 8, 4]}
    for mode, r in MODE_RANKS:
        for j, k in enumerate(picks[r]):
            sp, kind, value = SPECS[r][k]
            ac = None if mode in NEAREST_LIKE else (j % 2 == 1)
            x = make_input((1, 2 if r < 3 else 1) + tuple(sp), "float64", "uniform")
            record("f64-" + spec_tag(kind, value), mode, x, align_corners=ac, expect_error=False,
                   **kw_of(kind, value))


NONFINITE_PATTERNS = [
    ("nan-first", [("first", float("nan"))]),
    ("inf-mid", [("mid", float("inf"))]),
    ("ninf-last-nan-rand", [("last", float("-inf")), ("rand", float("nan"))]),
    ("inf-ninf-adjacent", [("mid", float("inf")), ("mid+1", float("-inf"))]),
    ("mixed", [("first", float("inf")), ("rand", float("nan")), ("last", float("nan")),
               ("rand", float("-inf"))]),
]
NONFINITE_SPECS = {
    1: [((6,), "size", 11), ((9,), "size", 4), ((5,), "scale", 1.7), ((8,), "scale", 0.6),
        ((4,), "scale", 2)],
    2: [((4, 5), "size", (7, 9)), ((8, 7), "size", (3, 4)), ((5, 4), "scale", (1.7, 2.0)),
        ((6, 6), "scale", 0.6), ((3, 3), "scale", 2)],
    3: [((2, 3, 3), "size", (3, 5, 4)), ((4, 4, 3), "size", (2, 2, 3)),
        ((3, 2, 2), "scale", (1.7, 2.0, 1.5)), ((4, 3, 5), "scale", 0.6), ((2, 2, 2), "scale", 2)],
}


def nonfinite():
    i = 0
    for mode, r in MODE_RANKS:
        for j, (tag, pattern) in enumerate(NONFINITE_PATTERNS):
            sp, kind, value = NONFINITE_SPECS[r][j]
            ac = None if mode in NEAREST_LIKE else (j % 2 == 1)
            dtype = "float64" if j == 2 else "float32"
            n, c = nc_for(i, r)
            x = inject_nonfinite(make_input((n, c) + tuple(sp), dtype, "uniform"), pattern)
            record(tag, mode, x, align_corners=ac, expect_error=False, **kw_of(kind, value))
            i += 1
    # antialias with non-finite values
    for mode in ("bilinear", "bicubic"):
        for j, (tag, pattern) in enumerate(NONFINITE_PATTERNS):
            sp, kind, value = [((9, 8), "size", (4, 3)), ((4, 5), "size", (7, 9)),
                               ((10, 6), "scale", 0.45), ((6, 6), "size", (6, 2)),
                               ((5, 7), "scale", (1.7, 0.6))][j]
            dtype = "float64" if j == 3 else "float32"
            x = inject_nonfinite(make_input((1, 2) + tuple(sp), dtype, "uniform"), pattern)
            record("aa-" + tag, mode, x, align_corners=(j == 1), antialias=True,
                   expect_error=False, **kw_of(kind, value))


AA_SPECS = [
    ((4, 5), "size", (7, 9)),        # upsampling
    ((12, 10), "size", (5, 4)),      # downsampling
    ((12, 4), "size", (5, 9)),       # mixed per dim
    ((8, 6), "size", (8, 3)),        # equal size in one dim
    ((9, 9), "scale", 0.37),
    ((10, 7), "scale", (0.6, 1.7)),
    ((6, 6), "scale", 0.5),
    ((5, 5), "scale", 1.7),
    ((1, 6), "size", (4, 2)),        # in = 1
    ((6, 5), "size", (1, 1)),        # out = 1
    ((7, 9), "scale", (0.45, 0.3)),
    ((16, 3), "size", (3, 3)),
    ((5, 8), "scale", (2.5, 0.6)),
    ((11, 13), "size", (11, 4)),
    ((5, 5), "scale", 1.1),
    ((20, 2), "size", (3, 2)),
    ((3, 3), "scale", 2),
]


def antialias():
    i = 0
    for mode in ("bilinear", "bicubic"):
        for k, (sp, kind, value) in enumerate(AA_SPECS):
            variants = [(False, None), (True, None)]
            if kind == "scale":
                variants.append((False, True))
                if k % 2 == 0:
                    variants.append((True, True))
            elif k % 3 == 0:
                variants.append((None, None))
            for ac, rc in variants:
                n, c = nc_for(i)
                dtype = "float64" if i % 7 == 3 else "float32"
                x = make_input((n, c) + tuple(sp), dtype, VALUE_KINDS[i % len(VALUE_KINDS)])
                record("aa-" + spec_tag(kind, value), mode, x, align_corners=ac,
                       recompute_scale_factor=rc, antialias=True, expect_error=False,
                       **kw_of(kind, value))
                i += 1


def antialias_single_column():
    """antialias with an output width or height of 1 (PyTorch 2.14 gives every row of a one-column
    result the first row's value). Appended last, so the cases before keep their inputs."""
    for mode in ("bilinear", "bicubic"):
        for shape, kw, ac, dtype in [
                ((1, 2, 9, 5), {"size": (5, 1)}, False, "float32"),
                ((1, 1, 9, 1), {"size": (4, 1)}, False, "float32"),
                ((1, 1, 9, 5), {"size": (12, 1)}, True, "float32"),
                ((1, 1, 9, 5), {"size": (9, 1)}, False, "float32"),
                ((1, 1, 5, 9), {"size": (1, 4)}, False, "float32"),
                ((2, 1, 8, 5), {"scale_factor": (0.5, 0.2)}, None, "float64")]:
            record("aa-column", mode, make_input(shape, dtype, "uniform"), align_corners=ac, antialias=True,
                   expect_error=False, **kw)


def special_successes():
    # N = 0 is allowed: empty output with a shape.
    for mode, shape, kw in [
        ("nearest", (0, 2, 4, 4), {"size": (3, 3)}),
        ("bilinear", (0, 2, 4, 4), {"size": (3, 3)}),
        ("area", (0, 2, 4, 4), {"size": (3, 3)}),
        ("linear", (0, 1, 4), {"scale_factor": 1.5}),
        ("trilinear", (0, 1, 2, 3, 4), {"size": 3}),
        ("bicubic", (0, 2, 4, 4), {"size": 3, "antialias": True}),
        ("nearest-exact", (0, 1, 4, 4, 4), {"scale_factor": 0.5}),
        ("area", (0, 1, 4), {"size": 2}),
    ]:
        record("batch0", mode, make_input(shape), expect_error=False, **kw)
    # area with a zero output size returns an empty tensor.
    record("empty-out", "area", make_input((1, 2, 4, 4)), size=(0, 3), expect_error=False)
    record("empty-out", "area", make_input((1, 1, 4, 4)), size=0, expect_error=False)
    record("empty-out", "area", make_input((1, 1, 4)), size=0, expect_error=False)
    record("empty-out", "area", make_input((1, 1, 4, 4, 4)), size=(2, 0, 2), expect_error=False)
    record("empty-out", "area", make_input((1, 1, 5, 5)), scale_factor=0.1, expect_error=False)
    # area accepts C = 0 for 1-D and 2-D (but not 3-D, see errors).
    record("channels0", "area", make_input((1, 0, 4, 4)), size=(3, 3), expect_error=False)
    record("channels0", "area", make_input((1, 0, 4)), size=2, expect_error=False)
    # recompute_scale_factor=False with size is allowed.
    record("size-recompute-false", "bilinear", make_input((1, 1, 4, 4)), size=(3, 5),
           recompute_scale_factor=False, align_corners=False, expect_error=False)
    # a bigger case or two per family
    record("large", "bilinear", make_input((1, 2, 12, 13)), scale_factor=(1.9, 2.3),
           align_corners=False, expect_error=False)
    record("large", "bicubic", make_input((1, 1, 13, 11)), size=(31, 29), align_corners=True,
           expect_error=False)
    record("large", "bicubic", make_input((1, 1, 40, 37)), size=(9, 11), antialias=True,
           align_corners=False, expect_error=False)
    record("large", "nearest", make_input((1, 2, 9, 7)), scale_factor=3.3, expect_error=False)
    record("large", "area", make_input((1, 1, 33, 29)), size=(7, 6), expect_error=False)
    record("large", "trilinear", make_input((1, 1, 5, 6, 7)), scale_factor=1.7,
           align_corners=False, expect_error=False)
    record("large", "linear", make_input((3, 3, 37)), size=101, align_corners=True,
           expect_error=False)


def errors():
    e = lambda tag, mode, shape, **kw: record("err-" + tag, mode, make_input(shape),
                                              expect_error=True, **kw)
    ok = lambda tag, mode, shape, **kw: record(tag, mode, make_input(shape),
                                               expect_error=False, **kw)
    # align_corners with non-interpolating modes
    for mode in NEAREST_LIKE:
        for ac in (True, False):
            e("align-corners", mode, (1, 1, 4, 4), scale_factor=2.0, align_corners=ac)
    e("align-corners", "nearest", (1, 1, 4), size=3, align_corners=True)
    # size and scale
    e("size-and-scale", "nearest", (1, 1, 4), size=3, scale_factor=2.0)
    e("size-and-scale", "bilinear", (1, 1, 4, 4), size=(3, 3), scale_factor=(2.0, 2.0))
    e("neither", "nearest", (1, 1, 4))
    e("neither", "bilinear", (1, 1, 4, 4), recompute_scale_factor=True)
    # wrong-length size / scale (the container's repr shows in the message)
    e("size-len", "nearest", (1, 1, 4, 4), size=(3,))
    e("size-len", "nearest", (1, 1, 4, 4), size=[3, 3, 3])
    e("size-len", "bilinear", (1, 1, 4, 4), size=(3, 3, 3))
    e("size-len", "linear", (1, 1, 4), size=(3, 3))
    e("size-len", "trilinear", (1, 1, 2, 2, 2), size=[4, 4])
    e("size-len", "area", (1, 1, 4, 4), size=())
    e("scale-len", "nearest", (1, 1, 4), scale_factor=(2.0, 2.0, 2.0))
    e("scale-len", "nearest", (1, 1, 4, 4), scale_factor=[2.0])
    e("scale-len", "bicubic", (1, 1, 4, 4), scale_factor=(1.5,))
    e("scale-len", "trilinear", (1, 1, 2, 2, 2), scale_factor=[1.5, 2.5])
    e("scale-len", "area", (1, 1, 4, 4, 4), scale_factor=(0.5, 0.5))
    # recompute with size
    e("recompute-size", "nearest", (1, 1, 4), size=3, recompute_scale_factor=True)
    e("recompute-size", "bilinear", (1, 1, 4, 4), size=(3, 5), recompute_scale_factor=True)
    # zero / negative outputs
    for mode, shape in [("nearest", (1, 1, 5, 5)), ("bilinear", (1, 1, 5, 5)),
                        ("linear", (1, 1, 5)), ("trilinear", (1, 1, 5, 5, 5)),
                        ("nearest", (1, 1, 5)), ("nearest-exact", (1, 1, 5, 5, 5)),
                        ("bicubic", (1, 1, 5, 5))]:
        e("size0", mode, shape, size=0)
    e("size0", "bilinear", (1, 1, 5, 5), size=(0, 3), antialias=True)
    e("size0", "bicubic", (1, 1, 5, 5), size=(4, 0))
    for mode, shape, rc in [("nearest", (1, 1, 5, 5), None), ("nearest", (1, 1, 5, 5), True),
                            ("bilinear", (1, 1, 5, 5), None), ("linear", (1, 1, 5), False),
                            ("trilinear", (1, 1, 5, 5, 5), True),
                            ("nearest-exact", (1, 1, 5), None)]:
        e("scale0.1", mode, shape, scale_factor=0.1, recompute_scale_factor=rc)
    e("scale0.1", "bicubic", (1, 1, 5, 20), scale_factor=(0.1, 0.5), antialias=True)
    e("neg-size", "nearest", (1, 1, 5, 5), size=-2)
    e("neg-size", "bilinear", (1, 1, 5, 5), size=(-2, 3))
    e("neg-size", "linear", (1, 1, 5), size=-1)
    e("neg-size", "nearest-exact", (1, 1, 3, 3, 3), size=(2, -3, 2))
    e("neg-scale", "nearest", (1, 1, 5, 5), scale_factor=-2.0)
    e("neg-scale", "nearest", (1, 1, 5, 5), scale_factor=-2.0, recompute_scale_factor=True)
    e("neg-scale", "bilinear", (1, 1, 5, 5), scale_factor=(-2.0, 1.5))
    e("neg-scale", "linear", (1, 1, 5), scale_factor=-0.5)
    e("neg-scale", "area", (1, 1, 4, 4), scale_factor=-1.0)
    # NaN / inf scales, with and without recompute
    for s in (float("nan"), float("inf"), float("-inf")):
        for mode, shape in [("nearest", (1, 1, 5, 5)), ("bilinear", (1, 1, 5, 5)),
                            ("area", (1, 1, 5, 5)), ("linear", (1, 1, 5))]:
            for rc in (None, False, True):
                e("scale-nonfinite", mode, shape, scale_factor=s, recompute_scale_factor=rc)
    for mode, shape in [("bicubic", (1, 1, 5, 5)), ("trilinear", (1, 1, 3, 3, 3)),
                        ("nearest-exact", (1, 1, 5)), ("nearest", (1, 1, 3, 3, 3))]:
        e("scale-nonfinite", mode, shape, scale_factor=float("nan"))
        e("scale-nonfinite", mode, shape, scale_factor=float("inf"), recompute_scale_factor=True)
    e("scale-nonfinite", "bilinear", (1, 1, 5, 5), scale_factor=(2.0, float("nan")))
    e("scale-nonfinite", "bilinear", (1, 1, 5, 5), scale_factor=(2.0, float("nan")),
      recompute_scale_factor=True)
    e("scale-nonfinite", "bilinear", (1, 1, 5, 5), scale_factor=(float("inf"), 2.0),
      recompute_scale_factor=True)
    e("scale-nonfinite", "bilinear", (1, 1, 5, 5), scale_factor=float("nan"), antialias=True)
    # antialias with unsupported modes / ranks
    e("antialias", "nearest", (1, 1, 5, 5), scale_factor=2.0, antialias=True)
    e("antialias", "nearest-exact", (1, 1, 5, 5), scale_factor=2.0, antialias=True)
    e("antialias", "area", (1, 1, 5, 5), size=2, antialias=True)
    e("antialias", "linear", (1, 1, 5), scale_factor=2.0, antialias=True)
    e("antialias", "trilinear", (1, 1, 3, 3, 3), scale_factor=2.0, antialias=True)
    e("antialias", "bilinear", (1, 1, 5), scale_factor=2.0, antialias=True)
    e("antialias", "bilinear", (1, 1, 3, 3, 3), scale_factor=2.0, antialias=True)
    e("antialias", "bicubic", (1, 1, 5), scale_factor=2.0, antialias=True)
    e("antialias", "bicubic", (1, 1, 3, 3, 3), size=2, antialias=True)
    # mode / rank mismatch
    e("rank", "linear", (1, 1, 5, 5), scale_factor=2.0)
    e("rank", "linear", (1, 1, 3, 3, 3), scale_factor=2.0)
    e("rank", "bilinear", (1, 1, 5), scale_factor=2.0)
    e("rank", "bilinear", (1, 1, 3, 3, 3), scale_factor=2.0)
    e("rank", "trilinear", (1, 1, 5), scale_factor=2.0)
    e("rank", "trilinear", (1, 1, 5, 5), scale_factor=2.0)
    e("rank", "bicubic", (1, 1, 5), scale_factor=2.0)
    e("rank", "bicubic", (1, 1, 3, 3, 3), scale_factor=2.0)
    e("rank", "bicubic", (1, 1, 5), size=3, align_corners=True)
    # unknown mode
    e("mode", "foo", (1, 1, 5, 5), scale_factor=2.0)
    e("mode", "foo", (1, 1, 5), size=3, align_corners=True)
    e("mode", "foo", (1, 5), size=3)
    # rank 2 and rank 6 inputs
    for mode in ("nearest", "linear", "area", "bicubic"):
        e("rank2", mode, (1, 5), size=3)
    e("rank2", "nearest", (2, 5), scale_factor=2.0)
    e("rank1", "nearest", (5,), size=3)
    for mode in ("nearest", "area", "trilinear"):
        e("rank6", mode, (1, 1, 2, 2, 2, 2), scale_factor=2.0)
    # zero-size input dims
    e("input-empty", "nearest", (1, 1, 0, 4), size=(3, 3))
    e("input-empty", "nearest", (1, 1, 0, 4), scale_factor=2.0)
    e("input-empty", "nearest", (1, 1, 0), size=3)
    e("input-empty", "nearest", (1, 1, 0, 2, 2), size=3)
    e("input-empty", "bilinear", (1, 1, 0, 4), size=(3, 3))
    e("input-empty", "bilinear", (1, 1, 4, 0), size=(3, 3), antialias=True)
    e("input-empty", "linear", (1, 1, 0), size=3)
    e("input-empty", "trilinear", (1, 1, 2, 0, 2), size=3)
    e("input-empty", "bicubic", (1, 1, 0, 4), size=(3, 3))
    e("input-empty", "area", (1, 1, 0, 4), size=(3, 3))
    e("input-empty", "area", (1, 1, 0), size=3)
    e("input-empty", "area", (1, 1, 4, 0, 4), size=(2, 2, 2))
    # C = 0 with N = 1 (and N = 2, and N = 0)
    for mode, shape in [("bilinear", (1, 0, 4, 4)), ("nearest", (1, 0, 4, 4)),
                        ("nearest", (1, 0, 4)), ("nearest", (1, 0, 4, 4, 4)),
                        ("linear", (1, 0, 4)), ("trilinear", (1, 0, 4, 4, 4)),
                        ("bicubic", (1, 0, 4, 4)), ("nearest-exact", (1, 0, 4, 4)),
                        ("bilinear", (2, 0, 4, 4)), ("bilinear", (0, 0, 4, 4))]:
        e("channels0", mode, shape, size=3)
    e("channels0", "bilinear", (1, 0, 4, 4), size=3, antialias=True)
    e("channels0", "area", (1, 0, 4, 4, 4), size=(2, 2, 2))
    # N = 0 with a zero output size is still an error
    e("batch0-size0", "bilinear", (0, 1, 4, 4), size=0)
    # area with negative size (and scale)
    e("area-neg-size", "area", (1, 1, 4, 4), size=(-1, 3))
    e("area-neg-size", "area", (1, 1, 4), size=-1)
    e("area-neg-size", "area", (1, 1, 4, 4, 4), size=(2, -1, 2))
    e("area-neg-size", "area", (1, 1, 4, 4), size=-2)


def summarize(path):
    by_mode = collections.Counter()
    errs = collections.Counter()
    err_types = collections.Counter()
    n_ok = 0
    for c in cases:
        if c["error"] is None:
            n_ok += 1
            by_mode[(c["mode"], len(c["input_shape"]) - 2, c["antialias"])] += 1
        else:
            errs[c["mode"]] += 1
            err_types[c["error"]["type"]] += 1
    print("cases: %d total, %d successful, %d errors" % (len(cases), n_ok, len(cases) - n_ok))
    for (mode, r, aa), n in sorted(by_mode.items()):
        print("  %-14s %dd%s: %d" % (mode, r, " antialias" if aa else "", n))
    print("  float64 successes: %d" % sum(1 for c in cases
                                          if c["error"] is None and c["dtype"] == "float64"))
    print("errors by mode: " + ", ".join("%s=%d" % kv for kv in sorted(errs.items())))
    print("errors by type: " + ", ".join("%s=%d" % kv for kv in sorted(err_types.items())))
    print("%s: %d bytes" % (path, os.path.getsize(path)))


def torch_package_version():
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"],
                             capture_output=True, text=True, check=False)
        return out.stdout.strip() or None
    except OSError:
        return None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate.py OUTDIR")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    main_sweep()
    extra_float64()
    nonfinite()
    antialias()
    special_successes()
    errors()
    antialias_single_column()

    path = os.path.join(outdir, "interpolate.json")
    header = {"generator": GENERATOR, "torch_version": torch.__version__,
              "torch_package": torch_package_version(), "numpy_version": np.__version__,
              "seed": SEED}
    head = json.dumps(header, separators=(",", ":"), allow_nan=False)
    lines = [json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases]
    with open(path, "w") as f:
        f.write(head[:-1] + ',"cases":[\n' + ",\n".join(lines) + "\n]}\n")
    # check it loads back
    with open(path) as f:
        back = json.load(f)
    assert len(back["cases"]) == len(cases)
    assert len({c["id"] for c in back["cases"]}) == len(cases)
    summarize(path)
    total = sum(os.path.getsize(os.path.join(outdir, p)) for p in os.listdir(outdir)
                if p.endswith(".json"))
    print("total golden size: %d bytes" % total)
    if total >= 2 * 1024 * 1024:
        sys.exit("golden files exceed 2 MB")


if __name__ == "__main__":
    main()
