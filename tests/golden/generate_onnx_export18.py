#!/usr/bin/python3
"""Golden data for the opset-18 export check: what PyTorch 2.x's exporter writes for antialiased calls.

Usage:  /usr/bin/python3 tests/golden/generate_onnx_export18.py tests/golden/libraries \\
            --onnx-git ONNX_GIT[@REV] --onnxscript-git ONNXSCRIPT_GIT[@REV]
        (not part of make goldens-libs: Debian 12 ships neither onnxscript nor an onnx with opset 18)

PyTorch 1.13's exporter refuses antialias at every opset. PyTorch 2.x's exporter
(torch.onnx.export(..., dynamo=True)) writes aten::_upsample_bilinear2d_aa and
aten::_upsample_bicubic2d_aa through onnxscript's torch_lib (onnxscript/function_libs/torch_lib/ops/nn.py,
aten__upsample_bilinear2d_aa and aten__upsample_bicubic2d_aa) as one opset-18 Resize: sizes =
[N, C, out...] (the scales are not passed), mode linear or cubic, coordinate_transformation_mode
half_pixel or align_corners, antialias=1, exclude_outside=1, cubic_coeff_a -0.5 for cubic (-0.75
for linear, where it is unused), nearest_mode floor. This script reads those two functions from an
onnxscript git repository and stops if any of these attributes is not there as written, so the
data follows the exporter's source; then, for each call, it records PyTorch's output (Debian's
python3-torch 1.13, which computes antialias itself), the node's output as ONNX's reference
implementation (onnx/reference/ops/op_resize.py from an onnx git repository, loaded as
convert_onnx_conformance.py loads it) computes it, and the largest |difference| with its index.
Writes onnx_export_18.json in onnx_export.json's case format.
"""
import collections
import json
import os
import re
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from convert_onnx_conformance import git_show, hex_of, load_upstream  # noqa: E402
from generate_onnx_export import call_case  # noqa: E402

torch.set_num_threads(1)
SEED = 20261130
RNG = np.random.RandomState(SEED)

CALLS = [
    ((1, 1, 8, 8), dict(scale_factor=0.5, mode="bilinear", antialias=True)),
    ((1, 1, 8, 8), dict(scale_factor=0.5, mode="bicubic", antialias=True)),
    ((1, 2, 16, 12), dict(size=(4, 5), mode="bilinear", antialias=True)),
    ((1, 2, 16, 12), dict(size=(4, 5), mode="bicubic", antialias=True)),
    ((1, 1, 5, 5), dict(size=(7, 3), mode="bilinear", antialias=True)),
    ((1, 1, 5, 5), dict(size=(7, 3), mode="bicubic", antialias=True)),
    ((1, 3, 12, 20), dict(scale_factor=0.25, mode="bilinear", antialias=True)),
    ((1, 3, 12, 20), dict(scale_factor=0.25, mode="bicubic", antialias=True)),
    ((1, 1, 10, 10), dict(scale_factor=0.3, mode="bilinear", antialias=True)),
    ((1, 1, 10, 10), dict(scale_factor=0.3, mode="bicubic", antialias=True)),
    ((1, 1, 10, 10), dict(scale_factor=0.3, mode="bilinear", antialias=True, recompute_scale_factor=True)),
    ((1, 1, 16, 16), dict(scale_factor=0.3, mode="bilinear", antialias=True)),   # 1/0.3 in PyTorch, 16/4 in ONNX
    ((1, 1, 9, 7), dict(size=(4, 3), mode="bilinear", antialias=True, align_corners=True)),
    ((1, 1, 9, 7), dict(size=(4, 3), mode="bicubic", antialias=True, align_corners=True)),
    ((1, 1, 4, 6), dict(scale_factor=2, mode="bilinear", antialias=True)),
    ((1, 1, 4, 6), dict(scale_factor=2, mode="bicubic", antialias=True)),
    ((2, 1, 7, 9), dict(size=(3, 13), mode="bicubic", antialias=True)),
    ((1, 1, 6, 6), dict(size=(1, 1), mode="bilinear", antialias=True)),
]

