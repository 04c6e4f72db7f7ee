#!/usr/bin/python3
"""Reference values for the GMM tests (gmm_test.go), from scikit-learn 1.2.1.

Run with /usr/bin/python3 from this directory; it writes gmm_reference.json:
two seeded data sets and, for each covariance type, sklearn's best fit over
n_init=5 runs at tol=1e-10, max_iter=1000 (its mean log-likelihood on the
training data, its fitted parameters, and score_samples, predict_proba, bic
and aic computed from those parameters).
"""
import json

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture


def blobs3():
    # Three elongated Gaussian blobs in 4 dims, 200 points each.
    rng = np.random.default_rng(20240601)
    parts = []
    centers = [[0, 0, 0, 0], [6, 2, -3, 1], [-4, 5, 2, -2]]
    for c in centers:
        A = rng.normal(size=(4, 4)) * np.array([3.0, 1.0, 0.5, 0.2])
        parts.append(rng.normal(size=(200, 4)) @ A.T + c)
    X = np.vstack(parts)
    return X[rng.permutation(len(X))]


def data10():
    # Four correlated clusters in 10 dims, 75 points each.
    rng = np.random.default_rng(7)
    parts = []
    for k in range(4):
        A = rng.normal(size=(10, 10)) * 0.6
        mu = rng.normal(size=10) * 4
        parts.append(rng.normal(size=(75, 10)) @ A.T + mu)
    X = np.vstack(parts)
    return X[rng.permutation(len(X))]


def main():
    out = {"sklearn": sklearn.__version__, "datasets": []}
    for name, X, K in [("blobs3", blobs3(), 3), ("data10", data10(), 4)]:
        ds = {"name": name, "n": X.shape[0], "d": X.shape[1], "k": K,
              "X": X.ravel().tolist(), "fits": []}
        for cov in ["full", "tied", "diag", "spherical"]:
            gm = GaussianMixture(n_components=K, covariance_type=cov, tol=1e-10,
                                 max_iter=1000, n_init=5, random_state=0).fit(X)
            ds["fits"].append({
                "covariance": cov,
                "score": float(gm.score(X)),
                # Best of 20 runs from random responsibilities (init_params='random').
                "score_random": float(GaussianMixture(
                    n_components=K, covariance_type=cov, tol=1e-10, max_iter=1000,
                    n_init=20, init_params="random", random_state=0).fit(X).score(X)),
                "lower_bound": float(gm.lower_bound_),
                "converged": bool(gm.converged_),
                "weights": gm.weights_.ravel().tolist(),
                "means": gm.means_.ravel().tolist(),
                "covariances": np.asarray(gm.covariances_).ravel().tolist(),
                "precisions_cholesky": np.asarray(gm.precisions_cholesky_).ravel().tolist(),
                "score_samples": gm.score_samples(X).tolist(),
                "predict_proba_first10": gm.predict_proba(X[:10]).ravel().tolist(),
                "predict": gm.predict(X).tolist(),
                "bic": float(gm.bic(X)),
                "aic": float(gm.aic(X)),
                "n_parameters": int(gm._n_parameters()),
            })
        out["datasets"].append(ds)
    with open("gmm_reference.json", "w") as f:
        json.dump(out, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
