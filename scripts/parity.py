#!/usr/bin/python3
"""Random parity check of upsample-cli against real PyTorch (F.interpolate).

Usage:
  /usr/bin/python3 scripts/parity.py --cli build/app/cli/upsample-cli [--cases N] [--seed S]
                                     [--backend cpu|opencl|auto] [--torch V] [--dry-run]
  scripts/reference-root.sh run python3 scripts/parity.py --cli build/app/cli/upsample-cli ...
                                     (against the reference root's current PyTorch)
  ... --dtypes uint8,float16,bfloat16  also draw uint8 (nearest, bilinear, bicubic, lanczos), float16
                                     and bfloat16 (not antialias) cases: byte / bit for bit (bfloat16
                                     travels as .pt files: NumPy has no bfloat16)

Draws N random valid cases, runs
  CLI resize IN.npy OUT.npy --mode M (--scale a[,b[,c]] | --size a[,b[,c]])
      [--align-corners] [--recompute-scale-factor] [--antialias] [--backend B] --torch V
and compares OUT.npy with F.interpolate on the same input: nearest / nearest-exact must be
bit-identical; the other modes must satisfy |ours - ref| <= 2e-5 * max(1, |ref|) elementwise,
with NaN in the same places (and infinities equal). A non-zero exit where PyTorch succeeds (or the
reverse) is a failure. Prints one line per failure and finally exactly "N passed, M failed";
exits 1 if any case failed. --dry-run only prints the drawn cases. --torch is the version the
CLI reproduces: by default the major.minor of the PyTorch this script imports.
The modes, their ranks and option policies come from `CLI modes --json` (the program's mode
table): the modes of the chosen version, nothing restated here.
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import torch
import torch.nn.functional as F

warnings.simplefilter("ignore")

MODES = {}  # name -> the CLI's entry (dims, align_corners and antialias policies): load_modes()
EXACT_MODES = ("nearest", "nearest-exact")
RTOL = 2e-5


def load_modes(cli, version):
    """The modes of `version` from `cli modes --json`, in the program's order."""
    out = subprocess.run([cli, "modes", "--json"], capture_output=True, text=True, check=True).stdout
    MODES.clear()
    for m in json.loads(out)["modes"]:
        if version in m["versions"]:
            MODES[m["name"]] = m


def draw_scale(rng):
    r = rng.random()
    if r < 0.15:
        return float(rng.choice([1, 2, 3, 4]))              # integer scale
    if r < 0.30:
        return float(rng.choice([0.5, 1.5, 2.5, 1.7, 1.1, 2.1, 0.6, 0.37, 3.3, 1.3]))
    return rng.uniform(0.3, 4.0)                            # non-integer, full precision


def dtype_allowed(dtype, case):
    """uint8: the nearest modes, and bilinear / bicubic / lanczos in fixed point; float16, bfloat16:
    every mode but antialias."""
    if dtype == "uint8":
        return case["mode"] in ("nearest", "nearest-exact", "bilinear", "bicubic", "lanczos")
    if dtype in ("float16", "bfloat16"):
        return not case["antialias"]
    return True


def draw_case(rng, idx, extra_dtypes=()):
    mode = rng.choice(list(MODES))
    dims = MODES[mode]["dims"]
    rank = dims[0] if len(dims) == 1 else rng.choice(dims)
    n, c = rng.randint(1, 3), rng.randint(1, 3)
    spatial = [rng.randint(1, 12) for _ in range(rank)]
    case = {"idx": idx, "mode": mode, "shape": [n, c] + spatial, "size": None, "scale": None,
            "align_corners": False, "recompute": False, "antialias": False,
            "dtype": "float64" if rng.random() < 0.15 else "float32"}
    use_scale = rng.random() < 0.5
    per_dim = rank > 1 and rng.random() < 0.6
    for _ in range(100):  # redraw until every output dim is >= 1 (a valid case)
        if use_scale:
            if per_dim:
                vals = [draw_scale(rng) for _ in range(rank)]
            else:
                vals = [draw_scale(rng)]
            outs = [math.floor(float(i) * s) for i, s in
                    zip(spatial, vals if per_dim else vals * rank)]
        else:
            if per_dim:
                vals = [rng.randint(1, min(40, 4 * i + 2)) for i in spatial]
            else:
                vals = [rng.randint(1, min(40, 4 * min(spatial) + 2))]
            outs = vals * (rank if not per_dim else 1)
        if all(o >= 1 for o in outs):
            break
    else:
        raise RuntimeError("could not draw a valid case")
    if use_scale:
        case["scale"] = vals
        case["recompute"] = rng.random() < 0.4
    else:
        case["size"] = vals
    if MODES[mode]["align_corners"] == "allowed":
        case["align_corners"] = rng.random() < 0.4
    if MODES[mode]["antialias"] == "optional":
        case["antialias"] = rng.random() < 0.35
    elif MODES[mode]["antialias"] == "required":
        case["antialias"] = True
    r = rng.random()
    case["values"] = "uniform" if r < 0.75 else ("arange" if r < 0.9 else "nonfinite")
    case["value_seed"] = rng.randrange(2 ** 31)
    if extra_dtypes:  # drawn only when asked, so the float cases of a seed stay as they were
        options = [d for d in extra_dtypes if dtype_allowed(d, case)]
        r, pick = rng.random(), rng.randrange(max(1, len(options)))
        if options and r < 0.5:
            case["dtype"] = options[pick]
    return case


