package memo_test

import (
	"bytes"
	"encoding/gob"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/calibrate"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/embed"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/memo"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/neighbors"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/nn"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/pairs"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/probe"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/svm"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/tree"
)

// blobs returns three blobs of n points in d dimensions, their labels and a
// target, from a fixed LCG (no generator needed beyond that).
func blobs(n, d int) (*mat.Dense, []int, []float64) {
	s := uint64(7)
	u := func() float64 { s = s*6364136223846793005 + 1442695040888963407; return float64(s>>11) / (1 << 53) }
	X := mat.NewDense(3*n, d, nil)
	y := make([]int, 3*n)
	z := make([]float64, 3*n)
	for r := range 3 * n {
		y[r] = r % 3
		for j := range d {
			X.Set(r, j, 3*float64(y[r]*(j%2))+u()+u()-1)
		}
		z[r] = X.At(r, 0) - 2*X.At(r, 1) + 0.1*u()
	}
	return X, y, z
}

func images(n int) (*data.Images, []int) {
	im := &data.Images{N: n, C: 1, H: 8, W: 8, Pix: make([]float32, n*64)}
	labels := make([]int, n)
	for i := range n {
		labels[i] = i % 2
		for p := range 64 {
			im.Pix[i*64+p] = float32(0.5 + 0.4*math.Sin(float64(p*(1+labels[i]))/5+float64(i)))
		}
	}
	return im, labels
}

// viaMemo keeps what fit returns and checks that memo reads back the bits
// plain gob (format 1) read back.
func viaMemo[T any](fit func() (T, error)) func(*testing.T) {
	return func(t *testing.T) {
		m, err := fit()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(m); err != nil {
			t.Fatal(err)
		}
		var want T
		if err := gob.NewDecoder(&buf).Decode(&want); err != nil {
			t.Fatal(err)
		}
		id := memo.Key("models", t.Name())
		if _, err := memo.Get(id, func() (T, error) { return m, nil }); err != nil {
			t.Fatal(err)
		}
		computed := false
		got, err := memo.Get(id, func() (T, error) { computed = true; return m, nil })
		if err != nil || computed {
			t.Fatalf("read back: computed=%v err=%v", computed, err)
		}
		if err := memo.SameBits(want, got); err != nil {
			t.Errorf("memo reads back another model than gob: %v", err)
		}
	}
}

