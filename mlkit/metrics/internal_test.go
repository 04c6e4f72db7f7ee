package metrics_test

import (
	"errors"
	"math"
	"runtime"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"gonum.org/v1/gonum/mat"
)

// Expected values: scikit-learn 1.2.1 silhouette_score, silhouette_samples,
// davies_bouldin_score, calinski_harabasz_score on seeded blobs with gaps in
// the label ids, a singleton cluster, and points far from the origin
// (testdata/make_reference.py).
func TestInternalReference(t *testing.T) {
	for _, c := range loadRef(t).Internal {
		t.Run(c.Name, func(t *testing.T) {
			X := dense(c.N, c.D, c.X)
			s, err := metrics.Silhouette(X, c.Labels)
			if err != nil {
				t.Fatal(err)
			}
			near(t, "Silhouette", s, c.Silhouette, tolDistance)
			ss, err := metrics.SilhouetteSamples(X, c.Labels)
			if err != nil {
				t.Fatal(err)
			}
			for i := range ss {
				near(t, "SilhouetteSamples", ss[i], c.SilhouetteSamples[i], tolDistance)
			}
			db, err := metrics.DaviesBouldin(X, c.Labels)
			if err != nil {
				t.Fatal(err)
			}
			near(t, "DaviesBouldin", db, c.DaviesBouldin, tolDistance)
			ch, err := metrics.CalinskiHarabasz(X, c.Labels)
			if err != nil {
				t.Fatal(err)
			}
			// CH is a ratio of sums of squares of size ~n·d·spread²: compare relatively.
			near(t, "CalinskiHarabasz", ch, c.CalinskiHarabasz, tolDistance*math.Max(1, math.Abs(c.CalinskiHarabasz)))
		})
	}
}

// The block structure of the silhouette pass (row blocks of 256, column
// tiles of 4096) must not change the values: compare with a direct O(n²)
// computation on sizes that cross block edges, and check that GOMAXPROCS
// does not change a bit.
func TestSilhouetteBlocks(t *testing.T) {
	n := 700
	if testing.Short() {
		n = 300
	}
	X, labels := blobsForTest(n, 7, 5, 3)
	labels[11] = 99 // singleton
	want := naiveSilhouette(X, labels)
	for _, blk := range [][2]int{{256, 4096}, {37, 101}, {64, 64}} {
		restore := metrics.SetSilhouetteBlocks(blk[0], blk[1])
		got, err := metrics.SilhouetteSamples(X, labels)
		restore()
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			near(t, "silhouette with small blocks vs naive", got[i], want[i], tolDistance)
		}
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	one, err := metrics.SilhouetteSamples(X, labels)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(4)
	four, _ := metrics.SilhouetteSamples(X, labels)
	for i := range want {
		near(t, "silhouette vs naive", one[i], want[i], tolDistance)
		if one[i] != four[i] {
			t.Fatalf("sample %d: GOMAXPROCS 1 gives %v, 4 gives %v", i, one[i], four[i])
		}
	}
	if one[11] != 0 {
		t.Errorf("singleton cluster: silhouette %v, want 0", one[11])
	}
}

func blobsForTest(n, d, k int, seed uint64) (*mat.Dense, []int) {
	state := seed
	u := func() float64 {
		state = state*6364136223846793005 + 1442695040888963407
		return float64(state>>11) / (1 << 53)
	}
	X := mat.NewDense(n, d, nil)
	labels := make([]int, n)
	for i := range n {
		labels[i] = (i * 7) % k
		for j := range d {
			X.Set(i, j, float64(labels[i]*(j%3))+2*u())
		}
	}
	return X, labels
}

func naiveSilhouette(X *mat.Dense, labels []int) []float64 {
	n, _ := X.Dims()
	size := map[int]int{}
	for _, l := range labels {
		size[l]++
	}
	out := make([]float64, n)
	for i := range n {
		sums := map[int]float64{}
		for j := range n {
			if i != j {
				var s float64
				for c := range X.RawRowView(i) {
					d := X.At(i, c) - X.At(j, c)
					s += d * d
				}
				sums[labels[j]] += math.Sqrt(s)
			}
		}
		if size[labels[i]] == 1 {
			continue
		}
		a := sums[labels[i]] / float64(size[labels[i]]-1)
		b := math.Inf(1)
		for l, s := range sums {
			if l != labels[i] {
				b = math.Min(b, s/float64(size[l]))
			}
		}
		out[i] = (b - a) / math.Max(a, b)
	}
	return out
}

