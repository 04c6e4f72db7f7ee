"""Reference values for mlkit/tree's tests.

Run with /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24) from this folder:
    /usr/bin/python3 make_tree_reference.py

Reads iris, wine and breast cancer from mlkit/data/tables (the same CSV
files the Go tests read, so both parse the same doubles) and writes
tree_reference.json: per case, scikit-learn's tree_ arrays (children,
feature, threshold, impurity, counts, value), feature_importances_,
export_text (with the table's feature names and with none), the training
predictions and leaf ids, and "tie_free": whether random_state 0..19 all
grow the same tree (scikit-learn visits features in a random order, so a
tree that changes with the seed has splits that tie across features).
It also writes tree_friedman.csv.gz (make_friedman1, rounded to 4
decimals) for the regression cases.
"""
import csv
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import make_friedman1
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor, export_text

TABLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "tables")
SEEDS = range(20)


def load(name):
    with open(os.path.join(TABLES, name + ".csv")) as f:
        rows = list(csv.reader(f))
    names = rows[0][:-1]
    X = np.array([[float(v) for v in r[:-1]] for r in rows[1:]])
    y = np.array([int(r[-1]) for r in rows[1:]])
    return X, y, names


def arrays(est):
    t = est.tree_
    return {
        "children_left": t.children_left.tolist(),
        "children_right": t.children_right.tolist(),
        "feature": t.feature.tolist(),
        "threshold": t.threshold.tolist(),
        "impurity": t.impurity.tolist(),
        "n_node_samples": t.n_node_samples.tolist(),
        "weighted_n_node_samples": t.weighted_n_node_samples.tolist(),
        "value": t.value[:, 0, :].tolist(),
    }


def same(a, b):
    # Structure only: the regression sums depend on the sample order the
    # last sorted feature left, so their last bits vary with the seed.
    keys = ("children_left", "children_right", "feature", "threshold", "n_node_samples")
    return all(np.array_equal(np.asarray(a[k]), np.asarray(b[k])) for k in keys)


def case(make, X, y, names, **params):
    est = make(random_state=0, **params).fit(X, y)
    rec = dict(params)
    rec.update(arrays(est))
    rec["tie_free"] = all(same(rec_arr, arrays(make(random_state=s, **params).fit(X, y)))
                          for rec_arr in [arrays(est)] for s in SEEDS)
    rec["feature_importances"] = est.feature_importances_.tolist()
    rec["depth"] = int(est.get_depth())
    rec["n_leaves"] = int(est.get_n_leaves())
    rec["export_text_names"] = export_text(est, feature_names=names)
    rec["export_text"] = export_text(est)
    rec["apply"] = est.apply(X).tolist()
    rec["predict"] = est.predict(X).tolist()
    return rec


def main():
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "classification": [], "regression": []}
    for name in ("iris", "wine", "breast_cancer"):
        X, y, names = load(name)
        for criterion in ("gini", "entropy"):
            for depth in (1, 2, 3, 5, None):
                rec = case(DecisionTreeClassifier, X, y, names, criterion=criterion, max_depth=depth)
                rec["dataset"] = name
                out["classification"].append(rec)
            for extra in ({"max_leaf_nodes": 6}, {"max_leaf_nodes": 12}, {"min_samples_leaf": 5},
                          {"min_samples_split": 10, "min_impurity_decrease": 0.01}):
                rec = case(DecisionTreeClassifier, X, y, names, criterion=criterion, **extra)
                rec["dataset"] = name
                out["classification"].append(rec)
    X, y = make_friedman1(n_samples=200, n_features=5, noise=0.5, random_state=0)
    data = np.round(np.column_stack([X, y]), 4)
    with gzip.GzipFile("tree_friedman.csv.gz", "wb", mtime=0) as f:
        f.write("\n".join(",".join(f"{v:.4f}" for v in row) for row in data).encode() + b"\n")
    with gzip.open("tree_friedman.csv.gz", "rt") as f:
        data = np.array([[float(v) for v in line.split(",")] for line in f if line.strip()])
    X, y = data[:, :5], data[:, 5]
    names = [f"x{i}" for i in range(5)]
    for params in ({"max_depth": 1}, {"max_depth": 3}, {"max_depth": 5}, {"max_depth": None},
                   {"max_leaf_nodes": 8}, {"min_samples_leaf": 10}):
        rec = case(DecisionTreeRegressor, X, y, names, **params)
        rec["dataset"] = "friedman"
        out["regression"].append(rec)
    for kind in ("classification", "regression"):
        for r in out[kind]:
            print(kind, r["dataset"], {k: r[k] for k in ("criterion", "max_depth", "max_leaf_nodes", "min_samples_leaf") if k in r},
                  "nodes", len(r["feature"]), "tie_free", r["tie_free"])
    with open("tree_reference.json", "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
