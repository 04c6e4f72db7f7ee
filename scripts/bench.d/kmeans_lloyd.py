"""Side-by-side bench task kmeans_lloyd: k-means on MNIST train (60,000×784,
pixels/255), K=10, n_init=1, max_iter=100, Lloyd, fixed seed.

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with train-images-idx3-ubyte.gz. Prints one JSON line; quality is the final
inertia (lower is better). The Go twin is BenchmarkSideBySideKMeansLloyd in
mlkit/cluster.
"""
import json
import os
import statistics
import sys
import time

from _common import load_mnist_train
from sklearn.cluster import KMeans

REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def main(ALGORITHM="lloyd", TASK="kmeans_lloyd"):
    X = load_mnist_train()
    times, inertia, n_iter = [], None, None
    for _ in range(REPEATS):
        km = KMeans(n_clusters=10, n_init=1, max_iter=100, algorithm=ALGORITHM,
                    random_state=0)
        t0 = time.perf_counter()
        km.fit(X)
        times.append(time.perf_counter() - t0)
        inertia, n_iter = float(km.inertia_), int(km.n_iter_)
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": inertia, "quality_name": "inertia",
                      "iterations": n_iter}))


if __name__ == "__main__":
    sys.exit(main())
