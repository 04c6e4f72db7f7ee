"""Reference values for mlkit/explain's tests of permutation importance,
centroid profiles and rank agreement.

Run with /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24.2) from this
folder:  /usr/bin/python3 make_reference.py

Wine (178×13) standardised with StandardScaler, split in halves
(train_test_split(test_size=0.5, stratify=y, random_state=0)); a
LogisticRegression() fitted on the first half; permutation_importance on the
second half with accuracy, n_repeats=10, random_state=0.

It also writes the centroid profile of wine (raw units, the three classes
as clusters): z-scores of the class means and one-vs-rest Cohen's d;
Spearman's rho of two vectors with ties (scipy.stats.spearmanr); and lime's
quartile-discretizer statistics of raw wine (edges, per-bin mean, std + 1e-11,
min, max, bin frequencies), computed with lime 0.2's formulas in numpy;
and scikit-learn's weighted Ridge fits (lime's local model) on a small
random problem.

Writes reference.json: the test half (X_test, y_test, exact
doubles), the model's coef_ and intercept_ (so the Go test predicts with the
same linear rule and only the permutation logic is under test), the
permutations scikit-learn applied, and its importances. The permutations are
recorded by replaying its shuffles: permutation_importance draws
random_seed = RandomState(0).randint(2**31) and, for every column, starts
RandomState(random_seed) and shuffles one index array in place per repeat,
assigning X[:, j] = X_permuted[idx, j] cumulatively; the effective order of
repeat r relative to the original column is order_r = order_{r-1}[idx_r].
The script checks the replay against scikit-learn before writing.
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_wine
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

REPEATS = 10
SEED = 0


def main():
    X, y = load_wine(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)
    lr = LogisticRegression().fit(Xtr, ytr)
    res = permutation_importance(lr, Xte, yte, scoring="accuracy", n_repeats=REPEATS, random_state=SEED)

    rs = np.random.RandomState(SEED)
    random_seed = rs.randint(np.iinfo(np.int32).max + 1)
    rs = np.random.RandomState(random_seed)
    idx = np.arange(Xte.shape[0])
    order = np.arange(Xte.shape[0])
    perms = []
    for _ in range(REPEATS):
        rs.shuffle(idx)
        order = order[idx]
        perms.append(order.copy())

    # Replay: the same importances from the recorded orders.
    base = lr.score(Xte, yte)
    drops = np.empty((X.shape[1], REPEATS))
    for j in range(X.shape[1]):
        for r, p in enumerate(perms):
            Xp = Xte.copy()
            Xp[:, j] = Xte[p, j]
            drops[j, r] = base - lr.score(Xp, yte)
    assert np.array_equal(drops, res.importances), "replayed permutations differ from scikit-learn's"

    # Centroid profile of wine (raw units) under its three classes: the
    # z-scores of the class means and one-vs-rest Cohen's d, with numpy.
    Xw, yw = load_wine(return_X_y=True)
    mu, sd = Xw.mean(axis=0), Xw.std(axis=0)
    z, dd = [], []
    for c in range(3):
        a, b = Xw[yw == c], Xw[yw != c]
        z.append(((a.mean(axis=0) - mu) / sd).tolist())
        pooled = np.sqrt(((len(a) - 1) * a.var(axis=0, ddof=1) + (len(b) - 1) * b.var(axis=0, ddof=1))
                         / (len(a) + len(b) - 2))
        dd.append(((a.mean(axis=0) - b.mean(axis=0)) / pooled).tolist())

    # Spearman's rho with ties, scipy.stats.spearmanr.
    from scipy.stats import spearmanr
    sa = [0.5, 0.1, 0.1, 0.9, 0.3, 0.3, 0.3, 2.0]
    sb = [1.0, 0.2, 0.4, 0.4, 0.0, 0.5, 0.1, 3.0]
    rho = float(spearmanr(sa, sb).correlation)

    # lime's QuartileDiscretizer statistics on wine (lime 0.2's
    # BaseDiscretizer, replicated: lime is not installable here).
    lime = []
    for j in range(Xw.shape[1]):
        col = Xw[:, j]
        qts = np.unique(np.array(np.percentile(col, [25, 50, 75])))
        disc = np.searchsorted(qts, col)
        means, stds = [], []
        for b in range(len(qts) + 1):
            sel = col[disc == b]
            means.append(0.0 if len(sel) == 0 else float(np.mean(sel)))
            stds.append((0.0 if len(sel) == 0 else float(np.std(sel))) + 0.00000000001)
        values, counts = np.unique(disc, return_counts=True)
        lime.append({"qts": qts.tolist(), "means": means, "stds": stds,
                     "mins": [float(col.min())] + qts.tolist(), "maxs": qts.tolist() + [float(col.max())],
                     "values": values.tolist(), "freqs": (counts / counts.sum()).tolist()})

    # Weighted ridge as lime fits it: Ridge(alpha).fit(X, y, sample_weight=w)
    # and its weighted R² score; alpha=0 on a matrix with a repeated column
    # exercises the least-squares fallback.
    from sklearn.linear_model import Ridge
    rng = np.random.RandomState(3)
    Xr = rng.rand(40, 3)
    yr = Xr @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.randn(40)
    wr = rng.rand(40)
    ridge = []
    for alpha, Xa in ((1.0, Xr), (0.01, Xr), (0.0, Xr), (0.0, np.c_[Xr, Xr[:, 0]])):
        m = Ridge(alpha=alpha).fit(Xa, yr, sample_weight=wr)
        ridge.append({"alpha": alpha, "X": Xa.tolist(), "coef": m.coef_.tolist(),
                      "intercept": float(m.intercept_), "score": float(m.score(Xa, yr, sample_weight=wr))})

    out = {
        "ridge_y": yr.tolist(), "ridge_w": wr.tolist(), "ridge": ridge,
        "lime_quartile": lime,
        "spearman_a": sa, "spearman_b": sb, "spearman_rho": rho,
        "profile_z": z, "profile_cohen_d": dd,
        "sklearn": sklearn.__version__, "numpy": np.__version__,
        "repeats": REPEATS, "seed": SEED,
        "X_test": Xte.tolist(), "y_test": [int(v) for v in yte],
        "coef": lr.coef_.tolist(), "intercept": lr.intercept_.tolist(),
        "baseline": float(base),
        "permutations": [[int(v) for v in p] for p in perms],
        "importances_mean": res.importances_mean.tolist(),
        "importances_std": res.importances_std.tolist(),
        "importances": res.importances.tolist(),
    }
    with open("reference.json", "w") as f:
        json.dump(out, f)
        f.write("\n")
    print("baseline", base, "mean", np.round(res.importances_mean, 4))


if __name__ == "__main__":
    main()
