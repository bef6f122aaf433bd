#!/usr/bin/python3
"""Golden data for the call parser, the shape explainer and the tensor printer, from real PyTorch.

Usage:  /usr/bin/python3 tests/golden/generate_calls.py tests/golden      (or: make goldens)

Writes <outdir>/calls.json with three sections:

  calls    each call text is evaluated with Python's eval() on x = torch.ones(input_shape), with
           torch, nn, F, img (= x) and the bare names interpolate / Upsample in scope. A module that
           is not applied in the text is applied to x. Recorded: the output shape or the exception
           (type and exact message; for a SyntaxError its msg), the warnings raised, and the arguments
           F.interpolate really received (a recorder wraps it), which shows what each module and
           wrapper sets. For small successful results of the coordinate modes, `probe` holds, per
           spatial dim, F.interpolate applied to a ramp along that dim (value = input index): the
           source coordinate (or index, or area window mean) of each output index.
  seed     the outputs of the seed example (ones(1,1,4,4) and arange(16) reshaped), with repr().
  tensors  a dozen tensors with their repr() under the default print options.

Tensors are stored as IEEE bits in hex, C order ('%08x' float32, '%016x' float64), as in
interpolate.json. Deterministic: fixed seed, one CPU thread.
"""
import collections
import json
import math
import os
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

from generate import torch_package_version  # the Debian package that built this torch
from torch.nn import Upsample

torch.set_num_threads(1)
torch.manual_seed(20240611)

GENERATOR = "tests/golden/generate_calls.py"
PROBE_MODES = ("nearest", "nearest-exact", "linear", "bilinear", "trilinear", "area")
PROBE_MAX_OUT = 64

