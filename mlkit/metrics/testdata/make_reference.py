"""Reference values for mlkit/metrics, from scikit-learn 1.2.1 / scipy.

Run with /usr/bin/python3 (Debian's scikit-learn 1.2.1):
    /usr/bin/python3 make_reference.py   # writes reference.json beside it
All inputs are generated here with fixed seeds and stored in the JSON, so the
Go tests read exactly the data sklearn saw. Floats are written with repr
(shortest round-trip), so they are exact.
"""
import json
import os

import numpy as np
import sklearn
from scipy.optimize import linear_sum_assignment
from sklearn import metrics as M
from sklearn.manifold import trustworthiness

assert sklearn.__version__ == "1.2.1", sklearn.__version__


def noisy(truth, mapping, flip, rng, pool):
    """pred = mapping[truth] with a fraction flip replaced by a random id from pool."""
    pred = np.array([mapping[t] for t in truth])
    m = rng.random(len(truth)) < flip
    pred[m] = rng.choice(pool, size=m.sum())
    return pred


def label_cases():
    cases = []
    rng = np.random.default_rng(1)
    cases.append(("random", rng.integers(0, 5, 200), rng.integers(0, 7, 200)))

    rng = np.random.default_rng(2)
    t = rng.choice([0, 3, 7, 100], 300)
    p = noisy(t, {0: 40, 3: 2, 7: 11, 100: 5}, 0.3, rng, [2, 5, 9, 11, 40])
    cases.append(("gaps", t, p))

    rng = np.random.default_rng(3)
    t = rng.integers(0, 10, 400)
    p = noisy(t, {i: i % 3 for i in range(10)}, 0.2, rng, [0, 1, 2])
    cases.append(("more_classes", t, p))

    rng = np.random.default_rng(4)
    t = rng.integers(0, 3, 250)
    p = noisy(t, {0: 4, 1: 0, 2: 2}, 0.25, rng, [0, 1, 2, 3, 4, 6])
    cases.append(("more_clusters", t, p))

    rng = np.random.default_rng(5)
    t = rng.integers(0, 4, 120)
    p = noisy(t, {0: 0, 1: 1, 2: 2, 3: 3}, 0.1, rng, [0, 1, 2, 3])
    p[17] = 9  # a singleton cluster
    cases.append(("singleton_cluster", t, p))

    rng = np.random.default_rng(6)
    t = rng.integers(0, 4, 100)
    cases.append(("one_cluster", t, np.full(100, 3)))
    cases.append(("one_class", np.full(100, 2), rng.integers(0, 4, 100)))
    cases.append(("both_one", np.full(50, 1), np.full(50, 8)))
    cases.append(("all_singletons", rng.integers(0, 3, 60), np.arange(60) * 2))

    rng = np.random.default_rng(7)
    t = rng.integers(0, 6, 150)
    perm = rng.permutation(6) + 10
    cases.append(("permutation", t, perm[t]))

    rng = np.random.default_rng(8)
    t = rng.integers(0, 10, 5000)
    p = noisy(t, {i: (i * 7) % 12 for i in range(10)}, 0.4, rng, list(range(12)))
    cases.append(("large", t, p))

    cases.append(("tiny", np.array([0, 0, 1, 1, 2, 2, 2]), np.array([1, 1, 0, 0, 0, 3, 3])))
    return cases


def hungarian_accuracy(t, p):
    c = M.cluster.contingency_matrix(t, p)
    r, k = linear_sum_assignment(-c)
    return c[r, k].sum() / len(t)


def external():
    out = []
    for name, t, p in label_cases():
        h, c, v = M.homogeneity_completeness_v_measure(t, p)
        cm = M.cluster.contingency_matrix(t, p)
        out.append(dict(
            name=name, truth=t.tolist(), pred=p.tolist(),
            ari=M.adjusted_rand_score(t, p),
            nmi=M.normalized_mutual_info_score(t, p),
            ami=M.adjusted_mutual_info_score(t, p),
            homogeneity=h, completeness=c, v=v,
            fm=M.fowlkes_mallows_score(t, p),
            purity=float(cm.max(axis=0).sum() / len(t)),
            hungarian=float(hungarian_accuracy(t, p)),
            contingency=cm.tolist(),
            row_ids=np.unique(t).tolist(), col_ids=np.unique(p).tolist(),
        ))
    return out


