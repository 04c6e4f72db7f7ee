package plotting_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gonb-mlkit/gonb-mlkit/plotting"
)

// ring is a deterministic n×2 point set with k labels.
func ring(n, k int) (*mat.Dense, []int) {
	X := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := range n {
		y[i] = i % k
		a := 2 * math.Pi * float64(y[i]) / float64(k)
		X.Set(i, 0, 5*math.Cos(a)+math.Sin(float64(i)*1.7))
		X.Set(i, 1, 5*math.Sin(a)+math.Cos(float64(i)*2.3))
	}
	return X, y
}

func digits(n int) [][]float32 {
	out := make([][]float32, n)
	for i := range out {
		out[i] = make([]float32, 8*6)
		for j := range out[i] {
			out[i][j] = float32((i+j)%5) / 4
		}
	}
	return out
}

func f(v float64) *float64 { return &v }

// plots builds one plot of every kind.
func plots(t *testing.T) map[string]*plot.Plot {
	t.Helper()
	X, y := ring(200, 12)
	must := func(p *plot.Plot, err error) *plot.Plot {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	M := mat.NewDense(3, 4, []float64{50, 2, 0, 1, 3, 40, 5, 0, 0, 7, 33, 9})
	large := mat.NewDense(30, 40, nil) // over 1000 cells: drawn as an image
	for i := range 30 {
		for j := range 40 {
			large.Set(i, j, math.Sin(float64(i*j)))
		}
	}
	return map[string]*plot.Plot{
		"Scatter": must(plotting.Scatter(X, y, plotting.ScatterOptions{Title: "ring", XLabel: "x", YLabel: "y"})),
		"ScatterMarkers": must(plotting.Scatter(X, y, plotting.ScatterOptions{
			Markers: y, MarkerNames: []string{"a"}, ClassNames: []string{"zero"}})),
		"ScatterNoLabels": must(plotting.Scatter(X, nil, plotting.ScatterOptions{})),
		"Lines": must(plotting.Lines([]plotting.Series{{Name: "inertia", X: []float64{2, 3, 4}, Y: []float64{9, 4, 3}}},
			plotting.LineOptions{MarkX: f(3), LogY: true})),
		"LinesSteps": must(plotting.Lines([]plotting.Series{{Y: []float64{3, 2, 1, 0.5}}, {Y: []float64{4, 3, 2, 1}}},
			plotting.LineOptions{Title: "loss"})),
		"Heatmap": must(plotting.Heatmap(M, []string{"a", "b", "c"}, nil, plotting.HeatmapOptions{Annotate: true})),
		"HeatmapDiverging": must(plotting.Heatmap(M, nil, []string{"alpha", "beta", "gamma", "delta"},
			plotting.HeatmapOptions{Colormap: plotting.Diverging, Format: "%.1f"})),
		"HeatmapLarge": must(plotting.Heatmap(large, nil, nil, plotting.HeatmapOptions{Title: "raster"})),
		"ImageGrid": must(plotting.ImageGrid(digits(7), 8, 6, 3, plotting.GridOptions{
			RowTitles: []string{"r0", "r1"}, CellTitles: []string{"0", "1"}, Title: "grid"})),
		"Reconstructions": must(plotting.Reconstructions(digits(4), digits(4), 8, 6, plotting.ReconstructionOptions{Title: "recon"})),
		"Parallel": must(plotting.ParallelCoordinates(mat.NewDense(4, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 1, 1}), []int{0, 1, 1, -1},
			plotting.ParallelOptions{FeatureNames: []string{"a", "b", "c"}, Centroids: true})),
		"ParallelRaw":    must(plotting.ParallelCoordinates(mat.NewDense(2, 2, []float64{1, 2, 3, 4}), nil, plotting.ParallelOptions{Raw: true})),
		"ClusterMembers": must(plotting.ClusterMembers(digits(10), 8, 6, [][]int{{0, 1, 2}, {3}, {}}, plotting.MembersOptions{PerRow: 2})),
	}
}

