package cluster

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Tolerances of the k-means tests.
const (
	// inertiaRelTol: our best inertia may exceed scikit-learn's by this
	// relative amount (summation order differs; the optimum is the same).
	inertiaRelTol = 1e-6
	// ariTol: the partitions must match exactly up to a label permutation.
	ariTol = 1e-12
)

type kmeansReference struct {
	Datasets []struct {
		Name             string  `json:"name"`
		N                int     `json:"n"`
		D                int     `json:"d"`
		K                int     `json:"k"`
		InertiaLloyd     float64 `json:"inertia_lloyd"`
		InertiaElkan     float64 `json:"inertia_elkan"`
		IterationsLloyd  int     `json:"iterations_lloyd"`
		InertiaTol0      float64 `json:"inertia_tol0"`
		InertiaMiniBatch float64 `json:"inertia_minibatch"`
		LabelsTol0       []int   `json:"labels_tol0"`
	} `json:"datasets"`
}

func readReference(t testing.TB) kmeansReference {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "kmeans_reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref kmeansReference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// readCSVGz reads testdata/kmeans_<name>.csv.gz, written by
// testdata/make_kmeans_reference.py.
func readCSVGz(t testing.TB, name string) *mat.Dense {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "kmeans_"+name+".csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var data []float64
	rows, cols := 0, 0
	for _, line := range strings.Split(string(raw), "\n") {
		if line == "" {
			continue
		}
		fields := strings.Split(line, ",")
		cols = len(fields)
		for _, s := range fields {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			data = append(data, v)
		}
		rows++
	}
	return mat.NewDense(rows, cols, data)
}

// adjustedRandIndex is Hubert & Arabie's ARI, local so that the tests do not
// depend on mlkit/metrics.
func adjustedRandIndex(a, b []int) float64 {
	type pair struct{ x, y int }
	nij := map[pair]float64{}
	ai := map[int]float64{}
	bj := map[int]float64{}
	for i := range a {
		nij[pair{a[i], b[i]}]++
		ai[a[i]]++
		bj[b[i]]++
	}
	c2 := func(v float64) float64 { return v * (v - 1) / 2 }
	var index, sa, sb float64
	for _, v := range nij {
		index += c2(v)
	}
	for _, v := range ai {
		sa += c2(v)
	}
	for _, v := range bj {
		sb += c2(v)
	}
	expected := sa * sb / c2(float64(len(a)))
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}

// TestKMeansReference compares with scikit-learn 1.2.1 (KMeans n_init=10,
// random_state=0; testdata/make_kmeans_reference.py): our best inertia over
// ten k-means++ runs is no worse than scikit-learn's, and with zero
// tolerance the partition is scikit-learn's up to a relabelling.
func TestKMeansReference(t *testing.T) {
	ref := readReference(t)
	for _, ds := range ref.Datasets {
		X := readCSVGz(t, ds.Name)
		if n, d := X.Dims(); n != ds.N || d != ds.D {
			t.Fatalf("%s: read %d×%d, want %d×%d", ds.Name, n, d, ds.N, ds.D)
		}
		for _, algo := range []Algorithm{Lloyd, Elkan} {
			want := ds.InertiaLloyd
			if algo == Elkan {
				want = ds.InertiaElkan
			}
			m, err := KMeans{K: ds.K, Algorithm: algo, Seed: 1, Progress: progress.Silent}.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			if m.Inertia > want*(1+inertiaRelTol) {
				t.Errorf("%s %v: inertia %.10g, scikit-learn %.10g", ds.Name, algo, m.Inertia, want)
			}
			checkModelInvariants(t, ds.Name+" "+algo.String(), X, m)

			m, err = KMeans{K: ds.K, Algorithm: algo, Tol: 1e-300, Seed: 2, Progress: progress.Silent}.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			if m.Inertia > ds.InertiaTol0*(1+inertiaRelTol) {
				t.Errorf("%s %v tol=0: inertia %.10g, scikit-learn %.10g", ds.Name, algo, m.Inertia, ds.InertiaTol0)
			}
			if ari := adjustedRandIndex(m.Labels, ds.LabelsTol0); math.Abs(ari-1) > ariTol {
				t.Errorf("%s %v tol=0: ARI with scikit-learn's partition %v, want 1", ds.Name, algo, ari)
			}
			if !m.Converged {
				t.Errorf("%s %v tol=0: not converged after %d iterations", ds.Name, algo, m.Iterations)
			}
		}
	}
}

// checkModelInvariants: labels are the nearest centroids, Predict agrees
// with Labels, Transform's squared minima sum to Inertia, Score = -Inertia.
func checkModelInvariants(t *testing.T, name string, X *mat.Dense, m *KMeansModel) {
	t.Helper()
	n, _ := X.Dims()
	k, _ := m.Centroids.Dims()
	if len(m.Labels) != n {
		t.Fatalf("%s: %d labels for %d rows", name, len(m.Labels), n)
	}
	pred, err := m.Predict(X)
	if err != nil {
		t.Fatal(err)
	}
	D, err := m.Transform(X)
	if err != nil {
		t.Fatal(err)
	}
	var inertia float64
	mismatch := 0
	for i := 0; i < n; i++ {
		if pred[i] != m.Labels[i] {
			mismatch++
		}
		best := 0
		for j := 1; j < k; j++ {
			if D.At(i, j) < D.At(i, best) {
				best = j
			}
		}
		// Ties or near-ties may be broken differently by the two
		// computations; the distance must then be equal to rounding.
		if best != m.Labels[i] && math.Abs(D.At(i, best)-D.At(i, m.Labels[i])) > 1e-9*(1+D.At(i, best)) {
			t.Errorf("%s: row %d labelled %d but nearest centroid is %d (%v vs %v)", name, i, m.Labels[i], best, D.At(i, m.Labels[i]), D.At(i, best))
		}
		inertia += D.At(i, m.Labels[i]) * D.At(i, m.Labels[i])
	}
	if mismatch > 0 {
		t.Errorf("%s: Predict disagrees with Labels on %d rows", name, mismatch)
	}
	if math.Abs(inertia-m.Inertia) > 1e-9*m.Inertia+1e-9 {
		t.Errorf("%s: Transform gives inertia %v, model %v", name, inertia, m.Inertia)
	}
	score, err := m.Score(X)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(score+m.Inertia) > 1e-9*m.Inertia+1e-9 {
		t.Errorf("%s: Score %v, want %v", name, score, -m.Inertia)
	}
}

// randomBlobs draws n points around k Gaussian centres in d dimensions.
func randomBlobs(n, d, k int, spread float64, seed uint64) *mat.Dense {
	rng := randx.New(seed)
	centers := make([]float64, k*d)
	for i := range centers {
		centers[i] = rng.Float64()*20 - 10
	}
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		c := rng.IntN(k)
		for j := 0; j < d; j++ {
			X.Set(i, j, centers[c*d+j]+spread*rng.NormFloat64())
		}
	}
	return X
}

