#!/usr/bin/python3
"""Golden data for the torchvision convention from real torchvision (0.27 on PyTorch 2.14 in the
reference root): transforms.v2.functional.resize on (N, C, H, W) uint8, float32 and bfloat16
tensors (and float16, which goes through float32 as bfloat16 does), every interpolation it takes for tensors, antialias on and off, [h, w] and smaller-edge
sizes with max_size, the same size (returned as it is), LANCZOS, and its ValueErrors word for word. uint8
BILINEAR is recorded twice: on this CPU (AVX2 / AVX512: PyTorch's fixed point) and with
ATEN_CPU_CAPABILITY=default (torchvision then computes it in float32 and rounds).

Usage:  scripts/reference-root.sh run python3 tests/golden/generate_torchvision.py tests/golden/libraries

Writes <outdir>/torchvision.json, one case per line: id, call, dtype, input_shape, interpolation,
size, max_size, antialias, cpu_capability, input and output (hex: uint8 bytes; float32, bfloat16 and
float16 each element's bits big-endian, 8 or 4 hex digits), output_shape, error ({"type",
"message"} or null). Deterministic: fixed seed, two CPU threads (PyTorch picks its bilinear kernel by the thread count).
"""
import json
import os
import subprocess
import sys

if os.environ.get("TV_GOLDEN_CHILD") != "1":  # the parent: run this CPU, then DEFAULT, merge
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/golden/libraries"
    cases = []
    for capability in (None, "default"):
        env = dict(os.environ, TV_GOLDEN_CHILD="1")
        if capability:
            env["ATEN_CPU_CAPABILITY"] = capability
        text = subprocess.run([sys.executable, __file__], env=env, check=True, capture_output=True, text=True).stdout
        cases += json.loads(text)
    import torch
    import torchvision

    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "torchvision.json")
    with open(path, "w") as f:
        f.write('{"generator": "tests/golden/generate_torchvision.py", "torch_version": %s, '
                '"torchvision_version": %s, "cases": [\n' % (json.dumps(torch.__version__),
                                                             json.dumps(torchvision.__version__)))
        f.write(",\n".join(json.dumps(c, sort_keys=True) for c in cases))
        f.write("\n]}\n")
    size = os.path.getsize(path)
    print("%s: %d cases (%d errors), %d bytes" % (path, len(cases), sum(1 for c in cases if c["error"]), size))
    assert size < 1_000_000, "keep the torchvision goldens small"
    sys.exit(0)

import warnings  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torchvision.transforms.v2 import InterpolationMode  # noqa: E402
from torchvision.transforms.v2 import functional as F2  # noqa: E402

warnings.simplefilter("ignore")
torch.set_num_threads(2)  # the kernel choice the program follows (README: float16)
CAPABILITY = torch.backends.cpu.get_cpu_capability()
DEFAULT = CAPABILITY == "DEFAULT"
RNG = np.random.RandomState(20261208 + (1 if DEFAULT else 0))
cases = []


def hex_bits(t):
    if t.dtype == torch.uint8:
        return t.contiguous().numpy().tobytes().hex()
    if t.dtype in (torch.bfloat16, torch.float16):
        return t.contiguous().view(torch.int16).numpy().view(np.uint16).astype(">u2").tobytes().hex()
    return t.contiguous().numpy().astype(">f4").tobytes().hex()


def image(shape, dtype, nan=False):
    n = int(np.prod(shape))
    if dtype == "uint8":
        return torch.from_numpy(RNG.randint(0, 256, n).astype(np.uint8).reshape(shape))
    v = RNG.uniform(0, 255, n).astype(np.float32)
    if nan:
        v[RNG.randint(n)] = np.nan
    x = torch.from_numpy(v.reshape(shape))
    return x.to(getattr(torch, dtype)) if dtype in ("bfloat16", "float16") else x