func TestInternalErrors(t *testing.T) {
	X := mat.NewDense(4, 2, []float64{0, 0, 1, 1, 2, 2, 3, 3})
	nan := mat.NewDense(4, 2, []float64{0, 0, 1, math.NaN(), 2, 2, 3, 3})
	fns := map[string]func(*mat.Dense, []int) (float64, error){
		"Silhouette": metrics.Silhouette, "DaviesBouldin": metrics.DaviesBouldin,
		"CalinskiHarabasz": metrics.CalinskiHarabasz,
		"SilhouetteSamples": func(X *mat.Dense, l []int) (float64, error) {
			_, err := metrics.SilhouetteSamples(X, l)
			return 0, err
		},
	}
	cases := []struct {
		name   string
		X      *mat.Dense
		labels []int
		want   error
	}{
		{"nil X", nil, []int{0, 1}, check.ErrEmpty},
		{"NaN", nan, []int{0, 0, 1, 1}, check.ErrNaN},
		{"short labels", X, []int{0, 1}, check.ErrShape},
		{"negative label", X, []int{0, -1, 1, 1}, check.ErrValue},
		{"one label", X, []int{2, 2, 2, 2}, check.ErrValue},
		{"n labels", X, []int{0, 1, 2, 3}, check.ErrValue},
	}
	for name, fn := range fns {
		for _, c := range cases {
			if _, err := fn(c.X, c.labels); !errors.Is(err, c.want) {
				t.Errorf("%s(%s): err %v, want %v", name, c.name, err, c.want)
			}
		}
	}
}

// Expected values: sklearn.manifold.trustworthiness (scikit-learn 1.2.1) on a
// random linear projection of seeded blobs (k = 1, 5, 12) and on an unrelated
// random embedding with the largest allowed k (testdata/make_reference.py).
func TestTrustworthinessReference(t *testing.T) {
	for _, c := range loadRef(t).Trust {
		got, err := metrics.Trustworthiness(dense(c.N, c.D, c.X), dense(c.N, c.Dy, c.Y), c.K)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.Name, got, c.Value, tolDistance)
	}
	X := mat.NewDense(10, 2, nil)
	for _, c := range []struct {
		name string
		Y    *mat.Dense
		k    int
		want error
	}{
		{"k=n/2", mat.NewDense(10, 2, nil), 5, check.ErrValue},
		{"k=0", mat.NewDense(10, 2, nil), 0, check.ErrValue},
		{"rows", mat.NewDense(9, 2, nil), 2, check.ErrShape},
		{"nil", nil, 2, check.ErrEmpty},
	} {
		if _, err := metrics.Trustworthiness(X, c.Y, c.k); !errors.Is(err, c.want) {
			t.Errorf("Trustworthiness(%s): err %v, want %v", c.name, err, c.want)
		}
	}
	// An embedding equal to the data is perfectly trustworthy.
	Xb, _ := blobsForTest(50, 3, 3, 9)
	if v, _ := metrics.Trustworthiness(Xb, Xb, 5); v != 1 {
		t.Errorf("Trustworthiness(X, X) = %v, want 1", v)
	}
}

// Far from the origin ‖a‖² + ‖b‖² − 2a·b loses digits; Silhouette centres
// the data first, so it still agrees with direct differences.
func TestSilhouetteFarFromOrigin(t *testing.T) {
	X, labels := blobsForTest(200, 5, 4, 5)
	r, c := X.Dims()
	for i := range r {
		for j := range c {
			X.Set(i, j, X.At(i, j)+1e5)
		}
	}
	want := naiveSilhouette(X, labels)
	got, err := metrics.SilhouetteSamples(X, labels)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		near(t, "silhouette at offset 1e5", got[i], want[i], tolDistance)
	}
}
