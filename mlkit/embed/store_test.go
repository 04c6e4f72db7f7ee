package embed

import (
	"reflect"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/gobtest"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

func storeData(n, d int, seed uint64) *mat.Dense {
	r := randx.New(seed)
	X := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			X.Set(i, j, r.NormFloat64()+float64(i%3))
		}
	}
	return X
}

// TestStorePCA: a PCAModel read back from gob transforms and inverts the same
// bits, with and without whitening.
func TestStorePCA(t *testing.T) {
	X, Q := storeData(50, 6, 1), storeData(10, 6, 2)
	for _, p := range []PCA{{Components: 3}, {Components: 2, Whiten: true}} {
		m, err := p.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		b := gobtest.RoundTrip(t, m)
		za, _ := m.Transform(Q)
		zb, err := b.Transform(Q)
		if err != nil || !gobtest.SameFloats(za.RawMatrix().Data, zb.RawMatrix().Data) {
			t.Errorf("%+v: Transform after gob differs (err %v)", p, err)
		}
		xa, _ := m.InverseTransform(za)
		xb, _ := b.InverseTransform(zb)
		if !gobtest.SameFloats(xa.RawMatrix().Data, xb.RawMatrix().Data) || !reflect.DeepEqual(m, b) {
			t.Errorf("%+v: InverseTransform or fields differ after gob", p)
		}
	}
}

// TestStoreEmbeddings: t-SNE and MDS models keep their embeddings and
// statistics through gob.
func TestStoreEmbeddings(t *testing.T) {
	X := storeData(40, 5, 3)
	ts, err := TSNE{Perplexity: 5, Seed: 1, Progress: progress.Silent}.Fit(X)
	if err != nil {
		t.Fatal(err)
	}
	if b := gobtest.RoundTrip(t, ts); !reflect.DeepEqual(ts, b) {
		t.Errorf("TSNEModel after gob: %+v, want %+v", b, ts)
	}
	for _, mds := range []MDS{{}, {Method: SMACOF, Seed: 1}} {
		m, err := mds.Fit(X)
		if err != nil {
			t.Fatal(err)
		}
		if b := gobtest.RoundTrip(t, m); !reflect.DeepEqual(m, b) {
			t.Errorf("MDSModel after gob: %+v, want %+v", b, m)
		}
	}
}
