"""Reference values for mlkit/cluster's self-organizing map tests.

MiniSom (github.com/JustGlowing/minisom) is not packaged for Debian, so this
script re-implements, in numpy, the parts of MiniSom 2.3 the tests compare
against, line for line from minisom.py:

  - MiniSom.__init__'s map coordinates (meshgrid; hexagonal: xx[::-2] -= 0.5,
    yy *= (3/2)/sqrt(3)) and its random draw of the initial weights;
  - pca_weights_init and random_weights_init;
  - train(random_order=True): the order arange(T) % n shuffled by the map's
    RandomState, winner = argmin of the Euclidean distance, the update
    W += eta(t) * g * (x - W) with the Gaussian neighbourhood and the
    asymptotic decay p / (1 + t / (T/2)) of both eta and sigma;
  - quantization_error, topographic_error and distance_map(scaling='mean').

Run with /usr/bin/python3 (numpy 1.24, scikit-learn 1.2.1 for the iris data)
from this folder:  /usr/bin/python3 make_som_reference.py
Writes som_reference.json.
"""
import json

import numpy as np
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler

HEX = (3.0 / 2.0) / np.sqrt(3)


def coords(rows, cols, hexagonal):
    xx, yy = np.meshgrid(np.arange(rows), np.arange(cols))
    xx, yy = xx.astype(float), yy.astype(float)
    if hexagonal:
        xx[::-2] -= 0.5
        yy *= HEX
    return xx.T, yy.T  # (rows, cols): position of unit (r, c)


def pca_init(X, rows, cols):
    eigvals, eigvecs = np.linalg.eigh(np.cov(X, rowvar=False))
    order = np.argsort(eigvals)[::-1]
    pc1, pc2 = eigvecs[:, order[0]], eigvecs[:, order[1]]
    W = np.zeros((rows, cols, X.shape[1]))
    for i, c1 in enumerate(np.linspace(-1, 1, rows)):
        for j, c2 in enumerate(np.linspace(-1, 1, cols)):
            W[i, j] = X.mean(axis=0) + c1 * pc1 + c2 * pc2
    return W


def train(X, rows, cols, hexagonal, sigma, lr, T, init, seed):
    rs = np.random.RandomState(seed)
    n, d = X.shape
    # MiniSom.__init__ draws random unit vectors first, whatever the init.
    W = rs.rand(rows, cols, d) * 2 - 1
    W /= np.linalg.norm(W, axis=-1, keepdims=True)
    if init == "pca":
        W = pca_init(X, rows, cols)
    else:
        for r in range(rows):
            for c in range(cols):
                W[r, c] = X[rs.randint(n)]
    px, py = coords(rows, cols, hexagonal)
    order = np.arange(T) % n
    rs.shuffle(order)
    for t, i in enumerate(order):
        x = X[i]
        dist = np.linalg.norm(x - W, axis=-1)
        b = np.unravel_index(dist.argmin(), dist.shape)
        eta = lr / (1 + t / (T / 2))
        sig = sigma / (1 + t / (T / 2))
        den = 2 * sig * sig
        g = np.exp(-((px - px[b]) ** 2) / den) * np.exp(-((py - py[b]) ** 2) / den) * eta
        W += g[:, :, None] * (x - W)
    return W


def quantization_error(W, X):
    flat = W.reshape(-1, W.shape[2])
    d = np.linalg.norm(X[:, None, :] - flat[None, :, :], axis=2)
    return float(d.min(axis=1).mean())


def topographic_error(W, X, hexagonal):
    rows, cols, _ = W.shape
    flat = W.reshape(-1, W.shape[2])
    d = np.linalg.norm(X[:, None, :] - flat[None, :, :], axis=2)
    b2 = np.argsort(d, axis=1, kind="stable")[:, :2]
    if hexagonal:
        px, py = coords(rows, cols, True)
        p = np.stack([px.ravel(), py.ravel()], axis=1)
        dist = np.linalg.norm(p[b2[:, 0]] - p[b2[:, 1]], axis=1)
        return float(1 - np.mean(np.isclose(1, dist)))
    bx, by = np.unravel_index(b2, (rows, cols))
    dist = np.linalg.norm(np.stack([np.diff(bx), np.diff(by)], axis=1)[:, :, 0], axis=1)
    return float((dist > 1.42).mean())


