package plotting_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// figureCase draws one figure of the table; render returns the image
// (PNG-decoded for plots, stacks and tiles; the image itself for
// GridImage).
type figureCase struct {
	fn     string // the public function drawn (for the coverage check)
	name   string
	w, h   int
	want   figureWant
	render func(t *testing.T) image.Image
}

// plotCase renders a *plot.Plot figure at w×h.
func plotCase(fn, name string, w, h int, want figureWant, mk func() (*plot.Plot, error)) figureCase {
	return figureCase{fn: fn, name: name, w: w, h: h, want: want, render: func(t *testing.T) image.Image {
		t.Helper()
		p, err := mk()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := plotting.PNG(p, vg.Length(w), vg.Length(h))
		if err != nil {
			t.Fatalf("%s: PNG: %v", name, err)
		}
		return decodePNG(t, name, b, w, h)
	}}
}

// pngCase renders a figure drawn straight to PNG bytes (Stack, Tiles).
func pngCase(fn, name string, w, h int, want figureWant, mk func() ([]byte, error)) figureCase {
	return figureCase{fn: fn, name: name, w: w, h: h, want: want, render: func(t *testing.T) image.Image {
		t.Helper()
		b, err := mk()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return decodePNG(t, name, b, w, h)
	}}
}

func figureCases(t *testing.T) []figureCase {
	X, y := figBlobs(120, 4)
	X3, y3 := figBlobs(90, 3)
	X4 := mat.NewDense(90, 4, nil)
	for i := range 90 {
		for j := range 4 {
			X4.Set(i, j, X3.At(i, j%2)*float64(j+1)+float64(j))
		}
	}
	imgs := figImages(12, 8, 8)
	recon := figImages(12, 8, 8)[1:]
	recon = append(recon, imgs[0])
	set := figImageSet(t, 30, 8, 8)
	labels30 := make([]int, 30)
	assign30 := make([]int, 30)
	target := make([]float64, 30)
	pred := make([]float64, 30)
	sil := make([]float64, 30)
	for i := range 30 {
		labels30[i], assign30[i] = i%3, (i/2)%3
		target[i] = float64(i) / 29
		pred[i] = target[i] + 0.1*math.Sin(float64(i))
		sil[i] = 0.6 * math.Sin(float64(i)+0.3)
	}
	tab, err := metrics.AlignedContingency(labels30, assign30)
	if err != nil {
		t.Fatal(err)
	}
	regr := []plotting.RegressionSeries{{Name: "ridge", True: target, Pred: pred}, {Name: "tree", True: target[:20], Pred: target[10:]}}
	M := mat.NewDense(4, 5, nil)
	for i := range 4 {
		for j := range 5 {
			M.Set(i, j, float64((i*5+j*3)%11))
		}
	}
	rowNames, colNames := []string{"a", "b", "c", "d"}, []string{"v", "w", "x", "y", "z"}
	curves := func() []plotting.ReliabilityCurve {
		var out []plotting.ReliabilityCurve
		for k, name := range []string{"SVC", "logistic", "tree"} {
			c := plotting.ReliabilityCurve{Name: name}
			for i := range 200 {
				c.Prob = append(c.Prob, math.Pow(float64(i%97)/96, 1+float64(k)))
			}
			for b := range 8 {
				x := (float64(b) + 0.5) / 8
				c.ProbPred = append(c.ProbPred, x)
				c.ProbTrue = append(c.ProbTrue, math.Min(1, x*(0.6+0.3*float64(k))))
			}
			out = append(out, c)
		}
		return out
	}()
	series := []plotting.Series{{Name: "k=2", Y: figCurve(30, 0)}, {Name: "k=3", Y: figCurve(30, 1)}, {Name: "k=4", Y: figCurve(30, 2)}}
	draws := mat.NewDense(20, 5, nil)
	for r := range 20 {
		for c := range 5 {
			draws.Set(r, c, 0.5+0.08*float64(c)+0.05*math.Sin(float64(r*5+c)))
		}
	}
	xs := []float64{3, 5, 10, 20, 40}
	bands := []plotting.Band{{Name: "SVC", X: xs, Draws: draws},
		{Name: "logistic", X: xs, Mean: []float64{0.4, 0.5, 0.6, 0.65, 0.7}, Lo: []float64{0.3, 0.42, 0.55, 0.6, 0.67}, Hi: []float64{0.5, 0.58, 0.65, 0.7, 0.73}}}
	somW := mat.NewDense(20, 2, nil)
	somU := mat.NewDense(4, 5, nil)
	for r := range 4 {
		for c := range 5 {
			somW.Set(r*5+c, 0, 2*float64(r)-3)
			somW.Set(r*5+c, 1, 2*float64(c)-4)
			somU.Set(r, c, math.Abs(math.Sin(float64(r+2*c))))
		}
	}
	weights := make([][]float64, 4)
	for k := range weights {
		weights[k] = make([]float64, 64)
		for j := range weights[k] {
			weights[k][j] = math.Sin(float64(j*(k+1))/9) - 0.2
		}
	}
	lines := func() (*plot.Plot, error) {
		return plotting.Lines(series, plotting.LineOptions{Title: "score against k"})
	}
	scatter := func() (*plot.Plot, error) { return plotting.Scatter(X, y, plotting.ScatterOptions{Title: "scatter"}) }

	const W, H = 400, 300
	hue1, hue3 := figureWant{Hues: 1}, figureWant{Hues: 3}
	// Grey-scale image grids have no hue; their images ink far more than
	// the 1.4 % of empty axes (the least, ClusterMembers' four small rows, 8.7 %).
	grey := figureWant{Ink: 0.05}
	return []figureCase{
		plotCase("Scatter", "Scatter 4 classes", W, H, figureWant{Hues: 4}, scatter),
		plotCase("Lines", "Lines 3 series", W, H, hue3, lines),
		plotCase("MarkX", "MarkX on Lines", W, H, hue3, func() (*plot.Plot, error) {
			p, err := lines()
			if err != nil {
				return nil, err
			}
			return p, plotting.MarkX(p, 12, "k = 12")
		}),
		plotCase("Bands", "Bands 2 series", W, H, figureWant{Hues: 2}, func() (*plot.Plot, error) {
			return plotting.Bands(bands, plotting.BandOptions{Title: "accuracy", Spread: plotting.Quartiles})
		}),
		plotCase("Losses", "Losses 2 runs", W, H, figureWant{Hues: 2}, func() (*plot.Plot, error) {
			return plotting.Losses([]plotting.LossRun{{Name: "relu", Train: figCurve(15, 1), Val: figCurve(15, 2)}, {Name: "sigmoid", Train: figCurve(15, 0), Val: figCurve(15, 3)}}, plotting.LossOptions{LogY: true})
		}),
		plotCase("Histogram", "Histogram", W, H, hue1, func() (*plot.Plot, error) {
			return plotting.Histogram(X3.RawMatrix().Data, plotting.HistogramOptions{Bins: 12})
		}),
		plotCase("Heatmap", "Heatmap viridis", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.Heatmap(M, rowNames, colNames, plotting.HeatmapOptions{Annotate: true})
		}),
		plotCase("ProfileHeatmap", "ProfileHeatmap", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.ProfileHeatmap(M, plotting.ProfileOptions{ClusterNames: rowNames, FeatureNames: colNames, Title: "profiles"})
		}),
		plotCase("FeatureBars", "FeatureBars", W, H, hue1, func() (*plot.Plot, error) {
			return plotting.FeatureBars([]float64{0.5, -0.2, 0.9, 0.1}, []string{"a", "b", "c", "d"}, plotting.BarOptions{Err: []float64{0.1, 0.05, 0.1, 0.02}})
		}),
		plotCase("FidelityCurves", "FidelityCurves 2 series", W, H, figureWant{Hues: 2}, func() (*plot.Plot, error) {
			return plotting.FidelityCurves([]int{1, 2, 3, 4}, [][]float64{{0.6, 0.8, 0.9, 0.95}, {0.5, 0.7, 0.85, 0.9}}, plotting.FidelityOptions{Names: []string{"train", "held out"}, Title: "fidelity"})
		}),
		plotCase("ParallelCoordinates", "ParallelCoordinates 3 classes", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.ParallelCoordinates(X4, y3, plotting.ParallelOptions{Centroids: true})
		}),
		plotCase("Links", "Links 4 classes", W, H, figureWant{Hues: 4}, func() (*plot.Plot, error) {
			return plotting.Links(X, y, [][2]int{{0, 1}, {2, 3}, {4, 9}}, plotting.LinkOptions{Title: "links"})
		}),
		plotCase("ScoresByClass", "ScoresByClass 3 classes", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.ScoresByClass(X3.RawMatrix().Data[:90], y3, plotting.ScoreOptions{})
		}),
		plotCase("Silhouette", "Silhouette 3 clusters", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.Silhouette(sil, assign30, plotting.SilhouetteOptions{})
		}),
		plotCase("Contingency", "Contingency", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.Contingency(tab, plotting.ContingencyOptions{Shares: true})
		}),
		plotCase("Reliability", "Reliability 3 curves", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.Reliability(curves, plotting.ReliabilityOptions{})
		}),
		plotCase("ConfidenceHistogram", "ConfidenceHistogram 3 curves", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.ConfidenceHistogram(curves, plotting.ReliabilityOptions{})
		}),
		pngCase("ReliabilityDiagram", "ReliabilityDiagram 3 curves", W, H, hue3, func() ([]byte, error) {
			s, err := plotting.ReliabilityDiagram(curves, plotting.ReliabilityOptions{})
			if err != nil {
				return nil, err
			}
			return s.PNG(W, H)
		}),
		plotCase("PredictedVsTrue", "PredictedVsTrue 2 series", W, H, figureWant{Hues: 2}, func() (*plot.Plot, error) {
			return plotting.PredictedVsTrue(regr, plotting.RegressionOptions{})
		}),
		plotCase("Residuals", "Residuals 2 series", W, H, figureWant{Hues: 2}, func() (*plot.Plot, error) {
			return plotting.Residuals(regr, plotting.RegressionOptions{ByPrediction: true})
		}),
		plotCase("Tree", "Tree 3 classes", 600, H, figureWant{Hues: 2}, func() (*plot.Plot, error) {
			return plotting.Tree(figTree(), plotting.TreeOptions{ClassNames: []string{"a", "b", "c"}})
		}),
		plotCase("SOMUMatrix", "SOMUMatrix grey", W, H, grey, func() (*plot.Plot, error) {
			return plotting.SOMUMatrix(somU, plotting.SOMOptions{})
		}),
		plotCase("SOMHitMap", "SOMHitMap viridis", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.SOMHitMap(somU, plotting.SOMOptions{Hex: true})
		}),
		plotCase("SOMUnits", "SOMUnits 3 classes", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.SOMUnits(X3, somW, 4, 5, plotting.SOMOptions{Labels: y3})
		}),
		plotCase("WeightImage", "WeightImage", W, H, figureWant{Hues: 2}, func() (*plot.Plot, error) {
			return plotting.WeightImage(weights[0], 8, 8, plotting.WeightOptions{Title: "weights"})
		}),
		plotCase("WeightImages", "WeightImages", W, H, figureWant{Hues: 2}, func() (*plot.Plot, error) {
			return plotting.WeightImages(weights, 8, 8, plotting.WeightOptions{Cols: 2, Titles: []string{"0", "1", "2", "3"}, Title: "weights"})
		}),
		plotCase("ImageGrid", "ImageGrid grey", W, H, grey, func() (*plot.Plot, error) {
			return plotting.ImageGrid(imgs, 8, 8, 4, plotting.GridOptions{Title: "digits"})
		}),
		plotCase("ImageGrid", "ImageGrid viridis", W, H, hue3, func() (*plot.Plot, error) {
			return plotting.ImageGrid(imgs, 8, 8, 4, plotting.GridOptions{Colormap: plotting.Viridis})
		}),
		{fn: "GridImage", name: "GridImage grey", w: 4*(8*2+2) + 2, h: 3*(8*2+2) + 2, want: grey, render: func(t *testing.T) image.Image {
			img, err := plotting.GridImage(imgs, 8, 8, 4, plotting.GridOptions{})
			if err != nil {
				t.Fatalf("GridImage: %v", err)
			}
			return img
		}},
		plotCase("Images", "Images", W, H, grey, func() (*plot.Plot, error) {
			return plotting.Images(set, plotting.First(12), plotting.ImagesOptions{Labels: labels30, Cols: 6})
		}),
		plotCase("ImagesByTarget", "ImagesByTarget", W, H, grey, func() (*plot.Plot, error) {
			return plotting.ImagesByTarget(set, target, pred, plotting.TargetGridOptions{Count: 8})
		}),
		plotCase("ClusterImages", "ClusterImages", W, H, grey, func() (*plot.Plot, error) {
			return plotting.ClusterImages(set, assign30, []int{0, 1, 2}, plotting.ClusterImagesOptions{PerRow: 5, Labels: labels30})
		}),
		plotCase("ClusterMembers", "ClusterMembers", W, H, grey, func() (*plot.Plot, error) {
			return plotting.ClusterMembers(imgs, 8, 8, [][]int{{0, 1, 2, 3}, {4, 5, 6}, {7, 8, 9, 10, 11}}, plotting.MembersOptions{})
		}),
		plotCase("Reconstructions", "Reconstructions", W, H, grey, func() (*plot.Plot, error) {
			return plotting.Reconstructions(imgs[:6], recon[:6], 8, 8, plotting.ReconstructionOptions{})
		}),
		pngCase("Row", "Row of scatter and lines", 2*W, H, figureWant{Hues: 4}, func() ([]byte, error) {
			a, err := scatter()
			if err != nil {
				return nil, err
			}
			b, err := lines()
			if err != nil {
				return nil, err
			}
			return plotting.Row(a, b).PNG(2*W, H)
		}),
		pngCase("Grid", "Grid 2×2 with an empty tile", W, W, figureWant{Hues: 4}, func() ([]byte, error) {
			a, err := scatter()
			if err != nil {
				return nil, err
			}
			b, err := lines()
			if err != nil {
				return nil, err
			}
			return plotting.Grid(2, a, b, nil, a).PNG(W, W)
		}),
	}
}

