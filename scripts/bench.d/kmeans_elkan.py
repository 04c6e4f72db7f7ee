"""Side-by-side bench task kmeans_elkan: k-means on MNIST train (60,000×784,
pixels/255), K=10, n_init=1, max_iter=100, Elkan, fixed seed.

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with train-images-idx3-ubyte.gz. Prints one JSON line; quality is the final
inertia (lower is better). The Go twin is BenchmarkSideBySideKMeansElkan in
mlkit/cluster.
"""
import sys

from kmeans_lloyd import main

if __name__ == "__main__":
    sys.exit(main("elkan", "kmeans_elkan"))
