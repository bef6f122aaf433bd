"""bfloat16 over the live link, end to end: a torch.bfloat16 tensor sent by the Python client
(python/upsample_studio) to a studio started offscreen, computed as PyTorch 2.14.1 computes it
(a case of tests/golden/torch-2.14/bfloat16.json, bit for bit), and returned as float32 exactly.

Run by ctest with /usr/bin/python3 (Debian's NumPy and torch 1.13), UPSAMPLE_STUDIO naming the built
studio and PYTHONPATH the repository's python/ folder.
"""
import json
import os
import sys
import unittest

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "link"))
os.environ.setdefault("UPSAMPLE_CLI", "")

import upsample_studio as us  # noqa: E402
from test_link_studio import StudioProcess  # noqa: E402  (the studio on a private name)

NEWER = "2.14.1"


def golden_case():
    """A bilinear case of the 2.14.1 bfloat16 goldens with a NaN-free, N = 1 input."""
    with open(os.path.join(HERE, "..", "golden", "torch-2.14", "bfloat16.json")) as f:
        cases = json.load(f)["cases"]
    for c in cases:
        if c["mode"] == "bilinear" and c["output"] and c["input_shape"][0] == 1 and isinstance(c["size"], list):
            bits = np.frombuffer(bytes.fromhex(c["input"]), dtype=">u2").astype(np.uint16)
            if not np.isnan((bits.astype(np.uint32) << 16).view(np.float32)).any():
                return c
    raise AssertionError("no bilinear case in the goldens")


def widened(hex_bits, shape):
    bits = np.frombuffer(bytes.fromhex(hex_bits), dtype=">u2").astype(np.uint32)
    return (bits << 16).view(np.float32).reshape(shape)


class BFloat16(unittest.TestCase):
    def setUp(self):
        self.studio = StudioProcess()

    def tearDown(self):
        self.studio.process.kill()
        self.studio.process.wait()

    def test_round_trip_and_result(self):
        c = golden_case()
        bits = np.frombuffer(bytes.fromhex(c["input"]), dtype=">u2").astype(np.int16).reshape(c["input_shape"])
        x = torch.from_numpy(bits.copy()).view(torch.bfloat16)
        with self.studio.connect() as s:
            a = us._as_array(x)
            self.assertEqual(a.dtype, np.uint16)
            header = dict(us._tensor_fields(a, True), command="open", torch_version=NEWER)
            self.assertEqual(header["dtype"], "bfloat16")
            reply = s.request(header, a.tobytes())[0]
            self.assertEqual(reply["input"]["dtype"], "bfloat16")
            call = "F.interpolate(x, size=(%d, %d), mode='bilinear'%s)" % (
                c["size"][0], c["size"][1], ", align_corners=True" if c["align_corners"] else "")
            s.request({"command": "spec", "call": call, "torch_version": NEWER})
            r, data = s.request({"command": "result", "torch_version": NEWER})
            self.assertEqual(r["dtype"], "bfloat16")
            y = s._array(r, data)
            self.assertEqual(y.dtype, np.float32)
            np.testing.assert_array_equal(y, widened(c["output"], c["output_shape"]))
            r, data = s.request({"command": "result", "of": "input", "torch_version": NEWER})
            np.testing.assert_array_equal(s._array(r, data), x.float().numpy())
            # the client names torch 1.13 (imported here): bilinear bfloat16 there is refused in plain words
            s.open(x)
            with self.assertRaises(us.StudioError) as refused:
                s.spec(call)
                s.result()
            self.assertIn("which this program does not reproduce", str(refused.exception))


if __name__ == "__main__":
    unittest.main()
