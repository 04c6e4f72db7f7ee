"""Side-by-side bench task gmm_diag: a Gaussian mixture with diagonal covariances
on PCA-50 MNIST train (60,000×784 pixels/255, projected on its first 50
principal components by PCA(50, svd_solver='full')), K=10, reg_covar=0.01,
one k-means initialisation (n_init=1), tol 1e-3, max_iter 100, fixed seed.

Run with /usr/bin/python3 (scikit-learn 1.2.1). MNIST_DIR names the folder
with train-images-idx3-ubyte.gz. Only the GaussianMixture fit is timed (the
PCA is done once before). Prints one JSON line; quality is the mean
log-likelihood of the training data (score, higher is better). The Go twin is
BenchmarkSideBySideGMMDiag in mlkit/cluster. The two sides start from
different k-means labellings, so they may stop in different local optima: the
log-likelihoods are a sanity figure, not an exact match.
"""
import sys

from gmm_full import main

if __name__ == "__main__":
    sys.exit(main("diag", "gmm_diag"))
