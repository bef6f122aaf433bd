#!/usr/bin/python3
"""Golden data for the library conventions (OpenCV, Pillow, ONNX Resize) from the real libraries.

Usage:  /usr/bin/python3 tests/golden/generate_libraries.py tests/golden/libraries   (or: make goldens-libs)

Writes, each one case per line (format in tests/golden/README.md):
  opencv.json          cv2.resize on float32 (H, W[, C]) images: every interpolation, dsize and fx/fy;
                       and on uint8 images ("dtype": "uint8"): INTER_NEAREST, INTER_NEAREST_EXACT,
                       INTER_LINEAR_EXACT (its own random stream, so the float cases stay as they were)
  pillow.json          PIL.Image.resize on mode "F" images: every resampling filter
  onnx_reference.json  ONNX Resize as python3-onnx's own reference implementation computes it (the
                       code that generated ONNX's conformance data): every mode, coordinate
                       transformation mode, nearest mode, cubic_coeff_a, exclude_outside, sizes or scales
Deterministic: fixed seed. Needs python3-opencv, python3-pil, python3-onnx (scripts/install-deps.sh --with-libs).
"""
import collections
import json
import os
import subprocess
import sys

import numpy as np

from generate import hex_of  # tests/golden/generate.py: the golden files' float encoding

SEED = 20240917
RNG = np.random.RandomState(SEED)
GENERATOR = "tests/golden/generate_libraries.py"


def make_input(shape, kind="uniform"):
    n = int(np.prod(shape))
    if kind == "uniform":
        v = RNG.uniform(-10.0, 10.0, n)
    elif kind == "arange":
        v = np.arange(n, dtype=np.float64)
    else:
        v = RNG.randint(-20, 21, n).astype(np.float64)
    return v.reshape(shape).astype(np.float32)


def package_version(name):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True, check=False)
        return out.stdout.strip() or None
    except OSError:
        return None


def write(path, header, cases):
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate ids"
    head = json.dumps(header, separators=(",", ":"), allow_nan=False)
    lines = [json.dumps(c, separators=(",", ":"), allow_nan=False) for c in cases]
    with open(path, "w") as f:
        f.write(head[:-1] + ',"cases":[\n' + ",\n".join(lines) + "\n]}\n")
    with open(path) as f:
        assert len(json.load(f)["cases"]) == len(cases)
    print("%s: %d cases, %d bytes" % (path, len(cases), os.path.getsize(path)))


# ----------------------------------------------------------------------------------------------
# OpenCV
def opencv_cases():
    import cv2
    names = ["INTER_NEAREST", "INTER_NEAREST_EXACT", "INTER_LINEAR", "INTER_CUBIC", "INTER_AREA", "INTER_LANCZOS4"]
    # (input (H, W), ("dsize", (w, h)) or ("fx", (fx, fy)))
    specs = [
        ((5, 7), ("dsize", (11, 9))),     # up, non-integer
        ((4, 4), ("dsize", (8, 8))),      # up 2x
        ((6, 9), ("dsize", (4, 3))),      # down, non-integer
        ((8, 8), ("dsize", (4, 4))),      # down 2x (INTER_LINEAR takes the INTER_AREA path)
        ((9, 9), ("dsize", (3, 3))),      # down 3x (1/(3/9) is not exactly 3)
        ((6, 8), ("dsize", (2, 3))),      # down 3x / 4x? (3/6, 2/8 -> 2, 4)
        ((7, 5), ("dsize", (9, 3))),      # up W, down H
        ((3, 5), ("dsize", (4, 7))),      # up W by 0.8, H by 2.33
        ((1, 6), ("dsize", (10, 1))),     # a single row
        ((6, 1), ("dsize", (1, 4))),      # a single column, down
        ((5, 5), ("dsize", (5, 5))),      # same size: a copy
        ((10, 10), ("dsize", (7, 6))),    # down 1.43 / 1.67
        ((2, 3), ("dsize", (13, 11))),    # large up ratio
        ((12, 7), ("dsize", (5, 10))),    # mixed
        ((5, 7), ("fx", (1.7, 1.7))),     # fx: kernel uses 1/fx, size round(W*fx)
        ((5, 5), ("fx", (0.5, 0.5))),     # round(2.5) = 2 (half to even); area fast with a partial block? no
        ((7, 7), ("fx", (0.5, 0.5))),     # round(3.5) = 4: the last 2x2 block is partial
        ((6, 9), ("fx", (0.37, 0.6))),    # non-integer down
        ((4, 6), ("fx", (2.0, 3.0))),     # integer up
        ((9, 6), ("fx", (1.0 / 3.0, 0.5))),  # area fast 3x2
        ((5, 8), ("fx", (2.5, 0.4))),     # up W, down H
        ((6, 6), ("fx", (1.3, 0.8))),
        ((8, 5), ("fx", (0.75, 1.25))),
        ((3, 4), ("fx", (2.9, 2.1))),
        ((10, 8), ("fx", (0.3, 0.45))),
        ((7, 9), ("fx", (1.1, 0.9))),
        ((4, 4), ("fx", (1.0, 1.0))),     # same size
        ((11, 6), ("fx", (0.25, 0.7))),
    ]
    cases = []
    k = 0
    for name in names:
        interp = getattr(cv2, name)
        for (h, w), (kind, val) in specs:
            k += 1
            c = [1, 2, 3][k % 3]
            shape = (h, w) if c == 1 and k % 2 == 0 else (h, w, c)
            x = make_input(shape, "arange" if k % 11 == 0 else "uniform")
            if kind == "dsize":
                y = cv2.resize(x, tuple(val), interpolation=interp)
                call = "cv2.resize(img, (%d, %d), interpolation=cv2.%s)" % (val[0], val[1], name)
                dsize, fx, fy = list(val), 0.0, 0.0
            else:
                y = cv2.resize(x, None, fx=val[0], fy=val[1], interpolation=interp)
                call = "cv2.resize(img, None, fx=%r, fy=%r, interpolation=cv2.%s)" % (val[0], val[1], name)
                dsize, fx, fy = None, float(val[0]), float(val[1])
            assert y.dtype == np.float32
            case = collections.OrderedDict()
            case["id"] = "opencv-%s-%03d" % (name[6:].lower().replace("_", "-"), k)
            case["call"] = call
            case["interpolation"] = name
            case["dsize"] = dsize
            case["fx"] = fx
            case["fy"] = fy
            case["input_shape"] = list(x.shape)
            case["input"] = hex_of(x)
            case["output_shape"] = list(y.shape)
            case["output"] = hex_of(y)
            cases.append(case)
    cases += opencv_exact_cases(cv2, specs)
    header = {"generator": GENERATOR, "library": "opencv", "cv2_version": cv2.__version__,
              "package": package_version("python3-opencv"), "seed": SEED}
    return header, cases


