"""Side-by-side bench task pca_full: PCA(50) with the exact (LAPACK) solver on
MNIST train (60,000×784, pixels/255).

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with train-images-idx3-ubyte.gz. Prints one JSON line; quality is the sum of
the explained variance ratios of the 50 components (higher is better). The Go
twin is BenchmarkSideBySidePCAFull in mlkit/embed.
"""
import json
import os
import statistics
import sys
import time

from _common import load_mnist_train
from sklearn.decomposition import PCA

REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def main(SOLVER="full", TASK="pca_full"):
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