// TestModels: every fitted model of the kit reads back from memo as it
// does from gob.
func TestModels(t *testing.T) {
	t.Setenv("MLKIT_MEMO_DIR", t.TempDir())
	X, y, z := blobs(20, 4)
	yb := make([]int, len(y))
	for i, c := range y {
		yb[i] = min(c, 1)
	}
	mixed := make([]int, len(y)) // clusters that cut across the blobs, for Linker
	for i := range mixed {
		mixed[i] = i / 3 % 4
	}
	im, lab := images(12)
	quiet := progress.Silent
	train := nn.TrainConfig{Epochs: 1, BatchSize: 4, Seed: 1, Progress: quiet}
	for _, tc := range []struct {
		name string
		run  func(*testing.T)
	}{
		{"KMeans", viaMemo(func() (*cluster.KMeansModel, error) { return cluster.KMeans{K: 3, Seed: 1, Progress: quiet}.Fit(X) })},
		{"MiniBatchKMeans", viaMemo(func() (*cluster.KMeansModel, error) {
			return cluster.MiniBatchKMeans{K: 3, Seed: 1, Progress: quiet}.Fit(X)
		})},
		{"GMM", viaMemo(func() (*cluster.GMMModel, error) { return cluster.GMM{K: 2, Seed: 1, Progress: quiet}.Fit(X) })},
		{"SOM", viaMemo(func() (*cluster.SOMModel, error) {
			return cluster.SOM{Rows: 3, Cols: 3, Iterations: 50, Seed: 1, Progress: quiet}.Fit(X)
		})},
		{"DBSCAN", viaMemo(func() (*cluster.DBSCANModel, error) {
			return cluster.DBSCAN{Eps: 1, MinSamples: 3, Progress: quiet}.Fit(X)
		})},
		{"LogisticRegression", viaMemo(func() (*linear.LogisticRegressionModel, error) {
			return linear.LogisticRegression{C: 1, Progress: quiet}.Fit(X, y)
		})},
		{"Ridge", viaMemo(func() (*linear.RidgeModel, error) { return linear.Ridge{}.Fit(X, z) })},
		{"PCA", viaMemo(func() (*embed.PCAModel, error) { return embed.PCA{Components: 2, Progress: quiet}.Fit(X) })},
		{"TSNE", viaMemo(func() (*embed.TSNEModel, error) {
			return embed.TSNE{Perplexity: 5, MaxIter: 250, Seed: 1, Progress: quiet}.Fit(X)
		})},
		{"MDS", viaMemo(func() (*embed.MDSModel, error) { return embed.MDS{MaxIter: 20, Seed: 1, Progress: quiet}.Fit(X) })},
		{"KNNClassifier", viaMemo(func() (*neighbors.KNNClassifierModel, error) { return neighbors.KNNClassifier{K: 3}.Fit(X, y) })},
		{"KDTree", viaMemo(func() (*neighbors.KDTree, error) { return neighbors.NewKDTree(X) })},
		{"SVC", viaMemo(func() (*svm.SVCModel, error) { return svm.SVC{C: 1, Progress: quiet}.Fit(X, y) })},
		{"DecisionTree", viaMemo(func() (*tree.DecisionTreeModel, error) { return tree.DecisionTree{Seed: 1, Progress: quiet}.Fit(X, y) })},
		{"RegressionTree", viaMemo(func() (*tree.RegressionTreeModel, error) {
			return tree.RegressionTree{Seed: 1, Progress: quiet}.Fit(X, z)
		})},
		{"Isotonic", viaMemo(func() (*calibrate.IsotonicModel, error) {
			return calibrate.Isotonic{}.Fit(X.RawMatrix().Data[:len(yb)], yb)
		})},
		{"Sigmoid", viaMemo(func() (*calibrate.SigmoidModel, error) {
			return calibrate.Sigmoid{}.Fit(X.RawMatrix().Data[:len(yb)], yb)
		})},
		{"CalibratedClassifier", viaMemo(func() (*calibrate.CalibratedClassifierModel, error) {
			return calibrate.CalibratedClassifier{Base: calibrate.Logistic{}, CV: 3, Progress: quiet}.Fit(X, y)
		})},
		{"StandardScaler", viaMemo(func() (*data.StandardScalerModel, error) { return data.StandardScaler{}.Fit(X) })},
		{"Images", viaMemo(func() (*data.Images, error) { im, _ := images(40); return im, nil })}, // 2560 pixels: a float32 payload
		{"Linker", viaMemo(func() (*pairs.LinkerModel, error) { return pairs.Linker{Seed: 1, Progress: quiet}.Fit(X, mixed) })},
		{"KSweep", viaMemo(func() (*probe.KSweepResult, error) {
			return probe.KSweep{Ks: []int{2, 3}, Seeds: []uint64{1}, Progress: quiet}.Fit(X, y)
		})},
		{"MLP", viaMemo(func() (*nn.MLPModel, error) { return nn.MLP{Hidden: []int{4}, Seed: 1, Train: train}.Fit(X, y) })},
		{"CNN", viaMemo(func() (*nn.CNNModel, error) {
			return nn.CNN{Blocks: []nn.ConvBlock{{Channels: 2, Pool: true}}, Dense: []int{3}, Seed: 1, Train: train}.FitClassifier(im, lab)
		})},
		{"ConvAutoencoder", viaMemo(func() (*nn.AutoencoderModel, error) {
			return nn.ConvAutoencoder{Channels: []int{2}, LatentChannels: 2, Seed: 1, Train: train}.Fit(im)
		})},
	} {
		t.Run(tc.name, tc.run)
	}
}