def blobs(rng, n, d, k, spread):
    centers = rng.normal(0, 4, (k, d))
    lab = rng.integers(0, k, n)
    return centers[lab] + rng.normal(0, spread, (n, d)), lab


def internal():
    out = []
    rng = np.random.default_rng(10)
    X, lab = blobs(rng, 150, 4, 3, 1.0)
    out.append(("blobs3", X, lab))
    rng = np.random.default_rng(11)
    X, lab = blobs(rng, 300, 10, 5, 2.5)
    out.append(("blobs5_overlap", X, np.array([7, 2, 30, 4, 11])[lab]))  # gaps in ids
    rng = np.random.default_rng(12)
    X, lab = blobs(rng, 80, 3, 4, 1.0)
    lab = lab.copy()
    lab[5] = 9  # singleton cluster: silhouette 0 for it
    out.append(("singleton", X, lab))
    rng = np.random.default_rng(13)
    X = rng.normal(0, 1, (60, 2)) + 100.0  # far from origin: stresses ‖a‖²+‖b‖²−2ab
    out.append(("offset_random", X, rng.integers(0, 3, 60)))
    res = []
    for name, X, lab in out:
        res.append(dict(
            name=name, n=X.shape[0], d=X.shape[1], X=X.ravel().tolist(), labels=lab.tolist(),
            silhouette=float(M.silhouette_score(X, lab)),
            silhouette_samples=M.silhouette_samples(X, lab).tolist(),
            davies_bouldin=float(M.davies_bouldin_score(X, lab)),
            calinski_harabasz=float(M.calinski_harabasz_score(X, lab)),
        ))
    return res


def classification():
    res = []
    rng = np.random.default_rng(20)
    t = rng.integers(0, 4, 200)
    p = np.where(rng.random(200) < 0.7, t, rng.integers(0, 4, 200))
    res.append(("four", t, p, 4))
    rng = np.random.default_rng(21)
    t = rng.integers(0, 5, 90)
    p = np.where(rng.random(90) < 0.6, t, rng.integers(0, 5, 90))
    p[p == 3] = 1  # class 3 never predicted: precision 0 by sklearn's zero_division
    res.append(("never_predicted", t, p, 6))  # nClasses 6: class 5 absent everywhere
    rng = np.random.default_rng(22)
    t = rng.choice([1, 4, 9], 70)
    p = np.where(rng.random(70) < 0.5, t, rng.choice([1, 4, 9, 2], 70))  # 2 only predicted
    res.append(("gaps", t, p, 10))
    out = []
    for name, t, p, k in res:
        labels = np.unique(np.concatenate([t, p]))
        pr, rc, f1, sup = M.precision_recall_fscore_support(t, p, labels=labels, zero_division=0)
        avg = {}
        for a in ("macro", "weighted"):
            x = M.precision_recall_fscore_support(t, p, labels=labels, average=a, zero_division=0)
            avg[a] = [float(x[0]), float(x[1]), float(x[2])]
        out.append(dict(
            name=name, truth=t.tolist(), pred=p.tolist(), n_classes=k,
            accuracy=M.accuracy_score(t, p),
            confusion=M.confusion_matrix(t, p, labels=list(range(k))).tolist(),
            classes=labels.tolist(), precision=pr.tolist(), recall=rc.tolist(), f1=f1.tolist(),
            support=sup.tolist(), macro=avg["macro"], weighted=avg["weighted"],
        ))
    return out


