package plotting

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
)

// TreeNodes is a fitted decision tree as plain arrays, in scikit-learn's
// tree_ layout: node i has children ChildrenLeft[i] and ChildrenRight[i]
// (−1 at a leaf), goes left when x[Feature[i]] ≤ Threshold[i], holds
// NSamples[i] training samples and Value[i] (class counts, or the mean
// target of a regression tree). Its fields are those of package tree's
// Nodes, so a fitted model converts directly:
//
//	plotting.Tree(plotting.TreeNodes(model.Nodes), opts)
type TreeNodes struct {
	NFeatures        int
	ChildrenLeft     []int
	ChildrenRight    []int
	Feature          []int
	Threshold        []float64
	Impurity         []float64
	NSamples         []int
	WeightedNSamples []float64
	Value            [][]float64
}

// TreeOptions configures Tree.
type TreeOptions struct {
	Title string
	// FeatureNames name the features in the rules (nil: x0, x1, …).
	FeatureNames []string
	// ClassNames name the columns of Value (nil: 0, 1, …).
	ClassNames []string
	// MaxDepth draws nodes down to this depth (the root has depth 0); a
	// deeper subtree is summarised in its top node. 0 draws the whole tree;
	// depth 4 (16 boxes across) stays readable on a 1000-point-wide figure.
	MaxDepth int
	// Regression: Value holds mean targets, not class counts.
	Regression bool
	// Decimals of the thresholds and values (default 2, as export_text).
	Decimals int
}

// Tree draws a decision tree: one box per node with its rule (feature ≤
// threshold), its support (samples) and its class (with the share of it)
// or mean value, coloured by class and paler the less pure the node; the
// root's branches are marked yes/no.
func Tree(t TreeNodes, opts TreeOptions) (*plot.Plot, error) {
	const where = "Tree"
	n := len(t.ChildrenLeft)
	if n == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "the tree has no nodes")
	}
	if len(t.ChildrenRight) != n || len(t.Feature) != n || len(t.Threshold) != n || len(t.NSamples) != n || len(t.Value) != n {
		return nil, errorf(where, mlkit.ErrShape, "ChildrenLeft has %d nodes, ChildrenRight %d, Feature %d, Threshold %d, NSamples %d, Value %d: want equal lengths",
			n, len(t.ChildrenRight), len(t.Feature), len(t.Threshold), len(t.NSamples), len(t.Value))
	}
	if opts.MaxDepth < 0 {
		return nil, errorf(where, mlkit.ErrValue, "opts.MaxDepth=%d, want ≥ 0 (0 draws every level)", opts.MaxDepth)
	}
	if opts.Decimals < 0 || opts.Decimals > 12 {
		return nil, errorf(where, mlkit.ErrValue, "opts.Decimals=%d, want 0..12", opts.Decimals)
	}
	nv := len(t.Value[0])
	if nv == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "Value[0] is empty")
	}
	if opts.ClassNames != nil && len(opts.ClassNames) != nv {
		return nil, errorf(where, mlkit.ErrShape, "ClassNames has %d names for %d value columns", len(opts.ClassNames), nv)
	}
	for i := range n {
		l, r := t.ChildrenLeft[i], t.ChildrenRight[i]
		if (l == -1) != (r == -1) || l != -1 && (l <= i || r <= i || l >= n || r >= n) {
			return nil, errorf(where, mlkit.ErrValue, "node %d has children %d and %d, want both −1 or both in (%d, %d)", i, l, r, i, n)
		}
		if len(t.Value[i]) != nv {
			return nil, errorf(where, mlkit.ErrShape, "Value[%d] has %d entries, Value[0] has %d", i, len(t.Value[i]), nv)
		}
		for k, v := range t.Value[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, errorf(where, mlkit.ErrNaN, "Value[%d][%d]=%v, want finite values", i, k, v)
			}
		}
		if l == -1 {
			continue
		}
		if f := t.Feature[i]; f < 0 || opts.FeatureNames != nil && f >= len(opts.FeatureNames) {
			return nil, errorf(where, mlkit.ErrValue, "node %d splits on feature %d, want 0..%d", i, f, len(opts.FeatureNames)-1)
		}
		if math.IsNaN(t.Threshold[i]) || math.IsInf(t.Threshold[i], 0) {
			return nil, errorf(where, mlkit.ErrNaN, "Threshold[%d]=%v, want a finite value", i, t.Threshold[i])
		}
	}
	if opts.Decimals == 0 {
		opts.Decimals = 2
	}
	d := &treeDrawing{t: t, opts: opts}
	d.layout()
	p := newPlot(opts.Title, "", "")
	p.HideAxes()
	p.Add(d)
	return p, nil
}