def make_input(case):
    vr = np.random.RandomState(case["value_seed"])
    shape = case["shape"]
    count = int(np.prod(shape))
    if case["dtype"] == "uint8":
        return vr.randint(0, 256, count).astype(np.uint8).reshape(shape)
    if case["values"] == "arange":
        v = np.arange(count, dtype=np.float64)
    else:
        v = vr.uniform(-10.0, 10.0, count)
        if case["values"] == "nonfinite":
            for val in (float("nan"), float("inf"), float("-inf")):
                if vr.rand() < 0.7:
                    v[vr.randint(0, count)] = val
    if case["dtype"] == "bfloat16":  # drawn in float32, rounded by PyTorch
        return torch.from_numpy(v.reshape(shape).astype(np.float32)).to(torch.bfloat16)
    return np.ascontiguousarray(v.reshape(shape).astype(case["dtype"]))


def torch_kwargs(case):
    kw = {"mode": case["mode"]}
    if case["scale"] is not None:
        s = case["scale"]
        kw["scale_factor"] = s[0] if len(s) == 1 else tuple(s)
        if case["recompute"]:
            kw["recompute_scale_factor"] = True
    else:
        s = case["size"]
        kw["size"] = s[0] if len(s) == 1 else tuple(s)
    if MODES[case["mode"]]["align_corners"] == "allowed":
        kw["align_corners"] = case["align_corners"]
    if case["antialias"]:
        kw["antialias"] = True
    return kw


def describe(case):
    kw = torch_kwargs(case)
    args = ", ".join("%s=%r" % (k, v) for k, v in kw.items())
    return "#%d %s x%s: F.interpolate(x, %s) [values=%s seed=%d]" % (
        case["idx"], case["dtype"], tuple(case["shape"]), args, case["values"],
        case["value_seed"])


def torch_major_minor():
    return ".".join(torch.__version__.split("+")[0].split(".")[:2])


def cli_args(case, cli, inp, out, backend, version=None):
    args = [cli, "resize", inp, out, "--mode", case["mode"], "--torch", version or torch_major_minor()]
    if case["scale"] is not None:
        args += ["--scale", ",".join(repr(float(s)) for s in case["scale"])]
    else:
        args += ["--size", ",".join(str(int(s)) for s in case["size"])]
    if case["align_corners"]:
        args.append("--align-corners")
    if case["recompute"]:
        args.append("--recompute-scale-factor")
    if case["antialias"]:
        args.append("--antialias")
    if backend:
        args += ["--backend", backend]
    return args