def ece_ref(t, P, bins):
    """Top-label ECE with equal-width bins (lo, hi] (Naeini et al. 2015; Guo et al. 2017)."""
    conf = P.max(axis=1)
    pred = P.argmax(axis=1)
    acc = (pred == t).astype(float)
    e = 0.0
    for m in range(bins):
        lo, hi = m / bins, (m + 1) / bins
        inb = (conf > lo) & (conf <= hi)
        if inb.any():
            e += inb.mean() * abs(acc[inb].mean() - conf[inb].mean())
    return e


def proba():
    out = []
    for seed, n, k, sharp in ((30, 200, 3, 2.0), (31, 150, 5, 4.0), (32, 100, 2, 1.0)):
        rng = np.random.default_rng(seed)
        t = rng.integers(0, k, n)
        logits = rng.normal(0, 1, (n, k))
        logits[np.arange(n), t] += sharp
        P = np.exp(logits)
        P /= P.sum(axis=1, keepdims=True)
        if seed == 30:
            P[0] = 0.0
            P[0, t[0]] = 1.0  # clipped at 1-eps
            P[1] = 0.0
            P[1, (t[1] + 1) % k] = 1.0  # true class has p=0: clipped at eps
        onehot = np.eye(k)[t]
        out.append(dict(
            name=f"k{k}", truth=t.tolist(), k=k, proba=P.ravel().tolist(),
            log_loss=M.log_loss(t, P, labels=list(range(k))),
            brier=float(np.mean(np.sum((P - onehot) ** 2, axis=1))),
            ece10=ece_ref(t, P, 10), ece15=ece_ref(t, P, 15),
        ))
    return out


def binary():
    out = []
    rng = np.random.default_rng(40)
    t = rng.integers(0, 2, 300)
    s = np.clip(0.5 + 0.3 * (t - 0.5) + rng.normal(0, 0.25, 300), 0, 1)
    out.append(("continuous", t, s))
    out.append(("ties", t, np.round(s, 1)))  # many tied scores
    return [dict(name=n, truth=t.tolist(), score=s.tolist(),
                 roc_auc=M.roc_auc_score(t, s), brier=M.brier_score_loss(t, s)) for n, t, s in out]


def regression():
    rng = np.random.default_rng(50)
    y = rng.normal(3, 2, 100)
    yh = y + rng.normal(0, 0.7, 100)
    out = [("noisy", y, yh), ("constant_y", np.full(5, 2.0), np.array([2.0, 2.1, 1.9, 2.0, 2.0])),
           ("constant_exact", np.full(4, 1.5), np.full(4, 1.5))]
    return [dict(name=n, y=y.tolist(), yhat=yh.tolist(), mse=M.mean_squared_error(y, yh),
                 mae=M.mean_absolute_error(y, yh), r2=M.r2_score(y, yh)) for n, y, yh in out]


def trust():
    out = []
    rng = np.random.default_rng(60)
    X, _ = blobs(rng, 120, 10, 4, 2.0)
    W = rng.normal(0, 1, (10, 2))
    Y = X @ W
    for k in (1, 5, 12):
        out.append(dict(name=f"proj_k{k}", n=120, d=10, dy=2, X=X.ravel().tolist(), Y=Y.ravel().tolist(),
                        k=k, value=trustworthiness(X, Y, n_neighbors=k)))
    rng = np.random.default_rng(61)
    X = rng.normal(0, 1, (40, 5))
    Y = rng.normal(0, 1, (40, 2))  # unrelated embedding
    out.append(dict(name="random_k19", n=40, d=5, dy=2, X=X.ravel().tolist(), Y=Y.ravel().tolist(),
                    k=19, value=trustworthiness(X, Y, n_neighbors=19)))
    return out


ref = dict(sklearn=sklearn.__version__, external=external(), internal=internal(),
           classification=classification(), proba=proba(), binary=binary(),
           regression=regression(), trust=trust())
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
with open(path, "w") as f:
    json.dump(ref, f, separators=(",", ":"))
print("wrote", path, os.path.getsize(path), "bytes")
