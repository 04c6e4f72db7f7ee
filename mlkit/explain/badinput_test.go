package explain

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

type badCase struct {
	name string
	run  func() error
	want error
	msg  string // a part of the message naming the argument
}

func runBad(t *testing.T, cases []badCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				err = c.run()
			}()
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("err = %q, want it to mention %q", err, c.msg)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	X, _, _ := wineStd(t)
	km, err := cluster.KMeans{K: 3, Seed: 1, Progress: silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	gm, err := cluster.GMM{K: 3, Covariance: cluster.Diag, Seed: 1, Progress: silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	rule, _ := KMeansPair(km.Centroids, 0, 1)
	grule, _ := GMMPair(gm, 0, 1)
	nanRow := append([]float64(nil), X.RawRowView(0)...)
	nanRow[3] = math.NaN()
	hugeRow := append([]float64(nil), X.RawRowView(0)...)
	hugeRow[3] = 1e300
	nanX := mat.DenseCopyOf(X)
	nanX.Set(4, 2, math.Inf(1))
	hugeX := mat.DenseCopyOf(X)
	hugeX.Set(4, 2, 1e300)
	hugeX.Set(5, 2, 1e300)
	twoCl := make([]int, len(km.Labels)) // labels 0 and 1 only: cluster 2 absent
	for i := range twoCl {
		twoCl[i] = i % 2
	}
	n, _ := X.Dims()
	model := linearRule{W: mat.NewDense(2, 13, nil), B: []float64{0, 1}}
	y := make([]int, n)
	perm := Permutation{Scorer: metrics.Accuracy}

	lime, err := LIME{NumSamples: 200}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	proba := logistic(make([]float64, 13), 0)
	x0 := X.RawRowView(0)
	shortProba := ProbaFunc(func(*mat.Dense) (*mat.Dense, error) { return mat.NewDense(3, 2, nil), nil })

	runBad(t, []badCase{
		{"lime model without probabilities", func() error { _, err := lime.Explain(model, x0, 1); return err }, mlkit.ErrValue, "has no PredictProba"},
		{"lime nil model", func() error { _, err := lime.Explain(nil, x0, 1); return err }, mlkit.ErrValue, "model <nil>"},
		{"lime x NaN", func() error { _, err := lime.Explain(proba, nanRow, 1); return err }, mlkit.ErrNaN, "x[3]"},
		{"lime x short", func() error { _, err := lime.Explain(proba, x0[:4], 1); return err }, mlkit.ErrShape, "x has 4 values"},
		{"lime class too big", func() error { _, err := lime.Explain(proba, x0, 2); return err }, mlkit.ErrValue, "class=2"},
		{"lime class negative", func() error { _, err := lime.Explain(proba, x0, -3); return err }, mlkit.ErrValue, "class=-3"},
		{"lime proba rows", func() error { _, err := lime.Explain(shortProba, x0, 1); return err }, mlkit.ErrShape, "3 rows for 200 samples"},
		{"lime NumSamples", func() error { _, err := LIME{NumSamples: -1}.Fit(X); return err }, mlkit.ErrValue, "NumSamples=-1"},
		{"lime NumFeatures", func() error { _, err := LIME{NumFeatures: -2}.Fit(X); return err }, mlkit.ErrValue, "NumFeatures=-2"},
		{"lime KernelWidth", func() error { _, err := LIME{KernelWidth: -1}.Fit(X); return err }, mlkit.ErrValue, "KernelWidth=-1"},
		{"lime Discretizer", func() error { _, err := LIME{Discretizer: 9}.Fit(X); return err }, mlkit.ErrValue, "Discretizer=Discretizer(9)"},
		{"lime Selection", func() error { _, err := LIME{Selection: 7}.Fit(X); return err }, mlkit.ErrValue, "Selection=Selection(7)"},
		{"lime train NaN", func() error { _, err := LIME{}.Fit(nanX); return err }, mlkit.ErrNaN, "train[4,2]"},
		{"lime train 1e300", func() error { _, err := LIME{}.Fit(hugeX); return err }, mlkit.ErrNaN, "overflows"},
		{"lime train nil", func() error { _, err := LIME{}.Fit(nil); return err }, mlkit.ErrEmpty, "train"},
		{"kmeans pair a=b", func() error { _, err := KMeansPair(km.Centroids, 1, 1); return err }, mlkit.ErrValue, "a=b=1"},
		{"kmeans pair absent b", func() error { _, err := KMeansPair(km.Centroids, 0, 3); return err }, mlkit.ErrValue, "b=3"},
		{"kmeans pair negative a", func() error { _, err := KMeansPair(km.Centroids, -1, 0); return err }, mlkit.ErrValue, "a=-1"},
		{"kmeans pair nil", func() error { _, err := KMeansPair(nil, 0, 1); return err }, mlkit.ErrEmpty, "centroids"},
		{"kmeans pair huge", func() error {
			_, err := KMeansPair(mat.NewDense(2, 2, []float64{1e300, 0, -1e300, 0}), 0, 1)
			return err
		}, mlkit.ErrNaN, "overflow"},
		{"kmeans explain short x", func() error { _, err := rule.Explain([]float64{1, 2}); return err }, mlkit.ErrShape, "x has 2 values"},
		{"kmeans explain NaN", func() error { _, err := rule.Explain(nanRow); return err }, mlkit.ErrNaN, "x[3]"},
		{"kmeans explain 1e300", func() error { _, err := rule.Explain(hugeRow); return err }, mlkit.ErrNaN, "x overflows"},
		{"kmeans rows wrong cols", func() error { _, err := rule.ExplainRows(mat.NewDense(2, 3, nil)); return err }, mlkit.ErrShape, "X has 3 columns"},
		{"kmeans cluster absent", func() error { _, err := ExplainKMeansCluster(km.Centroids, X, twoCl, 2); return err }, mlkit.ErrValue, "no row of X is labelled with cluster 2"},
		{"kmeans cluster out of range", func() error { _, err := ExplainKMeansCluster(km.Centroids, X, km.Labels, 7); return err }, mlkit.ErrValue, "a=7"},
		{"kmeans cluster labels short", func() error { _, err := ExplainKMeansCluster(km.Centroids, X, km.Labels[:5], 0); return err }, mlkit.ErrShape, "labels has 5"},
		{"kmeans cluster NaN X", func() error { _, err := ExplainKMeansCluster(km.Centroids, nanX, km.Labels, 0); return err }, mlkit.ErrNaN, "X[4,2]"},
		{"gmm cluster absent", func() error { _, err := ExplainGMMCluster(gm, X, twoCl, 2); return err }, mlkit.ErrValue, "no row of X is labelled with component 2"},
		{"gmm cluster out of range", func() error { _, err := ExplainGMMCluster(gm, X, twoCl, 3); return err }, mlkit.ErrValue, "a=3"},
		{"gmm cluster nil", func() error { _, err := ExplainGMMCluster(nil, X, twoCl, 0); return err }, mlkit.ErrEmpty, "m is nil"},
		{"gmm pair a=b", func() error { _, err := GMMPair(gm, 2, 2); return err }, mlkit.ErrValue, "a=b=2"},
		{"gmm pair absent", func() error { _, err := GMMPair(gm, 0, 9); return err }, mlkit.ErrValue, "b=9"},
		{"gmm pair nil", func() error { _, err := GMMPair(nil, 0, 1); return err }, mlkit.ErrEmpty, "m is nil"},
		{"gmm explain NaN", func() error { _, err := grule.Explain(nanRow); return err }, mlkit.ErrNaN, "x[3]"},
		{"gmm explain 1e300", func() error { _, err := grule.Explain(hugeRow); return err }, mlkit.ErrNaN, "overflows"},
		{"gmm explain short", func() error { _, err := grule.Explain([]float64{1}); return err }, mlkit.ErrShape, "x has 1 values"},
		{"profile one cluster", func() error { _, err := CentroidProfile(X, y); return err }, mlkit.ErrValue, "1 cluster"},
		{"profile nil X", func() error { _, err := CentroidProfile(nil, y); return err }, mlkit.ErrEmpty, "X is a nil"},
		{"profile NaN", func() error { _, err := CentroidProfile(nanX, km.Labels); return err }, mlkit.ErrNaN, "X[4,2]"},
		{"profile 1e300", func() error { _, err := CentroidProfile(hugeX, km.Labels); return err }, mlkit.ErrNaN, "overflows"},
		{"profile labels short", func() error { _, err := CentroidProfile(X, km.Labels[:3]); return err }, mlkit.ErrShape, "labels has 3"},
		{"profile negative label", func() error {
			l := append([]int(nil), km.Labels...)
			l[0] = -1
			_, err := CentroidProfile(X, l)
			return err
		}, mlkit.ErrValue, "labels[0]=-1"},
		{"profile top absent", func() error {
			p, _ := CentroidProfile(X, km.Labels)
			_, err := p.Top(5, 2)
			return err
		}, mlkit.ErrValue, "cluster=5"},
		{"profile top k=0", func() error {
			p, _ := CentroidProfile(X, km.Labels)
			_, err := p.Top(0, 0)
			return err
		}, mlkit.ErrValue, "k=0"},
		{"permutation nil scorer", func() error { _, err := PermutationImportance(model, X, y, Permutation{}); return err }, mlkit.ErrEmpty, "opt.Scorer is nil"},
		{"permutation nil model", func() error { _, err := PermutationImportance(nil, X, y, perm); return err }, mlkit.ErrEmpty, "model is nil"},
		{"permutation y short", func() error { _, err := PermutationImportance(model, X, y[:4], perm); return err }, mlkit.ErrShape, "y has 4"},
		{"permutation NaN X", func() error { _, err := PermutationImportance(model, nanX, y, perm); return err }, mlkit.ErrNaN, "X[4,2]"},
		{"permutation repeats<0", func() error {
			_, err := PermutationImportance(model, X, y, Permutation{Scorer: metrics.Accuracy, Repeats: -2})
			return err
		}, mlkit.ErrValue, "opt.Repeats=-2"},
		{"permutation bad order", func() error {
			_, err := PermutationImportance(model, X, y, Permutation{Scorer: metrics.Accuracy, Permutations: [][]int{make([]int, n)}})
			return err
		}, mlkit.ErrValue, "not a permutation"},
		{"permutation model error", func() error {
			_, err := PermutationImportance(km, mat.NewDense(n, 2, nil), y, perm)
			return err
		}, mlkit.ErrShape, "columns"},
		{"permutation func nil", func() error { _, err := PermutationImportanceFunc(nil, X, perm); return err }, mlkit.ErrEmpty, "score is nil"},
		{"fidelity lengths", func() error { _, err := Fidelity([]int{1, 2}, []int{1}); return err }, mlkit.ErrShape, "surrogatePred"},
		{"fidelity empty", func() error { _, err := Fidelity(nil, nil); return err }, mlkit.ErrEmpty, "clusterLabels"},
		{"fidelity by depth nil", func() error { _, err := FidelityByDepth(y, []int{1}, nil); return err }, mlkit.ErrEmpty, "fit is nil"},
		{"spearman lengths", func() error { _, err := Spearman([]float64{1, 2}, []float64{1}); return err }, mlkit.ErrShape, "b has 1"},
		{"spearman NaN", func() error { _, err := Spearman([]float64{1, math.NaN()}, []float64{1, 2}); return err }, mlkit.ErrNaN, "a[1]"},
		{"topk k too big", func() error { _, err := TopKOverlap([]float64{1, 2}, []float64{1, 2}, 3); return err }, mlkit.ErrValue, "k=3"},
	})
}
