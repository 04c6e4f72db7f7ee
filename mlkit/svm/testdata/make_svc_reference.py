"""Reference values for mlkit/svm's SVC tests.

Run with /usr/bin/python3 (scikit-learn 1.2.1, numpy) from this folder:
    /usr/bin/python3 make_svc_reference.py

Writes svc_reference.json.gz: for each dataset (iris, breast cancer
standardised, blobs) the data itself (floats written by repr, so Go parses the
same doubles), and for each kernel setting and tol (1e-3, 1e-8) the fitted
SVC's support_, n_support_, dual_coef_, intercept_, the raw one-vs-one
decision values (decision_function_shape='ovo'), the default ('ovr')
decision_function and predict on the training rows.

Platt: scikit-learn does not expose libsvm's sigmoid_train, so `sigmoid_train`
below is a line-by-line numpy port of it (libsvm svm.cpp); the script applies
it to the cross-validated decision values of a few problems and stores the
inputs and A, B. Probabilities: predict_proba of SVC(probability=True,
random_state=0) on the separable blobs set, compared only statistically
(libsvm's folds come from its own rand()).
"""
import gzip
import json
import math

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris, make_blobs
from sklearn.model_selection import cross_val_predict
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC


def sigmoid_train(dec, labels):
    """Port of libsvm's sigmoid_train (Lin, Lin and Weng 2007)."""
    l = len(dec)
    prior1 = float(np.sum(labels > 0))
    prior0 = float(l - prior1)
    max_iter, min_step, sigma, eps = 100, 1e-10, 1e-12, 1e-5
    hi = (prior1 + 1.0) / (prior1 + 2.0)
    lo = 1 / (prior0 + 2.0)
    t = [hi if labels[i] > 0 else lo for i in range(l)]
    A, B = 0.0, math.log((prior0 + 1.0) / (prior1 + 1.0))

    def fun(A, B):
        f = 0.0
        for i in range(l):
            fApB = dec[i] * A + B
            if fApB >= 0:
                f += t[i] * fApB + math.log(1 + math.exp(-fApB))
            else:
                f += (t[i] - 1) * fApB + math.log(1 + math.exp(fApB))
        return f

    fval = fun(A, B)
    for _ in range(max_iter):
        h11 = sigma
        h22 = sigma
        h21 = g1 = g2 = 0.0
        for i in range(l):
            fApB = dec[i] * A + B
            if fApB >= 0:
                p = math.exp(-fApB) / (1.0 + math.exp(-fApB))
                q = 1.0 / (1.0 + math.exp(-fApB))
            else:
                p = 1.0 / (1.0 + math.exp(fApB))
                q = math.exp(fApB) / (1.0 + math.exp(fApB))
            d2 = p * q
            h11 += dec[i] * dec[i] * d2
            h22 += d2
            h21 += dec[i] * d2
            d1 = t[i] - p
            g1 += dec[i] * d1
            g2 += d1
        if abs(g1) < eps and abs(g2) < eps:
            break
        det = h11 * h22 - h21 * h21
        dA = -(h22 * g1 - h21 * g2) / det
        dB = -(-h21 * g1 + h11 * g2) / det
        gd = g1 * dA + g2 * dB
        stepsize = 1.0
        while stepsize >= min_step:
            newA = A + stepsize * dA
            newB = B + stepsize * dB
            newf = fun(newA, newB)
            if newf < fval + 0.0001 * stepsize * gd:
                A, B, fval = newA, newB, newf
                break
            stepsize /= 2.0
        if stepsize < min_step:
            break
    return A, B


def datasets():
    d = load_iris()
    yield "iris", d.data, d.target
    d = load_breast_cancer()
    yield "cancer", StandardScaler().fit_transform(d.data), d.target
    X, y = make_blobs(n_samples=120, n_features=4, centers=4, cluster_std=1.5, random_state=3)
    yield "blobs", X, y


SETTINGS = [
    {"name": "rbf", "kernel": "rbf", "C": 1.0},
    {"name": "rbf_c10", "kernel": "rbf", "C": 10.0},
    {"name": "linear", "kernel": "linear", "C": 1.0},
    {"name": "poly", "kernel": "poly", "C": 1.0, "degree": 3, "coef0": 1.0},
    {"name": "sigmoid", "kernel": "sigmoid", "C": 1.0, "coef0": 0.0},
    {"name": "rbf_weighted", "kernel": "rbf", "C": 2.0, "class_weight": {0: 3.0, 1: 0.5}},
    {"name": "rbf_noshrink", "kernel": "rbf", "C": 1.0, "shrinking": False},
]


def fit_record(X, y, s, tol):
    kw = {k: v for k, v in s.items() if k != "name"}
    m = SVC(tol=tol, decision_function_shape="ovo", **kw).fit(X, y)
    ovo = m.decision_function(X)
    if ovo.ndim == 1:
        ovo = ovo[:, None]
    m.decision_function_shape = "ovr"
    ovr = m.decision_function(X)
    if ovr.ndim == 1:
        ovr = ovr[:, None]
    return {
        "setting": s["name"], "tol": tol, "kernel": s["kernel"], "C": s["C"],
        "degree": s.get("degree", 3), "coef0": s.get("coef0", 0.0),
        "class_weight": {str(k): v for k, v in s.get("class_weight", {}).items()},
        "shrinking": s.get("shrinking", True),
        "gamma": float(m._gamma),
        "support": [int(v) for v in m.support_],
        "n_support": [int(v) for v in m.n_support_],
        "dual_coef": m.dual_coef_.tolist(),
        "intercept": m.intercept_.tolist(),
        "ovo": ovo.tolist(), "ovr": ovr.tolist(),
        "predict": [int(v) for v in m.predict(X)],
    }


def main():
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "datasets": [], "platt": []}
    for name, X, y in datasets():
        X = np.asarray(X, dtype=np.float64)
        rec = {"name": name, "X": X.tolist(), "y": [int(v) for v in y], "fits": []}
        for s in SETTINGS:
            for tol in (1e-3, 1e-8):
                r = fit_record(X, y, s, tol)
                rec["fits"].append(r)
                print(name, s["name"], tol, "nSV", sum(r["n_support"]))
        out["datasets"].append(rec)
        # Platt on cross-validated decision values of a binary sub-problem.
        cls = np.unique(y)
        mask = (y == cls[0]) | (y == cls[1])
        yb = np.where(y[mask] == cls[0], 1, -1)
        dec = cross_val_predict(SVC(), X[mask], yb, cv=5, method="decision_function")
        A, B = sigmoid_train(list(dec), yb)
        out["platt"].append({"name": name, "dec": dec.tolist(), "y": [int(v) for v in yb], "A": A, "B": B})
        print(name, "platt", A, B)
    # Probabilities on the separable blobs set.
    X, y = make_blobs(n_samples=90, n_features=2, centers=3, cluster_std=0.8, random_state=7)
    m = SVC(probability=True, random_state=0).fit(X, y)
    out["proba"] = {"X": X.tolist(), "y": [int(v) for v in y],
                    "proba": m.predict_proba(X).tolist(),
                    "probA": m.probA_.tolist(), "probB": m.probB_.tolist()}
    with gzip.GzipFile("svc_reference.json.gz", "wb", mtime=0) as f:
        f.write(json.dumps(out).encode())


if __name__ == "__main__":
    main()
