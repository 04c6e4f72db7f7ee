"""Shared by the reference bench scripts (scripts/lib/bench.py skips files starting with "_")."""
import gzip
import os

import numpy as np


def load_mnist_train():
    path = os.path.join(os.environ["MNIST_DIR"], "train-images-idx3-ubyte.gz")
    with gzip.open(path, "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[4:8], "big")
    rows = int.from_bytes(raw[8:12], "big")
    cols = int.from_bytes(raw[12:16], "big")
    pix = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, rows * cols)
    return pix.astype(np.float64) / 255.0
