#!/usr/bin/python3
"""Export scikit-learn's bundled classic tables to CSV for mlkit/data.

Run with Debian's /usr/bin/python3 (scikit-learn 1.2.1); no download happens:
load_iris, load_wine, load_breast_cancer and load_digits read the copies that
ship inside scikit-learn.

Each table is written as <name>.csv: a header of feature names then "target",
one row per sample, values printed with repr (shortest round-trip form, so the
float64 values are reproduced exactly; digits are integers 0-16), the target
as the integer class index. tables.json holds the class names and sources.
"""
import csv
import json
import os

import sklearn
from sklearn import datasets

HERE = os.path.dirname(os.path.abspath(__file__))

SOURCES = {
    "iris": {
        "loader": datasets.load_iris,
        "source": "Fisher, R.A. (1936) The use of multiple measurements in taxonomic problems, "
        "Annals of Eugenics 7(2):179-188; UCI Machine Learning Repository, Iris "
        "(https://archive.ics.uci.edu/ml/datasets/iris). scikit-learn's copy follows Fisher's paper "
        "(as R's iris does), which differs from the UCI file in two values.",
    },
    "wine": {
        "loader": datasets.load_wine,
        "source": "Aeberhard, S. and Forina, M. (1991) Wine, UCI Machine Learning Repository "
        "(https://archive.ics.uci.edu/ml/datasets/wine); chemical analysis of wines from three cultivars "
        "in Italy (Forina et al., PARVUS).",
    },
    "breast_cancer": {
        "loader": datasets.load_breast_cancer,
        "source": "Wolberg, W., Mangasarian, O., Street, N. and Street, W. (1995) Breast Cancer "
        "Wisconsin (Diagnostic), UCI Machine Learning Repository "
        "(https://archive.ics.uci.edu/ml/datasets/breast+cancer+wisconsin+(diagnostic)); features of cell nuclei from fine needle aspirates.",
    },
    "digits": {
        "loader": datasets.load_digits,
        "source": "Alpaydin, E. and Kaynak, C. (1998) Optical Recognition of Handwritten Digits, "
        "UCI Machine Learning Repository (https://archive.ics.uci.edu/ml/datasets/optical+recognition+of+handwritten+digits); scikit-learn's "
        "copy is the 1797-image test part, 8x8 blocks counted 0-16.",
    },
}
LICENSE = "CC BY 4.0 (Creative Commons Attribution 4.0 International), as stated by the UCI Machine Learning Repository"


def fmt(v, integer):
    return str(int(v)) if integer else repr(float(v))


def main():
    meta = {"generator": f"export.py with scikit-learn {sklearn.__version__}", "tables": {}}
    for name, info in SOURCES.items():
        b = info["loader"]()
        X, y = b.data, b.target
        integer = bool((X == X.round()).all())
        with open(os.path.join(HERE, name + ".csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(list(b.feature_names) + ["target"])
            for row, t in zip(X, y):
                w.writerow([fmt(v, integer) for v in row] + [int(t)])
        meta["tables"][name] = {
            "file": name + ".csv",
            "rows": int(X.shape[0]),
            "features": int(X.shape[1]),
            "class_names": [str(c) for c in b.target_names],
            "class_counts": [int(c) for c in (y[:, None] == range(len(b.target_names))).sum(0)],
            "source": info["source"],
            "license": LICENSE,
        }
    with open(os.path.join(HERE, "tables.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
