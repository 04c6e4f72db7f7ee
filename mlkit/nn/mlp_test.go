package nn

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"hash/crc32"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

func blobs(t testing.TB, n, centers int, seed uint64) (*mat.Dense, []int) {
	X, y, err := data.Blobs{N: n, Centers: centers, Spread: 0.5, Seed: seed}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	return X, y
}

func accuracy(a, b []int) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// TestMLPBlobs: on separable blobs (spread 0.5; with seed 6 the nearest
// two of the 4 centres are 7.2 apart, over 14 spreads) the loss falls
// tenfold and held-out accuracy is 1.
func TestMLPBlobs(t *testing.T) {
	X, y := blobs(t, 600, 4, 6)
	Xt, yt := mat.DenseCopyOf(X.Slice(400, 600, 0, 2)), y[400:]
	X, y = mat.DenseCopyOf(X.Slice(0, 400, 0, 2)), y[:400]
	// Labels need not be 0..K-1.
	y2 := make([]int, len(y))
	for i, v := range y {
		y2[i] = 10 * (v + 1)
	}
	m, err := MLP{Hidden: []int{16, 16}, Seed: 1, Train: TrainConfig{Epochs: 30, BatchSize: 32, LearningRate: 1e-2, Progress: progress.Silent}}.Fit(X, y2)
	if err != nil {
		t.Fatal(err)
	}
	h := m.History
	if h.Epochs != 30 || h.Iterations != 30*13 || h.Stop != MaxEpochs || !slices.Equal(m.Classes, []int{10, 20, 30, 40}) {
		t.Errorf("history %+v, classes %v", h, m.Classes)
	}
	if !(h.TrainLoss[29] < 0.1*h.TrainLoss[0]) || !(h.TrainLoss[9] < h.TrainLoss[0]) {
		t.Errorf("loss did not fall: %v", h.TrainLoss)
	}
	pred, err := m.Predict(Xt)
	if err != nil {
		t.Fatal(err)
	}
	for i := range yt {
		pred[i] = pred[i]/10 - 1
	}
	P, _ := m.PredictProba(Xt)
	for i := range yt {
		row := P.RawRowView(i)
		if s := row[0] + row[1] + row[2] + row[3]; math.Abs(s-1) > 1e-12 {
			t.Fatalf("row %d of PredictProba sums to %v", i, s)
		}
	}
	if acc := accuracy(pred, yt); acc < 1 {
		t.Errorf("held-out accuracy %.3f, want 1", acc)
	}
	t.Logf("%v: loss %.4g → %.4g", m, h.TrainLoss[0], h.TrainLoss[29])
}

// TestMLPDeterministic trains at GOMAXPROCS 1 and 4 (batches of 64 split
// into 8 chunks) and compares weights bit for bit.
func TestMLPDeterministic(t *testing.T) {
	X, y := blobs(t, 300, 3, 2)
	run := func(procs int) (*MLPModel, [][]float32) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m, err := MLP{Hidden: []int{8, 8}, Seed: 4, Train: TrainConfig{Epochs: 3, BatchSize: 64, Seed: 5, ValidationFraction: 0.2, Progress: progress.Silent}}.Fit(X, y)
		if err != nil {
			t.Fatal(err)
		}
		var w [][]float32
		for _, p := range m.core.net.params {
			w = append(w, slices.Clone(p.data()))
		}
		return m, w
	}
	m1, a := run(1)
	_, b := run(4)
	for k := range a {
		if !slices.Equal(a[k], b[k]) {
			t.Fatalf("weights %d differ between GOMAXPROCS 1 and 4", k)
		}
	}
	if len(m1.History.ValLoss) != 3 {
		t.Errorf("validation losses %v", m1.History.ValLoss)
	}
}

// TestMLPSaveLoad: Save/LoadMLP and gob reproduce probabilities bit for bit.
func TestMLPSaveLoad(t *testing.T) {
	X, y := blobs(t, 200, 3, 3)
	m, err := MLP{Hidden: []int{6}, Seed: 1, Train: TrainConfig{Epochs: 2, Progress: progress.Silent}}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	file := slices.Clone(buf.Bytes())
	m2, err := LoadMLP(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var gb bytes.Buffer
	if err := gob.NewEncoder(&gb).Encode(struct{ M *MLPModel }{m}); err != nil {
		t.Fatal(err)
	}
	var back struct{ M *MLPModel }
	if err := gob.NewDecoder(&gb).Decode(&back); err != nil {
		t.Fatal(err)
	}
	p1, _ := m.PredictProba(X)
	for _, o := range []*MLPModel{m2, back.M} {
		p2, err := o.PredictProba(X)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(p1.RawMatrix().Data, p2.RawMatrix().Data) || !reflect.DeepEqual(m.History, o.History) ||
			!reflect.DeepEqual(m.Config, o.Config) || !slices.Equal(m.Classes, o.Classes) || o.String() != m.String() {
			t.Errorf("round trip differs: %v %+v", o, o.Config)
		}
	}
	reseal := func(b []byte) []byte {
		binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
		return b
	}
	archOff := 8 + 4 + 2 + len(kindMLP)
	edit := func(off int, v uint32) []byte {
		b := slices.Clone(file)
		binary.LittleEndian.PutUint32(b[off:], v)
		return reseal(b)
	}
	var ae bytes.Buffer
	aem, _ := ConvAutoencoder{}.Build(1, 4, 4)
	_ = aem.Save(&ae)
	hiddenOff := archOff + 8 + 8*3 // Features, K, 3 classes
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"autoencoder file", ae.Bytes(), `holds a "ConvAutoencoder", want a "MLP"`},
		{"absurd features", edit(archOff, 1<<30), "implausible sizes"},
		{"absurd classes", edit(archOff+4, 1<<30), "implausible sizes"},
		{"absurd hidden", edit(hiddenOff+4, 1<<20), "file has"},
		{"many hidden", edit(hiddenOff, 1000), "len(Hidden)=1000"},
		{"zero hidden", edit(hiddenOff+4, 0), "Hidden[0]=0"},
	} {
		if _, err := LoadMLP(bytes.NewReader(tc.b)); !errors.Is(err, mlkit.ErrFile) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want ErrFile containing %q", tc.name, err, tc.want)
		}
	}
}

