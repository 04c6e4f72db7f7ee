"""Reference values for mlkit/embed tests.

Run with /usr/bin/python3 (scikit-learn 1.2.1, numpy):
    /usr/bin/python3 make_reference.py
Writes reference.json beside this script. Inputs are generated here with
numpy's seeded generator and stored in the JSON, so the Go tests use the
exact same numbers.
"""
import json
import numpy as np
import sklearn
from sklearn.datasets import load_iris, make_blobs
from sklearn.decomposition import PCA
from sklearn.manifold import MDS, TSNE, trustworthiness
from sklearn.metrics import euclidean_distances

out = {"sklearn": sklearn.__version__}


def pca_case(name, X, k, solver="full"):
    p = PCA(n_components=k, svd_solver=solver, random_state=0).fit(X)
    out[name] = {
        "X": X.tolist(),
        "k": k,
        "components": p.components_.tolist(),
        "mean": p.mean_.tolist(),
        "explained_variance": p.explained_variance_.tolist(),
        "explained_variance_ratio": p.explained_variance_ratio_.tolist(),
        "singular_values": p.singular_values_.tolist(),
        "noise_variance": float(p.noise_variance_),
        "transform_first_rows": p.transform(X[:5]).tolist(),
    }


iris = load_iris().data
pca_case("pca_iris", iris, 4)
pca_case("pca_iris_k2", iris, 2)
rng = np.random.default_rng(20240601)
X = rng.normal(size=(300, 20)) @ rng.normal(size=(20, 20))
X += rng.normal(size=20) * 3
pca_case("pca_300x20", X, 8)
# Decaying spectrum for the randomized solver: singular values 10·0.7^j.
U, _ = np.linalg.qr(rng.normal(size=(400, 30)))
V, _ = np.linalg.qr(rng.normal(size=(30, 30)))
s = 10 * 0.7 ** np.arange(30)
Xd = (U * s) @ V.T + rng.normal(size=30)
pca_case("pca_decay", Xd, 5, solver="randomized")

# Classical MDS (Torgerson 1952) by numpy: double-centred squared distances.
Xm = rng.normal(size=(40, 5)) @ rng.normal(size=(5, 5))
D = euclidean_distances(Xm)
n = D.shape[0]
J = np.eye(n) - np.ones((n, n)) / n
B = -0.5 * J @ (D ** 2) @ J
w, v = np.linalg.eigh(B)
idx = np.argsort(w)[::-1][:2]
Y = v[:, idx] * np.sqrt(w[idx])
out["mds_classical"] = {"X": Xm.tolist(), "embedding": Y.tolist(), "eigenvalues": w[idx].tolist()}
# SMACOF (de Leeuw 1977) as scikit-learn 1.2: raw stress, 4 inits.
stresses = []
for seed in range(5):
    m = MDS(n_components=2, metric=True, n_init=4, max_iter=300, eps=1e-3,
            random_state=seed, dissimilarity="euclidean", normalized_stress=False).fit(Xm)
    stresses.append(float(m.stress_))
out["mds_smacof"] = {"stress": stresses}

# t-SNE on blobs: trustworthiness (n_neighbors=5) for exact and Barnes-Hut.
Xb, yb = make_blobs(n_samples=500, n_features=10, centers=5, cluster_std=2.0, random_state=3)
tsne = {"X": Xb.tolist()}
for method in ["exact", "barnes_hut"]:
    tw, kl = [], []
    for seed in range(3):
        t = TSNE(n_components=2, perplexity=30, method=method, init="pca",
                 learning_rate="auto", random_state=seed)
        Yt = t.fit_transform(Xb)
        tw.append(float(trustworthiness(Xb, Yt, n_neighbors=5)))
        kl.append(float(t.kl_divergence_))
    tsne[method] = {"trustworthiness": tw, "kl": kl}
out["tsne_blobs"] = tsne


def rounded(o):
    return json.loads(json.dumps(o), parse_float=lambda s: float(s))


with open("reference.json", "w") as f:
    json.dump(out, f)
print({k: (v.keys() if isinstance(v, dict) else v) for k, v in out.items()})
print(out["mds_smacof"], out["tsne_blobs"]["exact"], out["tsne_blobs"]["barnes_hut"])
