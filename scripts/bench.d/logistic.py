"""Side-by-side bench task logistic: multinomial logistic regression on MNIST
train (60,000×784, pixels/255), C=1.0, lbfgs, max_iter=200; quality is the
accuracy on the 10,000 test images.

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with the four IDX .gz files. Prints one JSON line. One fit takes ~20 s here,
so BENCH_REPEATS defaults to 1 for this task. The Go twin is
BenchmarkSideBySideLogistic in mlkit/linear.
"""
import gzip
import json
import os
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

TASK = "logistic"
REPEATS = int(os.environ.get("BENCH_REPEATS", "1"))


def load_images(name):
    with gzip.open(os.path.join(os.environ["MNIST_DIR"], name), "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[4:8], "big")
    rows = int.from_bytes(raw[8:12], "big")
    cols = int.from_bytes(raw[12:16], "big")
    pix = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, rows * cols)
    return pix.astype(np.float64) / 255.0


def load_labels(name):
    with gzip.open(os.path.join(os.environ["MNIST_DIR"], name), "rb") as f:
        raw = f.read()
    return np.frombuffer(raw, dtype=np.uint8, offset=8).astype(np.int64)


def main():
    Xtr = load_images("train-images-idx3-ubyte.gz")
    ytr = load_labels("train-labels-idx1-ubyte.gz")
    Xte = load_images("t10k-images-idx3-ubyte.gz")
    yte = load_labels("t10k-labels-idx1-ubyte.gz")
    warnings.simplefilter("ignore", ConvergenceWarning)
    times, acc, n_iter = [], None, None
    for _ in range(REPEATS):
        lr = LogisticRegression(C=1.0, max_iter=200)
        t0 = time.perf_counter()
        lr.fit(Xtr, ytr)
        times.append(time.perf_counter() - t0)
        acc = float((lr.predict(Xte) == yte).mean())
        n_iter = int(lr.n_iter_[0])
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": acc, "quality_name": "test accuracy",
                      "iterations": n_iter}))


if __name__ == "__main__":
    sys.exit(main())