def distance_map_mean(W, hexagonal):
    rows, cols, _ = W.shape
    um = np.nan * np.zeros((rows, cols, 8))
    ii = [[0, -1, -1, -1, 0, 1, 1, 1]] * 2
    jj = [[-1, -1, 0, 1, 1, 1, 0, -1]] * 2
    if hexagonal:
        ii = [[1, 1, 1, 0, -1, 0], [0, 1, 0, -1, -1, -1]]
        jj = [[1, 0, -1, -1, 0, 1], [1, 0, -1, -1, 0, 1]]
    for x in range(rows):
        for y in range(cols):
            e = y % 2 == 0
            for k, (i, j) in enumerate(zip(ii[e], jj[e])):
                if 0 <= x + i < rows and 0 <= y + j < cols:
                    um[x, y, k] = np.linalg.norm(W[x, y] - W[x + i, y + j])
    um = np.nanmean(um, axis=2)
    return um / um.max()


def handmade(rows, cols):
    """The fixed map the Go test builds with the same formula."""
    W = np.zeros((rows, cols, 3))
    for r in range(rows):
        for c in range(cols):
            W[r, c] = [0.1 * r * r, c + 0.3 * r, np.sin(r + c)]
    return W


def handmade_points(m):
    """Points the Go test builds with the same formula."""
    i = np.arange(m, dtype=float)
    return np.stack([0.37 * i % 2.0, (1.3 * i) % 5.0, np.cos(i)], axis=1)


def main():
    iris = load_iris().data
    std = StandardScaler().fit_transform(iris)
    seeds = list(range(30))
    out = {"numpy": np.__version__, "seeds": len(seeds), "configs": []}
    configs = [
        # name, data, rows, cols, hex, sigma, lr, T, init
        ("iris_std_7x7_rect_pca", std, 7, 7, False, 1.0, 0.5, 1000, "pca"),
        ("iris_std_6x8_hex_random", std, 6, 8, True, 1.5, 0.5, 2000, "random"),
        ("iris_raw_10x10_rect_random", iris, 10, 10, False, 1.0, 0.5, 5000, "random"),
    ]
    for name, X, rows, cols, hexagonal, sigma, lr, T, init in configs:
        qe, te = [], []
        for s in seeds:
            W = train(X, rows, cols, hexagonal, sigma, lr, T, init, s)
            qe.append(quantization_error(W, X))
            te.append(topographic_error(W, X, hexagonal))
        rec = {"name": name, "standardized": X is std, "rows": rows, "cols": cols, "hex": hexagonal,
               "sigma": sigma, "learning_rate": lr, "iterations": T, "init": init,
               "qe_mean": float(np.mean(qe)), "qe_sd": float(np.std(qe, ddof=1)),
               "te_mean": float(np.mean(te)), "te_sd": float(np.std(te, ddof=1))}
        out["configs"].append(rec)
        print(name, "QE %.4f ± %.4f  TE %.4f ± %.4f" % (rec["qe_mean"], rec["qe_sd"], rec["te_mean"], rec["te_sd"]))
    # A hand-made map: MiniSom's distance_map(scaling='mean') and
    # topographic_error, rectangular and hexagonal (odd Cols, where MiniSom's
    # fixed hexagonal offsets agree with its coordinates).
    out["handmade"] = []
    pts = handmade_points(40)
    for rows, cols, hexagonal in [(4, 5, False), (4, 5, True)]:
        W = handmade(rows, cols)
        out["handmade"].append({"rows": rows, "cols": cols, "hex": hexagonal,
                                "umatrix": distance_map_mean(W, hexagonal).ravel().tolist(),
                                "topographic_error": topographic_error(W, pts, hexagonal),
                                "quantization_error": quantization_error(W, pts)})
    with open("som_reference.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
