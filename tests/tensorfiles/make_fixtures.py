#!/usr/bin/env python3
"""Writes the tensor-file fixtures of tests/tensorfiles/fixtures/ (each a few KB).

    /usr/bin/python3 tests/tensorfiles/make_fixtures.py torch      # with the PyTorch it runs on
    scripts/reference-root.sh run python3 tests/tensorfiles/make_fixtures.py torch   # torch-2.14
    python3 tests/tensorfiles/make_fixtures.py numpy safetensors crafted

torch:       fixtures/torch-<major.minor>/ written by torch.save of the PyTorch that runs it
             (Debian 12's python3-torch gives torch-1.13, the reference root gives torch-2.14):
             contiguous, non-contiguous (offset and strides), channels-last, shared storage,
             a state dict, a list, every dtype, a Parameter, and a complex tensor (refused).
numpy:       fixtures/numpy/ written by NumPy's np.savez (stored) and np.savez_compressed (deflated).
safetensors: fixtures/safetensors/ written by this script from the format's specification
             (Debian 12 has no safetensors package); safetensors.numpy.load_file reads it where
             the package exists (checked in the reference root).
safetensors-library: fixtures/safetensors-library/ written by safetensors.torch.save_file (the
             reference root has python3-safetensors: scripts/reference-root.sh run python3 ...).
crafted:     fixtures/crafted/: a big-endian .pt (the torch-1.13 contiguous file with the
             byteorder record "big" and its storage byte-swapped), and pickles that call
             os.system or another global, which a reader must refuse without running them.

Every tensor X of a file is also written as ref_<file>_<name>.npy (X.contiguous(), float32 for
bfloat16) so that the tests compare the values read bit for bit. MANIFEST.txt in each folder
says which version wrote it.
"""
import io
import json
import os
import struct
import sys
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")


def folder(name):
    path = os.path.join(FIX, name)
    os.makedirs(path, exist_ok=True)
    return path


def manifest(path, line):
    with open(os.path.join(path, "MANIFEST.txt"), "w") as f:
        f.write(line + "\n")


def values(shape, dtype=np.float32, scale=7.0):
    n = int(np.prod(shape))
    return (np.arange(n, dtype=np.float64) / scale - 1.0).astype(dtype).reshape(shape)


def torch_fixtures():
    import torch
    version = ".".join(torch.__version__.split(".")[:2])
    out = folder("torch-" + version)
    torch.manual_seed(0)

    def ref(file, name, t):
        t = t.detach()
        if t.dtype == torch.bfloat16:
            t = t.float()
        np.save(os.path.join(out, "ref_%s_%s.npy" % (file, name)), t.contiguous().numpy())

    def save(file, obj, tensors):
        torch.save(obj, os.path.join(out, file + ".pt"))
        for name, t in tensors.items():
            ref(file, name, t)

    x = torch.from_numpy(values((1, 2, 3, 4)))
    save("contiguous", x, {"x": x})
    base = torch.from_numpy(values((1, 2, 5, 6), np.float64))
    view = base[:, :, 1:4, ::2].transpose(2, 3)  # offset 6, strides (60, 30, 2, 6)
    assert not view.is_contiguous() and view.storage_offset() == 6
    save("noncontiguous", view, {"x": view})
    cl = torch.from_numpy(values((1, 3, 4, 5))).to(memory_format=torch.channels_last)
    assert cl.stride() == (60, 1, 15, 3)
    save("channels_last", cl, {"x": cl})
    shared = torch.from_numpy(values((2, 3, 4)))
    pair = {"whole": shared, "row": shared[1, 2], "plane": shared[1]}
    save("shared", pair, pair)
    net = torch.nn.Sequential(torch.nn.Conv2d(2, 3, 3), torch.nn.BatchNorm2d(3))
    sd = net.state_dict()
    save("state_dict", sd, {k: v for k, v in sd.items()})
    lst = [torch.arange(12, dtype=torch.uint8).reshape(1, 1, 3, 4), torch.from_numpy(values((1, 1, 2, 2), np.float16))]
    save("list", lst, {"0": lst[0], "1": lst[1]})
    dt = {
        "float32": torch.from_numpy(values((2, 3))),
        "float64": torch.from_numpy(values((2, 3), np.float64)),
        "float16": torch.from_numpy(values((2, 3), np.float16)),
        "bfloat16": torch.from_numpy(values((2, 3))).to(torch.bfloat16),
        "uint8": torch.tensor([[0, 1, 2], [253, 254, 255]], dtype=torch.uint8),
        "int8": torch.tensor([[-128, -1, 0], [1, 2, 127]], dtype=torch.int8),
        "int16": torch.tensor([[-32768, -1, 0], [1, 300, 32767]], dtype=torch.int16),
        "int32": torch.tensor([[-2**31, -1, 0], [1, 70000, 2**31 - 1]], dtype=torch.int32),
        "int64": torch.tensor([[-2**63, -1, 0], [1, 2**40, 2**63 - 1]], dtype=torch.int64),
        "bool": torch.tensor([[True, False, True], [False, False, True]]),
    }
    save("dtypes", dt, dt)
    p = torch.nn.Parameter(torch.from_numpy(values((1, 1, 2, 3))))
    save("parameter", p, {"x": p})
    torch.save({"z": torch.zeros(2, 2, dtype=torch.complex64)}, os.path.join(out, "complex.pt"))
    manifest(out, "written by torch.save of PyTorch %s (NumPy %s, Python %s)"
             % (torch.__version__, np.__version__, sys.version.split()[0]))


