#!/usr/bin/python3
"""Reference values for mlkit/linear tests (run with /usr/bin/python3:
scikit-learn 1.2.1, numpy 1.24, scipy 1.10).

Logistic regression: sklearn 1.2's lbfgs solver minimises
    sum_i loss_i + 1/(2C) * ||W||^2          (intercept not penalised)
with the multinomial (softmax) cross-entropy for >2 classes and the binary
logistic loss (one coefficient row) for 2 classes (multi_class='auto').
lbfgs stops ~1e-4 short of the optimum, so the reference coefficients are the
exact optimum of that objective found by Newton's method on the explicit
Hessian (gradient max-norm < 1e-10); sklearn's predictions are stored too.
Multinomial intercepts are only defined up to a common shift; they are
centred to sum to zero (what lbfgs started from zero gives).

Ridge: sklearn.linear_model.Ridge(alpha) coefficients and intercept.

Data are rounded to 6 decimals BEFORE fitting, and the rounded values are
written, so the Go tests fit exactly the data the reference saw.
"""
import json
import os

import numpy as np
from sklearn.datasets import load_iris, load_breast_cancer, load_diabetes
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def objective_multinomial(theta, X, Y, C):
    n, d = X.shape
    K = Y.shape[1]
    W = theta[: K * d].reshape(K, d)
    b = theta[K * d:]
    Z = X @ W.T + b
    m = Z.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(Z - m).sum(axis=1, keepdims=True)))[:, 0]
    f = (lse - (Z * Y).sum(axis=1)).sum() + 0.5 / C * (W * W).sum()
    R = softmax(Z) - Y
    gW = R.T @ X + W / C
    gb = R.sum(axis=0)
    return f, np.concatenate([gW.ravel(), gb])


def hessian_multinomial(theta, X, Y, C):
    n, d = X.shape
    K = Y.shape[1]
    W = theta[: K * d].reshape(K, d)
    b = theta[K * d:]
    P = softmax(X @ W.T + b)
    Xt = np.hstack([X, np.ones((n, 1))])  # augmented features, intercept last
    D = d + 1
    H = np.zeros((K * D, K * D))
    for k in range(K):
        for l in range(K):
            w = P[:, k] * ((k == l) - P[:, l])
            H[k * D:(k + 1) * D, l * D:(l + 1) * D] = (Xt * w[:, None]).T @ Xt
    # penalty on W only
    for k in range(K):
        H[k * D:k * D + d, k * D:k * D + d] += np.eye(d) / C
    # reorder from [w_k, b_k] blocks to [W ravel, b]
    perm = [k * D + j for k in range(K) for j in range(d)] + [k * D + d for k in range(K)]
    return H[np.ix_(perm, perm)]


def objective_binary(theta, X, y, C):
    d = X.shape[1]
    w, b = theta[:d], theta[d]
    z = X @ w + b
    f = (np.logaddexp(0, z) - y * z).sum() + 0.5 / C * w @ w
    r = 1 / (1 + np.exp(-z)) - y
    return f, np.concatenate([X.T @ r + w / C, [r.sum()]])


def hessian_binary(theta, X, y, C):
    n, d = X.shape
    w, b = theta[:d], theta[d]
    p = 1 / (1 + np.exp(-(X @ w + b)))
    Xt = np.hstack([X, np.ones((n, 1))])
    H = (Xt * (p * (1 - p))[:, None]).T @ Xt
    H[:d, :d] += np.eye(d) / C
    return H


def newton(fun, hess, theta, *args):
    for it in range(200):
        f, g = fun(theta, *args)
        if np.abs(g).max() < 1e-11:
            break
        H = hess(theta, *args)
        step = np.linalg.lstsq(H, g, rcond=1e-13)[0]
        t = 1.0
        while True:
            fn, _ = fun(theta - t * step, *args)
            if fn <= f + 1e-14 * abs(f) or t < 1e-10:
                break
            t /= 2
        theta = theta - t * step
    f, g = fun(theta, *args)
    assert np.abs(g).max() < 1e-10, np.abs(g).max()
    return theta, f, np.abs(g).max()


def logistic_case(name, X, y, C):
    X = np.round(X, 6)
    classes = np.unique(y)
    K = len(classes)
    n, d = X.shape
    if K == 2:
        yb = (y == classes[1]).astype(float)
        theta, f, gmax = newton(objective_binary, hessian_binary, np.zeros(d + 1), X, yb, C)
        coef = theta[:d].reshape(1, d)
        intercept = theta[d:]
    else:
        Y = (y[:, None] == classes[None, :]).astype(float)
        theta, f, gmax = newton(objective_multinomial, hessian_multinomial, np.zeros(K * (d + 1)), X, Y, C)
        coef = theta[: K * d].reshape(K, d)
        intercept = theta[K * d:]
        intercept = intercept - intercept.mean()
    sk = LogisticRegression(C=C, max_iter=10000, tol=1e-10).fit(X, y)
    print(f"{name}: C={C} objective {f:.12f} grad {gmax:.2e}; "
          f"sklearn max|coef diff| {np.abs(sk.coef_ - coef).max():.2e}")
    return {
        "name": name,
        "C": C,
        "X": X.tolist(),
        "y": y.tolist(),
        "objective": f,
        "coef": coef.tolist(),
        "intercept": intercept.tolist(),
        "sklearn_predict": sk.predict(X).tolist(),
        "sklearn_proba": np.round(sk.predict_proba(X[:10]), 12).tolist(),
        "sklearn_coef": sk.coef_.tolist(),
    }


def main():
    iris = load_iris()
    bc = load_breast_cancer()
    Xbc = StandardScaler().fit_transform(bc.data)
    rng = np.random.default_rng(7)
    # Four classes with arbitrary label ids, overlapping: a less separable case.
    centers = rng.normal(size=(4, 5)) * 1.5
    lab = rng.integers(0, 4, size=120)
    Xs = centers[lab] + rng.normal(size=(120, 5))
    ids = np.array([2, 5, 9, 40])
    cases = [
        logistic_case("iris", iris.data, iris.target, 1.0),
        logistic_case("iris_C0.1", iris.data, iris.target, 0.1),
        logistic_case("breast_cancer_std", Xbc, bc.target, 1.0),
        logistic_case("blobs4_ids", Xs, ids[lab], 0.5),
    ]

    diab = load_diabetes()
    Xd = np.round(diab.data[:200], 6)
    yd = np.round(diab.target[:200], 6)
    ridges = []
    for alpha in [1.0, 0.01, 25.0]:
        r = Ridge(alpha=alpha).fit(Xd, yd)
        ridges.append({"alpha": alpha, "coef": r.coef_.tolist(), "intercept": float(r.intercept_),
                       "predict": r.predict(Xd[:5]).tolist()})
    out = {"logistic": cases, "ridge": {"X": Xd.tolist(), "y": yd.tolist(), "fits": ridges}}
    with open(os.path.join(HERE, "reference.json"), "w") as fh:
        json.dump(out, fh, separators=(",", ":"))


if __name__ == "__main__":
    main()
