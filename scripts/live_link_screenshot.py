#!/usr/bin/env python3
"""README's live-link screenshot: a tensor sent from Python to a studio started offscreen.

Usage: PYTHONPATH=python scripts/live_link_screenshot.py STUDIO OUT.png
"""
import os
import sys
import tempfile

import numpy as np

import upsample_studio as us

studio, out = sys.argv[1], sys.argv[2]
with tempfile.TemporaryDirectory() as tmp:
    os.chmod(tmp, 0o700)
    os.environ.update(QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"))
    s = us.connect("readme", spawn=True, studio=studio)
    # A small feature map: rings in red, a ramp in green, a checker in blue, values in [0, 255].
    yy, xx = np.mgrid[0:48, 0:64].astype(np.float32)
    r = np.hypot(xx - 32, yy - 24)
    x = np.stack([127.5 + 127.5 * np.cos(r / 2.5), xx * 4, ((xx // 8 + yy // 8) % 2) * 255])[None].astype(np.float32)
    s.open(x, name="feature_map")
    s.spec("F.interpolate(x, scale_factor=2, mode='bicubic')")
    s.inspect(40, 30)
    s.screenshot(out)
    s.quit()
    s.process.wait(30)
print("wrote", out)
