#!/usr/bin/python3
"""Writes the bundled samples in resources/samples/ (deterministic; no third-party images).

Run with Debian's python3 (it has numpy):  /usr/bin/python3 scripts/make_samples.py

  ones_1x1x4x4.npy      torch.ones(1, 1, 4, 4)
  arange_1x1x4x4.npy    torch.arange(16.).reshape(1, 1, 4, 4)
  volume_1x1x8x16x16.npy  a small (N, C, D, H, W) volume: a ball whose value is its slice
                        number plus one, on a zero background, so every depth slice differs
  test_chart.png        a 256x256 8-bit RGB chart: a zone plate, fine lines, slanted edges,
                        gradients and colour patches

The PNG is written with zlib and struct only (no imaging library needed).
"""
import os
import struct
import zlib

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "samples")


def save_npy(name, array):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(array, dtype=np.float32), allow_pickle=False)


def write_png(path, rgb):
    """8-bit RGB PNG, filter type 0 on every row."""
    h, w, c = rgb.shape
    assert c == 3 and rgb.dtype == np.uint8
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(png)
    os.replace(tmp, path)


def test_chart(size=256):
    s = size
    half = s // 2
    img = np.zeros((s, s, 3), dtype=np.float64)
    y, x = np.mgrid[0:s, 0:s].astype(np.float64)

    # Top left: a zone plate, cos(k r^2), whose frequency reaches Nyquist in the quadrant's corners.
    cy = cx = half / 2 - 0.5
    r2 = (y[:half, :half] - cy) ** 2 + (x[:half, :half] - cx) ** 2
    k = np.pi / (half * np.sqrt(2.0))
    zone = 0.5 + 0.5 * np.cos(k * r2)
    img[:half, :half, :] = zone[..., None]

    # Top right: fine lines. Rows 0-31: vertical lines with periods 2, 3, 4, 6 px (one block each);
    # rows 32-63: horizontal lines likewise; rows 64-127: a slanted dark square on white (edges).
    q = img[:half, half:, :]
    q[:] = 1.0
    for i, period in enumerate((2, 3, 4, 6)):
        xs = slice(i * 32, (i + 1) * 32)
        on = (np.arange(32) % period) < (period // 2)  # dark lines, period//2 px wide
        q[0:32, xs, :] = np.where(on, 0.0, 1.0)[None, :, None]
        q[32:64, xs, :] = np.where(on, 0.0, 1.0)[:, None, None]
    yy, xx = np.mgrid[0:64, 0:half].astype(np.float64)
    ang = np.deg2rad(8.0)
    u = (xx - 63.5) * np.cos(ang) + (yy - 31.5) * np.sin(ang)
    v = -(xx - 63.5) * np.sin(ang) + (yy - 31.5) * np.cos(ang)
    inside = (np.abs(u) < 22) & (np.abs(v) < 22)
    q[64:128, :, :] = np.where(inside, 0.1, 0.95)[..., None]

    # Bottom left: gradients. A grey ramp, then red, green and blue ramps, then a vertical ramp.
    g = img[half:, :half, :]
    ramp = np.linspace(0.0, 1.0, half)
    g[0:32, :, :] = ramp[None, :, None]
    for ch in range(3):
        g[32 + ch * 16:48 + ch * 16, :, :] = 0.0
        g[32 + ch * 16:48 + ch * 16, :, ch] = ramp[None, :]
    g[80:128, :, :] = np.linspace(1.0, 0.0, 48)[:, None, None]
    g[80:128, half // 2:, :] = np.linspace(0.0, 1.0, 48)[:, None, None] * np.array([1.0, 0.5, 0.0])

    # Bottom right: colour patches (4x4, 24 px each with a 8 px gap) and a 1-px checkerboard strip.
    c = img[half:, half:, :]
    c[:] = 0.5
    colours = [
        (0, 0, 0), (1, 1, 1), (1, 0, 0), (0, 1, 0),
        (0, 0, 1), (1, 1, 0), (0, 1, 1), (1, 0, 1),
        (0.5, 0.25, 0), (0.25, 0.5, 0.75), (0.9, 0.6, 0.5), (0.3, 0.3, 0.3),
        (0.75, 0.75, 0.75), (0.2, 0.6, 0.2), (0.6, 0.2, 0.6), (1, 0.5, 0),
    ]
    for i, col in enumerate(colours):
        r, k2 = divmod(i, 4)
        c[4 + r * 24:4 + r * 24 + 20, 4 + k2 * 32:4 + k2 * 32 + 24, :] = col
    checker = ((np.arange(24)[:, None] + np.arange(half)[None, :]) % 2).astype(np.float64)
    c[100:124, :, :] = checker[..., None]

    # One-pixel frame so edges of the picture are visible after resizing.
    img[0, :, :] = img[-1, :, :] = img[:, 0, :] = img[:, -1, :] = 0.0
    return np.clip(np.rint(img * 255.0), 0, 255).astype(np.uint8)


def volume():
    d, h, w = 8, 16, 16
    z, y, x = np.mgrid[0:d, 0:h, 0:w].astype(np.float64)
    r = np.sqrt(((z - 3.5) * 2.0) ** 2 + (y - 7.5) ** 2 + (x - 7.5) ** 2)
    v = np.where(r < 7.0, z + 1.0, 0.0)
    return v.reshape(1, 1, d, h, w)


def main():
    os.makedirs(OUT, exist_ok=True)
    save_npy("ones_1x1x4x4.npy", np.ones((1, 1, 4, 4)))
    save_npy("arange_1x1x4x4.npy", np.arange(16).reshape(1, 1, 4, 4))
    save_npy("volume_1x1x8x16x16.npy", volume())
    write_png(os.path.join(OUT, "test_chart.png"), test_chart())


if __name__ == "__main__":
    main()
