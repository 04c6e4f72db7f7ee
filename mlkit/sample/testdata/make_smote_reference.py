"""Reference values for mlkit/sample's SMOTE tests.

Run with /usr/bin/python3 (imbalanced-learn 0.10, scikit-learn 1.2.1,
numpy 1.24.2) from this folder:  /usr/bin/python3 make_smote_reference.py

Writes smote_reference.json: per case the data, K, imbalanced-learn's
SMOTE(k_neighbors=K, random_state=0) output (the synthetic rows it appended
and the resampled class counts) and each class's K nearest same-class
neighbours by scikit-learn's NearestNeighbors (self left out), which
SMOTE interpolates towards. json writes floats with repr, so Go reads the
same doubles.
"""
import json

import imblearn
import numpy as np
from imblearn.over_sampling import SMOTE
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors


def cases():
    X, y = make_classification(n_samples=300, n_features=4, n_informative=3, n_redundant=0,
                               n_classes=3, weights=[0.6, 0.3, 0.1], random_state=0)
    yield "three300", X, y, 5
    rng = np.random.RandomState(1)
    X = np.vstack([rng.normal(0, 1, (10, 2)), rng.normal(2, 1, (4, 2))])
    yield "tiny14", X, np.array([0] * 10 + [1] * 4), 3
    X = rng.normal(size=(40, 6))
    yield "minority_first", X, np.array([0] * 8 + [1] * 20 + [2] * 12), 5


def main():
    out = {"imblearn": imblearn.__version__, "cases": []}
    for name, X, y, k in cases():
        Xr, yr = SMOTE(k_neighbors=k, random_state=0).fit_resample(X, y)
        classes = sorted(set(int(v) for v in y))
        neigh = {}
        for c in classes:
            Xc = X[y == c]
            if len(Xc) > k:
                nn = NearestNeighbors(n_neighbors=k + 1).fit(Xc)
                neigh[str(c)] = nn.kneighbors(Xc, return_distance=False)[:, 1:].tolist()
        out["cases"].append({
            "name": name, "k": k, "n": X.shape[0], "d": X.shape[1],
            "x": X.ravel().tolist(), "y": [int(v) for v in y],
            "synthetic": Xr[len(y):].ravel().tolist(), "synthetic_y": [int(v) for v in yr[len(y):]],
            "counts": [int(np.sum(yr == c)) for c in classes],
            "neighbors": neigh,
        })
        print(name, X.shape, [int(np.sum(y == c)) for c in classes], "->", out["cases"][-1]["counts"])
    with open("smote_reference.json", "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
