"""scikit-learn 1.2.1's DecisionTreeClassifier(max_depth=10) on MNIST train
(60,000×784, pixels/255), for mlkit/tree's long reference test.

Run with /usr/bin/python3 from this folder, MNIST_DIR naming the folder with
the IDX .gz files (scripts/bench.d/_common.py reads them):
    MNIST_DIR=... /usr/bin/python3 make_tree_mnist_reference.py
Writes tree_mnist_depth10.json.gz: the tree_ arrays and training accuracy.
"""
import gzip
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts", "bench.d"))
from _common import load_mnist_train  # noqa: E402


def main():
    X = load_mnist_train()
    with gzip.open(os.path.join(os.environ["MNIST_DIR"], "train-labels-idx1-ubyte.gz"), "rb") as f:
        y = np.frombuffer(f.read(), dtype=np.uint8, offset=8).astype(np.int64)
    m = DecisionTreeClassifier(max_depth=10, random_state=0).fit(X, y)
    t = m.tree_
    out = {
        "sklearn": sklearn.__version__,
        "children_left": t.children_left.tolist(),
        "children_right": t.children_right.tolist(),
        "feature": t.feature.tolist(),
        "threshold": t.threshold.tolist(),
        "impurity": t.impurity.tolist(),
        "n_node_samples": t.n_node_samples.tolist(),
        "weighted_n_node_samples": t.weighted_n_node_samples.tolist(),
        "value": t.value[:, 0, :].tolist(),
        "training_accuracy": float((m.predict(X) == y).mean()),
    }
    with gzip.GzipFile("tree_mnist_depth10.json.gz", "wb", mtime=0) as f:
        f.write(json.dumps(out).encode())
    print(len(out["feature"]), "nodes, training accuracy", out["training_accuracy"])


if __name__ == "__main__":
    main()
