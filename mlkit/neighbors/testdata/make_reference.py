#!/usr/bin/python3
"""Reference values for mlkit/neighbors tests (scikit-learn 1.2.1; run with
/usr/bin/python3). Data are rounded to 6 decimals before use and written as
used.

- seeded: 400×5 standard normal data, 60 queries, k=7: NearestNeighbors
  kneighbors distances and indices (continuous data: no ties), and
  kneighbors() with no query (self excluded).
- iris: every third row held out as the test set; KNeighborsClassifier
  (k=5 uniform, k=7 distance) predictions and probabilities on the test rows.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_iris
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    rng = np.random.default_rng(11)
    X = np.round(rng.normal(size=(400, 5)), 6)
    Q = np.round(rng.normal(size=(60, 5)), 6)
    y = rng.integers(0, 3, size=400) * 2 + 1  # labels 1, 3, 5
    nn = NearestNeighbors(n_neighbors=7).fit(X)
    dist, ind = nn.kneighbors(Q)
    sdist, sind = nn.kneighbors()
    seeded = {"X": X.tolist(), "Q": Q.tolist(), "y": y.tolist(), "k": 7,
              "distances": dist.tolist(), "indices": ind.tolist(),
              "self_distances": sdist[:20].tolist(), "self_indices": sind[:20].tolist()}
    clf = {}
    for name, k, w in [("uniform5", 5, "uniform"), ("distance7", 7, "distance")]:
        m = KNeighborsClassifier(n_neighbors=k, weights=w).fit(X, y)
        clf[name] = {"k": k, "weights": w, "predict": m.predict(Q).tolist(),
                     "proba": m.predict_proba(Q).tolist()}
    seeded["classifier"] = clf

    iris = load_iris()
    test = np.arange(150) % 3 == 0
    Xtr, ytr = iris.data[~test], iris.target[~test]
    Xte, yte = iris.data[test], iris.target[test]
    ir = {"Xtrain": Xtr.tolist(), "ytrain": ytr.tolist(), "Xtest": Xte.tolist(), "ytest": yte.tolist()}
    for name, k, w in [("uniform5", 5, "uniform"), ("distance7", 7, "distance")]:
        m = KNeighborsClassifier(n_neighbors=k, weights=w).fit(Xtr, ytr)
        ir[name] = {"k": k, "weights": w, "predict": m.predict(Xte).tolist(),
                    "proba": m.predict_proba(Xte).tolist(), "accuracy": m.score(Xte, yte)}
        print(name, "iris test accuracy", m.score(Xte, yte))
    with open(os.path.join(HERE, "reference.json"), "w") as fh:
        json.dump({"seeded": seeded, "iris": ir}, fh, separators=(",", ":"))


if __name__ == "__main__":
    main()
