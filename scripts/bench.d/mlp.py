"""Side-by-side bench task mlp: scikit-learn's MLPClassifier with two hidden
layers of 64 (ReLU, softmax output, alpha=1e-4), solver='adam',
learning_rate_init=1e-3, batch_size=200, max_iter=20 epochs, on 200,000
standardised points of the benchmark field of experiment 03 without noise:
50 Gaussian blobs of standard deviation 0.5 with centres uniform in
[0, 100]², each point in a blob chosen uniformly. Quality is the accuracy on
50,000 more points of the same blobs.

Run with /usr/bin/python3 (scikit-learn 1.2.1). "seconds" is the median wall
time of fit alone (data drawn and standardised before the timer; numpy's
random numbers, not the Go twin's, so the fields differ by the draw). One fit
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


def field(rng, centers, n):
    y = rng.integers(0, len(centers), n)
    return centers[y] + 0.5 * rng.standard_normal((n, 2)), y


def main():
    rng = np.random.default_rng(1)
    centers = 100 * rng.random((50, 2))
    X, y = field(rng, centers, N_TRAIN)
    Xt, yt = field(rng, centers, N_TEST)
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