def record(tag, shape, dtype, interpolation, size, max_size=None, antialias=True, nan=False):
    x = image(shape, dtype, nan)
    args = "%r" % (size,)
    if interpolation != "BILINEAR":
        args += ", interpolation=InterpolationMode.%s" % interpolation
    if max_size is not None:
        args += ", max_size=%d" % max_size
    if not antialias:
        args += ", antialias=False"
    case = {"id": "tv-%s-%s-%s-%04d" % (interpolation.lower(), tag, CAPABILITY.lower(), len(cases)),
            "call": "v2.functional.resize(img, %s)  # img: %s %s" % (args, dtype, tuple(shape)),
            "dtype": dtype, "input_shape": list(shape), "interpolation": interpolation, "size": size,
            "max_size": max_size, "antialias": antialias, "cpu_capability": CAPABILITY, "input": hex_bits(x),
            "output_shape": None, "output": None, "error": None}
    try:
        y = F2.resize(x, size, interpolation=getattr(InterpolationMode, interpolation), max_size=max_size,
                      antialias=antialias)
        case["output_shape"] = list(y.shape)
        case["output"] = hex_bits(y)
    except Exception as e:  # torchvision's refusal, word for word
        case["error"] = {"type": type(e).__name__, "message": str(e)}
        case["input"] = ""
    cases.append(case)


if DEFAULT:  # the float fallback of uint8 bilinear, and float32 on the same kernels
    for shape, size in (((1, 3, 37, 53), [12, 17]), ((1, 3, 20, 30), [45, 61]), ((2, 4, 31, 29), 11),
                        ((1, 1, 64, 48), [64, 20]), ((1, 3, 54, 96), [22, 22])):
        for aa in (True, False):
            record("default", shape, "uint8", "BILINEAR", size, antialias=aa)
else:
    for interp in ("NEAREST", "NEAREST_EXACT", "BILINEAR", "BICUBIC"):
        for shape, size in (((1, 3, 37, 53), [12, 17]), ((1, 1, 20, 30), [45, 61]), ((2, 4, 31, 29), 11),
                            ((1, 5, 9, 14), [9, 5])):
            for aa in ((True, False) if interp in ("BILINEAR", "BICUBIC") else (True,)):
                record("uint8", shape, "uint8", interp, size, antialias=aa)
        record("float32", (1, 3, 17, 23), "float32", interp, [9, 30])
        record("bfloat16", (1, 3, 17, 23), "bfloat16", interp, [9, 30])
    # smaller edge with max_size; the same size is returned as it is (a NaN stays where it was)
    record("maxsize", (1, 3, 40, 90), "uint8", "BILINEAR", 24, max_size=40)
    record("maxsize", (1, 3, 90, 40), "uint8", "BICUBIC", [24], max_size=60)
    record("same", (1, 2, 6, 7), "float32", "BILINEAR", [6, 7], nan=True)
    # torchvision's refusals
    record("error", (1, 3, 8, 8), "uint8", "BILINEAR", [4, 4], max_size=10)
    record("error", (1, 3, 8, 8), "uint8", "BILINEAR", 6, max_size=6)
    # LANCZOS (PyTorch 2.12+): F.interpolate(mode='lanczos', antialias=True), uint8 in fixed point;
    # antialias=False refused before anything is computed
    for shape, size in (((1, 3, 37, 53), [12, 17]), ((1, 1, 20, 30), [45, 61]), ((2, 4, 31, 29), 11)):
        record("uint8", shape, "uint8", "LANCZOS", size)
    record("float32", (1, 3, 17, 23), "float32", "LANCZOS", [9, 30])
    record("bfloat16", (1, 3, 17, 23), "bfloat16", "LANCZOS", [9, 30])
    record("error", (1, 3, 8, 8), "uint8", "LANCZOS", [4, 4], antialias=False)
    # float16: not a dtype torchvision passes on either: through float32 and back, like bfloat16
    for interp in ("NEAREST", "NEAREST_EXACT", "BILINEAR", "BICUBIC", "LANCZOS"):
        record("float16", (1, 3, 17, 23), "float16", interp, [9, 30])
    record("float16", (1, 3, 17, 23), "float16", "BILINEAR", [40, 47], antialias=False)
print(json.dumps(cases))
