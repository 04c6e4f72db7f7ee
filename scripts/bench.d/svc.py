"""Side-by-side bench task svc: SVC(kernel='rbf', C=10, gamma='scale') on
PCA-50 (svd_solver='full', fitted on the training part, outside the timing)
of the first 10,000 MNIST training digits (pixels/255), predicting the 10,000
test digits. The time is fit + predict; fit_seconds and predict_seconds split
it; quality is the test accuracy.

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with the four IDX .gz files. Prints one JSON line. The Go twin is
BenchmarkSideBySideSVC in mlkit/svm.
"""
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
from _common import load_mnist_train
from sklearn.decomposition import PCA
from sklearn.svm import SVC

REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
N_TRAIN = 10000


def load_idx(name, offset):
    with gzip.open(os.path.join(os.environ["MNIST_DIR"], name), "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load():
    Xtr = load_mnist_train()[:N_TRAIN]
    ytr = load_idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64)[:N_TRAIN]
    Xte = load_idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784).astype(np.float64) / 255.0
    yte = load_idx("t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    pca = PCA(n_components=50, svd_solver="full").fit(Xtr)
    return pca.transform(Xtr), ytr, pca.transform(Xte), yte


def main():
    Ztr, ytr, Zte, yte = load()
    fits, preds, acc, nsv = [], [], None, None
    for _ in range(REPEATS):
        m = SVC(kernel="rbf", C=10, gamma="scale")
        t0 = time.perf_counter()
        m.fit(Ztr, ytr)
        t1 = time.perf_counter()
        pred = m.predict(Zte)
        t2 = time.perf_counter()
        fits.append(t1 - t0)
        preds.append(t2 - t1)
        acc = float((pred == yte).mean())
        nsv = int(m.n_support_.sum())
    fit_s, pred_s = statistics.median(fits), statistics.median(preds)
    print(json.dumps({"task": "svc", "seconds": fit_s + pred_s, "fit_seconds": fit_s,
                      "predict_seconds": pred_s, "quality": acc,
                      "quality_name": "test-accuracy", "n_support": nsv}))


if __name__ == "__main__":
    sys.exit(main())
