"""Side-by-side bench task pca_randomized: PCA(50) with the randomized solver (n_iter auto = 7, 10 oversamples) on
MNIST train (60,000×784, pixels/255).

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with train-images-idx3-ubyte.gz. Prints one JSON line; quality is the sum of
the explained variance ratios of the 50 components (higher is better). The Go
twin is BenchmarkSideBySidePCARandomized in mlkit/embed.
"""
import sys

from pca_full import main

if __name__ == "__main__":
    sys.exit(main("randomized", "pca_randomized"))
