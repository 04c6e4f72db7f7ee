"""Reference values for mlkit/calibrate's tests.

Run with /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24.2, scipy 1.10.1)
from this folder:  /usr/bin/python3 make_calibrate_reference.py

Writes calibrate_reference.json:
- sigmoid: per case the scores F and labels y, scikit-learn's
  _sigmoid_calibration(F, y) (a, b) — scipy's fmin_bfgs stopped at gradient
  1e-5 — and the same objective minimised by Newton's method until the
  step is below 1e-15 (a_opt, b_opt), and _SigmoidCalibration's
  predictions on a grid;
- isotonic: per case the scores, labels, IsotonicRegression(
  out_of_bounds="clip")'s thresholds and its predictions on a grid reaching
  past both ends;
- calibrated: CalibratedClassifierCV(base, method, cv=<the stored folds>,
  ensemble) on a data set, its predict_proba and predict on held-out rows,
  for KNeighborsClassifier(5), LogisticRegression(tol=1e-10) and
  SVC(tol=1e-8) (RBF, C=1, gamma="scale") bases.
json writes floats with repr, so Go reads the same doubles.
"""
import json

import numpy as np
import scipy
import sklearn
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV, _sigmoid_calibration, _SigmoidCalibration
from sklearn.datasets import load_iris, make_classification
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC


def newton_opt(F, y):
    # Platt's objective with his targets, solved by Newton's method to the
    # last bit: the optimum both implementations approach.
    n1 = float(np.sum(y > 0)); n0 = len(y) - n1
    T = np.where(y > 0, (n1 + 1) / (n1 + 2), 1 / (n0 + 2))
    a, b = 0.0, np.log((n0 + 1) / (n1 + 1))
    for _ in range(200):
        P = expit(-(a * F + b))
        g = np.array([np.dot(T - P, F), np.sum(T - P)])
        w = P * (1 - P)
        H = np.array([[np.dot(w, F * F), np.dot(w, F)], [np.dot(w, F), np.sum(w)]])
        step = np.linalg.solve(H, -g)
        a, b = a + step[0], b + step[1]
        if np.max(np.abs(step)) < 1e-15:
            break
    return a, b


def sigmoid_cases():
    rng = np.random.RandomState(0)
    y = rng.randint(0, 2, size=60)
    yield "svm60", rng.normal(size=60) + 1.5 * (2 * y - 1), y
    y = np.array([0, 1, 0, 1, 1, 0])
    yield "tiny6", np.array([-1.2, 0.3, -0.2, 1.1, -0.4, 0.5]), y
    y = np.array([0, 0, 0, 1, 1, 1, 1])
    yield "separable7", np.array([-3.0, -2.0, -1.5, 0.5, 1.0, 2.0, 4.0]), y
    y = rng.randint(0, 2, size=40)
    yield "proba40", np.round(np.clip(0.5 + 0.3 * (2 * y - 1) + 0.3 * rng.normal(size=40), 0, 1) * 5) / 5, y
    y = rng.randint(0, 2, size=200)
    yield "wide200", 10 * (rng.normal(size=200) + 0.8 * (2 * y - 1)), y


def isotonic_cases():
    rng = np.random.RandomState(1)
    y = rng.randint(0, 2, size=50)
    yield "random50", rng.normal(size=50) + y, y
    y = rng.randint(0, 2, size=40)
    yield "ties40", np.round(rng.normal(size=40) + y, 0), y
    yield "tiny5", np.array([0.3, -0.1, 0.2, 0.9, 0.5]), np.array([1, 0, 0, 1, 1])
    yield "monotone", np.array([1.0, 2.0, 3.0, 4.0]), np.array([0, 0, 1, 1])
    yield "reversed", np.array([1.0, 2.0, 3.0, 4.0]), np.array([1, 1, 0, 0])


def data_sets():
    X, y = make_classification(n_samples=160, n_features=5, n_informative=3, random_state=0)
    yield "binary160", X, y
    iris = load_iris()
    X = (iris.data - iris.data.mean(0)) / iris.data.std(0)
    yield "iris", X, iris.target


def main():
    out = {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "sigmoid": [], "isotonic": [], "data": {}, "calibrated": []}
    for name, F, y in sigmoid_cases():
        a, b = _sigmoid_calibration(F, y)
        ao, bo = newton_opt(F, y)
        cal = _SigmoidCalibration().fit(F, y)
        grid = np.linspace(F.min() - 1, F.max() + 1, 15)
        out["sigmoid"].append({"name": name, "f": F.tolist(), "y": y.tolist(), "a": a, "b": b,
                               "a_opt": ao, "b_opt": bo, "grid": grid.tolist(), "pred": cal.predict(grid).tolist()})
        print(name, a, b, "optimum", ao, bo, "diff", abs(a - ao), abs(b - bo))
    for name, F, y in isotonic_cases():
        ir = IsotonicRegression(out_of_bounds="clip").fit(F, y)
        grid = np.concatenate([np.linspace(F.min() - 1, F.max() + 1, 25), F])
        out["isotonic"].append({"name": name, "f": F.tolist(), "y": y.tolist(),
                                "x_thresholds": ir.X_thresholds_.tolist(), "y_thresholds": ir.y_thresholds_.tolist(),
                                "grid": grid.tolist(), "pred": ir.predict(grid).tolist()})
    for dname, X, y in data_sets():
        rng = np.random.RandomState(2)
        test = np.sort(rng.choice(len(y), size=len(y) // 4, replace=False))
        train = np.setdiff1d(np.arange(len(y)), test)
        Xtr, ytr, Xte = X[train], y[train], X[test]
        folds = list(StratifiedKFold(4, shuffle=True, random_state=0).split(Xtr, ytr))
        out["data"][dname] = {"n": len(y), "d": X.shape[1], "x": X.ravel().tolist(), "y": y.tolist(),
                              "train": train.tolist(), "test": test.tolist(),
                              "folds": [{"train": tr.tolist(), "test": te.tolist()} for tr, te in folds]}
        bases = (("knn", KNeighborsClassifier(5)), ("logistic", LogisticRegression(tol=1e-10, max_iter=10000)),
                 ("svc", SVC(tol=1e-8)))
        for bname, base in bases:
            for method in ("sigmoid", "isotonic"):
                for ensemble in (True, False):
                    cc = CalibratedClassifierCV(base, method=method, cv=folds, ensemble=ensemble).fit(Xtr, ytr)
                    out["calibrated"].append({
                        "data": dname, "base": bname, "method": method, "ensemble": ensemble,
                        "proba": cc.predict_proba(Xte).ravel().tolist(), "pred": cc.predict(Xte).tolist(),
                    })
    with open("calibrate_reference.json", "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
