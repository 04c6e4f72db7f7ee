"""Side-by-side bench task cnn: the digit classifier of experiment 02 in
PyTorch 1.13 CPU with torch.set_num_threads(2): conv 1→16 3×3 pad 1 + ReLU,
max-pool 2×2, conv 16→32 + ReLU, max-pool, dense 7·7·32→128 + ReLU, dense
128→10, softmax cross-entropy; one epoch on the first 10,000 MNIST training
images (pixels/255), batch 128 (the last batch holds the remainder), Adam
with lr 1e-3.

Run with /usr/bin/python3. MNIST_DIR names the folder with the IDX .gz
files. "seconds" is the median wall time of the training epoch alone (data
already in memory as float32 tensors, the model built before the timer),
quality is the accuracy on the 10,000 test images, "images_per_second" the
training throughput. The Go twin is BenchmarkSideBySideCNN in mlkit/nn
(nn.CNN's zero value).
"""
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

TASK = "cnn"
N_TRAIN = 10000
BATCH = 128
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def load(name, offset):
    with gzip.open(os.path.join(os.environ["MNIST_DIR"], name), "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def images(name):
    pix = load(name, 16)
    return torch.from_numpy(pix.reshape(-1, 1, 28, 28).astype(np.float32) / 255.0)


def labels(name):
    return torch.from_numpy(load(name, 8).astype(np.int64))


def model():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 32, 128), nn.ReLU(), nn.Linear(128, 10),
    )


def main():
    torch.set_num_threads(2)
    xtr, ytr = images("train-images-idx3-ubyte.gz")[:N_TRAIN], labels("train-labels-idx1-ubyte.gz")[:N_TRAIN]
    xte, yte = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
    times, acc = [], None
    for rep in range(REPEATS):
        torch.manual_seed(rep)
        net = model()
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        loss_fn = nn.CrossEntropyLoss()
        gen = torch.Generator().manual_seed(rep)
        t0 = time.perf_counter()
        order = torch.randperm(N_TRAIN, generator=gen)
        for b in range(0, N_TRAIN, BATCH):
            idx = order[b:b + BATCH]
            opt.zero_grad()
            loss = loss_fn(net(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - t0)
        with torch.no_grad():
            acc = float((net(xte).argmax(1) == yte).float().mean())
    sec = statistics.median(times)
    print(json.dumps({"task": TASK, "seconds": sec, "quality": acc,
                      "quality_name": "test_accuracy",
                      "images_per_second": N_TRAIN / sec, "images": N_TRAIN, "batch": BATCH}))


if __name__ == "__main__":
    sys.exit(main())
