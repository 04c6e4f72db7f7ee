package cluster

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/gob"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// dbscanReference is testdata/dbscan_reference.json, written by
// testdata/make_dbscan_reference.py with scikit-learn 1.2.1's DBSCAN.
type dbscanReference struct {
	Datasets []struct {
		Name       string  `json:"name"`
		N          int     `json:"n"`
		D          int     `json:"d"`
		Eps        float64 `json:"eps"`
		MinSamples int     `json:"min_samples"`
		Labels     []int   `json:"labels"`
		Core       []int   `json:"core"`
		NClusters  int     `json:"n_clusters"`
		BorderTies int     `json:"border_ties"`
	} `json:"datasets"`
}

func readDBSCANReference(t testing.TB) dbscanReference {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "dbscan_reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref dbscanReference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// readDBSCANData reads testdata/dbscan_<name>.csv.gz (values printed with
// Python's repr, so parsing gives numpy's doubles exactly).
func readDBSCANData(t testing.TB, name string) *mat.Dense {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "dbscan_"+name+".csv.gz"))
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

// TestDBSCANReference compares with scikit-learn 1.2.1 on every data set of
// the reference script: the core set and the labels must be identical (not
// only up to relabelling: clusters are numbered as dbscan_inner numbers them
// and border ties go to the smaller number, as its depth-first order gives).
func TestDBSCANReference(t *testing.T) {
	ref := readDBSCANReference(t)
	ties := 0
	for _, ds := range ref.Datasets {
		t.Run(ds.Name, func(t *testing.T) {
			X := readDBSCANData(t, ds.Name)
			if r, c := X.Dims(); r != ds.N || c != ds.D {
				t.Fatalf("data is %d×%d, reference says %d×%d", r, c, ds.N, ds.D)
			}
			m, err := DBSCAN{Eps: ds.Eps, MinSamples: ds.MinSamples}.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(m.CoreIndices, ds.Core) && !(len(m.CoreIndices) == 0 && len(ds.Core) == 0) {
				t.Errorf("core set: %d rows, scikit-learn %d", len(m.CoreIndices), len(ds.Core))
			}
			if m.NClusters != ds.NClusters {
				t.Errorf("NClusters=%d, scikit-learn %d", m.NClusters, ds.NClusters)
			}
			diff := 0
			for i := range m.Labels {
				if m.Labels[i] != ds.Labels[i] {
					diff++
				}
			}
			if diff > 0 {
				t.Errorf("%d of %d labels differ from scikit-learn's (ARI %v)", diff, ds.N, adjustedRandIndex(m.Labels, ds.Labels))
			}
			checkDBSCANInvariants(t, X, m)
			ties += ds.BorderTies
		})
	}
	if ties == 0 {
		t.Error("no data set has a border sample between two clusters; the tie rule is untested")
	}
}

// checkDBSCANInvariants checks the definition by brute force on small sets:
// core iff ≥ MinSamples neighbours, a border row's label is the smallest
// label among its core neighbours, noise has no core neighbour.
func checkDBSCANInvariants(t *testing.T, X *mat.Dense, m *DBSCANModel) {
	t.Helper()
	n, _ := X.Dims()
	if n > 3000 {
		return
	}
	eps2 := m.Eps * m.Eps
	core := make([]bool, n)
	for _, i := range m.CoreIndices {
		core[i] = true
	}
	for i := range n {
		cnt, best := 0, math.MaxInt
		for j := range n {
			if dbSqDist(X.RawRowView(i), X.RawRowView(j)) <= eps2 {
				cnt++
				if core[j] {
					best = min(best, m.Labels[j])
				}
			}
		}
		if (cnt >= m.MinSamples) != core[i] {
			t.Fatalf("row %d: %d neighbours, core=%v", i, cnt, core[i])
		}
		if best == math.MaxInt {
			best = -1
		}
		if !core[i] && m.Labels[i] != best {
			t.Fatalf("row %d: label %d, smallest core neighbour label %d", i, m.Labels[i], best)
		}
	}
}