# What each torch_lib function must contain, as written there.
EXPECTED = {
    "aten__upsample_bilinear2d_aa": ['mode="linear"', "antialias=1", "exclude_outside=1"],
    "aten__upsample_bicubic2d_aa": ['mode="cubic"', "antialias=1", "cubic_coeff_a=-0.5", "exclude_outside=1"],
    "_aten_upsample_output_size": ['nearest_mode="floor"', "cubic_coeff_a: float = -0.75"],
    "_get_upsample_align_corners_mode": ['"align_corners" if align_corners else "half_pixel"'],
}


def check_torch_lib(git_dir, rev):
    src = git_show(git_dir, rev, "onnxscript/function_libs/torch_lib/ops/nn.py")
    for fn, needles in EXPECTED.items():
        m = re.search(r"\ndef %s\(.*?(?=\n@|\ndef |\Z)" % fn, src, re.S)
        if not m:
            sys.exit("onnxscript: %s not found in torch_lib/ops/nn.py" % fn)
        for n in needles:
            if n not in m.group(0):
                sys.exit("onnxscript: %s no longer writes %s; update this script and the core" % (fn, n))


def rev_of(spec):
    git_dir, _, rev = spec.partition("@")
    rev = rev or "HEAD"
    commit = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", rev], capture_output=True, text=True,
                            check=True).stdout.strip()
    return git_dir, commit


def main():
    args = sys.argv[1:]
    if len(args) != 5 or args[1] != "--onnx-git" or args[3] != "--onnxscript-git":
        sys.exit(__doc__)
    outdir = args[0]
    onnx_dir, onnx_commit = rev_of(args[2])
    script_dir, script_commit = rev_of(args[4])
    check_torch_lib(script_dir, script_commit)
    ref, _, _ = load_upstream(onnx_dir, onnx_commit)
    cases = []
    for k, (shape, kwargs) in enumerate(CALLS, 1):
        x = RNG.uniform(-10.0, 10.0, int(np.prod(shape))).reshape(shape).astype(np.float32)
        y = F.interpolate(torch.from_numpy(x.copy()), **kwargs).numpy()
        cubic = kwargs["mode"] == "bicubic"
        a = -0.5 if cubic else -0.75
        ctm = "align_corners" if kwargs.get("align_corners") else "half_pixel"
        attrs = collections.OrderedDict([("antialias", 1), ("coordinate_transformation_mode", ctm),
                                         ("cubic_coeff_a", a), ("exclude_outside", 1),
                                         ("mode", "cubic" if cubic else "linear"), ("nearest_mode", "floor")])
        sizes = list(shape[:2]) + list(y.shape[2:])
        if cubic:
            coeffs = lambda r, s: np.asarray(ref._cubic_coeffs_antialias(r, s, A=a), dtype=np.float64)
        else:
            coeffs = lambda r, s: np.asarray(ref._linear_coeffs_antialias(r, s), dtype=np.float64)
        out = ref._interpolate_nd(x, coeffs, output_size=np.array(sizes, dtype=np.int64),
                                  coordinate_transformation_mode=ctm, exclude_outside=True).astype(np.float32)
        case = call_case("export18-%s-%02d" % (kwargs["mode"], k), shape, kwargs, x, y)
        export = collections.OrderedDict(exportable=True, op="Resize", attributes=attrs, scales=None, sizes=sizes)
        export["output_shape"] = list(out.shape)
        export["output"] = hex_of(out)
        d = np.abs(out.astype(np.float64) - y.astype(np.float64))
        i = int(np.argmax(d))
        export["max_abs_diff"] = float(d.reshape(-1)[i])
        export["max_abs_diff_at"] = [int(v) for v in np.unravel_index(i, d.shape)]
        case["export"] = export
        cases.append(case)
    header = {"generator": "tests/golden/generate_onnx_export18.py", "torch_version": torch.__version__,
              "onnx_reference": "onnx/reference/ops/op_resize.py of github.com/onnx/onnx",
              "onnx_commit": onnx_commit,
              "exporter": "onnxscript/function_libs/torch_lib/ops/nn.py of github.com/microsoft/onnxscript",
              "onnxscript_commit": script_commit, "opset": 18, "seed": SEED}
    path = os.path.join(outdir, "onnx_export_18.json")
    head = json.dumps(header, separators=(",", ":"))
    with open(path, "w") as f:
        f.write(head[:-1] + ',"cases":[\n' + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]}\n")
    print("%s: %d cases, %d bytes" % (path, len(cases), os.path.getsize(path)))

if __name__ == "__main__":
    main()
