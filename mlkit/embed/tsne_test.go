package embed

import (
	"context"
	"errors"
	"math"
	"runtime"
	"sort"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// tolTrust is how far the trustworthiness (k=5) of our embedding may be
// below scikit-learn 1.2.1's on the same input (testdata/make_reference.py).
const tolTrust = 0.01

// trustworthiness is sklearn.manifold.trustworthiness (Euclidean) written
// out plainly for the tests (Venna & Kaski 2001).
func trustworthiness(X, Y *mat.Dense, k int) float64 {
	n, _ := X.Dims()
	dx := pairwise(X)
	dy := pairwise(Y)
	rank := make([]int, n)
	order := make([]int, n)
	t := 0.0
	for i := 0; i < n; i++ {
		for j := range order {
			order[j] = j
		}
		sort.Slice(order, func(a, b int) bool { return lessAt(dx[i*n:], order[a], order[b]) })
		// order[0] is i itself (distance 0); ranks start at 1 for the nearest other.
		r := 0
		for _, j := range order {
			if j == i {
				continue
			}
			r++
			rank[j] = r
		}
		sort.Slice(order, func(a, b int) bool { return lessAt(dy[i*n:], order[a], order[b]) })
		c := 0
		for _, j := range order {
			if j == i {
				continue
			}
			if c == k {
				break
			}
			c++
			if rank[j] > k {
				t += float64(rank[j] - k)
			}
		}
	}
	return 1 - t*2/(float64(n)*float64(k)*(2*float64(n)-3*float64(k)-1))
}

func pairwise(X *mat.Dense) []float64 {
	n, d := X.Dims()
	out := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for a := 0; a < d; a++ {
				v := X.At(i, a) - X.At(j, a)
				s += v * v
			}
			out[i*n+j] = s
		}
	}
	return out
}

func TestTSNEBlobsReference(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("t-SNE on 500 points (~2 s of CPU): skipped with -short and -race")
	}
	ref := loadReference(t)
	X := dense(ref.TSNEBlobs.X)
	for _, c := range []struct {
		method TSNEMethod
		ref    tsneRef
	}{{Exact, ref.TSNEBlobs.Exact}, {BarnesHut, ref.TSNEBlobs.BarnesHut}} {
		t.Run(c.method.String(), func(t *testing.T) {
			start := time.Now()
			m, err := TSNE{Method: c.method, Seed: 1, Progress: progress.Silent}.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			tw := trustworthiness(X, m.Embedding, 5)
			t.Logf("%v: trustworthiness %.4f (sklearn %.4f), KL %.4f (sklearn %.4f), %d iterations, %v",
				c.method, tw, c.ref.Trustworthiness[0], m.KLDivergence, c.ref.KL[0], m.Iterations, time.Since(start))
			if tw < c.ref.Trustworthiness[0]-tolTrust {
				t.Errorf("trustworthiness %.4f, sklearn %.4f", tw, c.ref.Trustworthiness[0])
			}
			// KL divergence: same objective, same schedule; within 10%.
			if math.Abs(m.KLDivergence-c.ref.KL[0]) > 0.1*c.ref.KL[0] {
				t.Errorf("KL %.4f, sklearn %.4f", m.KLDivergence, c.ref.KL[0])
			}
		})
	}
}

func TestTSNEDeterministic(t *testing.T) {
	X := randn(150, 5, 7)
	for _, method := range []TSNEMethod{Exact, BarnesHut} {
		cfg := TSNE{Method: method, Perplexity: 10, MaxIter: 300, Init: InitRandom, Seed: 3, Progress: progress.Silent}
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
		runtime.GOMAXPROCS(1)
		a, err := cfg.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GOMAXPROCS(4)
		b, _ := cfg.Fit(X)
		if !mat.Equal(a.Embedding, b.Embedding) || a.KLDivergence != b.KLDivergence {
			t.Errorf("%v: results differ between GOMAXPROCS 1 and 4", method)
		}
	}
}