def numpy_fixtures():
    out = folder("numpy")
    arrays = {"a": values((2, 3, 4)), "b": np.arange(16, dtype=np.uint8).reshape(4, 4),
              "c": values((1, 1, 3, 3), np.float64)}
    np.savez(os.path.join(out, "stored.npz"), **arrays)
    np.savez_compressed(os.path.join(out, "deflated.npz"), **arrays)
    np.savez(os.path.join(out, "positional.npz"), values((2, 2)), values((3,)))
    for name, a in arrays.items():
        np.save(os.path.join(out, "ref_%s.npy" % name), a)
    manifest(out, "written by np.savez and np.savez_compressed of NumPy %s" % np.__version__)


# safetensors: 8-byte little-endian header length, a JSON header {name: {dtype, shape,
# data_offsets: [begin, end]}, "__metadata__": {str: str}}, padded with spaces to a multiple of
# 8, then the tensors' bytes, little-endian, C order, in offset order.
def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def bfloat16_bytes(a):
    bits = np.ascontiguousarray(a, dtype="<f4").view("<u4")
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2")  # round to nearest even
    return rounded.tobytes(), (rounded.astype("<u4") << 16).view("<f4")


def safetensors_fixtures():
    out = folder("safetensors")
    f32, f64, f16 = values((1, 2, 3, 4)), values((2, 3), np.float64), values((2, 3), np.float16)
    bf_bytes, bf_values = bfloat16_bytes(values((2, 3)))
    i64 = np.array([[-2**63, 0, 2**63 - 1]], dtype="<i8")
    u8, b = np.arange(6, dtype=np.uint8).reshape(2, 3), np.array([True, False, True])
    tensors = {
        "f32": ("F32", f32.shape, f32.astype("<f4").tobytes()),
        "f64": ("F64", f64.shape, f64.astype("<f8").tobytes()),
        "f16": ("F16", f16.shape, f16.astype("<f2").tobytes()),
        "bf16": ("BF16", (2, 3), bf_bytes),
        "i64": ("I64", i64.shape, i64.tobytes()),
        "u8": ("U8", u8.shape, u8.tobytes()),
        "bool": ("BOOL", b.shape, b.astype(np.uint8).tobytes()),
    }
    write_safetensors(os.path.join(out, "dtypes.safetensors"), tensors, {"format": "pt"})
    refs = {"f32": f32, "f64": f64, "f16": f16, "bf16": bf_values.reshape(2, 3), "i64": i64, "u8": u8, "bool": b}
    for name, a in refs.items():
        np.save(os.path.join(out, "ref_%s.npy" % name), a)
    manifest(out, "written by tests/tensorfiles/make_fixtures.py from the safetensors format specification "
             "(NumPy %s); read back by safetensors.numpy.load_file where that package exists" % np.__version__)


def safetensors_library_fixtures():
    import safetensors
    import torch
    from safetensors.torch import save_file
    out = folder("safetensors-library")
    tensors = {
        "weight": torch.from_numpy(values((3, 2, 3, 3))),
        "half": torch.from_numpy(values((1, 1, 2, 3), np.float16)),
        "bf16": torch.from_numpy(values((2, 3))).to(torch.bfloat16),
        "double": torch.from_numpy(values((2, 2), np.float64)),
        "steps": torch.arange(5, dtype=torch.int64),
        "mask": torch.tensor([True, False, True]),
    }
    save_file(tensors, os.path.join(out, "model.safetensors"), metadata={"format": "pt"})
    for name, t in tensors.items():
        np.save(os.path.join(out, "ref_%s.npy" % name), (t.float() if t.dtype == torch.bfloat16 else t).numpy())
    manifest(out, "written by safetensors.torch.save_file of safetensors %s (PyTorch %s, NumPy %s)"
             % (safetensors.__version__, torch.__version__, np.__version__))


def rewrite_zip(src, dst, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)


class Evil:
    def __init__(self, func, args):
        self.func, self.args = func, args

    def __reduce__(self):
        return (self.func, self.args)


def crafted_fixtures():
    out = folder("crafted")
    src = os.path.join(FIX, "torch-1.13", "contiguous.pt")
    prefix = zipfile.ZipFile(src).namelist()[0].split("/")[0]

    def big(name, data):
        if name.endswith("/byteorder"):
            return b"big"
        if "/data/" in name:
            return np.frombuffer(data, "<f4").astype(">f4").tobytes()
        return data
    rewrite_zip(src, os.path.join(out, "big_endian.pt"), big)
    with zipfile.ZipFile(os.path.join(out, "big_endian.pt"), "a") as z:
        if not any(n.endswith("/byteorder") for n in z.namelist()):
            z.writestr(prefix + "/byteorder", b"big")
    # A torch.save file whose pickle calls os.system("touch upsample-pickle-marker") when
    # unpickled by anything that runs globals (pickle.load, torch.load(weights_only=False)).
    for name, func, args in (("os_system", os.system, ("touch upsample-pickle-marker",)),
                             ("builtins_eval", eval, ("open('upsample-pickle-marker', 'w')",))):
        pkl = io.BytesIO()
        import pickle
        pickle.Pickler(pkl, protocol=2).dump({"x": Evil(func, args)})
        rewrite_zip(src, os.path.join(out, name + ".pt"),
                    lambda n, d: pkl.getvalue() if n.endswith("/data.pkl") else d)
    manifest(out, "written by tests/tensorfiles/make_fixtures.py from torch-1.13/contiguous.pt with Python's "
             "zipfile and pickle (Python %s)" % sys.version.split()[0])


if __name__ == "__main__":
    steps = {"torch": torch_fixtures, "numpy": numpy_fixtures, "safetensors": safetensors_fixtures,
             "safetensors-library": safetensors_library_fixtures, "crafted": crafted_fixtures}
    for arg in sys.argv[1:] or ["numpy", "safetensors", "crafted"]:
        steps[arg]()
