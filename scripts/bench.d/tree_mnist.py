"""Side-by-side bench task tree_mnist: DecisionTreeClassifier(max_depth=10)
(Gini, best splitter, all features) on MNIST train (60,000×784, pixels/255);
quality is the training accuracy.

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with the IDX .gz files. Prints one JSON line. The Go twin is
BenchmarkSideBySideTreeMNIST in mlkit/tree.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
from _common import load_mnist_train
from sklearn.tree import DecisionTreeClassifier

REPEATS = int(os.environ.get("BENCH_REPEATS", "1"))


def load_labels():
    import gzip
    with gzip.open(os.path.join(os.environ["MNIST_DIR"], "train-labels-idx1-ubyte.gz"), "rb") as f:
        raw = f.read()
    return np.frombuffer(raw, dtype=np.uint8, offset=8).astype(np.int64)


def main(X=None, TASK="tree_mnist"):
    if X is None:
        X = load_mnist_train()
    y = load_labels()
    times, acc, leaves = [], None, None
    for _ in range(REPEATS):
        t = DecisionTreeClassifier(max_depth=10, random_state=0)
        t0 = time.perf_counter()
        t.fit(X, y)
        times.append(time.perf_counter() - t0)
        acc = float((t.predict(X) == y).mean())
        leaves = int(t.get_n_leaves())
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": acc, "quality_name": "training_accuracy", "leaves": leaves}))


if __name__ == "__main__":
    sys.exit(main())
