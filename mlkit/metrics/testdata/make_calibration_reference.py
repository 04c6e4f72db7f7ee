"""Reference values for mlkit/metrics' CalibrationCurve and AveragePrecision.

Run with /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24.2) from this
folder:  /usr/bin/python3 make_calibration_reference.py

Writes calibration_reference.json: per case the labels, the probabilities
(or scores) and what sklearn.calibration.calibration_curve (uniform and
quantile bins, several bin counts, with the per-bin counts computed as
calibration_curve does internally) and sklearn.metrics.average_precision_score
return. json writes floats with repr, so Go reads the same doubles.
"""
import json

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score


def counts(y_prob, n_bins, strategy):
    # The bin totals calibration_curve computes and does not return.
    if strategy == "quantile":
        bins = np.percentile(y_prob, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        bins = np.linspace(0.0, 1.0, n_bins + 1)
    binids = np.searchsorted(bins[1:-1], y_prob)
    total = np.bincount(binids, minlength=len(bins))
    return [int(v) for v in total[total != 0]]


def cases():
    rng = np.random.RandomState(0)
    p = rng.beta(2, 3, size=300)
    yield "beta300", (rng.uniform(size=300) < p).astype(int), p
    p = np.round(rng.uniform(size=120), 1)  # values on the uniform bin edges, ties
    yield "edges120", (rng.uniform(size=120) < p).astype(int), p
    p = np.concatenate([[0.0, 1.0, 1.0, 0.0], rng.uniform(size=16)])
    yield "ends20", (rng.uniform(size=20) < p).astype(int), p
    p = rng.uniform(size=7) ** 3
    yield "tiny7", np.array([0, 1, 0, 1, 1, 0, 1]), p


def ap_cases():
    rng = np.random.RandomState(1)
    y = rng.randint(0, 2, size=100)
    yield "random100", y, rng.normal(size=100) + y
    y = rng.randint(0, 2, size=80)
    yield "ties80", y, np.round(rng.normal(size=80) + 0.5 * y, 0)
    yield "perfect", np.array([0, 0, 1, 1]), np.array([-1.0, 0.0, 2.0, 3.0])
    yield "reversed", np.array([1, 1, 0, 0]), np.array([-1.0, 0.0, 2.0, 3.0])
    yield "allpos", np.array([1, 1, 1]), np.array([0.1, 0.5, 0.2])


def main():
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "curves": [], "ap": []}
    for name, y, p in cases():
        for strategy in ("uniform", "quantile"):
            for n_bins in (1, 5, 10):
                pt, pp = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
                out["curves"].append({
                    "name": name, "strategy": strategy, "bins": n_bins,
                    "truth": [int(v) for v in y], "prob": [float(v) for v in p],
                    "prob_true": [float(v) for v in pt], "prob_pred": [float(v) for v in pp],
                    "counts": counts(p, n_bins, strategy),
                })
    for name, y, s in ap_cases():
        out["ap"].append({"name": name, "truth": [int(v) for v in y], "score": [float(v) for v in s],
                          "ap": float(average_precision_score(y, s))})
        print(name, out["ap"][-1]["ap"])
    with open("calibration_reference.json", "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
