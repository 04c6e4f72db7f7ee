package nn

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/randx"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// halves returns n seeded 1×8×8 images with noise in [0, 0.3) and label k
// in 0..classes-1: a bright vertical band at columns 2k..2k+1 (classes ≤ 4),
// and as target the band's brightness, drawn in [0.2, 0.9].
func halves(n, classes int, seed uint64) (*data.Images, []int, []float64) {
	rng := randx.New(seed)
	pix := make([]float32, n*64)
	labels := make([]int, n)
	targets := make([]float64, n)
	for i := range n {
		k := rng.IntN(classes)
		v := 0.2 + 0.7*rng.Float64()
		labels[i], targets[i] = k, v
		for p := range 64 {
			pix[i*64+p] = float32(0.3 * rng.Float64())
			if x := p % 8; x/2 == k {
				pix[i*64+p] = float32(v)
			}
		}
	}
	return &data.Images{N: n, C: 1, H: 8, W: 8, Pix: pix}, labels, targets
}

var tinyCNN = CNN{Blocks: []ConvBlock{{Channels: 3, Pool: true}, {Channels: 4, Kernel: 1}}, Dense: []int{5}, Seed: 3}

// TestCNNNetworkGradient checks the gradient of a tiny CNN's training loss
// (conv, pool, conv 1×1, dense, each output and loss) with respect to
// every weight, through the graph Fit uses.
func TestCNNNetworkGradient(t *testing.T) {
	im, labels, targets := halves(4, 3, 1)
	for _, out := range []Output{Softmax, Binary, Linear, Sigmoid} {
		cfg := tinyCNN
		cfg.Output = out
		classify := out == Softmax || out == Binary
		k := 3
		d := &supData{x: im.Pix, n: im.N}
		switch out {
		case Softmax:
			d.classes = []int32{int32(labels[0]), int32(labels[1]), int32(labels[2]), int32(labels[3])}
		case Binary:
			k, d.targets = 2, []float32{0, 1, 1, 0}
		default:
			d.targets = []float32{float32(targets[0]), float32(targets[1]), float32(targets[2]), float32(targets[3])}
		}
		if !classify {
			k = 0
		}
		cfg, err := cfg.withDefaults("test", classify)
		if err != nil {
			t.Fatal(err)
		}
		core, _ := newCNNCore(cfg, 1, 8, 8, k, 64, nil)
		tr := &supTrainer{s: core, d: d}
		idx := []int{0, 1, 2, 3}
		if _, err := tr.trainStep(idx); err != nil {
			t.Fatal(err)
		}
		const eps = 1e-3 // see TestMLPNetworkGradient
		worst := 0.0
		for _, p := range core.net.params {
			analytic := slices.Clone(p.grad)
			w := p.data()
			for j := range w {
				orig := w[j]
				w[j] = orig + eps
				up, _ := tr.trainStep(idx)
				w[j] = orig - eps
				down, _ := tr.trainStep(idx)
				w[j] = orig
				num := (up - down) / (2 * eps)
				a := float64(analytic[j])
				tol := 5e-4 + gradRelTol*math.Abs(a)
				if diff := math.Abs(num - a); diff > tol {
					t.Errorf("%v: %s[%d]: analytic %.6g, numeric %.6g", out, p.name, j, a, num)
				} else {
					worst = max(worst, diff/tol)
				}
			}
		}
		t.Logf("%v: worst error %.3g of the tolerance", out, worst)
	}
}

func cnnWeights(m *CNNModel) [][]float32 {
	var w [][]float32
	for _, p := range m.core.net.params {
		w = append(w, slices.Clone(p.data()))
	}
	return w
}

