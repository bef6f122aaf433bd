#!/usr/bin/env python3
"""Golden cases of scikit-image's skimage.transform.resize, from the installed scikit-image.

Usage: generate_skimage.py OUTDIR   (writes OUTDIR/skimage.json)

Every case is resize(image, output_shape, order=..., mode=..., cval=..., clip=..., anti_aliasing=...)
on a float64 image (a few float32), with the image and result stored as IEEE bits (generate.py's
encoding): orders 0 and 1, every mode, anti_aliasing on and off, upscaling and downscaling, 1-D,
2-D and 3-D images. Deterministic: fixed seed. Needs python3-skimage
(scripts/install-deps.sh --with-libs).
"""
import collections
import itertools
import os
import sys
import warnings

import numpy as np

from generate import hex_of  # tests/golden/generate.py: the golden files' float encoding
from generate_libraries import package_version, write

SEED = 20240917
RNG = np.random.RandomState(SEED)
GENERATOR = "tests/golden/generate_skimage.py"
MODES = ["constant", "edge", "symmetric", "reflect", "wrap"]


def call_text(shape, order, mode, cval, clip, aa):
    s = "skimage.transform.resize(img, (%s), order=%d, mode='%s'" % (
        ", ".join(str(v) for v in shape) + ("," if len(shape) == 1 else ""), order, mode)
    if cval != 0:
        s += ", cval=%r" % cval
    if not clip:
        s += ", clip=False"
    return s + ", anti_aliasing=%s)" % aa


def cases():
    import skimage
    from skimage.transform import resize
    # (input shape, output shape): up, down, mixed, equal, tiny
    shapes = [((5, 7), (11, 9)), ((9, 8), (4, 3)), ((6, 4), (2, 9)), ((3, 3), (7, 7)),
              ((10, 6), (3, 6)), ((1, 5), (3, 2))]
    out = []
    k = 0

    def add(x, oshape, order, mode, cval=0.0, clip=True, aa=False):
        nonlocal k
        k += 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = resize(x, oshape, order=order, mode=mode, cval=cval, clip=clip, anti_aliasing=aa)
        assert y.dtype == x.dtype, (y.dtype, x.dtype)
        c = collections.OrderedDict()
        c["id"] = "skimage-o%d-%s-%s-%03d" % (order, mode, "aa" if aa else "noaa", k)
        c["call"] = call_text(oshape, order, mode, cval, clip, aa)
        c["order"] = order
        c["mode"] = mode
        c["cval"] = cval
        c["clip"] = clip
        c["anti_aliasing"] = aa
        c["dtype"] = "float32" if x.dtype == np.float32 else "float64"
        c["input_shape"] = list(x.shape)
        c["input"] = hex_of(x)
        c["output_shape"] = list(y.shape)
        c["output"] = hex_of(y)
        out.append(c)

    for order, mode, aa in itertools.product([0, 1, 2, 3], MODES, [False, True]):
        for ishape, oshape in shapes:
            x = RNG.uniform(-10.0, 10.0, ishape)
            add(x, oshape, order, mode, aa=aa)
    # constant: cval inside and outside the range (clip widens to it), clip off, all-positive images
    for order, aa in itertools.product([0, 1, 2, 3], [False, True]):
        x = RNG.uniform(1.0, 10.0, (6, 5))
        add(x, (9, 3), order, "constant", aa=aa)
        add(x, (9, 3), order, "constant", cval=2.5, aa=aa)
        add(x, (4, 11), order, "constant", cval=-3.0, aa=aa)
        add(x, (4, 11), order, "constant", cval=-3.0, clip=False, aa=aa)
    # float32 images stay float32
    for order, mode, aa in itertools.product([0, 1, 3], ["reflect", "edge"], [False, True]):
        x = RNG.uniform(-10.0, 10.0, (7, 6)).astype(np.float32)
        add(x, (3, 10), order, mode, aa=aa)
    # 1-D and 3-D images, strong downscaling (a Gaussian wider than the image)
    for order, mode in itertools.product([0, 1, 3], MODES):
        add(RNG.uniform(-10.0, 10.0, (9,)), (4,), order, mode, aa=True)
        add(RNG.uniform(-10.0, 10.0, (3, 4, 5)), (5, 2, 3), order, mode, aa=True)
        add(RNG.uniform(-10.0, 10.0, (3, 20)), (2, 2), order, mode, aa=True)
    import scipy
    # rescale(image, scale) is resize to max(1, round(in · scale)): the shapes it picks
    from skimage.transform import rescale
    for scale in [0.5, 1.5, 2.5, 0.3, (0.7, 1.25), (3.0, 0.1)]:
        x = RNG.uniform(-10.0, 10.0, (5, 7))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = rescale(x, scale, order=1, mode="edge", anti_aliasing=False)
            assert np.array_equal(y, resize(x, y.shape, order=1, mode="edge", anti_aliasing=False))
        add(x, y.shape, 1, "edge")
        out[-1]["id"] = out[-1]["id"].replace("skimage-", "skimage-rescale-")
        out[-1]["rescale"] = list(np.atleast_1d(scale).astype(float))
        out[-1]["call"] = "skimage.transform.rescale(img, %r, order=1, mode='edge', anti_aliasing=False)" % (scale,)
    header = {"generator": GENERATOR, "library": "skimage", "skimage_version": skimage.__version__,
              "scipy_version": scipy.__version__,
              "package": package_version("python3-skimage"), "seed": SEED}
    return header, out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate_skimage.py OUTDIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    header, cs = cases()
    write(os.path.join(sys.argv[1], "skimage.json"), header, cs)


if __name__ == "__main__":
    main()
