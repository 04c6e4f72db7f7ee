package calibrate_test

import (
	"errors"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/calibrate"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/linear"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/neighbors"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/sample"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/svm"
)

func evalCandidates() []calibrate.Candidate {
	return []calibrate.Candidate{
		{Name: "logistic", Fit: func(X *mat.Dense, y []int) (calibrate.Prober, error) {
			return linear.LogisticRegression{Progress: progress.Silent}.Fit(X, y)
		}},
		{Name: "3-NN", Fit: func(X *mat.Dense, y []int) (calibrate.Prober, error) {
			return neighbors.KNNClassifier{K: 3}.Fit(X, y)
		}},
		{Name: "SVC+Platt", Fit: func(X *mat.Dense, y []int) (calibrate.Prober, error) {
			return svm.SVC{Probability: true, AllowSmallClasses: true, Seed: 1, Progress: progress.Silent}.Fit(X, y)
		}},
	}
}

func TestEvaluate(t *testing.T) {
	X, y, err := data.Blobs{N: 120, Centers: 2, Spread: 2, Seed: 3}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	folds, err := sample.TinyDraws(y, 5, 6, 1)
	if err != nil {
		t.Fatal(err)
	}
	run := func(procs int) *calibrate.Evaluation {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		ev, err := calibrate.Evaluate(X, y, folds, evalCandidates(), calibrate.EvalOptions{Progress: progress.Silent})
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	ev := run(1)
	if !reflect.DeepEqual(ev, run(4)) {
		t.Errorf("GOMAXPROCS 1 and 4 give different evaluations")
	}
	if got := len(ev.Scores); got != 3 || len(ev.Scores[0]) != 6 || ev.AUC == nil {
		t.Fatalf("evaluation shape %d×%d (AUC %v), want 3×6 with AUC", got, len(ev.Scores[0]), ev.AUC != nil)
	}
	// Each fold's scores equal those of the candidate refitted by hand.
	f := folds[2]
	Xtr, Xte := data.SubsetRows(X, f.Train), data.SubsetRows(X, f.Test)
	ytr, yte := pickLabels(y, f.Train), pickLabels(y, f.Test)
	m, _ := linear.LogisticRegression{Progress: progress.Silent}.Fit(Xtr, ytr)
	P, _ := m.PredictProba(Xte)
	want, _ := metrics.ScoreProba(yte, P, 10)
	if ev.Scores[0][2] != want {
		t.Errorf("logistic on fold 2: %+v, want %+v", ev.Scores[0][2], want)
	}
	// Pooled confidences cover every test row of every fold.
	rows := 0
	for _, f := range folds {
		rows += len(f.Test)
	}
	if len(ev.Confidence[1]) != rows || len(ev.Hit[1]) != rows {
		t.Errorf("pooled %d confidences and %d hits, want %d", len(ev.Confidence[1]), len(ev.Hit[1]), rows)
	}
	if !ev.HasPredict[2] {
		t.Errorf("SVC has Predict, HasPredict says no")
	}
	mean, sd := ev.Mean(0, calibrate.ScoreAccuracy)
	if !(mean > 0.5 && mean <= 1) || sd < 0 || math.IsNaN(sd) {
		t.Errorf("logistic accuracy %v ± %v", mean, sd)
	}
	if s := ev.String(); !strings.Contains(s, "SVC+Platt") || !strings.Contains(s, "±") {
		t.Errorf("table:\n%s", s)
	}
	if ev.Index("3-NN") != 1 || ev.Index("none") != -1 {
		t.Errorf("Index wrong")
	}
}

func pickLabels(y, idx []int) []int {
	out := make([]int, len(idx))
	for k, i := range idx {
		out[k] = y[i]
	}
	return out
}

func TestEvaluateErrors(t *testing.T) {
	X := mat.NewDense(6, 1, []float64{0, 1, 2, 3, 4, 5})
	y := []int{0, 0, 0, 1, 1, 1}
	good := []data.Fold{{Train: []int{0, 1, 3, 4}, Test: []int{2, 5}}}
	cands := evalCandidates()[:1]
	cases := []struct {
		name  string
		X     *mat.Dense
		y     []int
		folds []data.Fold
		cands []calibrate.Candidate
		want  error
		msg   string
	}{
		{"nil X", nil, y, good, cands, mlkit.ErrEmpty, "X"},
		{"short y", X, y[:5], good, cands, mlkit.ErrShape, "y"},
		{"one class", X, []int{0, 0, 0, 0, 0, 0}, good, cands, mlkit.ErrValue, "single class"},
		{"gap in labels", X, []int{0, 0, 0, 2, 2, 2}, good, cands, mlkit.ErrValue, "0…K−1"},
		{"no folds", X, y, nil, cands, mlkit.ErrEmpty, "folds"},
		{"no candidates", X, y, good, nil, mlkit.ErrEmpty, "cands"},
		{"nil Fit", X, y, good, []calibrate.Candidate{{Name: "x"}}, mlkit.ErrValue, "nil Fit"},
		{"class missing in train", X, y, []data.Fold{{Train: []int{0, 1}, Test: []int{3}}}, cands, mlkit.ErrValue, "class 1"},
		{"row out of range", X, y, []data.Fold{{Train: []int{0, 3}, Test: []int{9}}}, cands, mlkit.ErrValue, "row 9"},
		{"NaN", mat.NewDense(6, 1, []float64{0, 1, math.NaN(), 3, 4, 5}), y, good, cands, mlkit.ErrNaN, "X[2,0]"},
	}
	for _, c := range cases {
		_, err := calibrate.Evaluate(c.X, c.y, c.folds, c.cands, calibrate.EvalOptions{Progress: progress.Silent})
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: err = %v, want %v naming %q", c.name, err, c.want, c.msg)
		}
	}
	failing := []calibrate.Candidate{{Name: "broken", Fit: func(X *mat.Dense, y []int) (calibrate.Prober, error) {
		return nil, errors.New("boom")
	}}}
	if _, err := calibrate.Evaluate(X, y, good, failing, calibrate.EvalOptions{Progress: progress.Silent}); err == nil || !strings.Contains(err.Error(), `"broken"`) {
		t.Errorf("failing candidate: err = %v, want one naming it", err)
	}
}