// TestCNNLearns: on a fixed set the loss falls and the bands are told
// apart; the regressor's error falls below the targets' spread.
func TestCNNLearns(t *testing.T) {
	im, labels, targets := halves(64, 4, 2)
	quiet := TrainConfig{Epochs: 30, BatchSize: 16, LearningRate: 1e-2, Progress: progress.Silent}
	cfg := tinyCNN
	cfg.Train = quiet
	m, err := cfg.FitClassifier(im, labels)
	if err != nil {
		t.Fatal(err)
	}
	h := m.History
	pred, _ := m.PredictClass(im)
	if acc := accuracy(pred, labels); acc < 0.95 || !(h.TrainLoss[29] < 0.2*h.TrainLoss[0]) {
		t.Errorf("accuracy %.3f, loss %.4g → %.4g", acc, h.TrainLoss[0], h.TrainLoss[29])
	}
	t.Logf("%v: loss %.4g → %.4g", m, h.TrainLoss[0], h.TrainLoss[29])
	for _, out := range []Output{Linear, Sigmoid, Binary} {
		cfg.Output = out
		r, err := cfg.FitRegressor(im, targets)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := r.Predict(im)
		var mse, variance float64
		for i, v := range targets {
			mse += (p[i] - v) * (p[i] - v) / float64(len(p))
			variance += (v - 0.55) * (v - 0.55) / float64(len(p))
		}
		if !(mse < 0.25*variance) {
			t.Errorf("%v: MSE %.4g, targets' variance %.4g", out, mse, variance)
		}
		t.Logf("%v: MSE %.4g against variance %.4g", out, mse, variance)
	}
}

// TestCNNDeterministic: GOMAXPROCS 1 and 4 give bit-identical weights, with
// dropout and a validation split.
func TestCNNDeterministic(t *testing.T) {
	im, labels, _ := halves(40, 3, 3)
	run := func(procs int) [][]float32 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		cfg := tinyCNN
		cfg.Dropout = 0.3
		cfg.Train = TrainConfig{Epochs: 2, BatchSize: 16, Seed: 2, ValidationFraction: 0.25, Progress: progress.Silent}
		m, err := cfg.FitClassifier(im, labels)
		if err != nil {
			t.Fatal(err)
		}
		return cnnWeights(m)
	}
	a, b := run(1), run(4)
	for k := range a {
		if !slices.Equal(a[k], b[k]) {
			t.Fatalf("weights %d differ between GOMAXPROCS 1 and 4", k)
		}
	}
}

