"""What the dtype golden generators share (generate_dtypes.py, generate_uint8.py,
generate_float16.py): PyTorch set up as they run it, a case's fields and its call text, and the
file layout (one case per line under a header naming the generator, the versions and the seed).
"""
import json
import os
import warnings

import numpy as np
import torch

from generate import torch_package_version  # the Debian package that built this torch


def setup(threads):
    """Warnings off, a fixed number of PyTorch CPU threads (it picks kernels by it)."""
    warnings.simplefilter("ignore")
    torch.set_num_threads(threads)


def call_args(mode, size=None, scale_factor=None, align_corners=None, recompute=None, antialias=False):
    """F.interpolate's keyword arguments as the case's "call" shows them."""
    args = []
    if size is not None:
        args.append("size=%r" % (size,))
    if scale_factor is not None:
        args.append("scale_factor=%r" % (scale_factor,))
    args.append("mode=%r" % mode)
    if align_corners is not None:
        args.append("align_corners=%r" % align_corners)
    if recompute is not None:
        args.append("recompute_scale_factor=%r" % recompute)
    if antialias:
        args.append("antialias=True")
    return ", ".join(args)


def new_case(case_id, call, dtype, shape, mode, size, scale_factor, recompute, align_corners, antialias,
             layout=None, input_hex=""):
    """A case's fields, the result and the error still empty (layout only where the file has it)."""
    case = {"id": case_id, "call": call, "dtype": dtype, "input_shape": list(shape)}
    if layout is not None:
        case["layout"] = layout
    case.update({
        "mode": mode,
        "size": list(size) if isinstance(size, tuple) else size,
        "scale_factor": list(scale_factor) if isinstance(scale_factor, tuple) else scale_factor,
        "recompute_scale_factor": recompute, "align_corners": align_corners, "antialias": antialias,
        "input": input_hex, "output_dtype": None, "output_shape": None, "output": None, "error": None,
    })
    return case


def refusal(e):
    """PyTorch's refusal, word for word."""
    return {"type": type(e).__name__, "message": str(e)}


def write(outdir, name, generator, seed, cases, results, cap, threads=None):
    """Writes <outdir>/<name>, one case per line, prints a summary and checks the size cap.
    results: the words for a case with an output ("uint8 results")."""
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, name)
    with open(path, "w") as f:
        f.write('{"generator": %s, "torch_version": %s, "torch_package": %s, "numpy_version": %s, "seed": %d, '
                % (json.dumps(generator), json.dumps(torch.__version__), json.dumps(torch_package_version()),
                   json.dumps(np.__version__), seed))
        if threads is not None:
            f.write('"threads": %d, ' % threads)
        f.write('"cases": [\n')
        f.write(",\n".join(json.dumps(c, sort_keys=True) for c in cases))
        f.write("\n]}\n")
    size = os.path.getsize(path)
    errors = sum(1 for c in cases if c["error"])
    values = sum(1 for c in cases if c["output"] is not None)
    print("%s: %d cases (%d %s, %d errors), %d bytes" % (path, len(cases), values, results, errors, size))
    assert size < cap, "keep the %s goldens small" % name
