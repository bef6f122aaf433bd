#!/usr/bin/python3
"""Convert ONNX's own conformance tests for Resize, as Debian's libonnx-testdata ships them, to JSON.

Usage:  /usr/bin/python3 tests/golden/convert_onnx_conformance.py tests/golden/libraries [DATA_DIR]
        (or: make goldens-libs; DATA_DIR defaults to libonnx-testdata's node tests)
        /usr/bin/python3 tests/golden/convert_onnx_conformance.py tests/golden/libraries --onnx-git GIT_DIR[@REV]
        (opsets 18 and 19, below; not part of make goldens-libs, which uses Debian packages only)

Opsets 18 and 19 (antialias, axes, keep_aspect_ratio_policy, half_pixel_symmetric): Debian 12 ships
onnx 1.12 (opset 17), whose test data and reference have none of them. ONNX generates its
conformance data by running the node test definitions (onnx/backend/test/case/node/resize.py,
each export_* builds the node, its inputs, and the expected output with the reference
onnx/reference/ops/op_resize.py). --onnx-git runs exactly those two files, read from an onnx git
repository (any checkout or bare clone of github.com/onnx/onnx; REV defaults to HEAD), with
Debian's NumPy and onnx.helper, and writes onnx_conformance_18.json: every node test with an
opset-18/19 attribute, plus reference cases over antialias scales, axes, policies and
half_pixel_symmetric computed by the same reference. The onnx commit is recorded in the header.

Every node test whose model is a single Resize node (plus Constant nodes) of opset 16 or lower is
converted: the node's attributes as written (defaults are the reader's business), the inputs (X, and
roi / scales / sizes where given and not empty) and the expected output. Tensors use the hex
encoding of tests/golden/README.md. Needs python3-onnx and libonnx-testdata
(scripts/install-deps.sh --with-libs).
"""
import collections
import glob
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

DEFAULT_DIR = "/usr/share/libonnx-testdata/data/node"
MAX_OPSET = 16


def hex_of(arr):
    return np.ascontiguousarray(arr).astype(">f4").tobytes().hex()


def attribute_value(a):
    v = onnx.helper.get_attribute_value(a)
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, float):
        return float(np.float32(v))
    return v


