"""Side-by-side bench task tsne: t-SNE (Barnes-Hut, perplexity 30, 1,000
iterations, init='pca', learning_rate='auto') of the PCA-50 scores of the
first 5,000 MNIST training images (pixels/255).

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with train-images-idx3-ubyte.gz. Prints one JSON line; quality is
sklearn.manifold.trustworthiness with n_neighbors=5 (higher is better),
computed outside the timing. The Go twin is BenchmarkSideBySideTSNE in
mlkit/embed.
"""
import json
import os
import statistics
import sys
import time

from _common import load_mnist_train
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness

TASK = "tsne"
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def main():
    X = PCA(n_components=50, svd_solver="full").fit_transform(load_mnist_train()[:5000])
    times, quality, kl = [], None, None
    for _ in range(REPEATS):
        t = TSNE(n_components=2, perplexity=30, n_iter=1000, init="pca",
                 learning_rate="auto", method="barnes_hut", random_state=0)
        t0 = time.perf_counter()
        Y = t.fit_transform(X)
        times.append(time.perf_counter() - t0)
        kl = float(t.kl_divergence_)
        quality = float(trustworthiness(X, Y, n_neighbors=5))
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": quality, "quality_name": "trustworthiness",
                      "kl": kl}))


if __name__ == "__main__":
    sys.exit(main())
