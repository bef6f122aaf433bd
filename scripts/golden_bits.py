#!/usr/bin/python3
"""How many float elements of the golden outputs upsample-cli reproduces bit for bit.

Usage:  /usr/bin/python3 scripts/golden_bits.py --cli build/app/cli/upsample-cli [--backend cpu|opencl]
                                                 [--torch 2.14 ...]

For each PyTorch version with goldens (tests/golden/torch-<version>/interpolate.json), runs every
successful case through `upsample-cli resize --torch <version>` and prints, per mode (antialias
apart) and dtype, the share of output elements whose bits equal PyTorch's, and the largest
difference relative to max(1, |PyTorch|) (the tests' tolerance is 2e-5). NaN counts as identical
where PyTorch has NaN. Needs NumPy only.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "tests", "golden")


def decode(hexdata, shape, dtype):
    kind = ">f8" if dtype == "float64" else ">f4"
    return np.frombuffer(bytes.fromhex(hexdata), dtype=kind).astype(kind[1:]).reshape(shape)


def cli_args(c):
    args = ["--mode", c["mode"]]
    if c["size"] is not None:
        size = c["size"] if isinstance(c["size"], list) else [c["size"]]
        args += ["--size", ",".join(str(v) for v in size)]
    else:
        scale = c["scale_factor"] if isinstance(c["scale_factor"], list) else [c["scale_factor"]]
        args += ["--scale", ",".join(repr(float(v)) for v in scale)]
    if c["align_corners"] is True:
        args.append("--align-corners")
    elif c["align_corners"] is False:
        args.append("--no-align-corners")
    if c["recompute_scale_factor"]:
        args.append("--recompute-scale-factor")
    if c["antialias"]:
        args.append("--antialias")
    return args


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", required=True)
    ap.add_argument("--backend", default="cpu", choices=["cpu", "opencl"])
    ap.add_argument("--torch", nargs="*", default=None, help="versions (default: every golden folder)")
    a = ap.parse_args()
    versions = a.torch or sorted(d[len("torch-"):] for d in os.listdir(GOLDEN) if d.startswith("torch-"))
    failed = 0
    with tempfile.TemporaryDirectory(prefix="golden-bits-") as tmp:
        for version in versions:
            doc = json.load(open(os.path.join(GOLDEN, "torch-" + version, "interpolate.json")))
            same = collections.Counter()
            total = collections.Counter()
            worst = collections.defaultdict(float)
            for c in doc["cases"]:
                if c["error"] is not None or not c["output"] or c["mode"] not in (
                        "nearest", "nearest-exact", "area", "linear", "bilinear", "bicubic", "trilinear"):
                    continue
                x = decode(c["input"], c["input_shape"], c["dtype"])
                ref = decode(c["output"], c["output_shape"], c["dtype"])
                inp, out = os.path.join(tmp, "in.npy"), os.path.join(tmp, "out.npy")
                np.save(inp, x)
                proc = subprocess.run([a.cli, "resize", inp, out, "--torch", version, "--backend", a.backend]
                                      + cli_args(c), capture_output=True, text=True)
                key = (c["mode"] + (" antialias" if c["antialias"] else ""), c["dtype"])
                if proc.returncode != 0:
                    print("FAIL %s %s: %s" % (version, c["id"], proc.stderr.strip()[-200:]))
                    failed += 1
                    continue
                ours = np.load(out)
                bits = "u8" if c["dtype"] == "float64" else "u4"
                eq = (ours.view(bits) == ref.view(bits)) | (np.isnan(ours) & np.isnan(ref))
                same[key] += int(eq.sum())
                total[key] += eq.size
                fin = np.isfinite(ref) & np.isfinite(ours)
                if fin.any():
                    rel = np.abs(ours[fin].astype(np.float64) - ref[fin]) / np.maximum(1.0, np.abs(ref[fin]))
                    worst[key] = max(worst[key], float(rel.max()))
            print("PyTorch %s (%s), upsample-cli --backend %s:" % (version, doc.get("torch_package"), a.backend))
            print("| mode | dtype | elements | bit-identical | largest difference / max(1, |ref|) |")
            print("|---|---|---|---|---|")
            for key in sorted(total):
                print("| %s | %s | %d | %.2f %% | %.2g |" % (key[0], key[1], total[key], 100.0 * same[key] / total[key],
                                                           worst[key]))
            print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
