"""Side-by-side bench task pca_randomized: PCA(50) with the randomized solver (n_iter auto = 7, 10 oversamples) on
MNIST train (60,000×784, pixels/255).

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with train-images-idx3-ubyte.gz. Prints one JSON line; quality is the sum of
the explained variance ratios of the 50 components (higher is better). The Go
twin is BenchmarkSideBySidePCARandomized in mlkit/embed.
"""
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
from sklearn.decomposition import PCA

SOLVER = "randomized"
TASK = "pca_randomized"
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def load_mnist_train():
    path = os.path.join(os.environ["MNIST_DIR"], "train-images-idx3-ubyte.gz")
    with gzip.open(path, "rb") as f:
        raw = f.read()
    n = int.from_bytes(raw[4:8], "big")
    rows = int.from_bytes(raw[8:12], "big")
    cols = int.from_bytes(raw[12:16], "big")
    pix = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, rows * cols)
    return pix.astype(np.float64) / 255.0


def main():
    X = load_mnist_train()
    times, quality = [], None
    for _ in range(REPEATS):
        p = PCA(n_components=50, svd_solver=SOLVER, random_state=0)
        t0 = time.perf_counter()
        p.fit(X)
        times.append(time.perf_counter() - t0)
        quality = float(p.explained_variance_ratio_.sum())
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": quality, "quality_name": "explained_ratio"}))


if __name__ == "__main__":
    sys.exit(main())
