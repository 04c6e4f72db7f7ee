package plotting_test

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// notBlank decodes a PNG and checks it has the asked size, more than one
// colour and a fair share of non-white pixels.
func notBlank(t *testing.T, name string, b []byte, w, h int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: PNG does not decode: %v", name, err)
	}
	if s := img.Bounds().Size(); s != (image.Point{w, h}) {
		t.Errorf("%s: PNG is %v, want %d×%d", name, s, w, h)
	}
	colours := map[[4]uint32]bool{}
	inked := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, b, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, b, a}] = true
			if r < 0xF000 || g < 0xF000 || b < 0xF000 {
				inked++
			}
		}
	}
	if len(colours) < 5 || float64(inked)/float64(w*h) < 0.01 {
		t.Errorf("%s: %d colours and %d inked pixels of %d: looks blank", name, len(colours), inked, w*h)
	}
}

// lcg gives deterministic uniform numbers for the tests' data.
func lcg(seed uint64) func() float64 {
	return func() float64 {
		seed = seed*6364136223846793005 + 1442695040888963407
		return float64(seed>>11) / (1 << 53)
	}
}

func reliabilityCurves() []plotting.ReliabilityCurve {
	u := lcg(1)
	var out []plotting.ReliabilityCurve
	for k, name := range []string{"SVC Platt", "SVC ×100", "logistic"} {
		c := plotting.ReliabilityCurve{Name: name}
		for i := range 200 {
			p := math.Pow(u(), 1+float64(k))
			c.Prob = append(c.Prob, p)
			_ = i
		}
		for b := range 8 {
			x := (float64(b) + 0.5) / 8
			c.ProbPred = append(c.ProbPred, x)
			c.ProbTrue = append(c.ProbTrue, math.Min(1, x*(0.6+0.2*float64(k))))
		}
		out = append(out, c)
	}
	return out
}