type treeDrawing struct {
	t         TreeNodes
	opts      TreeOptions
	x         []float64 // centre, in leaf slots
	depth     []int
	shown     []bool
	cut       []bool // drawn, with a subtree below left out
	slots     int
	levels    int
	subDepths []int
}

// layout gives each drawn leaf (or cut node) the next slot from the left
// and centres each split over its children.
func (d *treeDrawing) layout() {
	n := len(d.t.ChildrenLeft)
	d.x, d.depth = make([]float64, n), make([]int, n)
	d.shown, d.cut = make([]bool, n), make([]bool, n)
	d.subDepths = make([]int, n)
	for i := n - 1; i >= 0; i-- { // children have larger ids than parents
		if l := d.t.ChildrenLeft[i]; l != -1 {
			d.subDepths[i] = 1 + max(d.subDepths[l], d.subDepths[d.t.ChildrenRight[i]])
		}
	}
	var rec func(i, depth int)
	rec = func(i, depth int) {
		d.shown[i], d.depth[i] = true, depth
		d.levels = max(d.levels, depth+1)
		l := d.t.ChildrenLeft[i]
		if l == -1 || d.opts.MaxDepth > 0 && depth >= d.opts.MaxDepth {
			d.cut[i] = l != -1
			d.x[i] = float64(d.slots)
			d.slots++
			return
		}
		r := d.t.ChildrenRight[i]
		rec(l, depth+1)
		rec(r, depth+1)
		d.x[i] = (d.x[l] + d.x[r]) / 2
	}
	rec(0, 0)
}

func (d *treeDrawing) lines(i int) []string {
	t, o := d.t, d.opts
	fmtF := func(v float64) string { return strconv.FormatFloat(v, 'f', o.Decimals, 64) }
	var out []string
	if t.ChildrenLeft[i] != -1 && !d.cut[i] {
		name := "x" + strconv.Itoa(t.Feature[i])
		if o.FeatureNames != nil {
			name = o.FeatureNames[t.Feature[i]]
		}
		out = append(out, name+" ≤ "+fmtF(t.Threshold[i]))
	}
	out = append(out, "samples = "+strconv.Itoa(t.NSamples[i]))
	if o.Regression {
		out = append(out, "value = "+fmtF(t.Value[i][0]))
	} else {
		k, share := majority(t.Value[i])
		name := strconv.Itoa(k)
		if o.ClassNames != nil {
			name = o.ClassNames[k]
		}
		out = append(out, name+" ("+strconv.Itoa(int(math.Round(100*share)))+"%)")
	}
	if d.cut[i] {
		out = append(out, "… subtree of depth "+strconv.Itoa(d.subDepths[i]))
	}
	return out
}

func (d *treeDrawing) hasRule(i int) bool { return d.t.ChildrenLeft[i] != -1 && !d.cut[i] }

// fitText shortens s in the middle ("od280/od…ines ≤ 2.11") until it is
// at most w wide in style ts, keeping the threshold at its end.
func fitText(ts draw.TextStyle, s string, w vg.Length) string {
	if ts.Width(s) <= w {
		return s
	}
	r := []rune(s)
	tail := 0
	for i, c := range r {
		if c == '≤' {
			tail = len(r) - i + 1 // the space before ≤ and the rest
		}
	}
	head := len(r) - tail
	for cut := 1; cut < head; cut++ {
		keep := head - cut
		a, b := keep/2+keep%2, keep/2
		t := string(r[:a]) + "…" + string(r[head-b:])
		if ts.Width(t) <= w {
			return t
		}
	}
	return s
}

func majority(v []float64) (int, float64) {
	k, s := 0, 0.0
	for j, c := range v {
		s += c
		if c > v[k] {
			k = j
		}
	}
	if s <= 0 {
		return k, 0
	}
	return k, v[k] / s
}

