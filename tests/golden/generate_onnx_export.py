#!/usr/bin/python3
"""Golden data for the ONNX export check: what PyTorch's exporter writes for F.interpolate.

Usage:  /usr/bin/python3 tests/golden/generate_onnx_export.py tests/golden/libraries   (or: make goldens-libs)

For each call, torch.onnx.export (opset 16) of a module applying it to an input of the given shape:
either the exporter's refusal (exception type and message, without the graph dump that follows
"[Caused by"), or the node it writes for the resize (Resize, AveragePool or GlobalAveragePool) with its attributes and
the static value of its scales / sizes input (the small graph computing it is evaluated here). Also
PyTorch's output, the node's output as ONNX's reference implementation computes it
(onnx.backend.test.case.node.resize.interpolate_nd; the pooling nodes as window means), and the
largest |difference| between them with its index. Writes onnx_export.json.
Needs python3-torch and python3-onnx (scripts/install-deps.sh --with-libs).
"""
import collections
import io
import json
import os
import sys
import warnings

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from onnx.backend.test.case.node.resize import cubic_coeffs, interpolate_nd, linear_coeffs, nearest_coeffs

warnings.simplefilter("ignore")
torch.set_num_threads(1)
SEED = 20240918
RNG = np.random.RandomState(SEED)
OPSET = 16


def hex_of(arr):
    return np.ascontiguousarray(arr).astype(">f4").tobytes().hex()


class Call(torch.nn.Module):
    def __init__(self, kwargs):
        super().__init__()
        self.kwargs = kwargs

    def forward(self, x):
        return F.interpolate(x, **self.kwargs)


def evaluate(model, name, x):
    """The value of tensor `name` in the exported graph (the few ops the exporter uses around Resize)."""
    vals = {model.graph.input[0].name: x}
    for init in model.graph.initializer:
        vals[init.name] = numpy_helper.to_array(init)
    for n in model.graph.node:
        ins = [vals.get(i) for i in n.input]
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
        op = n.op_type
        if op == "Constant":
            r = numpy_helper.to_array(attrs["value"])
        elif op == "Shape":
            r = np.array(ins[0].shape, dtype=np.int64)
        elif op == "Slice":
            starts, ends = ins[1], ins[2]
            axes = ins[3] if len(ins) > 3 and ins[3] is not None else np.arange(len(starts))
            r = ins[0]
            for s, e, a in zip(starts, ends, axes):
                r = np.take(r, np.arange(r.shape[a])[int(s):int(e)], axis=int(a))
        elif op == "Concat":
            r = np.concatenate([np.atleast_1d(i) for i in ins], axis=attrs["axis"])
        elif op == "Cast":
            r = ins[0].astype({1: np.float32, 7: np.int64, 11: np.float64}[attrs["to"]])
        elif op == "Floor":
            r = np.floor(ins[0])
        elif op == "Unsqueeze":
            r = np.expand_dims(ins[0], tuple(int(a) for a in ins[1]))
        elif op == "Mul":
            r = ins[0] * ins[1]
        elif op == "Div":
            r = ins[0] / ins[1]
        elif op == "Gather":
            r = np.take(ins[0], ins[1], axis=attrs.get("axis", 0))
        elif op in ("Resize", "AveragePool"):
            continue
        else:
            raise SystemExit("evaluate: op %s not handled" % op)
        vals[n.output[0]] = r
        if n.output[0] == name:
            return r
    return vals[name]