// TestFiguresNotBlank draws every public figure function of the package and
// checks its pixels with one rule (checkFigure): more than one colour, ink
// above the floor, and one hue per series in figures of several series.
func TestFiguresNotBlank(t *testing.T) {
	if raceEnabled && testing.Short() {
		t.Skip("-race -short: 40 s of rasterising under the race detector on a loaded machine; the figures have no concurrency, and the plain runs check them")
	}
	for _, c := range figureCases(t) {
		t.Run(c.name, func(t *testing.T) {
			img := c.render(t)
			if got := img.Bounds().Size(); got != (image.Point{c.w, c.h}) {
				t.Errorf("%s: image is %v, want %d×%d", c.name, got, c.w, c.h)
			}
			s := checkFigure(t, c.name, img, c.want)
			if testing.Verbose() {
				t.Logf("%s: %s", c.name, s)
			}
		})
	}
}

// TestKnobFigureNotBlank: a knob outside a notebook draws its Default once
// into $PLOTTING_DIR, which must pass the same check.
func TestKnobFigureNotBlank(t *testing.T) {
	if gonbui.IsNotebook {
		t.Skip("inside a GoNB kernel the knob waits for a browser")
	}
	dir := t.TempDir()
	t.Setenv("PLOTTING_DIR", dir)
	t.Setenv("MLKIT_KNOBS", "off")
	X, y := figBlobs(60, 3)
	_, err := plotting.Knob[int]{Name: "k", Values: []int{2, 3}, Default: 3, Width: 300, Height: 200}.Show(func(k int) (*plot.Plot, error) {
		labels := make([]int, len(y))
		for i := range y {
			labels[i] = y[i] % k
		}
		return plotting.Scatter(X, labels, plotting.ScatterOptions{})
	})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(files) != 1 {
		t.Fatalf("the knob wrote %v, want one PNG", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	checkFigure(t, "Knob", decodePNG(t, "Knob", b, 300, 200), figureWant{Hues: 3})
}

// figureReturning reports whether a function's results make it a figure
// function: a *plot.Plot, *Stack, *Tiles or image first, or MarkX's error
// on a plot.
func figureReturning(fd *ast.FuncDecl) bool {
	if fd.Type.Results == nil {
		return false
	}
	first := types(fd.Type.Results.List[0].Type)
	switch first {
	case "*plot.Plot", "*Stack", "*Tiles", "*image.NRGBA":
		return true
	}
	for _, p := range fd.Type.Params.List {
		if types(p.Type) == "*plot.Plot" && first == "error" && !strings.HasPrefix(fd.Name.Name, "Show") && fd.Name.Name != "Save" {
			return true
		}
	}
	return false
}

func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "*" + types(e.X)
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return "?"
}

// TestEveryFigureFunctionIsChecked parses the package and fails when an
// exported function drawing a figure has no case in figureCases, so a new
// figure cannot arrive without the not-blank check.
func TestEveryFigureFunctionIsChecked(t *testing.T) {
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var figures []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if ok && fd.Recv == nil && fd.Name.IsExported() && figureReturning(fd) {
				figures = append(figures, fd.Name.Name)
			}
		}
	}
	covered := map[string]bool{}
	for _, c := range figureCases(t) {
		covered[c.fn] = true
	}
	var missing []string
	for _, fn := range figures {
		if !covered[fn] {
			missing = append(missing, fn)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("figure functions without a case in figureCases (figures_test.go): %v", missing)
	}
	if len(figures) < 30 {
		t.Errorf("found %d figure functions, want the package's 30 or more: is figureReturning still right?", len(figures))
	}
	t.Logf("%d figure functions, all checked", len(figures))
}

