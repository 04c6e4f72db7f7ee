package plotting

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// GridOptions configures ImageGrid and GridImage.
type GridOptions struct {
	Title string
	// RowTitles are written left of each row ("original",
	// "reconstruction"); at most one per row.
	RowTitles []string
	// CellTitles are written above each image (a label, a prediction); at
	// most one per image.
	CellTitles []string
	// Colormap colours pixel values (default Gray: 0 black, 1 white).
	Colormap Colormap
	// Min and Max are the pixel values drawn as the two ends of the
	// colormap; both zero means [0,1] widened to the values present, so
	// images in [0,1] (MNIST) are not stretched and others are not
	// clipped.
	Min, Max float64
	// Scale and Pad are GridImage's pixels per image pixel (default 2) and
	// pixels between images (default 2).
	Scale, Pad int
}

// SplitImages cuts a flat buffer of n single-channel h×w images (such as
// data.Images' Pix with C=1) into one slice per image, without copying.
func SplitImages(pix []float32, n, h, w int) ([][]float32, error) {
	if n <= 0 || h <= 0 || w <= 0 {
		return nil, errorf("SplitImages", mlkit.ErrValue, "n=%d, h=%d, w=%d, want positive sizes", n, h, w)
	}
	// Compare by division: n*h*w itself may overflow and wrap to len(pix).
	if h > maxSide || w > maxSide || n > len(pix)/(h*w) {
		return nil, errorf("SplitImages", mlkit.ErrShape, "pix has %d values, too few for n=%d images of h×w=%d×%d (sides up to %d)", len(pix), n, h, w, maxSide)
	}
	if len(pix) != n*h*w {
		return nil, errorf("SplitImages", mlkit.ErrShape, "pix has %d values, want n*h*w = %d", len(pix), n*h*w)
	}
	out := make([][]float32, n)
	for i := range out {
		out[i] = pix[i*h*w : (i+1)*h*w : (i+1)*h*w]
	}
	return out, nil
}

// maxSide bounds an image's height and width (so h*w cannot overflow and a
// grid's canvas stays allocatable).
const maxSide = 1 << 14

// grid is the validated input of ImageGrid and GridImage.
type grid struct {
	images     [][]float32
	h, w       int
	rows, cols int
	lo, hi     float64
	cmap       Colormap
}

func newGrid(where string, images [][]float32, h, w, cols int, opts GridOptions) (*grid, error) {
	if len(images) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "images is empty")
	}
	if h <= 0 || w <= 0 || h > maxSide || w > maxSide {
		return nil, errorf(where, mlkit.ErrValue, "h=%d, w=%d, want positive image sizes up to %d", h, w, maxSide)
	}
	if cols < 0 {
		return nil, errorf(where, mlkit.ErrValue, "cols=%d, want a positive number of columns (0 means up to 10)", cols)
	}
	if cols == 0 {
		cols = min(len(images), 10)
	}
	if !opts.Colormap.valid() {
		return nil, errorf(where, mlkit.ErrValue, "opts.Colormap=%v, want one of the Colormap constants", opts.Colormap)
	}
	g := &grid{images: images, h: h, w: w, cols: cols, rows: (len(images) + cols - 1) / cols, cmap: opts.Colormap.or(Gray)}
	if len(opts.RowTitles) > g.rows {
		return nil, errorf(where, mlkit.ErrShape, "opts.RowTitles has %d titles for %d rows", len(opts.RowTitles), g.rows)
	}
	if len(opts.CellTitles) > len(images) {
		return nil, errorf(where, mlkit.ErrShape, "opts.CellTitles has %d titles for %d images", len(opts.CellTitles), len(images))
	}
	lo, hi := 0.0, 1.0
	blank := true
	for i, im := range images {
		if im == nil {
			continue // an empty cell
		}
		blank = false
		if len(im) != h*w {
			return nil, errorf(where, mlkit.ErrShape, "images[%d] has %d values, want h*w = %d×%d = %d", i, len(im), h, w, h*w)
		}
		for j, v := range im {
			f := float64(v)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, errorf(where, mlkit.ErrNaN, "images[%d][%d]=%v, want finite values", i, j, v)
			}
			lo, hi = math.Min(lo, f), math.Max(hi, f)
		}
	}
	if blank {
		return nil, errorf(where, mlkit.ErrEmpty, "images holds only nil images")
	}
	switch {
	case opts.Min == 0 && opts.Max == 0:
		g.lo, g.hi = lo, hi
	case math.IsNaN(opts.Min) || math.IsNaN(opts.Max) || opts.Min >= opts.Max:
		return nil, errorf(where, mlkit.ErrValue, "opts.Min=%v, opts.Max=%v, want Min < Max (or both 0)", opts.Min, opts.Max)
	default:
		g.lo, g.hi = opts.Min, opts.Max
	}
	return g, nil
}

// image renders image i with each pixel as a s×s block.
func (g *grid) image(i, s int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, g.w*s, g.h*s))
	g.drawInto(img, 0, 0, i, s)
	return img
}

