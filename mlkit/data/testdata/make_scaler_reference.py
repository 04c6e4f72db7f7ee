#!/usr/bin/python3
"""Reference values for mlkit/data's StandardScaler (scikit-learn 1.2.1).

Run with Debian's /usr/bin/python3; writes scaler_reference.json.
Cases: iris (sklearn's bundled copy, identical to tables/iris.csv), and a small
matrix with a constant column (scale 1) and a column of 0.1 repeated (constant
up to rounding, also scale 1 by sklearn's _is_constant_feature rule).
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))

cases = {}
X = load_iris().data
s = StandardScaler().fit(X)
cases["iris"] = {
    "rows": [0, 50, 149],
    "mean": s.mean_.tolist(),
    "scale": s.scale_.tolist(),
    "transformed": s.transform(X)[[0, 50, 149]].tolist(),
}
C = np.array([[1.0, 3.3, 0.1], [2.0, 3.3, 0.1], [4.0, 3.3, 0.1], [8.0, 3.3, 0.1]])
s = StandardScaler().fit(C)
cases["constant"] = {
    "X": C.tolist(),
    "mean": s.mean_.tolist(),
    "scale": s.scale_.tolist(),
    "transformed": s.transform(C).tolist(),
}
with open(os.path.join(HERE, "scaler_reference.json"), "w") as f:
    json.dump({"generator": f"make_scaler_reference.py, scikit-learn {sklearn.__version__}", "cases": cases}, f, indent=1)
    f.write("\n")
