#!/usr/bin/python3
"""Writes the small .npy fixtures that tests/test_npy.cpp reads, with real NumPy.

Run with Debian's python3 (it has numpy):  /usr/bin/python3 tests/npy/make_fixtures.py
The values here are repeated in test_npy.cpp; change both together.
"""
import os
import sys

import numpy as np
from numpy.lib import format as npformat

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def save(name, array, version=None):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, array, allow_pickle=False)
    else:
        with open(path, "wb") as f:
            npformat.write_array(f, array, version=version, allow_pickle=False)


def main():
    os.makedirs(OUT, exist_ok=True)
    save("uint8.npy", np.array([[0, 1, 2], [127, 128, 255]], dtype=np.uint8))
    save("int16_be.npy", np.array([-32768, -1, 0, 1, 300, 32767], dtype=">i2"))
    save("float16.npy", np.array([1.0, -2.5, 65504.0, 2.0**-24, -0.0, np.inf, -np.inf, np.nan],
                                 dtype=np.float16))
    save("bool.npy", np.array([[True, False], [False, True]]))
    save("fortran_f32.npy", np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))
    save("v2_f64.npy", np.array([[0.5, -1.25], [1e300, -0.0]], dtype=np.float64), version=(2, 0))
    save("v3_f32.npy", np.array([1.5, 2.5, 3.5], dtype=np.float32), version=(3, 0))
    save("be_f64.npy", np.array([1.0, -3.75, 1e-300], dtype=">f8"))
    # Plain C-order little-endian arrays: encodeNpy must reproduce these bytes exactly.
    save("c_f32_2x3.npy", (np.arange(6, dtype=np.float32) * 0.5).reshape(2, 3))
    save("c_f64_5.npy", np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    save("c_f32_scalar.npy", np.array(7.25, dtype=np.float32))
    return 0


if __name__ == "__main__":
    sys.exit(main())