func (g *grid) drawInto(dst *image.NRGBA, x0, y0, i, s int) {
	span := g.hi - g.lo
	for y := 0; y < g.h; y++ {
		for x := 0; x < g.w; x++ {
			c := g.cmap.At((float64(g.images[i][y*g.w+x]) - g.lo) / span)
			for dy := 0; dy < s; dy++ {
				row := dst.Pix[(y0+y*s+dy)*dst.Stride:]
				for dx := 0; dx < s; dx++ {
					o := (x0 + x*s + dx) * 4
					row[o], row[o+1], row[o+2], row[o+3] = c.R, c.G, c.B, c.A
				}
			}
		}
	}
}

// ImageGrid lays out single-channel h×w images (row-major values, as
// SplitImages gives) in rows of cols (0: up to 10), keeping their aspect
// ratio, with optional row and cell titles. A nil image leaves its cell
// empty. For originals over reconstructions see Reconstructions; for very
// large grids GridImage is cheaper.
func ImageGrid(images [][]float32, h, w, cols int, opts GridOptions) (*plot.Plot, error) {
	g, err := newGrid("ImageGrid", images, h, w, cols, opts)
	if err != nil {
		return nil, err
	}
	p := newPlot(opts.Title, "", "")
	p.HideAxes()
	p.Add(&gridPlotter{g: g, rowTitles: opts.RowTitles, cellTitles: opts.CellTitles})
	return p, nil
}

// GridImage is ImageGrid as a plain image without titles: each image pixel
// becomes opts.Scale×opts.Scale pixels, with opts.Pad white pixels between
// images. Display it with ShowImage.
func GridImage(images [][]float32, h, w, cols int, opts GridOptions) (*image.NRGBA, error) {
	g, err := newGrid("GridImage", images, h, w, cols, opts)
	if err != nil {
		return nil, err
	}
	s, pad := opts.Scale, opts.Pad
	if s < 0 || pad < 0 {
		return nil, errorf("GridImage", mlkit.ErrValue, "opts.Scale=%d, opts.Pad=%d, want non-negative values (0 means 2)", s, pad)
	}
	if s == 0 {
		s = 2
	}
	if pad == 0 {
		pad = 2
	}
	W, H := g.cols*g.w*s+(g.cols+1)*pad, g.rows*g.h*s+(g.rows+1)*pad
	if W*H > 1<<28 {
		return nil, errorf("GridImage", mlkit.ErrValue, "the grid would be %d×%d pixels, too large", W, H)
	}
	dst := image.NewNRGBA(image.Rect(0, 0, W, H))
	for i := range dst.Pix {
		dst.Pix[i] = 0xFF
	}
	for i := range g.images {
		if g.images[i] == nil {
			continue
		}
		r, c := i/g.cols, i%g.cols
		g.drawInto(dst, pad+c*(g.w*s+pad), pad+r*(g.h*s+pad), i, s)
	}
	return dst, nil
}

// gridPlotter draws the grid into the whole data area (the axes are
// hidden): it sizes the cells to fit, keeps square pixels and centres the
// result.
type gridPlotter struct {
	g                     *grid
	rowTitles, cellTitles []string
}

const (
	cellGap    vg.Length = 3
	gridMargin vg.Length = 4
)

// frameStyle outlines each image, so that images with a light background
// (GrayReversed) keep their edges on the white figure.
var frameStyle = draw.LineStyle{Color: color.Gray{0xC0}, Width: 0.5}

func (gp *gridPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	g := gp.g
	rowSty := p.Y.Label.TextStyle
	rowSty.Rotation = 0
	rowSty.XAlign, rowSty.YAlign = draw.XRight, draw.YCenter
	cellSty := p.X.Tick.Label
	cellSty.XAlign, cellSty.YAlign = draw.XCenter, draw.YBottom
	var titleW, titleH vg.Length
	for _, t := range gp.rowTitles {
		titleW = max(titleW, rowSty.Rectangle(t).Size().X+8)
	}
	if len(gp.cellTitles) > 0 {
		titleH = cellSty.Rectangle("Ág").Size().Y + 2
	}
	// A small margin keeps the outer images off the edge of the figure.
	c = draw.Crop(c, gridMargin, -gridMargin, 0, 0)
	availW := c.Max.X - c.Min.X - titleW - cellGap*vg.Length(g.cols-1)
	availH := c.Max.Y - c.Min.Y - vg.Length(g.rows)*titleH - cellGap*vg.Length(g.rows-1)
	u := min(availW/vg.Length(g.cols*g.w), availH/vg.Length(g.rows*g.h)) // points per image pixel
	if u <= 0 {
		return
	}
	cw, ch := u*vg.Length(g.w), u*vg.Length(g.h)
	gridW := titleW + vg.Length(g.cols)*cw + vg.Length(g.cols-1)*cellGap
	gridH := vg.Length(g.rows)*(ch+titleH) + vg.Length(g.rows-1)*cellGap
	x0 := c.Min.X + (c.Max.X-c.Min.X-gridW)/2 + titleW
	top := c.Max.Y - (c.Max.Y-c.Min.Y-gridH)/2

	// Scale each image up with square pixels to about the size it is drawn
	// at, so the renderer's smoothing does not blur the pixels.
	dpi := 144.0
	if d, ok := c.Canvas.(interface{ DPI() float64 }); ok {
		dpi = d.DPI()
	}
	s := max(1, int(math.Ceil(float64(u)*dpi/72)))
	for i := range g.images {
		r, col := i/g.cols, i%g.cols
		yTop := top - vg.Length(r)*(ch+titleH+cellGap)
		x := x0 + vg.Length(col)*(cw+cellGap)
		if i < len(gp.cellTitles) && gp.cellTitles[i] != "" {
			c.FillText(cellSty, vg.Point{X: x + cw/2, Y: yTop - titleH + 1}, gp.cellTitles[i])
		}
		if g.images[i] == nil {
			continue
		}
		rect := vg.Rectangle{Min: vg.Point{X: x, Y: yTop - titleH - ch}, Max: vg.Point{X: x + cw, Y: yTop - titleH}}
		c.DrawImage(rect, g.image(i, s))
		c.SetLineStyle(frameStyle)
		c.Stroke(rectPath(rect, 0))
	}
	for r, t := range gp.rowTitles {
		y := top - vg.Length(r)*(ch+titleH+cellGap) - titleH - ch/2
		c.FillText(rowSty, vg.Point{X: x0 - 8, Y: y}, t)
	}
}

