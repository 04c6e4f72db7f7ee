"""Reference values for mlkit/metrics' ExplainedVariance, MedianAbsoluteError,
MaxError and SpectrumCalibration.

Run with /usr/bin/python3 (scikit-learn 1.2.1, numpy 1.24.2) from this
folder:  /usr/bin/python3 make_regression_reference.py

Writes regression_reference.json. explained_variance_score,
median_absolute_error and max_error are scikit-learn's. scikit-learn's
calibration_curve accepts only 0/1 labels, so the spectrum curve is its body
(numpy 1.24) run with a continuous target: the same bins (linspace or
percentile edges, searchsorted on the inner edges), bin sums of the scores
and of the targets, empty bins dropped; the error is the count-weighted mean
of |mean target - mean score|. json writes floats with repr, so Go reads the
same doubles.
"""
import json

import numpy as np
import sklearn
from sklearn import metrics as M


def spectrum(y, p, n_bins, strategy):
    # sklearn/calibration.py calibration_curve (1.2.1), y_true not restricted to {0, 1}.
    if strategy == "quantile":
        bins = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        bins = np.linspace(0.0, 1.0, n_bins + 1)
    binids = np.searchsorted(bins[1:-1], p)
    bin_sums = np.bincount(binids, weights=p, minlength=len(bins))
    bin_true = np.bincount(binids, weights=y, minlength=len(bins))
    bin_total = np.bincount(binids, minlength=len(bins))
    nz = bin_total != 0
    prob_true = bin_true[nz] / bin_total[nz]
    prob_pred = bin_sums[nz] / bin_total[nz]
    err = float(np.sum(bin_total[nz] * np.abs(prob_true - prob_pred)) / len(p))
    return dict(true=prob_true.tolist(), pred=prob_pred.tolist(),
                counts=[int(v) for v in bin_total[nz]], edges=bins.tolist(), error=err)


def reg_cases():
    rng = np.random.RandomState(2)
    y = rng.uniform(size=200)
    yield "noisy200", y, y + rng.normal(scale=0.1, size=200)
    yield "biased50", y[:50], y[:50] + 0.3
    yield "odd7", np.array([3.0, -0.5, 2.0, 7.0, 1.0, 4.0, 2.5]), np.array([2.5, 0.0, 2.0, 8.0, 1.5, 3.0, 2.5])
    yield "even6", np.array([1e5, 2e5, 3e5, 4e5, 5e5, 6e5]), np.array([1.1e5, 1.9e5, 3.3e5, 3.9e5, 5.2e5, 5.9e5])
    yield "const", np.array([2.0, 2.0, 2.0]), np.array([1.0, 2.0, 3.0])
    yield "constres", np.array([1.0, 2.0, 3.0]), np.array([1.5, 2.5, 3.5])


def spec_cases():
    rng = np.random.RandomState(3)
    y = rng.uniform(0.02, 0.98, size=400)
    # A classifier on y > 0.5: confident on both sides of the threshold.
    yield "step400", y, 1 / (1 + np.exp(-(y - 0.5) * 20 + rng.normal(scale=0.5, size=400)))
    yield "diag400", y, np.clip(y + rng.normal(scale=0.05, size=400), 0, 1)
    p = np.round(rng.uniform(size=60), 1)
    yield "edges60", rng.uniform(size=60), p
    yield "labels30", (rng.uniform(size=30) < 0.5).astype(float), rng.uniform(size=30)


def main():
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "regression": [], "spectrum": [], "spectrum_data": {}}
    for name, y, yh in reg_cases():
        out["regression"].append(dict(name=name, y=y.tolist(), yhat=yh.tolist(),
                                      explained_variance=M.explained_variance_score(y, yh),
                                      median_ae=M.median_absolute_error(y, yh),
                                      max_error=M.max_error(y, yh)))
    for name, y, p in spec_cases():
        out["spectrum_data"][name] = dict(target=y.tolist(), score=p.tolist())
        for strategy in ("uniform", "quantile"):
            for n_bins in (1, 5, 10):
                c = spectrum(y, p, n_bins, strategy)
                c.update(name=name, strategy=strategy, bins=n_bins)
                out["spectrum"].append(c)
    with open("regression_reference.json", "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
