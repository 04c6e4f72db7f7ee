"""Side-by-side bench task mlp: scikit-learn's MLPClassifier with two hidden
layers of 64 (ReLU, softmax output, alpha=1e-4), solver='adam',
learning_rate_init=1e-3, batch_size=200, max_iter=20 epochs, on 200,000
standardised points of the benchmark field of experiment 03 without noise:
50 Gaussian blobs of standard deviation 0.5 with centres uniform in
[0, 100]², each point in a blob chosen uniformly. Quality is the accuracy on
50,000 more points of the same blobs. The points are those of the Go twin:
both draw them from the same counter-based generator (field_uniforms, the
SplitMix64 finaliser; benchField and fieldUniforms in mlkit/nn/bench_test.go).

Run with /usr/bin/python3 (scikit-learn 1.2.1). "seconds" is the median wall
time of fit alone (data drawn and standardised before the timer). One fit
takes ~12 s here, so BENCH_REPEATS defaults to 1. The Go twin is
BenchmarkSideBySideMLP in mlkit/nn.
"""
import json
import os
import statistics
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

TASK = "mlp"
N_TRAIN, N_TEST = 200_000, 50_000
REPEATS = int(os.environ.get("BENCH_REPEATS", "1"))


def field_uniforms(seed, stream, n):
    """n uniforms in [0, 1): SplitMix64's finaliser of
    ((seed*1000 + stream) << 40 + k + 1) * 0x9E3779B97F4A7C15, top 53 bits."""
    k = np.arange(1, n + 1, dtype=np.uint64) + np.uint64((seed * 1000 + stream) << 40)
    with np.errstate(over="ignore"):
        z = k * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def field(seed, stream, n):
    centers = 100 * field_uniforms(seed, 0, 100).reshape(50, 2)
    u = field_uniforms(seed, stream, 3 * n).reshape(n, 3)
    y = (u[:, 0] * 50).astype(np.int64)
    r = np.sqrt(-2 * np.log(1 - u[:, 1]))
    th = 2 * np.pi * u[:, 2]
    return centers[y] + 0.5 * np.stack([r * np.cos(th), r * np.sin(th)], axis=1), y


def main():
    X, y = field(1, 1, N_TRAIN)
    Xt, yt = field(1, 2, N_TEST)
    mean, std = X.mean(axis=0), X.std(axis=0)
    X, Xt = (X - mean) / std, (Xt - mean) / std
    warnings.simplefilter("ignore", ConvergenceWarning)
    times, acc, loss = [], None, None
    for rep in range(REPEATS):
        clf = MLPClassifier(hidden_layer_sizes=(64, 64), max_iter=20, batch_size=200,
                            learning_rate_init=1e-3, solver="adam", random_state=rep)
        t0 = time.perf_counter()
        clf.fit(X, y)
        times.append(time.perf_counter() - t0)
        acc = float((clf.predict(Xt) == yt).mean())
        loss = float(clf.loss_)
    print(json.dumps({"task": TASK, "seconds": statistics.median(times),
                      "quality": acc, "quality_name": "test_accuracy",
                      "train_loss": loss, "epochs": 20, "batch": 200}))


if __name__ == "__main__":
    sys.exit(main())