func TestReliabilityFigures(t *testing.T) {
	const w, h = 500, 420
	curves := reliabilityCurves()
	must := func(p *plot.Plot, err error) *plot.Plot {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	th := 0.0
	u := lcg(2)
	var scores []float64
	var labels []int
	for i := range 90 {
		labels = append(labels, i%3)
		scores = append(scores, float64(i%3)-1+u()*1.5)
	}
	draws := mat.NewDense(100, 3, nil)
	for i := range 100 {
		for j := range 3 {
			draws.Set(i, j, 0.7+0.05*float64(j)+0.1*(u()-0.5)/float64(j+1))
		}
	}
	for name, p := range map[string]*plot.Plot{
		"Reliability":         must(plotting.Reliability(curves, plotting.ReliabilityOptions{Title: "breast cancer, 5 per class"})),
		"ConfidenceHistogram": must(plotting.ConfidenceHistogram(curves, plotting.ReliabilityOptions{Bins: 20})),
		"BandsStd": must(plotting.Bands([]plotting.Band{
			{Name: "SVC", X: []float64{3, 5, 10}, Draws: draws},
			{Name: "k-NN", X: []float64{3, 5, 10}, Mean: []float64{0.6, 0.7, 0.8}, Lo: []float64{0.5, 0.65, 0.78}, Hi: []float64{0.7, 0.75, 0.82}},
		}, plotting.BandOptions{Title: "accuracy over 100 draws", XLabel: "samples per class", YLabel: "accuracy"})),
		"BandsQuartiles": must(plotting.Bands([]plotting.Band{{X: []float64{10, 3, 5}, Draws: draws}}, plotting.BandOptions{Spread: plotting.Quartiles})),
		"BandsOneX":      must(plotting.Bands([]plotting.Band{{X: []float64{3}, Draws: draws.Slice(0, 100, 0, 1).(*mat.Dense)}}, plotting.BandOptions{Spread: plotting.MinMax})),
		"ScoresByClass": must(plotting.ScoresByClass(scores, labels, plotting.ScoreOptions{
			Title: "decision values", ClassNames: []string{"malignant", "benign"}, Threshold: &th})),
		"ScoresOnePerClass": must(plotting.ScoresByClass([]float64{1, -1}, []int{0, 4}, plotting.ScoreOptions{NoBox: false})),
	} {
		b, err := plotting.PNG(p, w, h)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		notBlank(t, name, b, w, h)
	}
	st, err := plotting.ReliabilityDiagram(curves, plotting.ReliabilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Plots) != 2 {
		t.Fatalf("ReliabilityDiagram has %d plots, want the curves and the histogram", len(st.Plots))
	}
	b, err := st.PNG(w, 560)
	if err != nil {
		t.Fatal(err)
	}
	notBlank(t, "ReliabilityDiagram", b, w, 560)
	// Without Prob there is no histogram: one plot.
	bare := []plotting.ReliabilityCurve{{ProbPred: []float64{0.2, 0.8}, ProbTrue: []float64{0.1, 0.9}}}
	if st, err := plotting.ReliabilityDiagram(bare, plotting.ReliabilityOptions{}); err != nil || len(st.Plots) != 1 {
		t.Errorf("ReliabilityDiagram without Prob: %v plots, %v; want 1", st, err)
	}
}

func TestReliabilityBadInput(t *testing.T) {
	ok := []plotting.ReliabilityCurve{{ProbPred: []float64{0.5}, ProbTrue: []float64{0.4}}}
	nan := math.NaN()
	rel := func(c []plotting.ReliabilityCurve, o plotting.ReliabilityOptions) error {
		_, err := plotting.Reliability(c, o)
		return err
	}
	x := []float64{1, 2}
	for _, tc := range []struct {
		name string
		err  error
		want error
		msg  string
	}{
		{"no curves", rel(nil, plotting.ReliabilityOptions{}), mlkit.ErrEmpty, "curves is empty"},
		{"lengths", rel([]plotting.ReliabilityCurve{{ProbPred: []float64{0.5}, ProbTrue: []float64{0.4, 0.2}}}, plotting.ReliabilityOptions{}), mlkit.ErrShape, "1 ProbPred and 2 ProbTrue"},
		{"NaN", rel([]plotting.ReliabilityCurve{{ProbPred: []float64{nan}, ProbTrue: []float64{0.4}}}, plotting.ReliabilityOptions{}), mlkit.ErrNaN, "curves[0].ProbPred[0]=NaN"},
		{"above 1", rel([]plotting.ReliabilityCurve{{ProbPred: []float64{0.5}, ProbTrue: []float64{1.4}}}, plotting.ReliabilityOptions{}), mlkit.ErrValue, "ProbTrue[0]=1.4"},
		{"Prob NaN", rel([]plotting.ReliabilityCurve{{ProbPred: []float64{0.5}, ProbTrue: []float64{0.4}, Prob: []float64{nan}}}, plotting.ReliabilityOptions{}), mlkit.ErrNaN, "Prob[0]=NaN"},
		{"bins negative", rel(ok, plotting.ReliabilityOptions{Bins: -2}), mlkit.ErrValue, "opts.Bins=-2"},
		{"share 1", rel(ok, plotting.ReliabilityOptions{HistShare: 1}), mlkit.ErrValue, "opts.HistShare=1"},
		{"histogram without Prob", second(plotting.ConfidenceHistogram(ok, plotting.ReliabilityOptions{})), mlkit.ErrEmpty, "no curve has Prob"},
		{"diagram no curves", second(plotting.ReliabilityDiagram(nil, plotting.ReliabilityOptions{})), mlkit.ErrEmpty, "curves is empty"},
		{"bands empty", second(plotting.Bands(nil, plotting.BandOptions{})), mlkit.ErrEmpty, "bands is empty"},
		{"bands no X", second(plotting.Bands([]plotting.Band{{}}, plotting.BandOptions{})), mlkit.ErrEmpty, "bands[0].X is empty"},
		{"bands draws cols", second(plotting.Bands([]plotting.Band{{X: x, Draws: mat.NewDense(3, 3, nil)}}, plotting.BandOptions{})), mlkit.ErrShape, "3 columns for 2 X"},
		{"bands draws NaN", second(plotting.Bands([]plotting.Band{{X: x, Draws: mat.NewDense(1, 2, []float64{1, nan})}}, plotting.BandOptions{})), mlkit.ErrNaN, "bands[0].Draws[0,1]=NaN"},
		{"bands no mean", second(plotting.Bands([]plotting.Band{{X: x}}, plotting.BandOptions{})), mlkit.ErrShape, "Mean has 0 values for 2 X"},
		{"bands lo > mean", second(plotting.Bands([]plotting.Band{{X: x, Mean: []float64{1, 1}, Lo: []float64{0, 2}, Hi: []float64{2, 3}}}, plotting.BandOptions{})), mlkit.ErrValue, "want Lo ≤ Mean ≤ Hi"},
		{"bands spread", second(plotting.Bands([]plotting.Band{{X: x, Draws: mat.NewDense(1, 2, nil)}}, plotting.BandOptions{Spread: 7})), mlkit.ErrValue, "opts.Spread=Spread(7)"},
		{"scores empty", second(plotting.ScoresByClass(nil, nil, plotting.ScoreOptions{})), mlkit.ErrEmpty, "scores is empty"},
		{"scores lengths", second(plotting.ScoresByClass([]float64{1, 2}, []int{0}, plotting.ScoreOptions{})), mlkit.ErrShape, "labels has 1 values for 2 scores"},
		{"scores Inf", second(plotting.ScoresByClass([]float64{1, math.Inf(-1)}, []int{0, 1}, plotting.ScoreOptions{})), mlkit.ErrNaN, "scores[1]=-Inf"},
		{"scores label", second(plotting.ScoresByClass([]float64{1, 2}, []int{0, -3}, plotting.ScoreOptions{})), mlkit.ErrValue, "labels[1]=-3"},
		{"scores threshold", second(plotting.ScoresByClass([]float64{1, 2}, []int{0, 1}, plotting.ScoreOptions{Threshold: &nan})), mlkit.ErrValue, "opts.Threshold=NaN"},
		{"stack empty", second((&plotting.Stack{}).PNG(100, 100)), mlkit.ErrEmpty, "no plots"},
		{"stack heights", second((&plotting.Stack{Plots: []*plot.Plot{plot.New()}, Heights: []float64{1, 2}}).PNG(100, 100)), mlkit.ErrShape, "2 Heights for 1 Plots"},
		{"stack size", second((&plotting.Stack{Plots: []*plot.Plot{plot.New()}}).PNG(0, 100)), mlkit.ErrValue, "size 0×100"},
	} {
		if tc.err == nil || !errors.Is(tc.err, tc.want) || !strings.Contains(tc.err.Error(), tc.msg) {
			t.Errorf("%s: got %v, want %v containing %q", tc.name, tc.err, tc.want, tc.msg)
		}
	}
}
