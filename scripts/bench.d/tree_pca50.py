"""Side-by-side bench task tree_pca50: DecisionTreeClassifier(max_depth=10)
on the exact PCA(50) projection of MNIST train (60,000×784, pixels/255); the
projection is not timed. Quality is the training accuracy.

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with the IDX .gz files. Prints one JSON line. The Go twin is
BenchmarkSideBySideTreePCA50 in mlkit/tree.
"""
import sys

from _common import load_mnist_train
from sklearn.decomposition import PCA
from tree_mnist import main

if __name__ == "__main__":
    Z = PCA(n_components=50, svd_solver="full").fit_transform(load_mnist_train())
    sys.exit(main(Z, "tree_pca50"))
