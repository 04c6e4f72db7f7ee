"""Side-by-side bench task dbscan: scikit-learn's DBSCAN, eps=0.3,
min_samples=10, on the kit's benchmark field of 10⁶ points
(data.BenchmarkField{N: 1000000, Seed: 1}: 50 Gaussian blobs with centres
uniform in [0, 100]², sd 0.5, and ⌊N/10⌋ uniform noise points).

The field is the Go benchmark's own: this script first runs
    go test -run '^TestDBSCANWriteBenchField$' ./mlkit/cluster \
        -args -dbscan.field=F.npy -dbscan.labels=L.npy -dbscan.n=N
which writes the points (float64 .npy) and the kit's DBSCAN labels into a
temporary folder (outside the timed region), so both sides cluster the same
doubles. Quality is the number of clusters; the extra fields are the peak
resident memory of this process (resource.getrusage ru_maxrss, which covers
the whole process: interpreter, data and fit), the noise fraction, and the
agreement with the kit's labels: ARI and whether the labels are identical
(the kit numbers clusters as scikit-learn does, so they should be).

Run with /usr/bin/python3 (scikit-learn 1.2.1); go must be on PATH or in
/usr/local/go/bin. Prints one JSON line. At 10⁶ points scikit-learn needs
about 80 s and 11 GiB here, so BENCH_REPEATS defaults to 1. The Go twin is
BenchmarkSideBySideDBSCAN in mlkit/cluster (dbscan_bench_test.go);
dbscan_200k.py is the same at 2×10⁵ points.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.cluster import DBSCAN
from sklearn.metrics import adjusted_rand_score

REPEATS = int(os.environ.get("BENCH_REPEATS", "1"))
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EPS, MIN_SAMPLES = 0.3, 10


def go_field(n, folder):
    field, labels = os.path.join(folder, "field.npy"), os.path.join(folder, "labels.npy")
    env = dict(os.environ)
    env["PATH"] = env.get("PATH", "") + ":/usr/local/go/bin"
    cmd = ["go", "test", "-count=1", "-run", "^TestDBSCANWriteBenchField$", "./mlkit/cluster",
           "-args", "-dbscan.field=" + field, "-dbscan.labels=" + labels, "-dbscan.n=%d" % n]
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("dbscan: writing the Go field failed: " + (r.stdout + r.stderr)[-2000:])
    return np.load(field), np.load(labels)


def main(n=1_000_000, task="dbscan"):
    with tempfile.TemporaryDirectory() as folder:
        X, go_labels = go_field(n, folder)
    times, db = [], None
    for _ in range(REPEATS):
        db = DBSCAN(eps=EPS, min_samples=MIN_SAMPLES)
        t0 = time.perf_counter()
        db.fit(X)
        times.append(time.perf_counter() - t0)
    labels = db.labels_
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({
        "task": task, "seconds": statistics.median(times),
        "quality": int(labels.max() + 1), "quality_name": "clusters",
        "peak_rss_mib": round(peak, 1),
        "noise_fraction": float((labels < 0).mean()),
        "ari_vs_go": float(adjusted_rand_score(go_labels, labels)),
        "labels_equal_go": bool(np.array_equal(go_labels, labels)),
    }))


if __name__ == "__main__":
    sys.exit(main())