func TestRenderSizes(t *testing.T) {
	const w, h = 400, 300
	all := plots(t)
	if raceEnabled || testing.Short() {
		all = map[string]*plot.Plot{"Scatter": all["Scatter"], "Heatmap": all["Heatmap"], "ImageGrid": all["ImageGrid"]}
	}
	for name, p := range all {
		t.Run(name, func(t *testing.T) {
			b, err := plotting.PNG(p, w, h)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("PNG does not decode: %v", err)
			}
			if s := img.Bounds().Size(); s.X != w || s.Y != h {
				t.Errorf("PNG is %v, want %d×%d", s, w, h)
			}
			sv, err := plotting.SVG(p, w, h)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				XMLName xml.Name
				Width   string `xml:"width,attr"`
				Height  string `xml:"height,attr"`
			}
			if err := xml.Unmarshal(sv, &doc); err != nil {
				t.Fatalf("SVG does not parse: %v", err)
			}
			if doc.XMLName.Local != "svg" || doc.Width != "400pt" || doc.Height != "300pt" {
				t.Errorf("SVG root %s width=%q height=%q, want svg 400pt×300pt", doc.XMLName.Local, doc.Width, doc.Height)
			}
		})
	}
}

func TestSaveAndShow(t *testing.T) {
	p := plots(t)["Heatmap"]
	dir := t.TempDir()
	for _, ext := range []string{".png", ".svg", ".pdf", ".PNG"} {
		path := filepath.Join(dir, "h"+ext)
		if err := plotting.Save(p, path, 200, 150); err != nil {
			t.Fatalf("Save %s: %v", ext, err)
		}
		b, _ := os.ReadFile(path)
		magic := map[string]string{".png": "\x89PNG", ".PNG": "\x89PNG", ".svg": "<?xml", ".pdf": "%PDF"}[ext]
		if !bytes.HasPrefix(b, []byte(magic)) {
			t.Errorf("%s starts with %q, want %q", ext, b[:min(8, len(b))], magic)
		}
	}
	if err := plotting.Save(p, filepath.Join(dir, "h.gif"), 200, 150); !errors.Is(err, mlkit.ErrValue) || !strings.Contains(err.Error(), ".gif") {
		t.Errorf("Save .gif: %v, want an error naming the extension", err)
	}
	if gonbui.IsNotebook {
		t.Skip("inside a GoNB kernel Show displays instead of writing a file")
	}
	showDir := filepath.Join(dir, "show")
	t.Setenv("PLOTTING_DIR", showDir)
	if err := plotting.Show(p, 200, 150); err != nil {
		t.Fatal(err)
	}
	g, _ := plotting.GridImage(digits(3), 8, 6, 3, plotting.GridOptions{})
	if err := plotting.ShowImage(g); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(showDir, "plot-*.png"))
	if len(files) != 2 {
		t.Errorf("Show wrote %v, want two PNG files in PLOTTING_DIR", files)
	}
}

func TestGridImage(t *testing.T) {
	// 25 images of 8×6 in rows of 10: 3 rows; scale 3, pad 1.
	g, err := plotting.GridImage(digits(25), 8, 6, 10, plotting.GridOptions{Scale: 3, Pad: 1})
	if err != nil {
		t.Fatal(err)
	}
	if s := g.Bounds().Size(); s.X != 10*6*3+11 || s.Y != 3*8*3+4 {
		t.Errorf("size %v, want %d×%d", s, 10*6*3+11, 3*8*3+4)
	}
	// Pixel (0,0) of image 0 is 0 → black; the padding is white.
	if c := g.NRGBAAt(1, 1); c.R != 0 || c.A != 255 {
		t.Errorf("first pixel %v, want black", c)
	}
	if c := g.NRGBAAt(0, 0); c.R != 255 {
		t.Errorf("padding %v, want white", c)
	}
}