// TestCNNSaveLoad: Save/LoadCNN and gob reproduce every prediction bit for
// bit, for a classifier and a regressor; a body round-trips too.
func TestCNNSaveLoad(t *testing.T) {
	im, labels, targets := halves(20, 3, 4)
	cfg := tinyCNN
	cfg.Dropout = 0.2
	cfg.Train = TrainConfig{Epochs: 2, Progress: progress.Silent}
	cls, err := cfg.FitClassifier(im, labels)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Output = Sigmoid
	reg, err := cfg.FitRegressor(im, targets)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*CNNModel{cls, reg} {
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		m2, err := LoadCNN(&buf)
		if err != nil {
			t.Fatal(err)
		}
		var gb bytes.Buffer
		if err := gob.NewEncoder(&gb).Encode(struct{ M *CNNModel }{m}); err != nil {
			t.Fatal(err)
		}
		var back struct{ M *CNNModel }
		if err := gob.NewDecoder(&gb).Decode(&back); err != nil {
			t.Fatal(err)
		}
		f1, _ := m.Features(im)
		for _, o := range []*CNNModel{m2, back.M} {
			f2, err := o.Features(im)
			if err != nil {
				t.Fatal(err)
			}
			same := slices.Equal(f1.RawMatrix().Data, f2.RawMatrix().Data) && reflect.DeepEqual(m.History, o.History) &&
				reflect.DeepEqual(m.Config, o.Config) && o.String() == m.String()
			if m.Classes != nil {
				p1, _ := m.PredictProba(im)
				p2, _ := o.PredictProba(im)
				same = same && slices.Equal(p1.RawMatrix().Data, p2.RawMatrix().Data)
			} else {
				p1, _ := m.Predict(im)
				p2, _ := o.Predict(im)
				same = same && slices.Equal(p1, p2)
			}
			if !same {
				t.Errorf("round trip of %v differs: %v %+v", m, o, o.Config)
			}
		}
	}
	body := cls.Body()
	var buf bytes.Buffer
	if err := body.Save(&buf); err != nil {
		t.Fatal(err)
	}
	b2, err := LoadBody(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var gb bytes.Buffer
	var b3 Body
	if err := gob.NewEncoder(&gb).Encode(body); err != nil {
		t.Fatal(err)
	}
	if err := gob.NewDecoder(&gb).Decode(&b3); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(body, b2) || !reflect.DeepEqual(body, &b3) {
		t.Errorf("body round trip differs")
	}
	if c, h, w := body.OutShape(); c != 4 || h != 4 || w != 4 {
		t.Errorf("body output %d×%d×%d, want 4×4×4", c, h, w)
	}
}

// TestCNNTransfer: a frozen body keeps its weights bit for bit while a new
// head trains; FreezeBlocks freezes only the first blocks; without
// freezing, the body is fine-tuned.
func TestCNNTransfer(t *testing.T) {
	im, labels, targets := halves(48, 4, 5)
	src := tinyCNN
	src.Train = TrainConfig{Epochs: 5, BatchSize: 16, LearningRate: 1e-2, Progress: progress.Silent}
	digits, err := src.FitClassifier(im, labels)
	if err != nil {
		t.Fatal(err)
	}
	// The body goes through a file, as a saved body loaded into a new
	// network with a different head.
	var file bytes.Buffer
	if err := digits.Body().Save(&file); err != nil {
		t.Fatal(err)
	}
	body, err := LoadBody(&file)
	if err != nil {
		t.Fatal(err)
	}
	var before [][]float32 // a deep copy
	for _, w := range body.Weights {
		before = append(before, slices.Clone(w))
	}
	quiet := TrainConfig{Epochs: 3, BatchSize: 16, LearningRate: 1e-2, Progress: progress.Silent}
	frozen, err := CNN{Body: body, FreezeBody: true, Dense: []int{6}, Output: Sigmoid, Seed: 9, Train: quiet}.FitRegressor(im, targets)
	if err != nil {
		t.Fatal(err)
	}
	after := frozen.Body()
	for i := range before {
		if !slices.Equal(before[i], after.Weights[i]) || !slices.Equal(before[i], body.Weights[i]) {
			t.Fatalf("frozen body tensor %d changed", i)
		}
	}
	if !strings.Contains(frozen.String(), "(frozen)") || frozen.Config.FreezeBlocks != 2 {
		t.Errorf("%v: FreezeBlocks %d", frozen, frozen.Config.FreezeBlocks)
	}
	if !(frozen.History.TrainLoss[2] < frozen.History.TrainLoss[0]) {
		t.Errorf("the head did not learn: %v", frozen.History.TrainLoss)
	}
	f1, _ := digits.Features(im)
	f2, _ := frozen.Features(im)
	if !slices.Equal(f1.RawMatrix().Data, f2.RawMatrix().Data) {
		t.Error("a frozen body computes other features than its source")
	}
	part, err := CNN{Body: body, FreezeBlocks: 1, Dense: []int{}, Output: Linear, Train: quiet}.FitRegressor(im, targets)
	if err != nil {
		t.Fatal(err)
	}
	tuned, err := CNN{Body: body, Output: Binary, Train: quiet}.FitRegressor(im, targets)
	if err != nil {
		t.Fatal(err)
	}
	pw, tw := part.Body().Weights, tuned.Body().Weights
	if !slices.Equal(pw[0], before[0]) || !slices.Equal(pw[1], before[1]) || slices.Equal(pw[2], before[2]) {
		t.Error("FreezeBlocks=1: want block 0 fixed and block 1 trained")
	}
	if slices.Equal(tw[0], before[0]) || slices.Equal(tw[2], before[2]) {
		t.Error("fine-tuning left the body unchanged")
	}
}

func TestCNNBadInput(t *testing.T) {
	im, labels, targets := halves(12, 3, 6)
	quiet := TrainConfig{Epochs: 1, Progress: progress.Silent}
	trained, err := CNN{Blocks: tinyCNN.Blocks, Dense: []int{4}, Train: quiet}.FitClassifier(im, labels)
	if err != nil {
		t.Fatal(err)
	}
	body := trained.Body()
	big, _, bigT := halves(2, 2, 1)
	big = benchImagesShape(2, 1, 12, 12, 1)
	nanIm, _, _ := halves(12, 3, 6)
	nanIm.Pix[100] = float32(math.NaN())
	out := slices.Clone(targets)
	out[3] = 1.5
	bad := &Body{C: body.C, H: body.H, W: body.W, Blocks: body.Blocks, Weights: body.Weights[:3]}
	for _, tc := range []struct {
		name     string
		cnn      CNN
		im       *data.Images
		labels   []int
		targets  []float64
		sentinel error
		want     string
	}{
		{"nil images", CNN{}, nil, labels, nil, mlkit.ErrEmpty, "images is nil"},
		{"NaN pixel", CNN{}, nanIm, labels, nil, mlkit.ErrNaN, "image 1 has pixel 36 = NaN"},
		{"odd size", CNN{}, benchImagesShape(2, 1, 6, 6, 1), []int{0, 1}, nil, mlkit.ErrShape, "Blocks[1] pools 3×3 maps"},
		{"wrong shape for the body", CNN{Body: body}, big, []int{0, 1}, nil, mlkit.ErrShape, "images are 1×12×12 (C×H×W), the Body takes 1×8×8"},
		{"Blocks against Body", CNN{Body: body, Blocks: []ConvBlock{{Channels: 3}}}, im, labels, nil, mlkit.ErrValue, "differ from Body.Blocks"},
		{"broken body", CNN{Body: bad}, im, labels, nil, mlkit.ErrShape, "3 weight tensors"},
		{"freeze a missing block", CNN{Body: body, FreezeBlocks: 3}, im, labels, nil, mlkit.ErrValue, "FreezeBlocks=3, the network has 2 conv blocks"},
		{"freeze twice", CNN{FreezeBody: true, FreezeBlocks: 1}, im, labels, nil, mlkit.ErrValue, "give one or the other"},
		{"one class", CNN{}, im, make([]int, 12), nil, mlkit.ErrValue, "one class (0)"},
		{"binary of 3 classes", CNN{Output: Binary}, im, labels, nil, mlkit.ErrValue, "Output=Binary needs 2 classes"},
		{"regression output", CNN{Output: Sigmoid}, im, labels, nil, mlkit.ErrValue, "use FitRegressor"},
		{"labels length", CNN{}, im, labels[:5], nil, mlkit.ErrShape, "labels has 5 labels, want 12"},
		{"zero channels", CNN{Blocks: []ConvBlock{{Channels: 0}}}, im, labels, nil, mlkit.ErrValue, "Blocks[0].Channels=0"},
		{"absurd channels", CNN{Blocks: []ConvBlock{{Channels: 1 << 25}, {Channels: 1 << 25}}}, im, labels, nil, mlkit.ErrValue, "limit"},
		{"even kernel", CNN{Blocks: []ConvBlock{{Channels: 2, Kernel: 2}}}, im, labels, nil, mlkit.ErrValue, "Blocks[0].Kernel=2"},
		{"dense 0", CNN{Dense: []int{0}}, im, labels, nil, mlkit.ErrValue, "Dense[0]=0"},
		{"dropout 1", CNN{Dropout: 1}, im, labels, nil, mlkit.ErrValue, "Dropout=1"},
		{"sigmoid target out of [0,1]", CNN{Output: Sigmoid}, im, nil, out, mlkit.ErrValue, "targets[3]=1.5 is outside [0, 1], the range of Output=sigmoid"},
		{"binary target out of [0,1]", CNN{Output: Binary}, im, nil, out, mlkit.ErrValue, "targets[3]=1.5"},
		{"softmax regression", CNN{Output: Softmax}, im, nil, targets, mlkit.ErrValue, "use FitClassifier"},
		{"NaN target", CNN{}, im, nil, append(slices.Clone(targets[:11]), math.NaN()), mlkit.ErrNaN, "targets[11]=NaN"},
		{"targets length", CNN{}, im, nil, bigT, mlkit.ErrShape, "targets has 2 values, want 12"},
		{"validation images", CNN{Train: TrainConfig{Validation: im}}, im, labels, nil, mlkit.ErrValue, "ValidationFraction"},
	} {
		if tc.cnn.Train.Epochs == 0 {
			tc.cnn.Train.Epochs, tc.cnn.Train.Progress = 1, progress.Silent
		}
		var err error
		if tc.targets != nil {
			_, err = tc.cnn.FitRegressor(tc.im, tc.targets)
		} else {
			_, err = tc.cnn.FitClassifier(tc.im, tc.labels)
		}
		if !errors.Is(err, tc.sentinel) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, err, tc.sentinel, tc.want)
		}
	}
	if _, err := trained.Predict(im); !errors.Is(err, mlkit.ErrValue) {
		t.Errorf("Predict of a softmax classifier: %v", err)
	}
	if _, err := trained.PredictClass(big); !errors.Is(err, mlkit.ErrShape) {
		t.Errorf("PredictClass of 12×12 images: %v", err)
	}
	reg, _ := CNN{Blocks: tinyCNN.Blocks, Dense: []int{}, Train: quiet}.FitRegressor(im, targets)
	if _, err := reg.PredictProba(im); !errors.Is(err, mlkit.ErrValue) {
		t.Errorf("PredictProba of a regressor: %v", err)
	}
	// Files of other kinds and absurd sizes.
	var aeFile, mlpFile, cnnFile bytes.Buffer
	ae, _ := ConvAutoencoder{}.Build(1, 8, 8)
	_ = ae.Save(&aeFile)
	X, y := blobs(t, 20, 2, 6)
	mlp, _ := MLP{Hidden: []int{2}, Train: quiet}.Fit(X, y)
	_ = mlp.Save(&mlpFile)
	_ = trained.Save(&cnnFile)
	file := cnnFile.Bytes()
	archOff := 8 + 4 + 2 + len(kindCNN)
	for _, tc := range []struct {
		name string
		b    []byte
		load func([]byte) error
		want string
	}{
		{"autoencoder as CNN", aeFile.Bytes(), loadCNNBytes, `holds a "ConvAutoencoder", want a "CNN"`},
		{"MLP as CNN", mlpFile.Bytes(), loadCNNBytes, `holds a "MLP"`},
		{"CNN as body", file, func(b []byte) error { _, err := LoadBody(bytes.NewReader(b)); return err }, `holds a "CNN", want a "CNNBody"`},
		{"absurd blocks", resealed(file, archOff+12, 1<<20), loadCNNBytes, "implausible sizes"},
		{"absurd channels", resealed(file, archOff+16, 1<<16), loadCNNBytes, "file has"},
		{"absurd image", resealed(file, archOff+4, 1<<30), loadCNNBytes, "values per image"},
	} {
		if err := tc.load(tc.b); !errors.Is(err, mlkit.ErrFile) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want ErrFile containing %q", tc.name, err, tc.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cm, err := CNN{Train: quiet}.FitClassifierContext(ctx, im, labels)
	if !errors.Is(err, context.Canceled) || cm == nil || cm.History.Stop != Cancelled {
		t.Errorf("cancelled: %v, %v", err, cm)
	}
}

func loadCNNBytes(b []byte) error {
	_, err := LoadCNN(bytes.NewReader(b))
	return err
}

// TestCNNWithoutBlocks: no conv blocks and no hidden layer is a softmax
// regression on the pixels; Features are then the pixels themselves.
func TestCNNWithoutBlocks(t *testing.T) {
	im, labels, _ := halves(64, 4, 2)
	m, err := CNN{Blocks: []ConvBlock{}, Dense: []int{}, Train: TrainConfig{Epochs: 20, BatchSize: 16, LearningRate: 1e-2, Progress: progress.Silent}}.FitClassifier(im, labels)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := m.PredictClass(im)
	f, err := m.Features(im)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.String(); got != "CNN 1×8×8: softmax 4; 260 weights" || accuracy(p, labels) < 1 || f.At(5, 7) != float64(im.Pix[5*64+7]) {
		t.Errorf("%s: accuracy %.3f", got, accuracy(p, labels))
	}
}