// TestDBSCANGridMatchesTree runs the k-d tree path on low-dimensional sets
// that normally take the grid path: the two must agree exactly.
func TestDBSCANGridMatchesTree(t *testing.T) {
	for _, tc := range []struct {
		name string
		eps  float64
		ms   int
	}{{"field20k", 0.3, 10}, {"blobs3d", 0.6, 8}, {"dup_grid", 1, 6}, {"line1d", 0.05, 5}, {"identical", 0.1, 5}} {
		X := readDBSCANData(t, tc.name)
		want, err := DBSCAN{Eps: tc.eps, MinSamples: tc.ms}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		if newDBGrid(X, tc.eps) == nil {
			t.Fatalf("%s: the grid path does not apply", tc.name)
		}
		tr := newDBTree(X, tc.eps)
		ctx := context.Background()
		if err := tr.markCores(ctx, tc.ms); err != nil {
			t.Fatal(err)
		}
		if err := tr.linkCores(ctx); err != nil {
			t.Fatal(err)
		}
		labels, cores, k := tr.label(ctx)
		if k != want.NClusters || !slices.Equal(labels, want.Labels) || !slices.Equal(cores, want.CoreIndices) {
			t.Errorf("%s: tree gives %d clusters, %d cores; grid %d, %d", tc.name, k, len(cores), want.NClusters, len(want.CoreIndices))
		}
	}
}

func TestDBSCANGOMAXPROCS(t *testing.T) {
	for _, tc := range []struct {
		name string
		eps  float64
		ms   int
	}{{"field20k", 0.3, 10}, {"blobs5d", 1.5, 10}} { // grid and k-d tree
		X := readDBSCANData(t, tc.name)
		fit := func(procs int) *DBSCANModel {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			m, err := DBSCAN{Eps: tc.eps, MinSamples: tc.ms}.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		a, b := fit(1), fit(4)
		if !slices.Equal(a.Labels, b.Labels) || !slices.Equal(a.CoreIndices, b.CoreIndices) {
			t.Errorf("%s: labels differ between GOMAXPROCS 1 and 4", tc.name)
		}
	}
}

func TestDBSCANGob(t *testing.T) {
	X := readDBSCANData(t, "blobs_noise")
	m, err := DBSCAN{Eps: 0.5, MinSamples: 10}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(m); err != nil {
		t.Fatal(err)
	}
	var back DBSCANModel
	if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Labels, m.Labels) || !slices.Equal(back.CoreIndices, m.CoreIndices) ||
		back.NClusters != m.NClusters || back.Eps != m.Eps || back.MinSamples != m.MinSamples {
		t.Error("gob round trip changed the model")
	}
}