def compare(case, ours, ref, scale=1.0):
    """Returns (ok, max_error, reason)."""
    if tuple(ours.shape) != tuple(ref.shape):
        return False, float("inf"), "shape %s, expected %s" % (ours.shape, ref.shape)
    if ours.dtype != ref.dtype:  # numpy dtypes, or torch.bfloat16 on both sides
        return False, float("inf"), "dtype %s, expected %s" % (ours.dtype, ref.dtype)
    empty = ref.numel() == 0 if case["dtype"] == "bfloat16" else ref.size == 0
    if empty:
        return True, 0.0, ""
    if ref.dtype == np.uint8:  # fixed point or a copy: byte for byte
        if np.array_equal(ours, ref):
            return True, 0.0, ""
        return False, float(np.max(np.abs(ours.astype(np.int32) - ref))), "%d bytes differ" % int((ours != ref).sum())
    if ref.dtype == np.float16:
        return compare_half(case, ours, ref, scale)
    if case["dtype"] == "bfloat16":
        return compare_bfloat16(case, ours, ref, scale)
    nan_o, nan_r = np.isnan(ours), np.isnan(ref)
    if case["mode"] in EXACT_MODES:
        if np.array_equal(ours, ref, equal_nan=True):
            return True, 0.0, ""
        both = ~(nan_o | nan_r)
        err = float(np.max(np.abs(ours[both].astype(np.float64) - ref[both]))) if both.any() \
            else float("nan")
        return False, err, "not bit-exact (%d elements differ)" % int(
            np.sum(~((ours == ref) | (nan_o & nan_r))))
    if not np.array_equal(nan_o, nan_r):
        return False, float("nan"), "NaN positions differ (%d vs %d NaNs)" % (
            int(nan_o.sum()), int(nan_r.sum()))
    fin = ~nan_r
    o, r = ours[fin].astype(np.float64), ref[fin].astype(np.float64)
    inf_r = np.isinf(r)
    if not np.array_equal(o[inf_r], r[inf_r]) or np.isinf(o[~inf_r]).any():
        return False, float("inf"), "infinities differ"
    o, r = o[~inf_r], r[~inf_r]
    if o.size == 0:
        return True, 0.0, ""
    diff = np.abs(o - r)
    err = float(diff.max())
    bad = diff > RTOL * np.maximum(1.0, np.abs(r))
    if bad.any():
        return False, err, "%d elements beyond tolerance" % int(bad.sum())
    return True, err, ""


def compare_half(case, ours, ref, scale=1.0):
    """float16: bit for bit (NaN by position); bicubic: elements within 4 float16 ulps, or within
    2^-10 of the input's largest finite magnitude (scale), are counted (HALF_SLACK), not failed:
    one float16 weight a float16 ulp (2^-11 relative) away from PyTorch's (a float weight at a
    float16 rounding tie; README's float16 section)."""
    nan_o, nan_r = np.isnan(ours), np.isnan(ref)
    same = (ours.view(np.uint16) == ref.view(np.uint16)) | (nan_o & nan_r)
    if same.all():
        return True, 0.0, ""
    o, r = ours[~same].astype(np.float64), ref[~same].astype(np.float64)
    err = float(np.max(np.abs(o - r))) if o.size else float("nan")
    if case["mode"] == "bicubic" and np.isfinite(o).all() and np.isfinite(r).all():
        ulp = np.ldexp(1.0, np.floor(np.log2(np.maximum(np.abs(r), 2.0 ** -14))).astype(int) - 10)
        if ((np.abs(o - r) <= 4 * ulp) | (np.abs(o - r) <= scale * 2.0 ** -10)).all():
            HALF_SLACK[0] += int(o.size)
            HALF_SLACK[1] += int(ref.size)
            return True, err, ""
    return False, err, "not bit-exact (%d float16 elements differ)" % int((~same).sum())


HALF_SLACK = [0, 0]  # bicubic float16 elements within 4 ulps, and the elements of their cases


def bfloat16_bits(t):
    return t.contiguous().view(torch.int16).numpy().view(np.uint16)


def compare_bfloat16(case, ours, ref, scale=1.0):
    """bfloat16 (torch tensors, as the CLI wrote and PyTorch computed): bit for bit, NaN by position;
    bicubic: elements within 4 bfloat16 ulps, or within 2^-8 of the input's largest finite
    magnitude (scale), are counted (BF16_SLACK), not failed, as for float16 (a weight at a rounding
    tie; README's bfloat16 section)."""
    o, r = bfloat16_bits(ours), bfloat16_bits(ref)
    nan_o, nan_r = torch.isnan(ours).numpy(), torch.isnan(ref).numpy()
    same = (o == r) | (nan_o & nan_r)
    if same.all():
        return True, 0.0, ""
    of, rf = ours.float().numpy()[~same].astype(np.float64), ref.float().numpy()[~same].astype(np.float64)
    err = float(np.max(np.abs(of - rf)))
    if case["mode"] == "bicubic" and np.isfinite(of).all() and np.isfinite(rf).all():
        ulp = np.ldexp(1.0, np.floor(np.log2(np.maximum(np.abs(rf), 2.0 ** -126))).astype(int) - 7)
        if ((np.abs(of - rf) <= 4 * ulp) | (np.abs(of - rf) <= scale * 2.0 ** -8)).all():
            BF16_SLACK[0] += int(of.size)
            BF16_SLACK[1] += int(r.size)
            return True, err, ""
    return False, err, "not bit-exact (%d bfloat16 elements differ)" % int((~same).sum())


BF16_SLACK = [0, 0]  # bicubic bfloat16 elements within 4 ulps (or near zero), and the elements of their cases