def onnx_reference(x, node, attrs, scales, sizes):
    if node == "GlobalAveragePool":
        return x.astype(np.float64).mean(axis=tuple(range(2, x.ndim)), keepdims=True).astype(np.float32)
    if node == "AveragePool":
        k = attrs["kernel_shape"]
        n, c = x.shape[:2]
        out_sp = [s // kk for s, kk in zip(x.shape[2:], k)]
        y = np.zeros([n, c] + out_sp, dtype=np.float64)
        for idx in np.ndindex(*out_sp):
            sl = tuple(slice(i * kk, (i + 1) * kk) for i, kk in zip(idx, k))
            y[(slice(None), slice(None)) + idx] = x[(slice(None), slice(None)) + sl].astype(np.float64).mean(
                axis=tuple(range(2, x.ndim)))
        return y.astype(np.float32)
    mode = attrs["mode"]
    if mode == "nearest":
        coeffs = lambda r: nearest_coeffs(r, mode=attrs["nearest_mode"])
    elif mode == "linear":
        coeffs = linear_coeffs
    else:
        coeffs = lambda r: cubic_coeffs(r, A=attrs["cubic_coeff_a"])
    kwargs = dict(coordinate_transformation_mode=attrs["coordinate_transformation_mode"])
    if scales is not None:
        return interpolate_nd(x, coeffs, scale_factors=np.array(scales, dtype=np.float32), **kwargs).astype(np.float32)
    return interpolate_nd(x, coeffs, output_size=np.array(sizes, dtype=np.int64), **kwargs).astype(np.float32)


def call_text(kwargs):
    parts = []
    for key in ("size", "scale_factor", "mode", "align_corners", "recompute_scale_factor", "antialias"):
        if key in kwargs:
            parts.append("%s=%r" % (key, kwargs[key]))
    return "F.interpolate(x, %s)" % ", ".join(parts)


CALLS = [
    # (input shape, kwargs)
    ((1, 1, 4, 4), dict(scale_factor=2, mode="bilinear")),
    ((1, 1, 4, 4), dict(scale_factor=2, mode="nearest")),
    ((1, 1, 4, 4), dict(scale_factor=2, mode="nearest-exact")),
    ((1, 1, 4, 4), dict(scale_factor=2, mode="bicubic")),
    ((1, 1, 4, 4), dict(scale_factor=2, mode="bilinear", align_corners=True)),
    ((1, 1, 4, 4), dict(scale_factor=2, mode="bicubic", align_corners=True)),
    ((1, 2, 5, 7), dict(scale_factor=1.7, mode="bilinear")),
    ((1, 2, 5, 7), dict(scale_factor=1.7, mode="nearest")),
    ((1, 2, 5, 7), dict(scale_factor=1.7, mode="bicubic")),
    ((1, 2, 5, 7), dict(scale_factor=1.7, mode="bilinear", recompute_scale_factor=True)),
    ((1, 2, 5, 7), dict(scale_factor=1.7, mode="nearest", recompute_scale_factor=True)),
    ((1, 1, 10, 10), dict(scale_factor=0.7, mode="bilinear", align_corners=True)),
    ((1, 1, 10, 10), dict(scale_factor=0.7, mode="nearest")),
    ((1, 1, 9, 6), dict(scale_factor=(0.6, 1.5), mode="bilinear")),
    ((1, 1, 9, 6), dict(scale_factor=(0.6, 1.5), mode="nearest")),
    ((1, 1, 6, 8), dict(size=(9, 5), mode="bilinear")),
    ((1, 1, 6, 8), dict(size=(9, 5), mode="nearest")),
    ((1, 1, 6, 8), dict(size=(9, 5), mode="bicubic")),
    ((1, 1, 6, 8), dict(size=(9, 5), mode="bicubic", align_corners=True)),
    ((1, 1, 6, 8), dict(size=(9, 5), mode="bilinear", align_corners=True)),
    ((1, 1, 6, 8), dict(size=(9, 5), mode="nearest-exact")),
    ((1, 1, 4, 4), dict(size=1, mode="bilinear")),
    ((1, 1, 4, 4), dict(size=1, mode="bicubic")),
    ((1, 1, 5, 5), dict(size=(7, 3), mode="bilinear", antialias=True)),
    ((1, 1, 5, 5), dict(size=(7, 3), mode="bicubic", antialias=True)),
    ((1, 1, 8, 8), dict(scale_factor=0.5, mode="bilinear", antialias=True)),
    ((1, 1, 6), dict(scale_factor=2.5, mode="linear")),
    ((1, 1, 6), dict(scale_factor=2.5, mode="linear", align_corners=True)),
    ((1, 1, 6), dict(size=4, mode="linear")),
    ((1, 1, 6), dict(scale_factor=2.5, mode="nearest")),
    ((1, 1, 6), dict(size=4, mode="nearest")),
    ((1, 1, 6), dict(scale_factor=2.5, mode="nearest-exact")),
    ((1, 1, 3, 4, 5), dict(scale_factor=1.5, mode="trilinear")),
    ((1, 1, 3, 4, 5), dict(size=(2, 6, 3), mode="trilinear", align_corners=True)),
    ((1, 1, 3, 4, 5), dict(scale_factor=1.5, mode="nearest")),
    ((1, 1, 3, 4, 5), dict(size=(2, 6, 3), mode="nearest")),
    ((1, 1, 3, 4, 5), dict(size=(2, 6, 3), mode="nearest-exact")),
    ((1, 1, 4, 6), dict(size=(2, 3), mode="area")),
    ((1, 2, 6, 6), dict(size=(3, 2), mode="area")),
    ((1, 1, 4, 6), dict(size=(4, 6), mode="area")),
    ((1, 1, 4, 6), dict(size=(3, 3), mode="area")),
    ((1, 1, 4, 6), dict(size=(8, 12), mode="area")),
    ((1, 1, 4, 6), dict(scale_factor=0.5, mode="area")),
    ((1, 1, 6), dict(size=3, mode="area")),
    ((1, 1, 6), dict(size=4, mode="area")),
    ((1, 1, 4, 4, 4), dict(size=2, mode="area")),
    ((1, 1, 4, 4, 4), dict(size=3, mode="area")),
    ((1, 2, 5, 3), dict(size=1, mode="area")),
    ((1, 1, 7), dict(size=1, mode="area")),
    ((2, 3, 5, 4), dict(scale_factor=(1.3, 0.8), mode="bicubic")),
    ((2, 3, 5, 4), dict(scale_factor=(1.3, 0.8), mode="bilinear", recompute_scale_factor=True)),
    ((1, 1, 7, 7), dict(scale_factor=0.37, mode="bicubic")),
    ((1, 1, 7, 7), dict(scale_factor=0.37, mode="nearest")),
    ((1, 1, 5, 5), dict(scale_factor=3, mode="nearest")),
    ((1, 1, 3, 3), dict(scale_factor=1.1, mode="bilinear")),
    ((1, 1, 3, 3), dict(scale_factor=2.9, mode="bicubic", align_corners=True)),
]


def call_case(case_id, shape, kwargs, x, y):
    """A case's call part: the id, the call and its arguments, PyTorch's input and output."""
    case = collections.OrderedDict()
    case["id"] = case_id
    case["call"] = call_text(kwargs)
    case["input_shape"] = list(shape)
    for key in ("size", "scale_factor"):
        v = kwargs.get(key)
        case[key] = list(v) if isinstance(v, tuple) else v
    case["mode"] = kwargs["mode"]
    case["align_corners"] = kwargs.get("align_corners")
    case["recompute_scale_factor"] = kwargs.get("recompute_scale_factor")
    case["antialias"] = kwargs.get("antialias", False)
    case["input"] = hex_of(x)
    case["output_shape"] = list(y.shape)
    case["output"] = hex_of(y)
    return case


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate_onnx_export.py OUTDIR")
    cases = []
    for k, (shape, kwargs) in enumerate(CALLS, 1):
        x = RNG.uniform(-10.0, 10.0, int(np.prod(shape))).reshape(shape).astype(np.float32)
        xt = torch.from_numpy(x.copy())
        y = F.interpolate(xt, **kwargs).numpy()
        case = call_case("export-%s-%02d" % (kwargs["mode"], k), shape, kwargs, x, y)
        f = io.BytesIO()
        try:
            torch.onnx.export(Call(kwargs), xt, f, opset_version=OPSET)
        except Exception as e:  # noqa: BLE001 -- record the exporter's refusal
            msg = str(e).split("  [Caused by")[0]
            case["export"] = {"exportable": False, "error_type": type(e).__name__, "message": msg}
            cases.append(case)
            continue
        model = onnx.load_from_string(f.getvalue())
        nodes = [n for n in model.graph.node if n.op_type in ("Resize", "AveragePool", "GlobalAveragePool")]
        assert len(nodes) == 1, [n.op_type for n in model.graph.node]
        node = nodes[0]
        attrs = collections.OrderedDict(sorted(
            (a.name, (lambda v: v.decode() if isinstance(v, bytes) else v)(onnx.helper.get_attribute_value(a)))
            for a in node.attribute))
        export = collections.OrderedDict(exportable=True, op=node.op_type, attributes=attrs)
        scales = sizes = None
        if node.op_type == "Resize":
            names = list(node.input) + [""] * (4 - len(node.input))
            if names[2]:
                scales = [float(v) for v in evaluate(model, names[2], x)]
            if names[3]:
                sizes = [int(v) for v in evaluate(model, names[3], x)]
        export["scales"] = scales
        export["sizes"] = sizes
        ref = onnx_reference(x, node.op_type, attrs, scales, sizes)
        export["output_shape"] = list(ref.shape)
        export["output"] = hex_of(ref)
        if ref.shape == y.shape:
            d = np.abs(ref.astype(np.float64) - y.astype(np.float64))
            i = int(np.argmax(d))
            export["max_abs_diff"] = float(d.reshape(-1)[i])
            export["max_abs_diff_at"] = [int(v) for v in np.unravel_index(i, d.shape)]
        else:
            export["max_abs_diff"] = None
            export["max_abs_diff_at"] = None
        case["export"] = export
        cases.append(case)
    header = {"generator": "tests/golden/generate_onnx_export.py", "torch_version": torch.__version__,
              "onnx_version": onnx.__version__, "opset": OPSET, "seed": SEED}
    path = os.path.join(sys.argv[1], "onnx_export.json")
    head = json.dumps(header, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(head[:-1] + ',"cases":[\n' + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]}\n")
    n_ok = sum(1 for c in cases if c["export"]["exportable"])
    print("%s: %d cases (%d exported, %d refused), %d bytes" % (path, len(cases), n_ok, len(cases) - n_ok,
                                                               os.path.getsize(path)))


if __name__ == "__main__":
    main()