def opencv_exact_cases(cv2, specs):
    """INTER_LINEAR_EXACT on float32 (OpenCV 4.6 runs INTER_LINEAR), and the 8-bit cases: uint8
    images through INTER_NEAREST, INTER_NEAREST_EXACT and INTER_LINEAR_EXACT. A separate random
    stream: the cases above keep their inputs."""
    rng = np.random.RandomState(SEED + 8)
    extra = [
        ((8, 8), ("dsize", (4, 4)), 2),    # 2 channels: no INTER_AREA shortcut for 2x
        ((9, 7), ("fx", (0.5, 0.5)), 3),   # 2x down with a partial last block (area fast)
        ((6, 10), ("dsize", (5, 3)), 4),   # 2x down, 4 channels
        ((6, 10), ("dsize", (5, 3)), 5),   # 2x down, 5 channels: the generic area sum
        ((16, 3), ("dsize", (40, 5)), 1),
    ]
    cases = []
    k = 0
    for dtype, names in (("float32", ["INTER_LINEAR_EXACT"]),
                         ("uint8", ["INTER_NEAREST", "INTER_NEAREST_EXACT", "INTER_LINEAR_EXACT"])):
        for name in names:
            interp = getattr(cv2, name)
            for (h, w), (kind, val), *ch in [s_ + (None,) for s_ in specs] + extra:
                k += 1
                c = ch[0] if ch[0] is not None else [1, 2, 3][k % 3]
                shape = (h, w) if c == 1 and k % 2 == 0 else (h, w, c)
                n = int(np.prod(shape))
                if dtype == "uint8":
                    x = rng.randint(0, 256, n).reshape(shape).astype(np.uint8)
                    if k % 7 == 0:
                        x[...] = np.where(rng.rand(*shape) < 0.5, 0, 255)  # hard edges: rounding at the extremes
                else:
                    x = rng.uniform(-10.0, 10.0, n).reshape(shape).astype(np.float32)
                if kind == "dsize":
                    y = cv2.resize(x, tuple(val), interpolation=interp)
                    dsize, fx, fy = list(val), 0.0, 0.0
                    args = "(%d, %d)" % (val[0], val[1])
                else:
                    y = cv2.resize(x, None, fx=val[0], fy=val[1], interpolation=interp)
                    dsize, fx, fy = None, float(val[0]), float(val[1])
                    args = "None, fx=%r, fy=%r" % (val[0], val[1])
                assert y.dtype == x.dtype
                if y.ndim < x.ndim:  # cv2 drops a trailing channel axis of 1
                    y = y.reshape(y.shape + (1,))
                img = "img.astype(np.uint8)" if dtype == "uint8" else "img"
                case = collections.OrderedDict()
                case["id"] = "opencv-%s%s-%03d" % ("u8-" if dtype == "uint8" else "", name[6:].lower().replace("_", "-"), k)
                case["call"] = "cv2.resize(%s, %s, interpolation=cv2.%s)" % (img, args, name)
                case["interpolation"] = name
                case["dtype"] = dtype
                case["dsize"] = dsize
                case["fx"] = fx
                case["fy"] = fy
                case["input_shape"] = list(x.shape)
                case["input"] = hex_of(x.astype(np.float32))
                case["output_shape"] = list(y.shape)
                case["output"] = hex_of(y.astype(np.float32))
                cases.append(case)
    return cases