func TestTSNEDuplicates(t *testing.T) {
	// 60 points, each of 20 distinct rows three times, plus a constant column.
	base := randn(20, 4, 11)
	X := mat.NewDense(60, 5, nil)
	for i := 0; i < 60; i++ {
		for j := 0; j < 4; j++ {
			X.Set(i, j, base.At(i%20, j))
		}
		X.Set(i, 4, 2.5)
	}
	for _, method := range []TSNEMethod{Exact, BarnesHut} {
		m, err := TSNE{Method: method, Perplexity: 5, MaxIter: 300, Seed: 2, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range m.Embedding.RawMatrix().Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%v: non-finite embedding value %v", method, v)
			}
		}
		if math.IsNaN(m.KLDivergence) {
			t.Errorf("%v: KL divergence is NaN", method)
		}
	}
	// All rows identical: no variance at all.
	same := mat.NewDense(10, 3, nil)
	m, err := TSNE{Perplexity: 3, MaxIter: 250, Progress: progress.Silent}.Fit(same)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range m.Embedding.RawMatrix().Data {
		if math.IsNaN(v) {
			t.Fatal("identical rows: NaN in the embedding")
		}
	}
}

func TestTSNECancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := TSNE{Perplexity: 5, Progress: progress.Silent}.FitContext(ctx, randn(30, 3, 1))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err=%v, want context.Canceled", err)
	}
}

func TestTSNEErrors(t *testing.T) {
	X := randn(20, 3, 1)
	nan := randn(20, 3, 1)
	nan.Set(3, 1, math.NaN())
	cases := []struct {
		name string
		t    TSNE
		X    *mat.Dense
		want error
	}{
		{"nil", TSNE{}, nil, check.ErrEmpty},
		{"empty", TSNE{}, &mat.Dense{}, check.ErrEmpty},
		{"nan", TSNE{Perplexity: 5}, nan, check.ErrNaN},
		{"perplexity >= n", TSNE{Perplexity: 20}, X, check.ErrValue},
		{"perplexity < 0", TSNE{Perplexity: -1}, X, check.ErrValue},
		{"components < 0", TSNE{Perplexity: 5, Components: -1}, X, check.ErrValue},
		{"components > d with pca", TSNE{Perplexity: 5, Components: 4}, X, check.ErrValue},
		{"bh 3d", TSNE{Perplexity: 5, Components: 3, Method: BarnesHut}, X, check.ErrValue},
		{"iterations", TSNE{Perplexity: 5, MaxIter: 100}, X, check.ErrValue},
		{"learning rate", TSNE{Perplexity: 5, LearningRate: -1}, X, check.ErrValue},
		{"exaggeration", TSNE{Perplexity: 5, EarlyExaggeration: 0.5}, X, check.ErrValue},
		{"angle", TSNE{Perplexity: 5, Angle: 1.5}, X, check.ErrValue},
		{"method", TSNE{Perplexity: 5, Method: TSNEMethod(9)}, X, check.ErrValue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.t.Progress = progress.Silent
			_, err := c.t.Fit(c.X)
			if !errors.Is(err, c.want) {
				t.Fatalf("err=%v, want %v", err, c.want)
			}
			t.Log(err)
		})
	}
}

// lessAt orders indices by distance, ties by index (a stable order).
func lessAt(d []float64, a, b int) bool { return d[a] < d[b] || (d[a] == d[b] && a < b) }

func TestTSNEOtherDimensions(t *testing.T) {
	X := randn(40, 5, 2)
	for _, k := range []int{1, 3} {
		m, err := TSNE{Components: k, Perplexity: 8, MaxIter: 300, Seed: 1, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		if _, c := m.Embedding.Dims(); c != k || m.Method != Exact {
			t.Fatalf("Components=%d: got %d columns, method %v", k, c, m.Method)
		}
		if math.IsNaN(m.KLDivergence) || m.KLDivergence < 0 {
			t.Errorf("Components=%d: KL %v", k, m.KLDivergence)
		}
	}
}

func TestTSNETiny(t *testing.T) {
	X := mat.NewDense(3, 2, []float64{0, 0, 1, 0, 0, 1})
	for _, method := range []TSNEMethod{Exact, BarnesHut} {
		m, err := TSNE{Method: method, Perplexity: 1, MaxIter: 250, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatalf("%v: %v", method, err)
		}
		for _, v := range m.Embedding.RawMatrix().Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%v: non-finite embedding", method)
			}
		}
	}
}