def load_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def convert(test_dir):
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    opset = max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    nodes = [n for n in model.graph.node if n.op_type != "Constant"]
    if len(nodes) != 1 or nodes[0].op_type != "Resize" or opset > MAX_OPSET:
        return None
    node = nodes[0]
    values = {}
    for n in model.graph.node:
        if n.op_type == "Constant":
            values[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    data_sets = sorted(glob.glob(os.path.join(test_dir, "test_data_set_*")))
    out = []
    for ds in data_sets:
        vals = dict(values)
        for i, inp in enumerate(model.graph.input):
            vals[inp.name] = load_tensor(os.path.join(ds, "input_%d.pb" % i))
        expected = load_tensor(os.path.join(ds, "output_0.pb"))
        names = list(node.input) + [""] * (4 - len(node.input))
        x = vals[names[0]]
        opt = lambda name: None if not name or vals[name].size == 0 else vals[name]
        roi, scales, sizes = opt(names[1]), opt(names[2]), opt(names[3])
        case_id = os.path.basename(test_dir) + ("" if len(data_sets) == 1 else "-" + os.path.basename(ds))
        out.append(case_of(case_id, opset, {a.name: attribute_value(a) for a in node.attribute}, x, roi, scales,
                           sizes, expected))
    return out


# ----------------------------------------------------------------------------------------------
# Opsets 18 and 19 from an onnx git repository's node tests and reference implementation
OPSET18_ATTRS = ("antialias", "axes", "keep_aspect_ratio_policy")


def git_show(git_dir, rev, path):
    return subprocess.run(["git", "--git-dir", git_dir, "show", "%s:%s" % (rev, path)],
                          capture_output=True, text=True, check=True).stdout


def load_upstream(git_dir, rev):
    """The upstream reference (op_resize) and node tests (resize.py) as modules, with stubs for the
    parts of the onnx package Debian's 1.12 lacks (onnx.reference) or that would write files."""
    import types
    captured = []

    def stub(name, **attrs):
        m = types.ModuleType(name)
        m.__dict__.update(attrs)
        sys.modules[name] = m
        return m

    class OpRun:
        pass

    stub("onnx.reference", __path__=[])
    stub("onnx.reference.op_run", OpRun=OpRun)
    stub("onnx.reference.ops", __path__=[])
    op_resize = stub("onnx.reference.ops.op_resize")
    exec(compile(git_show(git_dir, rev, "onnx/reference/ops/op_resize.py"), "op_resize.py", "exec"), op_resize.__dict__)

    def expect(node, inputs, outputs, name, **kwargs):
        captured.append((node, inputs, outputs, name))

    class Base:
        pass

    stub("onnx.backend", __path__=[])
    stub("onnx.backend.test", __path__=[])
    stub("onnx.backend.test.case", __path__=[])
    stub("onnx.backend.test.case.base", Base=Base)
    stub("onnx.backend.test.case.node", __path__=[], expect=expect)
    node_tests = types.ModuleType("resize_node_tests")
    exec(compile(git_show(git_dir, rev, "onnx/backend/test/case/node/resize.py"), "resize.py", "exec"), node_tests.__dict__)
    return op_resize, node_tests.Resize, captured


def case_of(case_id, opset, attrs, x, roi, scales, sizes, y):
    case = collections.OrderedDict()
    case["id"] = case_id
    case["opset"] = opset
    case["attributes"] = collections.OrderedDict(sorted(attrs.items()))
    case["roi"] = None if roi is None else [float(v) for v in roi]
    case["scales"] = None if scales is None else [float(v) for v in scales]
    case["sizes"] = None if sizes is None else [int(v) for v in sizes]
    case["input_shape"] = list(x.shape)
    case["input"] = hex_of(x)
    case["output_shape"] = list(y.shape)
    case["output"] = hex_of(y)
    return case


def opset_of(attrs):
    return 19 if attrs.get("coordinate_transformation_mode") == "half_pixel_symmetric" else 18


def node_test_cases(Resize, captured):
    for name in sorted(n for n in dir(Resize) if n.startswith("export")):
        getattr(Resize, name)()
    cases = []
    for node, inputs, outputs, name in captured:
        attrs = {a.name: attribute_value(a) for a in node.attribute}
        if not (any(k in attrs for k in OPSET18_ATTRS) or
                attrs.get("coordinate_transformation_mode") == "half_pixel_symmetric"):
            continue
        vals = dict(zip([n for n in node.input if n], inputs))
        names = list(node.input) + [""] * (4 - len(node.input))
        opt = lambda n: None if not n or np.asarray(vals[n]).size == 0 else np.asarray(vals[n])
        cases.append(case_of(name, opset_of(attrs), attrs, np.asarray(vals[names[0]]), opt(names[1]), opt(names[2]),
                             opt(names[3]), np.asarray(outputs[0])))
    return cases


def reference_cases(ref):
    """More opset-18/19 cases through the same reference (_interpolate_nd and its coefficients)."""
    rng = np.random.RandomState(20240917)
    interpolate_nd = ref._interpolate_nd

    def coeffs_for(mode, antialias, a, nm):
        if mode == "nearest":
            return lambda r, s: ref._nearest_coeffs(r, mode=nm)
        if mode == "linear":
            f = ref._linear_coeffs_antialias if antialias else ref._linear_coeffs
            return lambda r, s: np.asarray(f(r, s), dtype=np.float64)
        f = ref._cubic_coeffs_antialias if antialias else ref._cubic_coeffs
        return lambda r, s: np.asarray(f(r, s, A=a), dtype=np.float64)

    # (input shape, attributes, scales / sizes over `axes` or every axis, roi)
    specs = [
        ((1, 1, 9, 7), dict(mode="linear", antialias=1), "scales", [1.0, 1.0, 0.45, 0.6], None),
        ((1, 2, 8, 8), dict(mode="linear", antialias=1), "sizes", [1, 2, 3, 5], None),
        ((1, 1, 10, 6), dict(mode="cubic", antialias=1), "scales", [1.0, 1.0, 0.3, 0.8], None),
        ((2, 1, 7, 9), dict(mode="cubic", antialias=1, cubic_coeff_a=-0.5), "sizes", [2, 1, 3, 4], None),
        ((1, 1, 6, 11), dict(mode="cubic", antialias=1, exclude_outside=1), "scales", [1.0, 1.0, 0.5, 0.27], None),
        ((1, 1, 9, 5), dict(mode="linear", antialias=1, exclude_outside=1), "sizes", [1, 1, 2, 5], None),
        ((1, 1, 4, 5), dict(mode="linear", antialias=1), "scales", [1.0, 1.0, 1.7, 2.0], None),   # up: no stretch
        ((1, 1, 12), dict(mode="linear", antialias=1, coordinate_transformation_mode="align_corners"), "sizes", [1, 1, 5], None),
        ((1, 1, 11, 8), dict(mode="cubic", antialias=1, coordinate_transformation_mode="pytorch_half_pixel"), "sizes", [1, 1, 1, 3], None),
        ((1, 1, 10, 10), dict(mode="linear", antialias=1, coordinate_transformation_mode="half_pixel_symmetric"), "scales", [1.0, 1.0, 0.35, 0.7], None),
        ((1, 3, 5, 7), dict(mode="linear", axes=[3, 2]), "scales", [0.6, 1.5], None),
        ((2, 3, 6), dict(mode="cubic", axes=[2]), "sizes", [10], None),
        ((1, 2, 5, 6), dict(mode="nearest", axes=[1, 3], nearest_mode="ceil"), "sizes", [3, 4], None),
        ((1, 1, 6, 8), dict(mode="linear", axes=[2, 3], coordinate_transformation_mode="tf_crop_and_resize",
                            extrapolation_value=-2.0), "sizes", [4, 5], [0.1, -0.2, 0.9, 0.8]),
        ((1, 1, 5, 8), dict(mode="linear", axes=[2, 3], keep_aspect_ratio_policy="not_larger"), "sizes", [7, 7], None),
        ((1, 1, 5, 8), dict(mode="cubic", axes=[2, 3], keep_aspect_ratio_policy="not_smaller"), "sizes", [3, 3], None),
        ((1, 1, 6, 9), dict(mode="linear", axes=[2, 3], keep_aspect_ratio_policy="not_larger", antialias=1), "sizes", [4, 4], None),
        ((1, 1, 7, 5), dict(mode="nearest", axes=[2, 3], keep_aspect_ratio_policy="not_smaller"), "sizes", [9, 2], None),
        ((1, 1, 5, 7), dict(mode="linear", coordinate_transformation_mode="half_pixel_symmetric"), "scales", [1.0, 1.0, 1.7, 0.55], None),
        ((1, 1, 6, 4), dict(mode="cubic", coordinate_transformation_mode="half_pixel_symmetric"), "scales", [1.0, 1.0, 0.7, 2.3], None),
        ((1, 1, 7, 3), dict(mode="nearest", coordinate_transformation_mode="half_pixel_symmetric"), "scales", [1.0, 1.0, 0.45, 2.6], None),
        ((1, 1, 5, 5), dict(mode="linear", coordinate_transformation_mode="half_pixel_symmetric", axes=[3],
                            keep_aspect_ratio_policy="not_larger"), "sizes", [3], None),
    ]
    cases = []
    for k, (shape, attrs, kind, vals, roi) in enumerate(specs):
        x = rng.uniform(-10.0, 10.0, int(np.prod(shape))).reshape(shape).astype(np.float32)
        mode = attrs["mode"]
        f = coeffs_for(mode, attrs.get("antialias", 0), attrs.get("cubic_coeff_a", -0.75),
                       attrs.get("nearest_mode", "round_prefer_floor"))
        kwargs = dict(coordinate_transformation_mode=attrs.get("coordinate_transformation_mode", "half_pixel"),
                      exclude_outside=bool(attrs.get("exclude_outside", 0)),
                      keep_aspect_ratio_policy=attrs.get("keep_aspect_ratio_policy", "stretch"))
        if "extrapolation_value" in attrs:
            kwargs["extrapolation_value"] = attrs["extrapolation_value"]
        roi_arr = None if roi is None else np.array(roi, dtype=np.float32)
        scales = np.array(vals, dtype=np.float32) if kind == "scales" else None
        sizes = np.array(vals, dtype=np.int64) if kind == "sizes" else None
        y = interpolate_nd(x, f, scale_factors=scales, output_size=sizes, roi=roi_arr, axes=attrs.get("axes"),
                           **kwargs).astype(np.float32)
        written = {kk: (float(np.float32(v)) if isinstance(v, float) else v) for kk, v in attrs.items()}
        cases.append(case_of("reference-%s-%02d" % (mode, k + 1), opset_of(attrs), written, x, roi_arr, scales, sizes, y))
    return cases


def convert_upstream(outdir, spec):
    git_dir, _, rev = spec.partition("@")
    rev = rev or "HEAD"
    commit = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", rev], capture_output=True, text=True,
                            check=True).stdout.strip()
    ref, Resize, captured = load_upstream(git_dir, commit)
    cases = node_test_cases(Resize, captured) + reference_cases(ref)
    header = {"generator": "tests/golden/convert_onnx_conformance.py --onnx-git",
              "source": "onnx node tests (onnx/backend/test/case/node/resize.py) and reference "
                        "(onnx/reference/ops/op_resize.py) of github.com/onnx/onnx",
              "onnx_commit": commit, "numpy_version": np.__version__, "opsets": [18, 19]}
    path = os.path.join(outdir, "onnx_conformance_18.json")
    head = json.dumps(header, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(head[:-1] + ',"cases":[\n' + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]}\n")
    print("%s: %d cases (%d node tests, %d reference cases), %d bytes" % (
        path, len(cases), len(cases) - len(reference_cases(ref)), len(reference_cases(ref)), os.path.getsize(path)))