// TestCheckFigureCatchesBlank shows the check failing where it must: a
// blank canvas, a canvas of one colour, axes and a title without data, and
// three series drawn in one colour.
func TestCheckFigureCatchesBlank(t *testing.T) {
	if raceEnabled && testing.Short() {
		t.Skip("-race -short: rasterising is slow under the race detector and this has no concurrency")
	}
	white := image.NewNRGBA(image.Rect(0, 0, 400, 300))
	teal := image.NewNRGBA(image.Rect(0, 0, 400, 300))
	for i := 0; i < len(white.Pix); i += 4 {
		copy(white.Pix[i:], []uint8{255, 255, 255, 255})
		copy(teal.Pix[i:], []uint8{0x44, 0xAA, 0x99, 255})
	}
	empty := plot.New()
	empty.Title.Text = "an empty figure with a title"
	empty.X.Label.Text, empty.Y.Label.Text = "x label", "y label"
	oneColour := plot.New()
	for k := range 3 {
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: float64(k)}, {X: 1, Y: float64(k) + 1}, {X: 2, Y: float64(k)}})
		if err != nil {
			t.Fatal(err)
		}
		l.Color = color.NRGBA{0x33, 0x22, 0x88, 0xFF}
		l.Width = vg.Points(2)
		oneColour.Add(l)
	}
	for _, c := range []struct {
		name string
		img  func(t testing.TB) image.Image
		want figureWant
	}{
		{"white canvas", func(testing.TB) image.Image { return white }, figureWant{}},
		{"one-colour canvas", func(testing.TB) image.Image { return teal }, figureWant{}},
		{"axes without data", func(t testing.TB) image.Image { return renderPlot(t, empty) }, figureWant{Hues: 1}},
		{"three series in one colour", func(t testing.TB) image.Image { return renderPlot(t, oneColour) }, figureWant{Hues: 3}},
	} {
		rec := &recordTB{TB: t}
		checkFigure(rec, c.name, c.img(t), c.want)
		if len(rec.errs) == 0 {
			t.Errorf("%s: checkFigure passed (%s), want a failure", c.name, measureFigure(c.img(t)))
		} else if testing.Verbose() {
			t.Logf("%s: %s", c.name, rec.errs[0])
		}
	}
	// Empty axes: the hue rule rejects them in charts and the grey floor in
	// image grids; both assume they ink little and show no hue.
	if s := measureFigure(renderPlot(t, empty)); s.Ink >= 0.03 || s.Hues != 0 {
		t.Errorf("empty plot: %s; the grey floor and the hue rule assume under 3%% ink and no hue", s)
	}
}

func renderPlot(t testing.TB, p *plot.Plot) image.Image {
	t.Helper()
	b, err := plotting.PNG(p, 400, 300)
	if err != nil {
		t.Fatal(err)
	}
	return decodePNG(t, "plot", b, 400, 300)
}

// recordTB collects Errorf calls instead of failing, to test the checker.
type recordTB struct {
	testing.TB
	errs []string
}

func (r *recordTB) Helper() {}
func (r *recordTB) Errorf(format string, args ...any) {
	r.errs = append(r.errs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}