# ----------------------------------------------------------------------------------------------
# Pillow
def pillow_cases():
    import PIL
    from PIL import Image
    names = ["NEAREST", "BOX", "BILINEAR", "HAMMING", "BICUBIC", "LANCZOS"]
    # (input (H, W), output (w, h)) as Pillow writes sizes
    specs = [
        ((5, 7), (11, 9)), ((4, 4), (8, 8)), ((6, 9), (4, 3)), ((8, 8), (4, 4)), ((9, 9), (3, 3)),
        ((7, 5), (9, 3)), ((3, 5), (4, 7)), ((1, 6), (10, 1)), ((6, 1), (1, 4)), ((5, 5), (5, 5)),
        ((10, 10), (7, 6)), ((2, 3), (13, 11)), ((12, 7), (5, 10)), ((5, 7), (12, 8)), ((7, 7), (3, 4)),
        ((6, 9), (3, 4)), ((4, 6), (12, 12)), ((9, 6), (2, 3)), ((5, 8), (20, 2)), ((6, 6), (8, 5)),
        ((8, 5), (4, 10)), ((3, 4), (8, 9)), ((10, 8), (2, 3)), ((7, 9), (10, 6)), ((4, 4), (4, 7)),
        ((11, 6), (2, 8)), ((12, 12), (5, 5)), ((13, 4), (3, 13)),
    ]
    cases = []
    k = 0
    for name in names:
        resample = getattr(Image.Resampling, name)
        for (h, w), (ow, oh) in specs:
            k += 1
            x = make_input((h, w), "arange" if k % 11 == 0 else "uniform")
            img = Image.fromarray(x, mode="F")
            y = np.asarray(img.resize((ow, oh), resample), dtype=np.float32)
            case = collections.OrderedDict()
            case["id"] = "pillow-%s-%03d" % (name.lower(), k)
            case["call"] = "img.resize((%d, %d), Image.Resampling.%s)" % (ow, oh, name)
            case["resample"] = name
            case["size"] = [ow, oh]
            case["input_shape"] = list(x.shape)
            case["input"] = hex_of(x)
            case["output_shape"] = list(y.shape)
            case["output"] = hex_of(y)
            cases.append(case)
    header = {"generator": GENERATOR, "library": "pillow", "pil_version": PIL.__version__,
              "package": package_version("python3-pil"), "seed": SEED}
    return header, cases