def main():
    if len(sys.argv) == 4 and sys.argv[2] == "--onnx-git":
        convert_upstream(sys.argv[1], sys.argv[3])
        return
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: convert_onnx_conformance.py OUTDIR [DATA_DIR]")
    outdir = sys.argv[1]
    data_dir = sys.argv[2] if len(sys.argv) == 3 else DEFAULT_DIR
    tests = sorted(glob.glob(os.path.join(data_dir, "test_resize_*")))
    if not tests:
        sys.exit("no test_resize_* folders under %s (apt-get install libonnx-testdata)" % data_dir)
    cases, skipped = [], []
    for t in tests:
        c = convert(t)
        if c is None:
            skipped.append(os.path.basename(t))
        else:
            cases.extend(c)
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libonnx-testdata"],
                             capture_output=True, text=True, check=False).stdout.strip() or None
    header = {"generator": "tests/golden/convert_onnx_conformance.py", "source": "libonnx-testdata node tests",
              "package": version, "onnx_version": onnx.__version__, "max_opset": MAX_OPSET}
    path = os.path.join(outdir, "onnx_conformance.json")
    head = json.dumps(header, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(head[:-1] + ',"cases":[\n' + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]}\n")
    print("%s: %d cases (%s), %d bytes" % (path, len(cases), ", ".join(
        "opset %d: %d" % (o, sum(1 for c in cases if c["opset"] == o)) for o in sorted({c["opset"] for c in cases})),
        os.path.getsize(path)))
    if skipped:
        print("skipped (not a single Resize of opset <= %d): %s" % (MAX_OPSET, ", ".join(skipped)))


if __name__ == "__main__":
    main()
