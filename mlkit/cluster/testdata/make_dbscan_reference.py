"""Reference values for mlkit/cluster's DBSCAN tests.

Run with /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24) from this folder:
    /usr/bin/python3 make_dbscan_reference.py

Writes dbscan_<name>.csv.gz (the data, each value printed with repr so that
Go parses exactly the doubles numpy used) and dbscan_reference.json (per
data set: eps, min_samples, scikit-learn's labels_ and core_sample_indices_,
and how many border samples touch cores of two or more clusters, so that
the tests know the tie rule was exercised).

Every data set has at least 12 rows and at most 15 features, so that
scikit-learn's algorithm="auto" uses its KDTree (exact sums of squared
differences) and not brute force.
"""
import gzip
import json

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN
from sklearn.datasets import make_blobs, make_circles
from sklearn.neighbors import NearestNeighbors


def save(name, X):
    X = np.asarray(X, dtype=np.float64)
    with gzip.GzipFile(f"dbscan_{name}.csv.gz", "wb", mtime=0) as f:
        f.write("\n".join(",".join(repr(float(v)) for v in row) for row in X).encode())
        f.write(b"\n")
    with gzip.open(f"dbscan_{name}.csv.gz", "rt") as f:
        Y = np.array([[float(v) for v in line.split(",")] for line in f if line.strip()])
    assert np.array_equal(X, Y)
    return Y


def datasets():
    rng = np.random.RandomState(0)
    # Blobs with uniform noise.
    X, _ = make_blobs(n_samples=1500, centers=4, cluster_std=0.6, random_state=0)
    X = np.vstack([X, rng.uniform(X.min(0) - 1, X.max(0) + 1, size=(200, 2))])
    yield "blobs_noise", X, 0.5, 10
    # Two rings.
    X, _ = make_circles(n_samples=1000, factor=0.5, noise=0.05, random_state=0)
    yield "rings", X, 0.1, 5
    # MinSamples 1: every row is core, clusters are the Eps-graph's components.
    yield "rings_ms1", X, 0.03, 1
    # Integer points with many duplicates: many pairs exactly at distance Eps=1
    # (and at √2, √5 for Eps=1.5 and 2.25).
    X = rng.randint(0, 20, size=(600, 2)).astype(float)
    yield "dup_grid", X, 1.0, 6
    yield "dup_grid_eps1.5", X, 1.5, 8
    # Half-integer lattice chains: distances exactly Eps=0.5 between chain
    # neighbours, borders at chain ends, one point bridging two clusters.
    pts = [(0.5 * i, 0.0) for i in range(12)] + [(0.5 * i, 3.0) for i in range(12)]
    pts += [(2.0, 0.5), (2.0, 1.0), (2.0, 1.5), (2.0, 2.0), (2.0, 2.5)]
    pts += [(10.0, 0.0), (10.5, 0.0), (10.0, 0.5), (10.5, 0.5), (11.0, 0.25), (10.25, 1.0)]
    pts += [(6.0 + 0.5 * i, 1.5) for i in range(6)]
    X = np.array(pts)
    yield "lattice", X, 0.5, 3
    # All rows identical, and identical rows below MinSamples.
    yield "identical", np.full((300, 2), 3.25), 0.1, 5
    yield "identical_few", np.full((20, 3), -1.5), 0.1, 50
    # 3-D blobs with noise.
    X, _ = make_blobs(n_samples=2000, n_features=3, centers=5, cluster_std=0.7, random_state=1)
    X = np.vstack([X, rng.uniform(X.min(0), X.max(0), size=(300, 3))])
    yield "blobs3d", X, 0.6, 8
    # 5-D blobs (the k-d tree path on the Go side).
    X, _ = make_blobs(n_samples=1500, n_features=5, centers=4, cluster_std=1.0, random_state=2)
    X = np.vstack([X, rng.uniform(X.min(0), X.max(0), size=(200, 5))])
    yield "blobs5d", X, 1.5, 10
    # 1-D.
    X = np.concatenate([rng.normal(0, 1, 300), rng.normal(6, 0.5, 200), rng.uniform(-5, 10, 50)])
    yield "line1d", X[:, None], 0.05, 5
    # A small benchmark-like field: 50 Gaussian blobs, sd 0.5, centres in
    # [0, 40]², 10 % uniform noise; Eps 0.3, MinSamples 10 as the benchmark.
    c = rng.uniform(0, 40, size=(50, 2))
    m = 18000
    X = c[rng.randint(0, 50, size=m)] + 0.5 * rng.normal(size=(m, 2))
    X = np.vstack([X, rng.uniform(0, 40, size=(m // 9, 2))])
    yield "field20k", X, 0.3, 10


def border_ties(X, eps, core, labels):
    nb = NearestNeighbors(radius=eps).fit(X).radius_neighbors(X, return_distance=False)
    ties = 0
    for i, ns in enumerate(nb):
        if core[i]:
            continue
        cl = {labels[j] for j in ns if core[j]}
        ties += len(cl) >= 2
    return ties


def main():
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "datasets": []}
    for name, X, eps, ms in datasets():
        X = save(name, X)
        db = DBSCAN(eps=eps, min_samples=ms).fit(X)
        core = np.zeros(len(X), bool)
        core[db.core_sample_indices_] = True
        rec = {
            "name": name, "n": X.shape[0], "d": X.shape[1], "eps": eps, "min_samples": ms,
            "labels": [int(v) for v in db.labels_],
            "core": [int(v) for v in db.core_sample_indices_],
            "n_clusters": int(db.labels_.max() + 1),
            "border_ties": border_ties(X, eps, core, db.labels_),
        }
        out["datasets"].append(rec)
        print(name, X.shape, "clusters", rec["n_clusters"], "core", len(rec["core"]),
              "noise", int((db.labels_ < 0).sum()), "ties", rec["border_ties"])
    with open("dbscan_reference.json", "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
