"""Reference values for mlkit/cluster's k-means tests.

Run with /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24.2) from this
folder:  /usr/bin/python3 make_kmeans_reference.py

Writes kmeans_<name>.csv.gz (the data, rounded to 4 decimals so that Go parses
exactly the doubles numpy used) and kmeans_reference.json (per dataset: K,
the best inertia over n_init=10 at the default tol=1e-4 and at tol=0, the
iterations, and the labels of the tol=0 fit).
"""
import gzip
import json

import numpy as np
import sklearn
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import load_iris, make_blobs


def save(name, X):
    X = np.round(np.asarray(X, dtype=np.float64), 4)
    with gzip.GzipFile(f"kmeans_{name}.csv.gz", "wb", mtime=0) as f:
        f.write("\n".join(",".join(f"{v:.4f}" for v in row) for row in X).encode())
        f.write(b"\n")
    # Read back what Go will read.
    with gzip.open(f"kmeans_{name}.csv.gz", "rt") as f:
        return np.array([[float(v) for v in line.split(",")] for line in f if line.strip()])


def datasets():
    X, _ = make_blobs(n_samples=500, n_features=5, centers=4, cluster_std=1.0, random_state=0)
    yield "blobs500", X, 4
    yield "iris", load_iris().data, 3
    X, _ = make_blobs(n_samples=2000, n_features=20, centers=5, cluster_std=3.0, random_state=1)
    yield "blobs2000", X, 5


def main():
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "datasets": []}
    for name, X, k in datasets():
        X = save(name, X)
        rec = {"name": name, "n": X.shape[0], "d": X.shape[1], "k": k}
        for algo in ("lloyd", "elkan"):
            km = KMeans(n_clusters=k, n_init=10, random_state=0, algorithm=algo).fit(X)
            rec[f"inertia_{algo}"] = float(km.inertia_)
            rec[f"iterations_{algo}"] = int(km.n_iter_)
        mb = MiniBatchKMeans(n_clusters=k, n_init=3, random_state=0).fit(X)
        rec["inertia_minibatch"] = float(mb.inertia_)
        km = KMeans(n_clusters=k, n_init=10, tol=0, random_state=0).fit(X)
        rec["inertia_tol0"] = float(km.inertia_)
        rec["labels_tol0"] = [int(v) for v in km.labels_]
        out["datasets"].append(rec)
        print(name, X.shape, k, rec["inertia_lloyd"], rec["inertia_elkan"], rec["inertia_tol0"])
    with open("kmeans_reference.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