# (call text, input shape)
CALLS = [
    # the seed example and the shape facts that come with it
    ("nn.UpsamplingNearest2d(scale_factor=2)(x)", (1, 1, 4, 4)),
    ("nn.UpsamplingBilinear2d(scale_factor=2)(x)", (1, 1, 4, 4)),
    ("nn.UpsamplingNearest2d(scale_factor=2)", (1, 1, 4, 4)),
    ("nn.UpsamplingBilinear2d(scale_factor=2)", (1, 1, 4, 4)),
    ("nn.UpsamplingBilinear2d(scale_factor=2)(x)", (1, 3, 128, 128)),
    ("F.upsample(img, scale_factor=2)", (3, 512, 512)),
    ("F.upsample(img.unsqueeze(0), scale_factor=2)", (3, 512, 512)),
    ("nn.Upsample(scale_factor=2)(x)", (1, 10, 1, 1)),
    ("nn.UpsamplingBilinear2d(scale_factor=2)(x)", (3, 512, 512)),
    ("nn.Upsample(scale_factor=2, mode='bilinear')(x)", (1, 512, 512, 3)),
    # nn.UpsamplingNearest2d / nn.UpsamplingBilinear2d
    ("nn.UpsamplingBilinear2d(size=(6, 10))(x)", (1, 1, 4, 4)),
    ("nn.UpsamplingBilinear2d((6, 10))(x)", (1, 1, 4, 4)),
    ("torch.nn.UpsamplingBilinear2d(scale_factor=(2, 1.5))(x)", (1, 2, 3, 4)),
    ("nn.UpsamplingNearest2d(None, 3)(x)", (1, 1, 2, 3)),
    ("nn.UpsamplingNearest2d(scale_factor=2)(x)", (1, 1, 4)),
    ("nn.UpsamplingNearest2d(size=(2, 3, 4))(x)", (1, 1, 2, 2, 2)),
    ("nn.UpsamplingNearest2d(mode='nearest')(x)", (1, 1, 4, 4)),
    ("nn.UpsamplingBilinear2d(4, 2, 3)(x)", (1, 1, 4, 4)),
    ("nn.UpsamplingBilinear2d(size=1)(x)", (1, 1, 4, 4)),
    # nn.Upsample
    ("nn.Upsample(scale_factor=2, mode='bilinear')(x)", (1, 1, 4, 4)),
    ("nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)(x)", (1, 1, 4, 4)),
    ('nn.Upsample(size=5, mode="nearest-exact")(x)', (1, 1, 3, 3)),
    ("torch.nn.Upsample(scale_factor=(2, 3), mode='bicubic')(x)", (1, 1, 3, 3)),
    ("nn.Upsample(None, 1.7, 'linear', None, True)(x)", (1, 1, 5)),
    ("nn.Upsample(scale_factor=1.7, mode='linear')(x)", (1, 1, 5)),
    ("nn.Upsample(scale_factor=2, mode='trilinear')(x)", (1, 1, 2, 3, 4)),
    ("nn.Upsample(scale_factor=[2, 2])(x)", (1, 1, 4, 4)),
    ("nn.Upsample(scale_factor=(2, 2, 2))(x)", (1, 1, 4, 4)),
    ("nn.Upsample(scale_factor=0)(x)", (1, 1, 4, 4)),
    ("nn.Upsample(scale_factor=2, mode='area')(x)", (1, 1, 4, 4)),
    ("nn.Upsample(scale='2')(x)", (1, 1, 4, 4)),
    ("nn.Upsample(4, 2, 'nearest', None, None, 3)(x)", (1, 1, 4, 4)),
    ("nn.Upsample(scale_factor=2)()", (1, 1, 4, 4)),
    ("nn.Upsample(scale_factor=2)(x, x)", (1, 1, 4, 4)),
    ("nn.Upsample(size=(2, 2, 2))(x)", (1, 1, 4, 4)),
    ("nn.Upsample(scale_factor='2')(x)", (1, 1, 4, 4)),
    ("nn.Upsampl(scale_factor=2)", (1, 1, 4, 4)),
    ("nn.Upsample(size=[3, 5], mode='bilinear')(x)", (1, 1, 4, 4)),
    ("nn.Upsample(size=[3], mode='bilinear')(x)", (1, 1, 4, 4)),
    ("nn.Upsample(scale_factor=2, mode='nearest', align_corners=True)(x)", (1, 1, 4, 4)),
    ("nn.Upsample(scale_factor=2, mode='bicubic', align_corners=False)(x)", (1, 1, 4)),
    ("nn.Upsample(scale_factor=2, mode='bilinear', align_corners=None, recompute_scale_factor=False)(x)",
     (1, 1, 3, 3)),
    ("Upsample(scale_factor=2)(x)", (1, 1, 2)),
    # F.interpolate
    ("F.interpolate(x, scale_factor=2)", (1, 1, 4, 4)),
    ("F.interpolate(x, size=8, mode='bilinear')", (1, 1, 4, 4)),
    ("F.interpolate(x, size=(6, 10), mode='bilinear', align_corners=True)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=1.7, mode='linear')", (1, 1, 5)),
    ("F.interpolate(x, scale_factor=1.7, mode='linear', recompute_scale_factor=True)", (1, 1, 5)),
    ("F.interpolate(x, None, 2, 'bilinear', True)", (1, 1, 4, 4)),
    ("torch.nn.functional.interpolate(x, scale_factor=(2, 2, 2), mode='trilinear')", (1, 1, 2, 2, 2)),
    ("nn.functional.interpolate(x, size=(3, 4, 5), mode='nearest')", (1, 2, 2, 2, 2)),
    ("F.interpolate(x, scale_factor=0.5, mode='bilinear', antialias=True)", (1, 1, 8, 8)),
    ("F.interpolate(x, scale_factor=0.5, mode='bicubic', antialias=True, align_corners=True)", (1, 1, 8, 8)),
    ("F.interpolate(x, scale_factor=2, mode='nearest', antialias=True)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=(2, 2, 2))", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=[2, 2, 2])", (1, 1, 4, 4)),
    ("F.interpolate(x, size=[8])", (1, 1, 4, 4)),
    ("F.interpolate(x, size=(8,))", (1, 1, 4, 4)),
    ("F.interpolate(x, size=8, scale_factor=2)", (1, 1, 4, 4)),
    ("F.interpolate(x)", (1, 1, 4, 4)),
    ("F.interpolate(x, size=8, recompute_scale_factor=True)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=2, mode='bilinear')", (1, 1, 4)),
    ("F.interpolate(x, scale_factor=2, mode='linear')", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=2)", (4, 4)),
    ("F.interpolate(x, scale_factor=2, mode='foo')", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=0.1)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=-2)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale=2)", (1, 1, 4, 4)),
    ("F.interpolate(x, 4, size=4)", (1, 1, 4, 4)),
    ("F.interpolate(x, 4, 2, 'nearest', None, None, False, 3)", (1, 1, 4, 4)),
    ("F.interpolate(scale_factor=2)", (1, 1, 4, 4)),
    ("F.interpolate(input=x, scale_factor=2)", (1, 1, 4, 4)),
    ("F.interpolat(x)", (1, 1, 4, 4)),
    ("torch.nn.functional.foo(x)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=2, mode=3)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=float('nan'))", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=float('inf'), recompute_scale_factor=True)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=2.5, mode='nearest-exact')", (1, 1, 5, 5)),
    ("F.interpolate(x, size=1, mode='bilinear', align_corners=True)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=2, mode='area')", (1, 1, 3)),
    ("F.interpolate(x, scale_factor=1.3636363636363635, mode='linear')", (1, 1, 88)),
    ("F.interpolate(x, scale_factor=0.9999)", (1, 1, 32)),
    ('F.interpolate(x, scale_factor=2, mode="bilinear",)', (1, 1, 3, 3)),
    ("F.interpolate(x, scale_factor=(2, 1.5), mode='bilinear', recompute_scale_factor=True)", (1, 1, 5, 5)),
    ("F.interpolate(x, size=(8, 8), mode='nearest')", (1, 1, 4)),
    ("F.interpolate(x.unsqueeze(5), scale_factor=2)", (1, 1, 4, 4)),
    ("F.interpolate(x.unsqueeze(0).unsqueeze(0), scale_factor=2)", (4, 4)),
    ("F.interpolate(x.unsqueeze(-1), size=3, mode='linear', align_corners=True)", (1, 5)),
    ("interpolate(x, scale_factor=3, mode='nearest')", (1, 1, 2)),
    ("F.interpolate(scale_factor=2, x)", (1, 1, 4, 4)),
    ("F.interpolate(x, size=2, size=3)", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=(1e-05, 2e20))", (1, 1, 4, 4)),
    ("F.interpolate(x, scale_factor=3.0, mode='bicubic', align_corners=True)", (1, 1, 2, 3)),
    # F.upsample and friends
    ("F.upsample(x, scale_factor=2, mode='bilinear')", (1, 1, 4, 4)),
    ("F.upsample(x, size=(6, 6), mode='bilinear', align_corners=True)", (1, 1, 4, 4)),
    ("F.upsample(x, scale_factor=2, recompute_scale_factor=True)", (1, 1, 4, 4)),
    ("torch.nn.functional.upsample(x, 8)", (1, 1, 4)),
    ("F.upsample_nearest(x, scale_factor=2)", (1, 1, 4, 4)),
    ("F.upsample_bilinear(x, scale_factor=2)", (1, 1, 4, 4)),
    ("F.upsample_bilinear(x, size=(3, 5))", (1, 1, 2, 2)),
    ("F.upsample_nearest(x, scale_factor=2, mode='bilinear')", (1, 1, 4, 4)),
]