// ReconstructionOptions configures Reconstructions.
type ReconstructionOptions struct {
	// Cols is the number of pairs per row; 0 means all in one row, up to 10.
	Cols int
	// Title is the figure's title.
	Title string
}

// Reconstructions shows originals (top row of each pair) over their
// reconstructions (row below), h×w pixels each, opts.Cols pairs per row.
func Reconstructions(originals, reconstructed [][]float32, h, w int, opts ReconstructionOptions) (*plot.Plot, error) {
	cols, title := opts.Cols, opts.Title
	if cols < 0 {
		return nil, errorf("Reconstructions", mlkit.ErrValue, "Cols=%d, want ≥ 1 (0 means one row of up to 10)", cols)
	}
	if len(originals) != len(reconstructed) {
		return nil, errorf("Reconstructions", mlkit.ErrShape, "%d originals for %d reconstructions", len(originals), len(reconstructed))
	}
	if len(originals) == 0 {
		return nil, errorf("Reconstructions", mlkit.ErrEmpty, "originals is empty")
	}
	if cols <= 0 {
		cols = min(len(originals), 10)
	}
	var images [][]float32
	var rowTitles []string
	for start := 0; start < len(originals); start += cols {
		end := min(start+cols, len(originals))
		for _, src := range [][][]float32{originals, reconstructed} {
			row := make([][]float32, cols)
			copy(row, src[start:end])
			images = append(images, row...)
		}
		rowTitles = append(rowTitles, "original", "reconstruction")
	}
	return ImageGrid(images, h, w, cols, GridOptions{Title: title, RowTitles: rowTitles})
}

// MembersOptions configures ClusterMembers.
type MembersOptions struct {
	// PerRow is the number of members shown per cluster; 0 means 10.
	PerRow int
	// RowTitles names the rows (one per cluster); nil means "cluster k (n)".
	RowTitles []string
	// Title is the figure's title.
	Title string
}

// ClusterMembers shows, for each cluster k, up to opts.PerRow images
// images[members[k][0]], images[members[k][1]], … (h×w pixels each) in row
// k, titled "cluster k (n)" with n = len(members[k]) unless opts.RowTitles
// is given: the typical members of each cluster, when members lists them
// closest to the centroid first.
func ClusterMembers(images [][]float32, h, w int, members [][]int, opts MembersOptions) (*plot.Plot, error) {
	const where = "ClusterMembers"
	perRow, rowTitles, title := opts.PerRow, opts.RowTitles, opts.Title
	if len(members) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "members is empty")
	}
	if perRow == 0 {
		perRow = 10
	}
	if perRow < 0 {
		return nil, errorf(where, mlkit.ErrValue, "PerRow=%d, want a positive number of images per row (0 means 10)", perRow)
	}
	if rowTitles != nil && len(rowTitles) != len(members) {
		return nil, errorf(where, mlkit.ErrShape, "RowTitles has %d titles for %d clusters", len(rowTitles), len(members))
	}
	grid := make([][]float32, len(members)*perRow)
	titles := make([]string, len(members))
	for k, idx := range members {
		for j, i := range idx {
			if i < 0 || i >= len(images) {
				return nil, errorf(where, mlkit.ErrValue, "members[%d][%d]=%d, want an index in [0,%d)", k, j, i, len(images))
			}
			if j < perRow {
				grid[k*perRow+j] = images[i]
			}
		}
		titles[k] = "cluster " + strconv.Itoa(k) + " (" + strconv.Itoa(len(idx)) + ")"
		if rowTitles != nil {
			titles[k] = rowTitles[k]
		}
	}
	return ImageGrid(grid, h, w, perRow, GridOptions{Title: title, RowTitles: titles})
}