func TestSplitImages(t *testing.T) {
	pix := make([]float32, 3*2*2)
	pix[4] = 7
	ims, err := plotting.SplitImages(pix, 3, 2, 2)
	if err != nil || len(ims) != 3 || ims[1][0] != 7 || len(ims[2]) != 4 {
		t.Errorf("SplitImages = %v, %v", ims, err)
	}
	if _, err := plotting.SplitImages(pix, 2, 2, 2); !errors.Is(err, mlkit.ErrShape) {
		t.Errorf("wrong length: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	X, y := ring(10, 2)
	nan := mat.DenseCopyOf(X)
	nan.Set(3, 1, math.NaN())
	X3 := mat.NewDense(10, 3, nil)
	bad := digits(3)
	bad[1] = bad[1][:5]
	inf := digits(2)
	inf[1][3] = float32(math.Inf(1))
	M := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
	Mnan := mat.NewDense(2, 2, []float64{1, math.NaN(), 3, 4})
	cases := []struct {
		name, want string // want: a word the message must contain
		err        error
	}{
		{"scatter nil", "X is empty", second(plotting.Scatter(nil, nil, plotting.ScatterOptions{}))},
		{"scatter NaN", "X[3,1]=NaN", second(plotting.Scatter(nan, y, plotting.ScatterOptions{}))},
		{"scatter 3 cols", "want 2 columns", second(plotting.Scatter(X3, nil, plotting.ScatterOptions{}))},
		{"scatter labels", "labels has 9", second(plotting.Scatter(X, y[:9], plotting.ScatterOptions{}))},
		{"scatter markers", "Markers has 3", second(plotting.Scatter(X, y, plotting.ScatterOptions{Markers: []int{1, 2, 3}}))},
		{"scatter alpha", "Alpha=1.5", second(plotting.Scatter(X, y, plotting.ScatterOptions{Alpha: 1.5}))},
		{"lines empty", "series is empty", second(plotting.Lines(nil, plotting.LineOptions{}))},
		{"lines empty Y", "series[0].Y is empty", second(plotting.Lines([]plotting.Series{{}}, plotting.LineOptions{}))},
		{"lines NaN", "series[1].Y[1]=NaN", second(plotting.Lines([]plotting.Series{{Y: []float64{1}}, {Y: []float64{1, math.NaN()}}}, plotting.LineOptions{}))},
		{"lines X len", "series[0].X has 1", second(plotting.Lines([]plotting.Series{{X: []float64{1}, Y: []float64{1, 2}}}, plotting.LineOptions{}))},
		{"lines logY", "with LogY", second(plotting.Lines([]plotting.Series{{Y: []float64{1, 0}}}, plotting.LineOptions{LogY: true}))},
		{"lines MarkX", "MarkX=+Inf", second(plotting.Lines([]plotting.Series{{Y: []float64{1}}}, plotting.LineOptions{MarkX: f(math.Inf(1))}))},
		{"heatmap nil", "M is empty", second(plotting.Heatmap(nil, nil, nil, plotting.HeatmapOptions{}))},
		{"heatmap NaN", "M[0,1]=NaN", second(plotting.Heatmap(Mnan, nil, nil, plotting.HeatmapOptions{}))},
		{"heatmap rows", "rowLabels has 1", second(plotting.Heatmap(M, []string{"a"}, nil, plotting.HeatmapOptions{}))},
		{"heatmap cols", "colLabels has 3", second(plotting.Heatmap(M, nil, []string{"a", "b", "c"}, plotting.HeatmapOptions{}))},
		{"heatmap range", "opts.Min=2", second(plotting.Heatmap(M, nil, nil, plotting.HeatmapOptions{Min: 2, Max: 1}))},
		{"heatmap format", "opts.Format", second(plotting.Heatmap(M, nil, nil, plotting.HeatmapOptions{Format: "%d"}))},
		{"heatmap colormap", "opts.Colormap", second(plotting.Heatmap(M, nil, nil, plotting.HeatmapOptions{Colormap: 99}))},
		{"grid empty", "images is empty", second(plotting.ImageGrid(nil, 8, 6, 0, plotting.GridOptions{}))},
		{"grid size", "images[1] has 5 values", second(plotting.ImageGrid(bad, 8, 6, 0, plotting.GridOptions{}))},
		{"grid Inf", "images[1][3]=+Inf", second(plotting.ImageGrid(inf, 8, 6, 0, plotting.GridOptions{}))},
		{"grid h", "h=0", second(plotting.ImageGrid(digits(2), 0, 6, 0, plotting.GridOptions{}))},
		{"grid row titles", "RowTitles has 2", second(plotting.ImageGrid(digits(2), 8, 6, 2, plotting.GridOptions{RowTitles: []string{"a", "b"}}))},
		{"grid cell titles", "CellTitles has 3", second(plotting.ImageGrid(digits(2), 8, 6, 2, plotting.GridOptions{CellTitles: []string{"a", "b", "c"}}))},
		{"grid all nil", "only nil", second(plotting.ImageGrid(make([][]float32, 2), 8, 6, 2, plotting.GridOptions{}))},
		{"gridimage scale", "opts.Scale=-1", second(plotting.GridImage(digits(2), 8, 6, 2, plotting.GridOptions{Scale: -1}))},
		{"recon lengths", "3 originals for 2", second(plotting.Reconstructions(digits(3), digits(2), 8, 6, plotting.ReconstructionOptions{}))},
		{"members index", "members[1][0]=9", second(plotting.ClusterMembers(digits(3), 8, 6, [][]int{{0}, {9}}, plotting.MembersOptions{PerRow: 2}))},
		{"members PerRow", "PerRow=-1", second(plotting.ClusterMembers(digits(3), 8, 6, [][]int{{0}}, plotting.MembersOptions{PerRow: -1}))},
		{"parallel NaN", "X[1,0]=NaN", second(plotting.ParallelCoordinates(mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 4}), nil, plotting.ParallelOptions{}))},
		{"parallel 1 col", "at least 2 features", second(plotting.ParallelCoordinates(mat.NewDense(2, 1, []float64{1, 2}), nil, plotting.ParallelOptions{}))},
		{"parallel labels", "labels has 1", second(plotting.ParallelCoordinates(X, []int{1}, plotting.ParallelOptions{}))},
		{"parallel names", "FeatureNames has 1", second(plotting.ParallelCoordinates(X, y, plotting.ParallelOptions{FeatureNames: []string{"a"}}))},
		{"parallel alpha", "Alpha=-1", second(plotting.ParallelCoordinates(X, y, plotting.ParallelOptions{Alpha: -1}))},
		{"png nil", "p is nil", second(plotting.PNG(nil, 10, 10))},
		{"png size", "size 0×10", second(plotting.PNG(plot.New(), 0, 10))},
		{"svg size", "size 10×-1", second(plotting.SVG(plot.New(), 10, -1))},
	}
	for _, c := range cases {
		if !isInputError(c.err) {
			t.Errorf("%s: err = %v, want one wrapping a mlkit sentinel", c.name, c.err)
			continue
		}
		if !strings.Contains(c.err.Error(), c.want) || !strings.HasPrefix(c.err.Error(), "plotting: ") {
			t.Errorf("%s: %q should start with \"plotting: \" and contain %q", c.name, c.err, c.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestPalette(t *testing.T) {
	first := []uint32{0x332288, 0xCC6677, 0x117733, 0xDDCC77, 0x88CCEE, 0x882255, 0x44AA99, 0x999933, 0xAA4499, 0x000000}
	p := plotting.Palette(40)
	seen := map[uint32]int{}
	for i, c := range p {
		r, g, b, a := c.RGBA()
		if a != 0xFFFF {
			t.Errorf("colour %d is not opaque", i)
		}
		rgb := (r>>8)<<16 | (g>>8)<<8 | b>>8
		if i < len(first) && rgb != first[i] {
			t.Errorf("colour %d = %06X, want Tol muted / black %06X", i, rgb, first[i])
		}
		if j, ok := seen[rgb]; ok {
			t.Errorf("colours %d and %d are both %06X", j, i, rgb)
		}
		seen[rgb] = i
	}
	if len(plotting.Palette(0)) != 0 {
		t.Error("Palette(0) is not empty")
	}
}

func TestColormap(t *testing.T) {
	// End points of matplotlib 3's viridis and the gray maps.
	for _, c := range []struct {
		m       plotting.Colormap
		v       float64
		r, g, b uint8
	}{
		{plotting.Viridis, 0, 0x44, 0x01, 0x54},
		{plotting.Viridis, 1, 0xFD, 0xE7, 0x25},
		{plotting.Viridis, 2, 0xFD, 0xE7, 0x25}, // clamped
		{plotting.DefaultColormap, 0.5, 0x21, 0x91, 0x8C},
		{plotting.Gray, 1, 255, 255, 255},
		{plotting.GrayReversed, 1, 0, 0, 0},
		{plotting.Diverging, 0.5, 0xF7, 0xF6, 0xF6},
	} {
		got := c.m.At(c.v)
		if got.R != c.r || got.G != c.g || got.B != c.b {
			t.Errorf("%v.At(%v) = %v, want %02X%02X%02X", c.m, c.v, got, c.r, c.g, c.b)
		}
	}
	if s := plotting.Diverging.String(); s != "RdBu_r" {
		t.Errorf("String() = %q", s)
	}
}

// Sizes in points are pixels in the PNG.
func TestPNGDPI(t *testing.T) {
	p, _ := plotting.Lines([]plotting.Series{{Y: []float64{1, 2}}}, plotting.LineOptions{})
	b, err := plotting.PNG(p, vg.Length(123), vg.Length(45))
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(b))
	if s := img.Bounds().Size(); s.X != 123 || s.Y != 45 {
		t.Errorf("size %v, want 123×45", s)
	}
}

// A legend of 100 classes is cut to fit, naming how many it leaves out.
func TestLongLegend(t *testing.T) {
	X, y := ring(300, 100)
	p, err := plotting.Scatter(X, y, plotting.ScatterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sv, err := plotting.SVG(p, 400, 300)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(sv, []byte("+61 more")) {
		t.Error(`legend of 100 classes lacks "+61 more"`)
	}
}

// Degenerate but valid input renders: one point, identical points, a
// constant matrix.
func TestDegenerateInput(t *testing.T) {
	one := mat.NewDense(1, 2, []float64{3, 3})
	same := mat.NewDense(3, 2, []float64{1, 1, 1, 1, 1, 1})
	cases := map[string]func() (*plot.Plot, error){
		"scatter one":  func() (*plot.Plot, error) { return plotting.Scatter(one, []int{4}, plotting.ScatterOptions{}) },
		"scatter same": func() (*plot.Plot, error) { return plotting.Scatter(same, nil, plotting.ScatterOptions{}) },
		"lines one": func() (*plot.Plot, error) {
			return plotting.Lines([]plotting.Series{{Y: []float64{2}}}, plotting.LineOptions{MarkX: f(0)})
		},
		"heatmap 1×1": func() (*plot.Plot, error) {
			return plotting.Heatmap(mat.NewDense(1, 1, []float64{7}), nil, nil, plotting.HeatmapOptions{Annotate: true})
		},
		"heatmap constant": func() (*plot.Plot, error) {
			return plotting.Heatmap(mat.NewDense(2, 2, []float64{-1, -1, -1, -1}), nil, nil, plotting.HeatmapOptions{Colormap: plotting.Diverging})
		},
		"parallel constant": func() (*plot.Plot, error) {
			return plotting.ParallelCoordinates(same, nil, plotting.ParallelOptions{Centroids: true})
		},
		"grid one": func() (*plot.Plot, error) {
			return plotting.ImageGrid([][]float32{{0.5}}, 1, 1, 0, plotting.GridOptions{})
		},
	}
	for name, mk := range cases {
		p, err := mk()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if _, err := plotting.PNG(p, 120, 90); err != nil {
			t.Errorf("%s: PNG: %v", name, err)
		}
	}
}

// isInputError reports whether err wraps one of package mlkit's input sentinels.
func isInputError(err error) bool {
	for _, s := range []error{mlkit.ErrEmpty, mlkit.ErrShape, mlkit.ErrNaN, mlkit.ErrValue} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}