// fill is the node's colour: its class's, mixed with white by impurity
// (a pure node at 55% of the colour, an even one almost white), or for a
// regression tree a blue whose depth follows the value.
func (d *treeDrawing) fill(i int, lo, hi float64) color.Color {
	var base color.NRGBA
	var strength float64
	if d.opts.Regression {
		base = paletteColor(0)
		strength = 0.1
		if hi > lo {
			strength += 0.5 * (d.t.Value[i][0] - lo) / (hi - lo)
		}
	} else {
		k, share := majority(d.t.Value[i])
		base = paletteColor(k)
		K := float64(len(d.t.Value[i]))
		strength = 0.05
		if K > 1 {
			strength += 0.5 * max(0, share-1/K) / (1 - 1/K)
		}
	}
	mix := func(c uint8) uint8 { return uint8(math.Round(255 - strength*(255-float64(c)))) }
	return color.NRGBA{mix(base.R), mix(base.G), mix(base.B), 0xFF}
}

func (d *treeDrawing) Plot(c draw.Canvas, p *plot.Plot) {
	W, H := c.Max.X-c.Min.X, c.Max.Y-c.Min.Y
	slotW := W / vg.Length(d.slots)
	levelH := H / vg.Length(d.levels)
	boxW, boxH := slotW*0.92, levelH*0.66
	ts := p.X.Tick.Label
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YCenter
	ts.Rotation = 0
	ts.Color = color.Black
	// One font size for every box: the largest (≤ 11 pt) at which the
	// lines other than feature names fit the box width and the tallest box
	// fits its level; feature names too wide at that size are shortened
	// in the middle with an ellipsis.
	ts.Font.Size = 10
	var widest vg.Length
	maxLines := 1
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, s := range d.shown {
		if !s {
			continue
		}
		ls := d.lines(i)
		maxLines = max(maxLines, len(ls))
		for k, l := range ls {
			if k == 0 && d.hasRule(i) {
				l = "≤ " + strconv.FormatFloat(d.t.Threshold[i], 'f', d.opts.Decimals, 64)
			}
			widest = max(widest, ts.Width(l))
		}
		lo, hi = min(lo, d.t.Value[i][0]), max(hi, d.t.Value[i][0])
	}
	size := min(11, 10*float64(boxW)*0.92/float64(widest), float64(boxH)/(1.3*float64(maxLines)+0.6))
	ts.Font.Size = vg.Length(max(size, 3))
	lineH := ts.Font.Size * 1.3
	boxH = min(boxH, lineH*vg.Length(maxLines)+ts.Font.Size*0.6)
	centre := func(i int) vg.Point {
		return vg.Point{X: c.Min.X + slotW*vg.Length(d.x[i]+0.5), Y: c.Max.Y - levelH*(vg.Length(d.depth[i])+0.5)}
	}
	edge := draw.LineStyle{Color: color.Gray{0x70}, Width: vg.Points(0.8)}
	small := ts
	small.Font.Size = ts.Font.Size * 0.9
	small.Color = color.Gray{0x50}
	for i, s := range d.shown {
		l := d.t.ChildrenLeft[i]
		if !s || l == -1 || d.cut[i] {
			continue
		}
		from := centre(i)
		from.Y -= boxH / 2
		for k, ch := range []int{l, d.t.ChildrenRight[i]} {
			to := centre(ch)
			to.Y += boxH / 2
			c.StrokeLine2(edge, from.X, from.Y, to.X, to.Y)
			if i == 0 {
				label := []string{"yes", "no"}[k]
				mid := vg.Point{X: (from.X + to.X) / 2, Y: (from.Y + to.Y) / 2}
				mid.X += []vg.Length{-1, 1}[k] * small.Width(label)
				c.FillText(small, mid, label)
			}
		}
	}
	border := draw.LineStyle{Color: color.Gray{0x40}, Width: vg.Points(0.6)}
	for i, s := range d.shown {
		if !s {
			continue
		}
		ctr := centre(i)
		rect := vg.Rectangle{Min: vg.Point{X: ctr.X - boxW/2, Y: ctr.Y - boxH/2}, Max: vg.Point{X: ctr.X + boxW/2, Y: ctr.Y + boxH/2}}
		c.SetColor(d.fill(i, lo, hi))
		c.Fill(rectPath(rect, 0))
		c.SetLineStyle(border)
		c.Stroke(rectPath(rect, 0))
		ls := d.lines(i)
		if d.hasRule(i) {
			ls[0] = fitText(ts, ls[0], boxW*0.95)
		}
		top := ctr.Y + lineH*vg.Length(len(ls)-1)/2
		for k, l := range ls {
			c.FillText(ts, vg.Point{X: ctr.X, Y: top - lineH*vg.Length(k)}, l)
		}
	}
}
