"""Side-by-side bench task svc_proba: SVC(kernel='rbf', C=10, gamma='scale',
probability=True, random_state=0) on the data of svc.py (PCA-50 of the first
10,000 MNIST training digits). The time is the fit alone (five internal
cross-validation fits per pair for Platt's sigmoid); quality is the accuracy
of the argmax of predict_proba on the 10,000 test digits (outside the timing;
predict's accuracy is printed beside it).

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with the four IDX .gz files. Prints one JSON line. One fit takes ~5 s here,
so BENCH_REPEATS defaults to 1. The Go twin is BenchmarkSideBySideSVCProba in
mlkit/svm.
"""
import json
import os
import statistics
import sys
import time

from sklearn.svm import SVC
from svc import load

REPEATS = int(os.environ.get("BENCH_REPEATS", "1"))


def main():
    Ztr, ytr, Zte, yte = load()
    times, m = [], None
    for _ in range(REPEATS):
        m = SVC(kernel="rbf", C=10, gamma="scale", probability=True, random_state=0)
        t0 = time.perf_counter()
        m.fit(Ztr, ytr)
        times.append(time.perf_counter() - t0)
    proba_pred = m.classes_[m.predict_proba(Zte).argmax(axis=1)]
    print(json.dumps({"task": "svc_proba", "seconds": statistics.median(times),
                      "quality": float((proba_pred == yte).mean()),
                      "quality_name": "test-accuracy",
                      "predict_accuracy": float((m.predict(Zte) == yte).mean()),
                      "n_support": int(m.n_support_.sum())}))


if __name__ == "__main__":
    sys.exit(main())
