#!/usr/bin/python3
"""Convert ONNX's own conformance tests for Resize, as Debian's libonnx-testdata ships them, to JSON.

Usage:  /usr/bin/python3 tests/golden/convert_onnx_conformance.py tests/golden/libraries [DATA_DIR]
        (or: make goldens-libs; DATA_DIR defaults to libonnx-testdata's node tests)

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
        case = collections.OrderedDict()
        case["id"] = os.path.basename(test_dir) + ("" if len(data_sets) == 1 else "-" + os.path.basename(ds))
        case["opset"] = opset
        case["attributes"] = collections.OrderedDict(
            sorted((a.name, attribute_value(a)) for a in node.attribute))
        case["roi"] = None if roi is None else [float(v) for v in roi]
        case["scales"] = None if scales is None else [float(v) for v in scales]
        case["sizes"] = None if sizes is None else [int(v) for v in sizes]
        case["input_shape"] = list(x.shape)
        case["input"] = hex_of(x)
        case["output_shape"] = list(expected.shape)
        case["output"] = hex_of(expected)
        out.append(case)
    return out


def main():
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
