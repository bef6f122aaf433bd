"""The Python client of Upsample Studio's live link.

Sends tensors from a running Python session to the studio (started with ``upsample-studio
--listen``) and gets its PyTorch-exact upsampling results back::

    import upsample_studio as us
    s = us.connect()                     # or us.connect(spawn=True) to start a studio
    s.open(x)                            # a NumPy array, or a torch tensor
    s.spec("F.interpolate(x, scale_factor=2, mode='bicubic')")
    y = s.result()                       # a NumPy array, bit for bit the studio's result
    s.compare(my_model_output)           # A/B compare: the result against your tensor

Pure Python and NumPy. The wire format (README.md, "Live link"): each message is the header's
length as 4 little-endian bytes, a UTF-8 JSON header, then header["nbytes"] raw bytes.
"""

import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

__all__ = ["connect", "socket_path", "Studio", "StudioError", "PROTOCOL_VERSION"]
__version__ = "1.0.0"

PROTOCOL_VERSION = 1
DEFAULT_NAME = "default"
_DTYPES = ("float32", "float64", "float16", "uint8", "int8", "uint16", "int16", "int32", "int64", "bool")


class StudioError(Exception):
    """The studio refused a request; ``type`` is its error type (ValueError, ProtocolError, ...)."""

    def __init__(self, message, type="StudioError", command=""):
        super().__init__(message)
        self.type = type
        self.command = command


def _runtime_dir():
    # Where Qt puts the runtime folder (QStandardPaths::RuntimeLocation).
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg:
        return xdg
    import getpass

    return os.path.join(tempfile.gettempdir(), "runtime-" + getpass.getuser())


def socket_path(name=DEFAULT_NAME):
    """The socket a studio started with ``--listen NAME`` listens on."""
    return os.path.join(_runtime_dir(), "upsample-studio-%s.sock" % name)


def _is_bfloat16(x):
    return str(getattr(x, "dtype", "")) == "torch.bfloat16"


def _as_array(x):
    """A C-contiguous NumPy array from an array-like or a torch tensor (a torch.bfloat16 tensor:
    its 16-bit patterns as uint16, sent with the dtype "bfloat16"; NumPy has no bfloat16)."""
    if hasattr(x, "detach") and hasattr(x, "cpu") and hasattr(x, "numpy"):
        x = x.detach().cpu()
        if _is_bfloat16(x):
            import torch

            return np.ascontiguousarray(x.contiguous().view(torch.int16).numpy().view(np.uint16))
        x = x.numpy()
    a = np.asarray(x)
    if a.dtype.name not in _DTYPES:
        raise TypeError("cannot send an array of dtype %s (the studio takes %s)" % (a.dtype, ", ".join(_DTYPES)))
    return np.ascontiguousarray(a)


def _tensor_fields(a, bfloat16=False):
    order = a.dtype.byteorder
    big = order == ">" or (order == "=" and np.little_endian is False)
    return {
        "dtype": "bfloat16" if bfloat16 else a.dtype.name,
        "shape": [int(d) for d in a.shape],
        "byteorder": "big" if big else "little",
        "nbytes": int(a.nbytes),
    }


def _frame(header, payload=b""):
    header = dict(header)
    header["nbytes"] = len(payload)
    text = json.dumps(header).encode("utf-8")
    return struct.pack("<I", len(text)) + text + payload


