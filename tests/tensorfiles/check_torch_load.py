#!/usr/bin/env python3
"""Checks that the tensor files upsample-cli writes load in PyTorch (and NumPy) bit for bit.

    check_torch_load.py write CLI DIR   # upsample-cli resize writes OUT.pt/.npz/.safetensors/.npy into DIR
    check_torch_load.py check DIR       # torch.load(f, weights_only=True) of each .pt, np.load of each .npz,
                                        # the .safetensors by safetensors.numpy.load_file when installed
                                        # (by its format specification otherwise), each against OUT.npy
    check_torch_load.py CLI DIR         # both (the ctest)

Exit status 0 when every file matches; prints the PyTorch version that loaded them.
"""
import json
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
CASES = [  # (output stem, input, resize options): float32, float64 (a view), uint8 (nearest)
    ("f32", os.path.join(FIX, "torch-1.13", "contiguous.pt"), ["--mode", "bilinear", "--scale", "2"]),
    ("f64", os.path.join(FIX, "torch-1.13", "noncontiguous.pt"), ["--mode", "bicubic", "--scale", "2"]),
    ("u8", os.path.join(FIX, "torch-1.13", "list.pt") + ":0", ["--mode", "nearest", "--scale", "2"]),
]
EXTS = ["pt", "npz", "safetensors", "npy"]


def write(cli, folder):
    os.makedirs(folder, exist_ok=True)
    for stem, src, opts in CASES:
        for ext in EXTS:
            subprocess.run([cli, "resize", src, os.path.join(folder, "%s.%s" % (stem, ext))] + opts, check=True)


def read_safetensors(path):
    import numpy as np
    try:
        from safetensors.numpy import load_file
        return load_file(path)["output"], "safetensors.numpy.load_file"
    except ImportError:
        pass
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    info = header["output"]
    types = {"F32": "<f4", "F64": "<f8", "U8": "u1"}
    b, e = info["data_offsets"]
    a = np.frombuffer(data[8 + n + b:8 + n + e], dtype=types[info["dtype"]]).reshape(info["shape"])
    return a, "the format specification"


def check(folder):
    import numpy as np
    import torch
    failures = 0
    how = ""
    for stem, _, _ in CASES:
        want = np.load(os.path.join(folder, stem + ".npy"))
        got = {
            "pt": torch.load(os.path.join(folder, stem + ".pt"), weights_only=True).numpy(),
            "npz": np.load(os.path.join(folder, stem + ".npz"))["output"],
        }
        got["safetensors"], how = read_safetensors(os.path.join(folder, stem + ".safetensors"))
        for ext, a in got.items():
            same = a.dtype == want.dtype and a.shape == want.shape and a.tobytes() == want.tobytes()
            print("%s.%s: %s %s %s" % (stem, ext, a.dtype, a.shape, "same bits" if same else "DIFFERENT"))
            failures += not same
    print("loaded by PyTorch %s, NumPy %s; .safetensors read by %s" % (torch.__version__, np.__version__, how))
    return failures == 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["write"]:
        write(args[1], args[2])
    elif args[:1] == ["check"]:
        sys.exit(0 if check(args[1]) else 1)
    else:
        write(args[0], args[1])
        sys.exit(0 if check(args[1]) else 1)
