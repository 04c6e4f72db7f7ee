"""Side-by-side bench task convae: train the default convolutional autoencoder
of mlkit/nn for one epoch on the first 10,000 MNIST training images
(pixels/255), batch 128 (the last batch holds the remainder), Adam with
lr 1e-3, MSE loss, PyTorch 1.13 CPU with torch.set_num_threads(2).

Architecture (mlkit/nn ConvAutoencoder{} on 1×28×28, code 8×14×14 = 1,568):
  encoder: conv 1→16 3×3 pad 1 + ReLU, max-pool 2×2, conv 16→8 + ReLU
  decoder: conv 8→16 + ReLU, nearest 2× upsample, conv 16→1 + sigmoid

Run with /usr/bin/python3. MNIST_DIR names the folder with
train-images-idx3-ubyte.gz and t10k-images-idx3-ubyte.gz. "seconds" is the
median wall time of the training epoch (data already in memory as a float32
tensor, shuffled each epoch with a seeded generator), quality is the
training throughput in images/s (also in "images_per_second"), and
"test_mse" the mean squared error per pixel on the first 2,000 test images
after the epoch. The Go twin is BenchmarkSideBySideConvAE in mlkit/nn.
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

TASK = "convae"
N_TRAIN = 10000
N_TEST = 2000
BATCH = 128
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def load_images(name, n):
    path = os.path.join(os.environ["MNIST_DIR"], name)
    with gzip.open(path, "rb") as f:
        raw = f.read()
    rows = int.from_bytes(raw[8:12], "big")
    cols = int.from_bytes(raw[12:16], "big")
    pix = np.frombuffer(raw, dtype=np.uint8, offset=16)[: n * rows * cols]
    return torch.from_numpy(pix.reshape(n, 1, rows, cols).astype(np.float32) / 255.0)


def model():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 8, 3, padding=1), nn.ReLU(),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
        nn.Upsample(scale_factor=2, mode="nearest"),
        nn.Conv2d(16, 1, 3, padding=1), nn.Sigmoid(),
    )


def main():
    torch.set_num_threads(2)
    train = load_images("train-images-idx3-ubyte.gz", N_TRAIN)
    test = load_images("t10k-images-idx3-ubyte.gz", N_TEST)
    times, mse = [], None
    for rep in range(REPEATS):
        torch.manual_seed(rep)
        net = model()
        opt = torch.optim.Adam(net.parameters(), lr=1e-3)
        loss_fn = nn.MSELoss()
        gen = torch.Generator().manual_seed(rep)
        t0 = time.perf_counter()
        order = torch.randperm(N_TRAIN, generator=gen)
        for b in range(0, N_TRAIN, BATCH):
            x = train[order[b:b + BATCH]]
            opt.zero_grad()
            loss = loss_fn(net(x), x)
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - t0)
        with torch.no_grad():
            mse = float(loss_fn(net(test), test))
    sec = statistics.median(times)
    print(json.dumps({"task": TASK, "seconds": sec, "quality": N_TRAIN / sec,
                      "quality_name": "images_per_second",
                      "images_per_second": N_TRAIN / sec, "test_mse": mse,
                      "images": N_TRAIN, "batch": BATCH}))


if __name__ == "__main__":
    sys.exit(main())