SEED_CALLS = ["nn.UpsamplingNearest2d(scale_factor=2)(x)", "nn.UpsamplingBilinear2d(scale_factor=2)(x)"]
SEED_INPUTS = collections.OrderedDict([
    ("ones4x4", "torch.ones(1, 1, 4, 4)"),
    ("arange4x4", "torch.arange(16.).reshape(1, 1, 4, 4)"),
])

TENSORS = [
    ("ones", "torch.ones(1, 1, 4, 4)"),
    ("ones8", "torch.ones(1, 1, 8, 8)"),
    ("ramp", "torch.arange(16.).reshape(1, 1, 4, 4)"),
    ("fractions", "torch.tensor([0.5, 0.25, 1 / 3])"),
    ("negative", "torch.tensor([[-1.5, 2.0], [3.25, -40.0]])"),
    ("negative_ints", "torch.tensor([-1., 2., -300.])"),
    ("nonfinite", "torch.tensor([float('nan'), float('inf'), float('-inf'), 1.0])"),
    ("nonfinite_frac", "torch.tensor([float('nan'), 1.5, -float('inf')])"),
    ("all_nan", "torch.tensor([float('nan'), float('nan')])"),
    ("large", "torch.tensor([1e10, 1.5])"),
    ("large_ints", "torch.tensor([1e9, 1.0])"),
    ("small", "torch.tensor([1e-5, 1.0])"),
    ("wide_ratio", "torch.tensor([0.001, 2.5])"),
    ("summarised", "torch.arange(2000.).reshape(40, 50) / 3"),
    ("summarised_1d", "torch.arange(1500.)"),
    ("wrapped", "torch.arange(30.) / 7"),
    ("float64", "torch.tensor([1.5, 2.0], dtype=torch.float64)"),
    ("float64_4d", "torch.arange(8., dtype=torch.float64).reshape(1, 2, 2, 2) / 4"),
    ("empty", "torch.empty(0)"),
    ("empty_2d", "torch.empty(0, 3)"),
    ("empty_float64", "torch.empty(2, 0, dtype=torch.float64)"),
    ("scalar", "torch.tensor(3.5)"),
    ("zeros", "torch.zeros(2, 3)"),
    ("signed_zero", "torch.tensor([-0.0, 0.0, 1.0])"),
    ("randn", "torch.randn(2, 3, 4)"),
]