func TestSweepAndReliability(t *testing.T) {
	X, y, err := data.Blobs{N: 90, Centers: 3, Spread: 2.5, Seed: 5}.Generate()
	if err != nil {
		t.Fatal(err)
	}
	var evs []*calibrate.Evaluation
	for _, per := range []int{3, 6} {
		folds, _ := sample.TinyDraws(y, per, 4, 2)
		ev, err := calibrate.Evaluate(X, y, folds, evalCandidates()[:2], calibrate.EvalOptions{Progress: progress.Silent})
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	names, draws, err := calibrate.Sweep(evs, calibrate.ScoreLogLoss)
	if err != nil || len(names) != 2 || len(draws) != 2 {
		t.Fatalf("Sweep: %v %v %v", names, draws, err)
	}
	if r, c := draws[1].Dims(); r != 4 || c != 2 || draws[1].At(2, 1) != evs[1].Scores[1][2].LogLoss {
		t.Errorf("draws[1] is %d×%d, (2,1)=%v, want 4×2 with %v", r, c, draws[1].At(2, 1), evs[1].Scores[1][2].LogLoss)
	}
	if _, _, err := calibrate.Sweep(evs, calibrate.ScoreAUC); !errors.Is(err, mlkit.ErrValue) {
		t.Errorf("AUC with 3 classes: err = %v, want ErrValue", err)
	}
	if _, _, err := calibrate.Sweep(nil, calibrate.ScoreBrier); !errors.Is(err, mlkit.ErrEmpty) {
		t.Errorf("no evaluations: err = %v", err)
	}
	pt, pp, counts, err := evs[0].Reliability(0, 5)
	if err != nil || len(pt) != len(pp) || len(pt) == 0 {
		t.Fatalf("Reliability: %v %v %v", pt, pp, err)
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	if total != len(evs[0].Hit[0]) {
		t.Errorf("reliability counts sum to %d, want %d", total, len(evs[0].Hit[0]))
	}
	if _, _, _, err := evs[0].Reliability(7, 5); !errors.Is(err, mlkit.ErrValue) {
		t.Errorf("bad candidate: err = %v", err)
	}
}

func TestPooledECE(t *testing.T) {
	X, y, _ := data.Blobs{N: 80, Centers: 2, Spread: 3, Seed: 9}.Generate()
	folds, _ := sample.TinyDraws(y, 4, 3, 1)
	ev, err := calibrate.Evaluate(X, y, folds, evalCandidates()[:1], calibrate.EvalOptions{Progress: progress.Silent})
	if err != nil {
		t.Fatal(err)
	}
	// One fold's pooled ECE equals metrics.ECE of that fold's probabilities.
	one, _ := calibrate.Evaluate(X, y, folds[:1], evalCandidates()[:1], calibrate.EvalOptions{Progress: progress.Silent})
	got, err := one.PooledECE(0, 10)
	if err != nil || math.Abs(got-one.Scores[0][0].ECE) > 1e-12 {
		t.Errorf("pooled ECE of one fold %v (%v), want the fold's ECE %v", got, err, one.Scores[0][0].ECE)
	}
	if e, err := ev.PooledECE(0, 10); err != nil || !(e >= 0 && e <= 1) {
		t.Errorf("pooled ECE %v, %v", e, err)
	}
}
