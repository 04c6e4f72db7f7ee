"""Side-by-side bench task gmm_full: a Gaussian mixture with full covariances
on PCA-50 MNIST train (60,000×784 pixels/255, projected on its first 50
principal components by PCA(50, svd_solver='full')), K=10, reg_covar=0.01,
one k-means initialisation (n_init=1), tol 1e-3, max_iter 100, fixed seed.

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with train-images-idx3-ubyte.gz. Only the GaussianMixture fit is timed (the
PCA is done once before). Prints one JSON line; quality is the mean
log-likelihood of the training data (score, higher is better). The Go twin is
BenchmarkSideBySideGMMFull in mlkit/cluster. The two sides start from
different k-means labellings, so they may stop in different local optima: the
log-likelihoods are a sanity figure, not an exact match.
"""
import json
import os
import statistics
import sys
import time

from _common import load_mnist_train
from sklearn.decomposition import PCA
from sklearn.mixture import GaussianMixture

REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def main(COVARIANCE="full", TASK="gmm_full"):
    X = PCA(n_components=50, svd_solver="full").fit_transform(load_mnist_train())
    times, quality, n_iter = [], None, None
    for _ in range(REPEATS):
        gm = GaussianMixture(n_components=10, covariance_type=COVARIANCE,
                             reg_covar=0.01, n_init=1, random_state=0)
        t0 = time.perf_counter()
        gm.fit(X)
        times.append(time.perf_counter() - t0)
        quality, n_iter = float(gm.score(X)), int(gm.n_iter_)
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": quality, "quality_name": "loglik",
                      "iterations": n_iter}))


if __name__ == "__main__":
    sys.exit(main())