# ----------------------------------------------------------------------------------------------
# ONNX Resize through the onnx package's reference implementation
def onnx_cases():
    import onnx
    from onnx.backend.test.case.node.resize import cubic_coeffs, interpolate_nd, linear_coeffs, nearest_coeffs
    ctms = ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_crop_and_resize"]
    # (input shape, "scales"|"sizes", spatial values)
    resizes = [
        ((1, 1, 4, 5), "scales", (1.7, 0.6)),
        ((1, 2, 3, 4), "sizes", (7, 3)),
        ((1, 1, 6, 6), "sizes", (4, 9)),
        ((2, 1, 5, 3), "scales", (0.5, 2.5)),
        ((1, 1, 7), "sizes", (3,)),
        ((1, 1, 3, 3, 2), "scales", (1.5, 0.7, 2.0)),
        ((1, 1, 4, 4), "sizes", (1, 1)),
        ((1, 1, 2, 5), "scales", (3.0, 1.3)),
    ]
    roi_for = {
        4: [0, 0, 0.2, 0.35, 1, 1, 0.9, 1.3],
        3: [0, 0, -0.1, 1, 1, 0.8],
        5: [0, 0, 0.1, 0.0, 0.25, 1, 1, 1.0, 0.6, 1.2],
    }
    variants = []
    for nm in ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"]:
        variants.append(("nearest", dict(nearest_mode=nm)))
    variants.append(("linear", {}))
    variants.append(("linear", dict(exclude_outside=1)))
    for a in (-0.75, -0.5):
        for ex in (0, 1):
            variants.append(("cubic", dict(cubic_coeff_a=a, exclude_outside=ex)))
    cases = []
    k = 0
    for mode, attrs in variants:
        for ci, ctm in enumerate(ctms):
            # each (mode, ctm) pair gets a different pair of resizes, so every shape is used
            for shape, kind, vals in (resizes[(ci * 2 + len(cases)) % len(resizes)],
                                      resizes[(ci * 2 + len(cases) + 3) % len(resizes)],
                                      resizes[(ci * 2 + len(cases) + 5) % len(resizes)]):
                k += 1
                x = make_input(shape, "arange" if k % 7 == 0 else "uniform")
                rank = len(shape)
                nm = attrs.get("nearest_mode", "round_prefer_floor")
                a = attrs.get("cubic_coeff_a", -0.75)
                ex = attrs.get("exclude_outside", 0)
                if mode == "nearest":
                    coeffs = (lambda nm_: (lambda r: nearest_coeffs(r, mode=nm_)))(nm)
                elif mode == "linear":
                    # as float: the reference's in-place renormalisation (exclude_outside) fails on the
                    # integer array linear_coeffs returns for an integer source coordinate
                    coeffs = lambda r: linear_coeffs(r).astype(np.float64)
                else:
                    coeffs = (lambda a_: (lambda r: cubic_coeffs(r, A=a_)))(a)
                roi = None
                extrap = 0.0
                if ctm == "tf_crop_and_resize":
                    roi = np.array(roi_for[rank], dtype=np.float32)
                    extrap = [10.0, -5.0, 0.0][k % 3]
                kwargs = dict(coordinate_transformation_mode=ctm, exclude_outside=bool(ex))
                if ctm == "tf_crop_and_resize":
                    kwargs["extrapolation_value"] = extrap
                if kind == "scales":
                    scales = np.array([1.0, 1.0] + list(vals), dtype=np.float32)
                    y = interpolate_nd(x, coeffs, scale_factors=scales, roi=roi, **kwargs).astype(np.float32)
                    sizes = None
                else:
                    sizes = np.array(list(shape[:2]) + list(vals), dtype=np.int64)
                    y = interpolate_nd(x, coeffs, output_size=sizes, roi=roi, **kwargs).astype(np.float32)
                    scales = None
                attr_text = ["mode=%r" % mode, "coordinate_transformation_mode=%r" % ctm]
                if mode == "nearest":
                    attr_text.append("nearest_mode=%r" % nm)
                if mode == "cubic":
                    attr_text.append("cubic_coeff_a=%r" % a)
                if ex:
                    attr_text.append("exclude_outside=1")
                if ctm == "tf_crop_and_resize":
                    attr_text.append("extrapolation_value=%r" % extrap)
                inputs = "roi=%s, " % [float(v) for v in roi] if roi is not None else ""
                inputs += ("scales=%s" % [float(v) for v in scales]) if scales is not None else \
                          ("sizes=%s" % [int(v) for v in sizes])
                case = collections.OrderedDict()
                case["id"] = "onnx-%s-%s-%03d" % (mode, ctm.replace("_", "-"), k)
                case["call"] = "Resize(X, %s, %s)" % (inputs, ", ".join(attr_text))
                case["mode"] = mode
                case["coordinate_transformation_mode"] = ctm
                case["nearest_mode"] = nm
                case["cubic_coeff_a"] = a
                case["exclude_outside"] = ex
                case["extrapolation_value"] = extrap
                case["roi"] = None if roi is None else [float(v) for v in roi]
                case["scales"] = None if scales is None else [float(v) for v in scales]
                case["sizes"] = None if sizes is None else [int(v) for v in sizes]
                case["input_shape"] = list(x.shape)
                case["input"] = hex_of(x)
                case["output_shape"] = list(y.shape)
                case["output"] = hex_of(y)
                cases.append(case)
    header = {"generator": GENERATOR, "library": "onnx", "onnx_version": onnx.__version__,
              "package": package_version("python3-onnx"),
              "reference": "onnx.backend.test.case.node.resize.interpolate_nd", "seed": SEED}
    return header, cases


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate_libraries.py OUTDIR")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, fn in (("opencv.json", opencv_cases), ("pillow.json", pillow_cases), ("onnx_reference.json", onnx_cases)):
        header, cases = fn()
        write(os.path.join(outdir, name), header, cases)
    total = sum(os.path.getsize(os.path.join(outdir, p)) for p in os.listdir(outdir) if p.endswith(".json"))
    print("total library golden size: %d bytes" % total)
    if total >= 2 * 1024 * 1024:
        sys.exit("library golden files exceed 2 MB")


if __name__ == "__main__":
    main()
