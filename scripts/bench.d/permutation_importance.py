"""Side-by-side bench task permutation_importance: permutation_importance of a
LogisticRegression on wine, n_repeats=10, scored by accuracy.

Wine standardised with StandardScaler and split in halves
(train_test_split(test_size=0.5, stratify=y, random_state=0)); the model is
fitted on the first half (not timed) and permutation_importance runs on the
second half with random_state=0, n_jobs=None. Run with /usr/bin/python3
(scikit-learn 1.2.1); prints one JSON line; quality is the largest mean
importance (the accuracy drop of the most important feature). The Go twin is
BenchmarkSideBySidePermutationImportance in mlkit/explain, which predicts with
this model's coefficients (mlkit/explain/testdata/reference.json, written by
make_reference.py with the same split).
"""
import json
import os
import statistics
import sys
import time

from sklearn.datasets import load_wine
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

TASK = "permutation_importance"
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def main():
    X, y = load_wine(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.5, stratify=y, random_state=0)
    lr = LogisticRegression().fit(Xtr, ytr)
    times, quality = [], None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        res = permutation_importance(lr, Xte, yte, scoring="accuracy", n_repeats=10, random_state=0)
        times.append(time.perf_counter() - t0)
        quality = float(res.importances_mean.max())
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": quality, "quality_name": "top_importance"}))


if __name__ == "__main__":
    sys.exit(main())
