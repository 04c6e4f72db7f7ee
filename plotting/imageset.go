package plotting

import (
	"strconv"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/data"

	"gonum.org/v1/plot"
)

// ImagesOptions configures Images.
type ImagesOptions struct {
	GridOptions
	// Cols is the number of images per row; 0 means up to 10.
	Cols int
	// Labels, when set, holds one label per image of the set (len N); each
	// drawn image is titled with its label, or ClassNames[label] when
	// given, unless CellTitles is set.
	Labels     []int
	ClassNames []string
}

// Images draws the images idx of im (nil: the first min(N, 20)) in rows
// of opts.Cols, titled by their labels when opts.Labels is set. im must
// have one channel (MNIST); data.ImagesFromDense turns the rows of a
// matrix (centroids, reconstructions) into a set.
func Images(im *data.Images, idx []int, opts ImagesOptions) (*plot.Plot, error) {
	const where = "Images"
	if im == nil || im.N == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "im is empty")
	}
	if im.C != 1 {
		return nil, errorf(where, mlkit.ErrShape, "im has %d channels, want 1", im.C)
	}
	if opts.Labels != nil && len(opts.Labels) != im.N {
		return nil, errorf(where, mlkit.ErrShape, "opts.Labels has %d labels for %d images", len(opts.Labels), im.N)
	}
	if idx == nil {
		idx = First(min(im.N, 20))
	}
	if len(idx) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "idx is empty")
	}
	images := make([][]float32, len(idx))
	for k, i := range idx {
		if i < 0 || i >= im.N {
			return nil, errorf(where, mlkit.ErrValue, "idx[%d]=%d, want an index in [0,%d)", k, i, im.N)
		}
		images[k] = im.Image(i)
	}
	g := opts.GridOptions
	if g.CellTitles == nil && opts.Labels != nil {
		g.CellTitles = make([]string, len(idx))
		for k, i := range idx {
			g.CellTitles[k] = labelName(opts.Labels[i], opts.ClassNames)
		}
	}
	return ImageGrid(images, im.H, im.W, opts.Cols, g)
}

// First returns the indices 0, 1, …, n-1: the first n images or rows.
func First(n int) []int {
	out := make([]int, max(n, 0))
	for i := range out {
		out[i] = i
	}
	return out
}

func labelName(l int, names []string) string {
	if l >= 0 && l < len(names) {
		return names[l]
	}
	return strconv.Itoa(l)
}

// ClusterImagesOptions configures ClusterImages.
type ClusterImagesOptions struct {
	// PerRow is the number of members shown per cluster; 0 means 10.
	PerRow int
	// Title is the figure's title.
	Title string
	// RowTitles names the rows (one per cluster shown); nil means
	// "cluster k (n)" with n the cluster's size.
	RowTitles []string
	// Labels, when set (one per image), titles each member with its label
	// (ClassNames[label] when given): the true digit of each member.
	Labels     []int
	ClassNames []string
	// Only, when set (one per cluster shown), keeps the members whose
	// label (opts.Labels) is Only[r]; -1 keeps all. It shows, say, the 1s
	// inside the cluster matched to 5.
	Only []int
}

// ClusterImages shows one row per cluster of clusters: the first PerRow
// images i (in index order) with assign[i] equal to that cluster. assign
// holds one cluster id per image of im (a k-means model's Labels).
func ClusterImages(im *data.Images, assign []int, clusters []int, opts ClusterImagesOptions) (*plot.Plot, error) {
	const where = "ClusterImages"
	if im == nil || im.N == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "im is empty")
	}
	if im.C != 1 {
		return nil, errorf(where, mlkit.ErrShape, "im has %d channels, want 1", im.C)
	}
	if len(assign) != im.N {
		return nil, errorf(where, mlkit.ErrShape, "assign has %d ids for %d images", len(assign), im.N)
	}
	if len(clusters) == 0 {
		return nil, errorf(where, mlkit.ErrEmpty, "clusters is empty")
	}
	perRow := opts.PerRow
	if perRow == 0 {
		perRow = 10
	}
	if perRow < 0 {
		return nil, errorf(where, mlkit.ErrValue, "opts.PerRow=%d, want a positive number of images per row (0 means 10)", perRow)
	}
	if opts.Labels != nil && len(opts.Labels) != im.N {
		return nil, errorf(where, mlkit.ErrShape, "opts.Labels has %d labels for %d images", len(opts.Labels), im.N)
	}
	if opts.Only != nil && (len(opts.Only) != len(clusters) || opts.Labels == nil) {
		return nil, errorf(where, mlkit.ErrShape, "opts.Only has %d entries for %d clusters (and needs opts.Labels)", len(opts.Only), len(clusters))
	}
	if opts.RowTitles != nil && len(opts.RowTitles) != len(clusters) {
		return nil, errorf(where, mlkit.ErrShape, "opts.RowTitles has %d titles for %d clusters", len(opts.RowTitles), len(clusters))
	}
	images := make([][]float32, len(clusters)*perRow)
	var cells []string
	if opts.Labels != nil {
		cells = make([]string, len(images))
	}
	rows := make([]string, len(clusters))
	for r, c := range clusters {
		size, shown := 0, 0
		for i, a := range assign {
			if a != c {
				continue
			}
			size++
			if shown < perRow && (opts.Only == nil || opts.Only[r] < 0 || opts.Labels[i] == opts.Only[r]) {
				images[r*perRow+shown] = im.Image(i)
				if cells != nil {
					cells[r*perRow+shown] = labelName(opts.Labels[i], opts.ClassNames)
				}
				shown++
			}
		}
		if size == 0 {
			return nil, errorf(where, mlkit.ErrValue, "clusters[%d]=%d has no images in assign", r, c)
		}
		rows[r] = "cluster " + strconv.Itoa(c) + " (" + strconv.Itoa(size) + ")"
		if opts.RowTitles != nil {
			rows[r] = opts.RowTitles[r]
		}
	}
	return ImageGrid(images, im.H, im.W, perRow, GridOptions{Title: opts.Title, RowTitles: rows, CellTitles: cells})
}