// TestKMeansGOMAXPROCS: the same seed gives bit-identical models with one
// and four goroutines.
func TestKMeansGOMAXPROCS(t *testing.T) {
	X := randomBlobs(3000, 7, 5, 4, 3)
	for _, algo := range []Algorithm{Lloyd, Elkan} {
		fit := func(procs int) *KMeansModel {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			m, err := KMeans{K: 6, NInit: 3, Algorithm: algo, Seed: 42, Progress: progress.Silent}.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		a, b := fit(1), fit(4)
		if a.Inertia != b.Inertia || a.Iterations != b.Iterations {
			t.Errorf("%v: inertia %v/%v iterations %d/%d at GOMAXPROCS 1/4", algo, a.Inertia, b.Inertia, a.Iterations, b.Iterations)
		}
		if !mat.Equal(a.Centroids, b.Centroids) {
			t.Errorf("%v: centroids differ at GOMAXPROCS 1 and 4", algo)
		}
		for i := range a.Labels {
			if a.Labels[i] != b.Labels[i] {
				t.Errorf("%v: label %d differs at GOMAXPROCS 1 and 4", algo, i)
				break
			}
		}
	}
}

// TestKMeansLloydElkanAgree: from the same initialisations both algorithms
// follow the same iterates, so they reach the same partition.
func TestKMeansLloydElkanAgree(t *testing.T) {
	X := randomBlobs(1500, 4, 6, 3, 5)
	a, err := KMeans{K: 6, NInit: 2, Seed: 9, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	b, err := KMeans{K: 6, NInit: 2, Seed: 9, Algorithm: Elkan, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	if ari := adjustedRandIndex(a.Labels, b.Labels); ari != 1 {
		t.Errorf("Lloyd and Elkan partitions differ: ARI %v", ari)
	}
	if math.Abs(a.Inertia-b.Inertia) > 1e-9*a.Inertia {
		t.Errorf("inertia Lloyd %v, Elkan %v", a.Inertia, b.Inertia)
	}
}

func TestKMeansDefaults(t *testing.T) {
	X := randomBlobs(200, 3, 8, 1, 1)
	m, err := KMeans{Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	if k, d := m.Centroids.Dims(); k != 8 || d != 3 {
		t.Errorf("default K: centroids %d×%d, want 8×3", k, d)
	}
	if !m.Converged || m.Iterations > defaultMaxIter {
		t.Errorf("converged=%v after %d iterations", m.Converged, m.Iterations)
	}
	if (Algorithm(7)).String() != "Algorithm(7)" || Lloyd.String() != "lloyd" || Elkan.String() != "elkan" {
		t.Errorf("Algorithm.String: %v %v %v", Lloyd, Elkan, Algorithm(7))
	}
}

// TestKMeansDegenerate: duplicate points (K above the number of distinct
// points: scikit-learn warns and fits) and constant features.
func TestKMeansDegenerate(t *testing.T) {
	rows := [][]float64{{0, 0}, {0, 0}, {1, 1}, {1, 1}, {5, 5}, {5, 5}, {5, 5}}
	X := mat.NewDense(len(rows), 2, nil)
	for i, r := range rows {
		X.SetRow(i, r)
	}
	for _, algo := range []Algorithm{Lloyd, Elkan} {
		m, err := KMeans{K: 5, Algorithm: algo, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		if m.Inertia != 0 {
			t.Errorf("%v duplicates: inertia %v, want 0", algo, m.Inertia)
		}
		if len(m.Warnings) == 0 || !strings.Contains(m.Warnings[0], "distinct clusters (3)") {
			t.Errorf("%v duplicates: warnings %q, want the distinct-clusters warning", algo, m.Warnings)
		}

		// Constant second feature and a constant matrix.
		C := mat.NewDense(6, 2, []float64{1, 3, 2, 3, 3, 3, 10, 3, 11, 3, 12, 3})
		m, err = KMeans{K: 2, Algorithm: algo, Progress: progress.Silent}.Fit(C)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(m.Inertia-4) > 1e-12 {
			t.Errorf("%v constant feature: inertia %v, want 4", algo, m.Inertia)
		}
		Z := mat.NewDense(4, 3, []float64{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2})
		m, err = KMeans{K: 2, Algorithm: algo, Progress: progress.Silent}.Fit(Z)
		if err != nil {
			t.Fatal(err)
		}
		if m.Inertia != 0 || m.Centroids.At(1, 2) != 2 {
			t.Errorf("%v constant matrix: inertia %v centroids %v", algo, m.Inertia, mat.Formatted(m.Centroids))
		}
	}
}

// TestKMeansEmptyClusterRelocation: a far initial centre that attracts no
// sample is moved to the sample farthest from its centre, as scikit-learn.
func TestKMeansEmptyClusterRelocation(t *testing.T) {
	X := mat.NewDense(6, 1, []float64{0, 1, 2, 10, 11, 30})
	ws := newWorkspace(X, 3)
	// Centres (in centred coordinates, mean 9) at 0, 11 and 1000: the third
	// gets no sample.
	centers := []float64{0 - 9, 11 - 9, 1000 - 9}
	res, err := ws.lloyd(context.Background(), centers, 100, 0, progress.Silent, 0)
	if err != nil {
		t.Fatal(err)
	}
	if countDistinct(res.labels, 3) != 3 {
		t.Errorf("labels %v: an empty cluster was not relocated", res.labels)
	}
	if res.labels[5] == res.labels[4] {
		t.Errorf("labels %v: 30 should have its own cluster", res.labels)
	}
}

func TestKMeansErrors(t *testing.T) {
	X := randomBlobs(10, 2, 2, 1, 1)
	nan := mat.DenseCopyOf(X)
	nan.Set(3, 1, math.NaN())
	inf := mat.DenseCopyOf(X)
	inf.Set(2, 0, math.Inf(-1))
	for _, tc := range []struct {
		name string
		km   KMeans
		X    *mat.Dense
		want error
		msg  string
	}{
		{"nil", KMeans{K: 2}, nil, check.ErrEmpty, "X is nil"},
		{"empty", KMeans{K: 2}, &mat.Dense{}, check.ErrEmpty, "X is 0×0"},
		{"NaN", KMeans{K: 2}, nan, check.ErrNaN, "X[3,1]=NaN"},
		{"Inf", KMeans{K: 2}, inf, check.ErrNaN, "X[2,0]=-Inf"},
		{"K>n", KMeans{K: 12}, X, check.ErrValue, "K=12 exceeds the 10 samples"},
		{"K<1", KMeans{K: -1}, X, check.ErrValue, "K=-1"},
		{"MaxIter<0", KMeans{K: 2, MaxIter: -5}, X, check.ErrValue, "MaxIter=-5"},
		{"NInit<0", KMeans{K: 2, NInit: -1}, X, check.ErrValue, "NInit=-1"},
		{"Tol NaN", KMeans{K: 2, Tol: math.NaN()}, X, check.ErrValue, "Tol=NaN"},
		{"Algorithm", KMeans{K: 2, Algorithm: 9}, X, check.ErrValue, "Algorithm=Algorithm(9)"},
	} {
		_, err := tc.km.Fit(tc.X)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) || !strings.HasPrefix(err.Error(), "cluster: KMeans.Fit: ") {
			t.Errorf("%s: error %v, want %v containing %q", tc.name, err, tc.want, tc.msg)
		}
	}

	m, err := KMeans{K: 2, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	wrong := mat.NewDense(3, 3, nil)
	if _, err := m.Predict(wrong); !errors.Is(err, check.ErrShape) || !strings.Contains(err.Error(), "X has 3 columns, the model was fitted on 2") {
		t.Errorf("Predict wrong columns: %v", err)
	}
	if _, err := m.Transform(wrong); !errors.Is(err, check.ErrShape) {
		t.Errorf("Transform wrong columns: %v", err)
	}
	if _, err := m.Score(nan); !errors.Is(err, check.ErrNaN) {
		t.Errorf("Score NaN: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (KMeans{K: 2, Progress: progress.Silent}).FitContext(ctx, X); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

// TestKMeansDoesNotMutate: Fit leaves X and the config unchanged.
func TestKMeansDoesNotMutate(t *testing.T) {
	X := randomBlobs(300, 3, 3, 1, 4)
	X0 := mat.DenseCopyOf(X)
	km := KMeans{K: 3, Seed: 3, Progress: progress.Silent}
	if _, err := km.Fit(X); err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(X, X0) {
		t.Error("Fit mutated X")
	}
	if km.NInit != 0 || km.MaxIter != 0 {
		t.Error("Fit mutated the config")
	}
}

// TestKMeansMaxIter: a run cut short reports Converged=false and the
// labels still match the returned centroids.
func TestKMeansMaxIter(t *testing.T) {
	X := randomBlobs(2000, 2, 20, 6, 8)
	for _, algo := range []Algorithm{Lloyd, Elkan} {
		m, err := KMeans{K: 15, NInit: 1, MaxIter: 2, Tol: 1e-300, Algorithm: algo, Seed: 1, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		if m.Converged || m.Iterations != 2 {
			t.Errorf("%v: converged=%v iterations=%d, want false, 2", algo, m.Converged, m.Iterations)
		}
		checkModelInvariants(t, "maxiter "+algo.String(), X, m)
	}
}

// TestKMeansTolerance: the tolerance is tol times the mean population
// variance of the features (scikit-learn's _tolerance), here computed by hand.
func TestKMeansTolerance(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{1, 10, 2, 10, 3, 14, 6, 10})
	// Column variances: mean 3 → (4+1+0+9)/4 = 3.5; mean 11 → (1+1+9+1)/4 = 3.
	want := (3.5 + 3) / 2 * 1e-4
	if got := tolerance(newWorkspace(X, 2), 1e-4); math.Abs(got-want) > 1e-18 {
		t.Errorf("tolerance %v, want %v", got, want)
	}
}

// TestKMeansPlusPlusSpreads: on well-separated tight blobs, greedy k-means++
// puts one initial centre in each blob (the D² weighting makes a second
// pick in a covered blob vanishingly unlikely).
func TestKMeansPlusPlusSpreads(t *testing.T) {
	const k = 6
	X := mat.NewDense(k*50, 3, nil)
	for i := 0; i < k*50; i++ {
		b := i % k
		X.SetRow(i, []float64{float64(100 * b), float64(-50 * b), 1e-3 * float64(i%7)})
	}
	ws := newWorkspace(X, k)
	for seed := uint64(0); seed < 10; seed++ {
		centers := ws.kmeansPlusPlus(k, randx.Stream(seed, 0))
		seen := map[float64]bool{}
		for j := 0; j < k; j++ {
			seen[math.Round((centers[j*3]+ws.mean[0])/100)] = true
		}
		if len(seen) != k {
			t.Errorf("seed %d: initial centres cover %d of %d blobs", seed, len(seen), k)
		}
	}
}

// TestKMeansOneCluster: K=1 gives the mean and the total sum of squares.
func TestKMeansOneCluster(t *testing.T) {
	X := mat.NewDense(4, 1, []float64{1, 2, 3, 6})
	for _, algo := range []Algorithm{Lloyd, Elkan} {
		m, err := KMeans{K: 1, Algorithm: algo, Progress: progress.Silent}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		// mean 3; squared deviations 4+1+0+9.
		if m.Centroids.At(0, 0) != 3 || math.Abs(m.Inertia-14) > 1e-12 {
			t.Errorf("%v: centroid %v inertia %v, want 3 and 14", algo, m.Centroids.At(0, 0), m.Inertia)
		}
	}
}

type recorder struct {
	starts, updates, finishes int
}

func (r *recorder) Start(string, int)              { r.starts++ }
func (r *recorder) Update(int, ...progress.Metric) { r.updates++ }
func (r *recorder) Finish(string)                  { r.finishes++ }

// TestKMeansProgress: one task per fit, updates per iteration and per run.
func TestKMeansProgress(t *testing.T) {
	X := randomBlobs(300, 2, 3, 1, 2)
	var r recorder
	m, err := KMeans{K: 3, NInit: 2, Seed: 1, Progress: &r}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	if r.starts != 1 || r.finishes != 1 || r.updates < 2+m.Iterations {
		t.Errorf("progress: %+v for %d iterations", r, m.Iterations)
	}
}
