"""Side-by-side bench task silhouette: the mean silhouette of 10,000 points in
50 dimensions, 10 Gaussian blobs (sklearn.metrics.silhouette_score, Euclidean).

Run with /usr/bin/python3 (scikit-learn 1.2.1). Prints one JSON line; quality
is the silhouette value. The Go twin is BenchmarkSideBySideSilhouette in
mlkit/metrics. Both sides generate the data with the same 64-bit LCG
(Knuth's MMIX constants) and Box–Muller normals: centers ~ N(0, 10²) per
coordinate, points = center + N(0, 1), label i mod 10. Go's and the C
library's log/cos may differ in the last bit, so the data agree to about
1e-15 relative and the silhouettes to about 1e-12, not bit for bit.
"""
import json
import math
import os
import statistics
import sys
import time

import numpy as np
from sklearn.metrics import silhouette_score

TASK = "silhouette"
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
MASK = (1 << 64) - 1


def lcg_blobs(n, d, k, seed):
    state = seed

    def uniform():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        return ((state >> 11) + 0.5) / (1 << 53)

    def normal():
        u1, u2 = uniform(), uniform()
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)

    centers = [10 * normal() for _ in range(k * d)]
    X = np.empty((n, d))
    labels = np.arange(n) % k
    for i in range(n):
        c = labels[i] * d
        X[i] = [centers[c + j] + normal() for j in range(d)]
    return X, labels


def main():
    X, labels = lcg_blobs(10000, 50, 10, 1)
    times, s = [], None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        s = float(silhouette_score(X, labels))
        times.append(time.perf_counter() - t0)
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": s, "quality_name": "silhouette"}))


if __name__ == "__main__":
    sys.exit(main())