func TestDBSCANBadInput(t *testing.T) {
	good := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	nan := mat.NewDense(3, 2, []float64{0, 0, math.NaN(), 1, 2, 2})
	inf := mat.NewDense(3, 2, []float64{0, 0, 1, math.Inf(1), 2, 2})
	for _, tc := range []struct {
		name string
		db   DBSCAN
		X    *mat.Dense
		want error
		msg  string
	}{
		{"Eps zero", DBSCAN{}, good, check.ErrValue, "Eps=0"},
		{"Eps negative", DBSCAN{Eps: -1}, good, check.ErrValue, "Eps=-1"},
		{"Eps NaN", DBSCAN{Eps: math.NaN()}, good, check.ErrValue, "Eps=NaN"},
		{"Eps Inf", DBSCAN{Eps: math.Inf(1)}, good, check.ErrValue, "Eps=+Inf"},
		{"Eps² underflows", DBSCAN{Eps: 1e-300}, good, check.ErrValue, "Eps=1e-300"},
		{"Eps² overflows", DBSCAN{Eps: 1e300}, good, check.ErrValue, "Eps=1e+300"},
		{"MinSamples negative", DBSCAN{Eps: 1, MinSamples: -1}, good, check.ErrValue, "MinSamples=-1"},
		{"nil X", DBSCAN{Eps: 1}, nil, check.ErrEmpty, "X is a nil"},
		{"empty X", DBSCAN{Eps: 1}, &mat.Dense{}, check.ErrEmpty, "X is"},
		{"NaN X", DBSCAN{Eps: 1}, nan, check.ErrNaN, "X[1,0]=NaN"},
		{"Inf X", DBSCAN{Eps: 1}, inf, check.ErrNaN, "X[1,1]=+Inf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := tc.db.Fit(tc.X)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) || m != nil {
				t.Errorf("err=%v, want %v mentioning %q", err, tc.want, tc.msg)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (DBSCAN{Eps: 1}).FitContext(ctx, good); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err=%v", err)
	}
}

// TestDBSCANPathological covers inputs that break naive grids: coordinates
// near 1e300 (the bounding box overflows), an Eps tiny against the spread
// (2^30 cells per axis and more), and many identical rows (n² neighbour
// pairs) in 2 and 5 dimensions; each must finish fast and agree with the
// definition.
func TestDBSCANPathological(t *testing.T) {
	rng := randx.New(1)
	t.Run("huge coordinates", func(t *testing.T) {
		// Groups of identical rows at ±1e300: distinct rows are at squared
		// distance +Inf, and the bounding box's width overflows.
		X := mat.NewDense(40, 2, nil)
		for i := range 40 {
			g := i / 5
			X.Set(i, 0, float64(1-2*(g%2))*1e300)
			X.Set(i, 1, float64(g)*1e299)
		}
		X.Set(39, 1, 1e300*rng.Float64())
		m, err := DBSCAN{Eps: 1, MinSamples: 5}.Fit(X)
		if err == nil && m.NClusters != 7 {
			t.Errorf("%d clusters, want 7 (the eighth group lost a row)", m.NClusters)
		}
		if err != nil {
			t.Fatal(err)
		}
		checkDBSCANInvariants(t, X, m)
	})
	t.Run("tiny Eps", func(t *testing.T) {
		X := mat.NewDense(2000, 2, nil)
		for i := range 2000 {
			X.Set(i, 0, 100*rng.Float64())
			X.Set(i, 1, float64(i%7)*1e-13)
		}
		m, err := DBSCAN{Eps: 1e-12, MinSamples: 2}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		if newDBGrid(X, 1e-12) != nil {
			t.Error("grid accepted 1e14 cells along an axis")
		}
		checkDBSCANInvariants(t, X, m)
	})
	for _, d := range []int{2, 5} {
		t.Run("identical d="+strconv.Itoa(d), func(t *testing.T) {
			n := 200000
			if testing.Short() {
				n = 20000
			}
			X := mat.NewDense(n, d, nil)
			for i := range n {
				for j := range d {
					X.Set(i, j, 0.5)
				}
			}
			t0 := time.Now()
			m, err := DBSCAN{Eps: 0.1, MinSamples: 10}.Fit(X)
			if err != nil {
				t.Fatal(err)
			}
			if el := time.Since(t0); el > 20*time.Second {
				t.Errorf("%d identical rows took %v", n, el)
			}
			if m.NClusters != 1 || len(m.CoreIndices) != n || m.NoiseCount() != 0 {
				t.Errorf("got %d clusters, %d cores", m.NClusters, len(m.CoreIndices))
			}
		})
	}
}

func TestDBSCANProgress(t *testing.T) {
	X := readDBSCANData(t, "rings")
	rec := &progress.Recorder{}
	if _, err := (DBSCAN{Eps: 0.1, Progress: rec}).Fit(X); err != nil {
		t.Fatal(err)
	}
	if rec.Count(progress.Started) != 1 || rec.Count(progress.Updated) != 4 || rec.Count(progress.Finished) != 1 {
		t.Errorf("events %v, want one start, four updates, one finish", rec.Events())
	}
}

// TestDBSCANStridedView fits a column slice of a wider matrix (Stride >
// columns) on both paths and compares with a compact copy.
func TestDBSCANStridedView(t *testing.T) {
	for _, tc := range []struct {
		name string
		eps  float64
		ms   int
	}{{"blobs_noise", 0.5, 10}, {"blobs5d", 1.5, 10}} {
		X := readDBSCANData(t, tc.name)
		n, d := X.Dims()
		wide := mat.NewDense(n, d+3, nil)
		for i := range n {
			for j := range d {
				wide.Set(i, j+2, X.At(i, j))
			}
			wide.Set(i, 0, math.NaN()) // outside the view: must not be read
		}
		view := wide.Slice(0, n, 2, 2+d).(*mat.Dense)
		a, err := DBSCAN{Eps: tc.eps, MinSamples: tc.ms}.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		b, err := DBSCAN{Eps: tc.eps, MinSamples: tc.ms}.Fit(view)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a.Labels, b.Labels) {
			t.Errorf("%s: labels of the strided view differ", tc.name)
		}
	}
}