def hex_of(t):
    t = t.detach().contiguous()
    a = t.numpy()
    if a.dtype.name == "float32":
        return a.astype(">f4").tobytes().hex()
    if a.dtype.name == "float64":
        return a.astype(">f8").tobytes().hex()
    raise TypeError(a.dtype)


def jnum(v):
    """A size/scale value as JSON: int stays int, non-finite floats become strings."""
    if isinstance(v, (list, tuple)):
        return [jnum(e) for e in v]
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    return repr(v)


def container(v):
    return {tuple: "tuple", list: "list"}.get(type(v))


def encode_tensor(t):
    return collections.OrderedDict([
        ("dtype", str(t.dtype).replace("torch.", "")),
        ("shape", list(t.shape)),
        ("data", hex_of(t)),
    ])


_REAL_INTERPOLATE = F.interpolate
_recorded = []


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,  # noqa: A002
                recompute_scale_factor=None, antialias=False):
    """Stands in for F.interpolate (same name and signature, so Python's TypeErrors read the same):
    keeps the arguments of the first call, then calls the real one."""
    if not _recorded:
        _recorded.append(dict(tensor_shape=list(input.shape), size=size, scale_factor=scale_factor, mode=mode,
                              align_corners=align_corners, recompute_scale_factor=recompute_scale_factor,
                              antialias=antialias))
    return _REAL_INTERPOLATE(input, size, scale_factor, mode, align_corners, recompute_scale_factor, antialias)


def encode_args(a):
    out = collections.OrderedDict()
    out["tensor_shape"] = a["tensor_shape"]
    out["size"] = jnum(a["size"])
    out["scale_factor"] = jnum(a["scale_factor"])
    sf = a["scale_factor"]
    out["scale_text"] = [str(e) for e in sf] if isinstance(sf, (list, tuple)) else (None if sf is None else str(sf))
    for name in ("size", "scale_factor"):
        if container(a[name]):
            out[name + "_container"] = container(a[name])
    out["mode"] = a["mode"] if isinstance(a["mode"], str) else repr(a["mode"])
    out["align_corners"] = a["align_corners"]
    out["recompute_scale_factor"] = a["recompute_scale_factor"]
    out["antialias"] = bool(a["antialias"])
    return out


