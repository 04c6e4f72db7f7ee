#!/usr/bin/python3
"""Reference for Images.Downsample: the first 3 MNIST training images,
28x28 -> 13x13, by the definition of area averaging (each output pixel is the
integral of the piecewise-constant input over its rectangle divided by the
rectangle's area), computed directly in 2-D in float64 with numpy, not
separably as the Go code does. Writes downsample_reference.json.

MNIST_DIR must point at the folder holding train-images-idx3-ubyte.gz.
"""
import gzip
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def overlap(a0, a1, b0, b1):
    return max(0.0, min(a1, b1) - max(a0, b0))


def area_resize(img, h, w):
    H, W = img.shape
    out = np.zeros((h, w))
    sy, sx = H / h, W / w
    for oy in range(h):
        for ox in range(w):
            y0, y1, x0, x1 = oy * sy, (oy + 1) * sy, ox * sx, (ox + 1) * sx
            acc = 0.0
            for iy in range(int(y0), min(H, int(np.ceil(y1)))):
                for ix in range(int(x0), min(W, int(np.ceil(x1)))):
                    acc += img[iy, ix] * overlap(y0, y1, iy, iy + 1) * overlap(x0, x1, ix, ix + 1)
            out[oy, ox] = acc / (sy * sx)
    return out


with gzip.open(os.path.join(os.environ["MNIST_DIR"], "train-images-idx3-ubyte.gz")) as f:
    raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 28, 28)
imgs = raw[:3].astype(np.float64) / 255.0
ref = [area_resize(im, 13, 13).ravel().tolist() for im in imgs]
with open(os.path.join(HERE, "downsample_reference.json"), "w") as f:
    json.dump({"generator": "make_downsample_reference.py", "h": 13, "w": 13, "images": ref}, f)
    f.write("\n")