class Studio:
    """A connection to a studio. Each call sends one request and waits for its reply."""

    def __init__(self, path, timeout=60.0, process=None):
        self.path = path
        self.process = process  # the studio this client started (spawn=True), if any
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(timeout)
        try:
            self._sock.connect(path)
        except OSError:
            self._sock.close()
            raise

    # -- plumbing --------------------------------------------------------------------------

    def _recv_exact(self, n):
        chunks = []
        while n > 0:
            chunk = self._sock.recv(min(n, 1 << 20))
            if not chunk:
                raise ConnectionError("the studio closed the connection")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def send_frame(self, header, payload=b""):
        """Sends one frame without waiting for the reply (see read_reply)."""
        self._sock.sendall(_frame(header, payload))

    def read_reply(self):
        """The next reply frame: (header dict, payload bytes), errors included."""
        (length,) = struct.unpack("<I", self._recv_exact(4))
        header = json.loads(self._recv_exact(length).decode("utf-8"))
        payload = self._recv_exact(int(header.get("nbytes", 0)))
        return header, payload

    def request(self, header, payload=b""):
        """Sends a request and returns its reply; raises StudioError when the studio refuses it.
        When torch is imported, the request names torch.__version__ and the studio reproduces that
        PyTorch version (the nearest it supports; the reply's "torch" part says which)."""
        torch = sys.modules.get("torch")
        if torch is not None and "torch_version" not in header and isinstance(getattr(torch, "__version__", None), str):
            header = dict(header, torch_version=str(torch.__version__))
        self.send_frame(header, payload)
        reply, data = self.read_reply()
        if not reply.get("ok"):
            raise StudioError(reply.get("error", "the studio refused the request"), reply.get("error_type", "StudioError"),
                              reply.get("command", ""))
        return reply, data

    def _send_tensor(self, command, x, name):
        a = _as_array(x)
        header = dict(_tensor_fields(a, _is_bfloat16(x)), command=command)
        if name:
            header["name"] = name
        return self.request(header, a.tobytes())[0]

    @staticmethod
    def _array(reply, data):
        order = "<" if reply["byteorder"] == "little" else ">"
        if reply["dtype"] == "bfloat16":  # NumPy has no bfloat16: widened to float32, exactly
            bits = np.frombuffer(data, dtype=np.dtype(np.uint16).newbyteorder(order)).astype(np.uint32)
            return (bits << 16).view(np.float32).reshape(reply["shape"]).copy()
        dtype = np.dtype(reply["dtype"]).newbyteorder(order)
        return np.frombuffer(data, dtype=dtype).reshape(reply["shape"]).copy()

    # -- commands --------------------------------------------------------------------------

    def ping(self):
        """The studio's version and protocol: {"version": "1.0.0", "protocol": 1, ...}."""
        return self.request({"command": "ping"})[0]

    def open(self, x, name=None):
        """Shows x, an (N, C, L), (N, C, H, W) or (N, C, D, H, W) tensor, as the studio's input.
        The dtype is kept as torch.from_numpy keeps it (uint8 stays uint8, as when the same array
        is opened as a .npy; a torch.bfloat16 tensor stays bfloat16), so the studio computes or
        refuses it as F.interpolate does;
        uint16, uint32 and uint64, which torch.from_numpy refuses, are refused with its TypeError."""
        return self._send_tensor("open", x, name)

    def spec(self, call):
        """Sets the call as Python text: "F.interpolate(x, scale_factor=2, mode='bicubic')",
        "nn.Upsample(scale_factor=2, mode='bilinear')", "nn.UpsamplingBilinear2d(size=(8, 8))"...
        PyTorch's refusal comes back as a StudioError with PyTorch's type and message."""
        return self.request({"command": "spec", "call": call})[0]

    def result(self, of="result"):
        """The studio's current result (once computed) as a NumPy array; of="input" gives the
        input, of="difference" the A/B compare's A - B. A bfloat16 result comes back as float32,
        exactly (NumPy has no bfloat16; .to(torch.bfloat16) gives the bfloat16 tensor back)."""
        return self._array(*self.request({"command": "result", "of": of}))

    def compare(self, x, name=None):
        """Opens the A/B compare with x as B against the current result (A); returns the
        difference statistics (max_abs, mean_abs, rmse, psnr, differing, count...)."""
        return self._send_tensor("compare", x, name)

    def inspect(self, x, y):
        """Pins result pixel (column x, row y) and returns the inspector's numbers: per axis the
        scale, source coordinate, formulas, taps and weights; per channel the value and its sum."""
        return self.request({"command": "inspect", "x": int(x), "y": int(y)})[0]

    def stats(self, rect):
        """Region statistics: rect = (x, y, width, height) in the original's pixels. Outlines the
        region in the studio and returns, for "original", "result" and (with an A/B difference)
        "difference": the pixels counted and their count, finite count, mean, min, max and std
        (ddof=0, as NumPy's default)."""
        x, y, w, h = (float(v) for v in rect)
        return self.request({"command": "stats", "rect": [x, y, w, h]})[0]

    def screenshot(self, path=None, of="window"):
        """The window (or of="compare": the A/B compare) as PNG bytes; also written to path."""
        png = self.request({"command": "screenshot", "of": of})[1]
        if path:
            with open(path, "wb") as f:
                f.write(png)
        return png

    def quit(self):
        """Closes the studio."""
        return self.request({"command": "quit"})[0]

    def close(self):
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def connect(name=DEFAULT_NAME, spawn=False, studio=None, timeout=60.0, wait=30.0, args=()):
    """Connects to the studio listening as name. With spawn=True, starts one (studio: the
    program, by default $UPSAMPLE_STUDIO or upsample-studio on PATH) when none is listening, and
    waits up to `wait` seconds for it."""
    path = socket_path(name)
    try:
        return Studio(path, timeout)
    except (FileNotFoundError, ConnectionRefusedError):
        if not spawn:
            raise ConnectionError("no studio listens as %r (%s): start one with upsample-studio --listen %s, or "
                                  "connect(spawn=True)" % (name, path, name)) from None
    program = studio or os.environ.get("UPSAMPLE_STUDIO") or "upsample-studio"
    process = subprocess.Popen([program, "--listen", name] + list(args), stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            return Studio(path, timeout, process)
        except (FileNotFoundError, ConnectionRefusedError):
            if process.poll() is not None:
                raise ConnectionError("the studio (%s) ended with status %d before it listened" % (program, process.returncode))
            if time.monotonic() > deadline:
                raise TimeoutError("the studio did not listen on %s within %g s" % (path, wait))
            time.sleep(0.05)