def load_output(path, dtype):
    if dtype != "bfloat16":
        return np.load(path)
    t = torch.load(path)
    if t.dtype != torch.bfloat16:
        raise ValueError("dtype %s, expected bfloat16" % t.dtype)
    return t


def run_case(case, cli, backend, tmp, timeout, version=None):
    x = make_input(case)
    bf16 = case["dtype"] == "bfloat16"  # a torch tensor, through .pt files
    ref, ref_err = None, None
    try:
        # float16: two threads, the kernel choice the CLI follows (one thread sends bilinear with C = 3
        # to the channels-last kernel whatever the size)
        torch.set_num_threads(2 if case["dtype"] in ("float16", "bfloat16") else 1)
        if bf16:
            ref = F.interpolate(x.clone(), **torch_kwargs(case))
        else:
            ref = F.interpolate(torch.from_numpy(x.copy()), **torch_kwargs(case)).numpy()
    except Exception as e:  # noqa: BLE001
        ref_err = "%s: %s" % (type(e).__name__, e)
    ext = ".pt" if bf16 else ".npy"
    inp = os.path.join(tmp, "in_%d%s" % (case["idx"], ext))
    out = os.path.join(tmp, "out_%d%s" % (case["idx"], ext))
    if bf16:
        torch.save(x, inp)
    else:
        np.save(inp, x)
    if os.path.exists(out):
        os.remove(out)
    try:
        proc = subprocess.run(cli_args(case, cli, inp, out, backend, version), capture_output=True,
                              text=True, timeout=timeout)
        rc, stderr = proc.returncode, proc.stderr.strip()
    except subprocess.TimeoutExpired:
        rc, stderr = None, "timed out after %ss" % timeout
    except OSError as e:
        rc, stderr = None, "could not run CLI: %s" % e
    try:
        if rc is None:
            return False, float("nan"), stderr
        if ref_err is not None:
            if rc != 0:
                return True, 0.0, ""
            return False, float("nan"), "CLI succeeded but PyTorch raised %s" % ref_err
        if rc != 0:
            last = stderr.splitlines()[-1] if stderr else "(no stderr)"
            return False, float("nan"), "CLI exited %d: %s" % (rc, last)
        try:
            ours = load_output(out, case["dtype"])
        except Exception as e:  # noqa: BLE001
            return False, float("nan"), "cannot load CLI output: %s" % e
        if bf16:
            finite = x.float().abs()[torch.isfinite(x)]
            return compare(case, ours, ref, float(finite.max()) if finite.numel() else 1.0)
        finite = np.abs(x[np.isfinite(x)].astype(np.float64))
        return compare(case, ours, ref, float(finite.max()) if finite.size else 1.0)
    finally:
        for p in (inp, out):
            if os.path.exists(p):
                os.remove(p)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cli", help="path to upsample-cli")
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--backend", choices=["cpu", "opencl", "auto"], default=None)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per CLI call")
    ap.add_argument("--torch", default=None, help="the version the CLI reproduces (default: this PyTorch's)")
    ap.add_argument("--dry-run", action="store_true", help="only print the drawn cases")
    ap.add_argument("--dtypes", default="", help="also draw these dtypes (uint8,float16,bfloat16), half the cases where "
                                                 "the mode takes them")
    a = ap.parse_args()
    if not a.cli:
        ap.error("--cli is required (the modes come from its `modes --json`)")
    load_modes(a.cli, a.torch or torch_major_minor())

    rng = random.Random(a.seed)
    extra = tuple(d for d in a.dtypes.split(",") if d)
    cases = [draw_case(rng, i, extra) for i in range(a.cases)]
    if a.dry_run:
        for case in cases:
            print(describe(case))
            print("    " + " ".join(cli_args(case, a.cli or "upsample-cli", "IN.npy", "OUT.npy",
                                             a.backend, a.torch)))
        return 0

    torch.set_num_threads(1)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="parity-") as tmp:
        for case in cases:
            ok, err, why = run_case(case, a.cli, a.backend, tmp, a.timeout, a.torch)
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL %s: max error %.3g: %s" % (describe(case), err, why), flush=True)
    print("PyTorch %s against upsample-cli --torch %s" % (torch.__version__, a.torch or torch_major_minor()))
    if HALF_SLACK[0]:
        print("float16 bicubic: %d of %d elements within 4 ulps, not bit for bit" % tuple(HALF_SLACK))
    if BF16_SLACK[0]:
        print("bfloat16 bicubic: %d of %d elements within 4 ulps, not bit for bit" % tuple(BF16_SLACK))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
