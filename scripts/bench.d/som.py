"""Side-by-side bench task som: a 20×20 rectangular self-organizing map
trained with 10⁵ single-sample updates on 10⁵ points of 2-D Gaussian blobs
(make_blobs: 10 centres in [−10, 10]², standard deviation 1, random_state=0),
σ = 3, η = 0.5, both decayed as p / (1 + t/(T/2)), Gaussian neighbourhood,
PCA initialisation, samples in MiniSom's random order; quality is the
quantization error on the training points.

MiniSom is not packaged for Debian, so this is MiniSom 2.3's update rule
(train(random_order=True), pca_weights_init) written out in numpy, as in
mlkit/cluster/testdata/make_som_reference.py; MiniSom itself does the same
numpy work per step. Run with /usr/bin/python3. Prints one JSON line. The Go
twin is BenchmarkSideBySideSOM in mlkit/cluster (same distribution, its own
draws of the data).
"""
import json
import os
import statistics
import sys
import time

import numpy as np
from sklearn.datasets import make_blobs

TASK = "som"
REPEATS = int(os.environ.get("BENCH_REPEATS", "1"))
ROWS, COLS, SIGMA, LR, T = 20, 20, 3.0, 0.5, 100_000


def pca_init(X):
    eigvals, eigvecs = np.linalg.eigh(np.cov(X, rowvar=False))
    order = np.argsort(eigvals)[::-1]
    pc1, pc2 = eigvecs[:, order[0]], eigvecs[:, order[1]]
    W = np.zeros((ROWS, COLS, X.shape[1]))
    for i, c1 in enumerate(np.linspace(-1, 1, ROWS)):
        for j, c2 in enumerate(np.linspace(-1, 1, COLS)):
            W[i, j] = X.mean(axis=0) + c1 * pc1 + c2 * pc2
    return W


def train(X, seed):
    rs = np.random.RandomState(seed)
    W = pca_init(X)
    xx, yy = np.meshgrid(np.arange(ROWS), np.arange(COLS))
    px, py = xx.T.astype(float), yy.T.astype(float)
    order = np.arange(T) % len(X)
    rs.shuffle(order)
    for t, i in enumerate(order):
        x = X[i]
        dist = np.linalg.norm(x - W, axis=-1)
        b = np.unravel_index(dist.argmin(), dist.shape)
        f = 1 + t / (T / 2)
        eta, sig = LR / f, SIGMA / f
        den = 2 * sig * sig
        g = np.exp(-((px - px[b]) ** 2) / den) * np.exp(-((py - py[b]) ** 2) / den) * eta
        W += g[:, :, None] * (x - W)
    return W


def errors(W, X):
    flat = W.reshape(-1, W.shape[2])
    qe, te = 0.0, 0
    for s in range(0, len(X), 10000):
        Xs = X[s:s + 10000]
        d2 = (Xs ** 2).sum(1)[:, None] - 2 * Xs @ flat.T + (flat ** 2).sum(1)[None, :]
        b2 = np.argsort(d2, axis=1)[:, :2]
        qe += np.linalg.norm(Xs - flat[b2[:, 0]], axis=1).sum()
        r, c = np.unravel_index(b2, (ROWS, COLS))
        te += int((np.hypot(r[:, 0] - r[:, 1], c[:, 0] - c[:, 1]) > 1.42).sum())
    return qe / len(X), te / len(X)


def main():
    X, _ = make_blobs(n_samples=100_000, n_features=2, centers=10, cluster_std=1.0, random_state=0)
    times, W = [], None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        W = train(X, 1)
        times.append(time.perf_counter() - t0)
    qe, te = errors(W, X)
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": qe, "quality_name": "quantization-error",
                      "topographic_error": te}))


if __name__ == "__main__":
    sys.exit(main())