func TestMLPBadInput(t *testing.T) {
	X, y := blobs(t, 50, 2, 1)
	quiet := TrainConfig{Epochs: 1, Progress: progress.Silent}
	withVal := func(r, c int, v float64) *mat.Dense {
		Z := mat.DenseCopyOf(X)
		Z.Set(r, c, v)
		return Z
	}
	one := make([]int, 50)
	for _, tc := range []struct {
		name     string
		mlp      MLP
		X        *mat.Dense
		y        []int
		sentinel error
		want     string
	}{
		{"nil X", MLP{}, nil, y, mlkit.ErrEmpty, "X is a nil *mat.Dense"},
		{"empty hidden", MLP{Hidden: []int{}}, X, y, mlkit.ErrValue, "Hidden is empty"},
		{"zero hidden units", MLP{Hidden: []int{8, 0}}, X, y, mlkit.ErrValue, "Hidden[1]=0"},
		{"absurd hidden units", MLP{Hidden: []int{1 << 25, 1 << 25}}, X, y, mlkit.ErrValue, "limit of 134217728 weights"},
		{"negative L2", MLP{L2: -1}, X, y, mlkit.ErrValue, "L2=-1"},
		{"one class", MLP{}, X, one, mlkit.ErrValue, "one class (0)"},
		{"NaN", MLP{}, withVal(3, 1, math.NaN()), y, mlkit.ErrNaN, "X[3,1]=NaN"},
		{"Inf", MLP{}, withVal(3, 0, math.Inf(-1)), y, mlkit.ErrNaN, "X[3,0]=-Inf"},
		{"1e300", MLP{}, withVal(0, 1, 1e300), y, mlkit.ErrNaN, "column 1 reaches magnitude 1e+300"},
		{"1e-300", MLP{}, mat.NewDense(2, 1, []float64{1e-300, -2e-300}), []int{0, 1}, mlkit.ErrNaN, "magnitude 2e-300"},
		{"mismatched lengths", MLP{}, X, y[:49], mlkit.ErrShape, "y has 49 labels, want 50"},
		{"negative label", MLP{}, X, append([]int{-1}, y[1:]...), mlkit.ErrValue, "y[0]=-1"},
		{"epochs", MLP{Train: TrainConfig{Epochs: -2}}, X, y, mlkit.ErrValue, "Epochs=-2"},
		{"patience", MLP{Train: TrainConfig{Patience: 3}}, X, y, mlkit.ErrValue, "Patience=3 needs ValidationFraction"},
		{"validation images", MLP{Train: TrainConfig{Validation: benchImagesShape(1, 1, 2, 2, 1)}}, X, y, mlkit.ErrValue, "ValidationFraction"},
	} {
		if tc.mlp.Train.Epochs == 0 {
			tc.mlp.Train.Epochs, tc.mlp.Train.Progress = 1, progress.Silent
		}
		_, err := tc.mlp.Fit(tc.X, tc.y)
		if !errors.Is(err, tc.sentinel) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, err, tc.sentinel, tc.want)
		}
	}
	m, err := MLP{Hidden: []int{4}, Train: quiet}.Fit(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Predict(mat.NewDense(2, 3, nil)); !errors.Is(err, mlkit.ErrShape) || !strings.Contains(err.Error(), "X has 3 columns, the model was fitted on 2") {
		t.Errorf("Predict with 3 columns: %v", err)
	}
	if _, err := m.PredictProba(withVal(1, 1, math.NaN())); !errors.Is(err, mlkit.ErrNaN) {
		t.Errorf("PredictProba with NaN: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cm, err := MLP{Train: quiet}.FitContext(ctx, X, y)
	if !errors.Is(err, context.Canceled) || cm == nil || cm.History.Stop != Cancelled {
		t.Errorf("cancelled: %v, %v", err, cm)
	}
}

// resealed returns a copy of a model file with the uint32 at off set to v
// and the checksum recomputed (a corrupted file that passes the checksum).
func resealed(file []byte, off int, v uint32) []byte {
	b := slices.Clone(file)
	binary.LittleEndian.PutUint32(b[off:], v)
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return b
}
