#!/usr/bin/env python3
"""Regenerate README.md's "Why do libraries disagree?" tables from measured comparisons.

Usage:  python3 scripts/libraries_readme.py --cli build/app/cli/upsample-cli README.md [--check]
        (or: make readme-libraries)

For every PyTorch mode and a few resizes (up and down, integer and non-integer ratios,
align_corners, antialias), runs `upsample-cli compare IN --json` on a fixed pseudo-random input and
writes one table per mode between the markers <!-- libraries:begin --> and <!-- libraries:end -->:
each library's closest call, its verdict and max |diff| against PyTorch, and the notes saying why
calls differ. --check exits 1 (and changes nothing) when the README is not what it would write.
Needs only Python's standard library and the built upsample-cli.
"""
import argparse
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

BEGIN = "<!-- libraries:begin -->"
END = "<!-- libraries:end -->"

COMMON = [
    ("x2", ["--scale", "2"]),
    ("x1.7", ["--scale", "1.7"]),
    ("8 -> 13 (size)", ["--size", "13"]),
    ("x0.5", ["--scale", "0.5"]),
    ("8 -> 5 (size)", ["--size", "5"]),
]
LINEAR_EXTRA = [
    ("8 -> 13, align_corners=True", ["--size", "13", "--align-corners"]),
]
ANTIALIAS_EXTRA = [
    ("8 -> 5, antialias=True", ["--size", "5", "--antialias"]),
    ("8 -> 13, antialias=True", ["--size", "13", "--antialias"]),
]
MODES = [
    ("nearest", (1, 3, 8, 8), COMMON),
    ("nearest-exact", (1, 3, 8, 8), COMMON),
    ("linear", (1, 3, 8), COMMON + LINEAR_EXTRA),
    ("bilinear", (1, 3, 8, 8), COMMON + LINEAR_EXTRA + ANTIALIAS_EXTRA),
    ("bicubic", (1, 3, 8, 8), COMMON + LINEAR_EXTRA + ANTIALIAS_EXTRA),
    ("trilinear", (1, 1, 4, 4, 4), [("x2", ["--scale", "2"]), ("4 -> 7 (size)", ["--size", "7"])]),
    ("area", (1, 3, 8, 8), COMMON),
    # antialias=True is required (PyTorch 2.12+)
    ("lanczos", (1, 3, 8, 8), [(name, opts + ["--antialias"]) for name, opts in COMMON]),
]
LIBS = [("opencv", "OpenCV"), ("pillow", "Pillow"), ("onnx", "ONNX"), ("skimage", "scikit-image"),
        ("torchvision", "torchvision")]


def write_npy(path, shape, seed):
    """float32 C-order .npy of uniform values in [-10, 10) from a fixed linear congruential generator."""
    n = 1
    for d in shape:
        n *= d
    state = seed
    values = []
    for _ in range(n):
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        values.append(((state >> 40) / float(1 << 24)) * 20.0 - 10.0)
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % (
        ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else ""))
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        f.write(struct.pack("<%df" % n, *values))


def short_call(lib, code):
    if code is None:
        return None
    if lib == "opencv":
        m = re.search(r"cv2\.(INTER_\w+)", code)
        return "%s (%s)" % (m.group(1), "fx/fy" if "fx=" in code else "dsize")
    if lib == "pillow":
        return re.search(r"Resampling\.(\w+)", code).group(1)
    if lib == "skimage":
        attrs = dict(re.findall(r"(\w+)=('[^']*'|[-\w.]+)", code))
        text = "order=%s mode=%s" % (attrs["order"], attrs["mode"].strip("'"))
        return text + (" anti_aliasing" if attrs.get("anti_aliasing") == "True" else "")
    if lib == "torchvision":
        m = re.search(r"InterpolationMode\.(\w+)", code)
        return (m.group(1) if m else "BILINEAR") + (" antialias=False" if "antialias=False" in code else "")
    if code.startswith("Resize"):
        attrs = dict(re.findall(r"(\w+)=('[^']*'|[-\d.]+)", code))
        parts = [attrs["mode"].strip("'"), attrs["coordinate_transformation_mode"].strip("'")]
        if "nearest_mode" in attrs:
            parts.append(attrs["nearest_mode"].strip("'"))
        if "cubic_coeff_a" in attrs:
            parts.append("A=" + attrs["cubic_coeff_a"])
        if "exclude_outside" in attrs:
            parts.append("exclude_outside")
        return "Resize " + " ".join(parts)
    return code.split("(")[0]