def probe(real, a, out_shape):
    """Per spatial dim: the interpolation of a ramp along that dim, read along that dim."""
    if not (isinstance(a["mode"], str) and a["mode"] in PROBE_MODES) or a["antialias"]:
        return None
    shape = a["tensor_shape"]
    if shape[0] * shape[1] == 0 or any(o > PROBE_MAX_OUT for o in out_shape[2:]):
        return None
    dims = len(shape) - 2
    lines = []
    for k in range(dims):
        view = [1] * len(shape)
        view[2 + k] = shape[2 + k]
        ramp = torch.arange(float(shape[2 + k])).reshape(view).expand(*shape).contiguous()
        y = real(ramp, a["size"], a["scale_factor"], a["mode"], a["align_corners"], a["recompute_scale_factor"])
        index = [0] * len(shape)
        index[2 + k] = slice(None)
        lines.append([float(v) for v in y[tuple(index)]])
    return lines


def run_call(text, shape):
    real = _REAL_INTERPOLATE
    del _recorded[:]
    x = torch.ones(shape)
    scope = {"torch": torch, "nn": nn, "F": F, "x": x, "img": x, "interpolate": interpolate, "Upsample": Upsample}
    err, out, applied = None, None, False
    F.interpolate = interpolate
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                r = eval(text, scope)
                if isinstance(r, nn.Module):
                    applied = True
                    r = r(x)
                out = r
            except SyntaxError as e:
                err = {"type": "SyntaxError", "message": e.msg}
            except Exception as e:  # noqa: BLE001 -- record whatever Python or PyTorch raises
                err = {"type": type(e).__name__, "message": str(e)}
    finally:
        F.interpolate = real
    case = collections.OrderedDict()
    case["call"] = text
    case["input_shape"] = list(shape)
    case["module_applied_to_x"] = applied
    case["output_shape"] = None if out is None else list(out.shape)
    case["error"] = err
    case["warnings"] = ["%s: %s" % (w.category.__name__, w.message) for w in caught]
    args = _recorded[0] if _recorded else None
    case["interpolate_args"] = None if args is None else encode_args(args)
    case["probe"] = None if (out is None or args is None) else probe(real, args, list(out.shape))
    return case


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(outdir, exist_ok=True)
    calls = []
    for i, (text, shape) in enumerate(CALLS):
        c = run_call(text, shape)
        c["id"] = "call-%03d" % (i + 1)
        c.move_to_end("id", last=False)
        calls.append(c)
    seed = []
    for name, expr in SEED_INPUTS.items():
        x = eval(expr)
        entry = collections.OrderedDict([("example", name), ("input_expr", expr), ("input_repr", repr(x))])
        entry["outputs"] = []
        for text in SEED_CALLS:
            y = eval(text, {"nn": nn, "x": x})
            entry["outputs"].append(collections.OrderedDict(
                [("call", text), ("output_shape", list(y.shape)), ("repr", repr(y)), ("tensor", encode_tensor(y))]))
        seed.append(entry)
    tensors = []
    for name, expr in TENSORS:
        t = eval(expr)
        e = collections.OrderedDict([("name", name), ("expr", expr), ("repr", repr(t))])
        e.update(encode_tensor(t))
        tensors.append(e)

    doc = collections.OrderedDict()
    doc["generator"] = GENERATOR
    doc["torch_version"] = torch.__version__
    doc["torch_package"] = torch_package_version()
    doc["python_version"] = "%d.%d.%d" % sys.version_info[:3]
    doc["calls"] = calls
    doc["seed"] = seed
    doc["tensors"] = tensors
    path = os.path.join(outdir, "calls.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
    errors = collections.Counter(c["error"]["type"] for c in calls if c["error"])
    print("%s: %d calls (%d errors: %s), %d seed examples, %d tensors, %d bytes" % (
        path, len(calls), sum(errors.values()), dict(errors), len(seed), len(tensors), os.path.getsize(path)))


if __name__ == "__main__":
    main()