def cell(lib, entry):
    call = short_call(lib, entry["code"])
    if entry["verdict"] == "no equivalent":
        return "no equivalent"
    text = "`%s`: " % call
    if entry["verdict"] == "identical":
        d = entry["max_abs_diff"]
        return text + ("**identical**" if d == 0 else "**identical** (%.1g)" % d)
    if entry["compared"] == 0:
        return text + "differs: shape %s" % "x".join(str(v) for v in entry["output_shape"][2:])
    return text + "differs: max %.2g, %d/%d" % (entry["max_abs_diff"], entry["differing"], entry["compared"])


def compare(cli, path, mode, opts):
    out = subprocess.run([cli, "compare", path, "--mode", mode, "--json"] + opts, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("upsample-cli compare %s --mode %s %s failed: %s" % (path, mode, " ".join(opts), out.stderr))
    return json.loads(out.stdout)


def section(cli):
    lines = [
        "Generated by `make readme-libraries` (scripts/libraries_readme.py) from `upsample-cli compare` on fixed",
        "pseudo-random inputs (uniform in [-10, 10)): for each PyTorch mode, each library's closest call",
        "(OpenCV's `cv2.resize` on float32, Pillow's `Image.resize` on mode \"F\", the node",
        "`torch.onnx.export` writes at opset 16, or where it refuses, the Resize with the same formula, and",
        "scikit-image's `skimage.transform.resize` on each plane, torchvision's `v2.functional.resize` with",
        "the output size),",
        "computed as that library computes it. **identical**: every element within 2e-5·max(1, |PyTorch|)",
        "(the float rounding of the same formula; the largest |diff| in brackets); otherwise the largest",
        "|diff| and how many elements differ. Do not edit by hand.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for k, (mode, shape, cases) in enumerate(MODES):
            path = os.path.join(tmp, "%s.npy" % mode)
            write_npy(path, shape, 20240917 + k)
            lines.append("**%s** on %s:" % (mode, "x".join(str(d) for d in shape)))
            lines.append("")
            lines.append("| resize | %s |" % " | ".join(name for _, name in LIBS))
            lines.append("|---|" + "---|" * len(LIBS))
            notes = []
            for label, opts in cases:
                j = compare(cli, path, mode, opts)
                by_lib = {e["library"]: e for e in j["libraries"]}
                out_shape = "x".join(str(d) for d in j["output_shape"][2:])
                row = ["%s -> %s" % (label, out_shape)] + [cell(lib, by_lib[lib]) for lib, _ in LIBS]
                lines.append("| " + " | ".join(row) + " |")
                for lib, name in LIBS:
                    note = by_lib[lib]["note"]
                    if by_lib[lib]["verdict"] != "identical" and note and (name, note) not in notes:
                        notes.append((name, note))
            lines.append("")
            for name, note in notes:
                lines.append("- %s: %s" % (name, note))
            if notes:
                lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("readme")
    args = ap.parse_args()
    with open(args.readme) as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        sys.exit("%s: the markers %s and %s are missing" % (args.readme, BEGIN, END))
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = head + BEGIN + "\n" + section(args.cli) + END + tail
    if args.check:
        if new != text:
            sys.exit("%s: the libraries section is stale; run make readme-libraries" % args.readme)
        print("%s: the libraries section is up to date" % args.readme)
        return
    if new != text:
        with open(args.readme, "w") as f:
            f.write(new)
    print("%s: libraries section written" % args.readme)


if __name__ == "__main__":
    main()
