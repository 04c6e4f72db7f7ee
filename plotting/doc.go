// Package plotting draws the kit's figures with gonum.org/v1/plot: scatter
// plots by label (embeddings, two features), line curves (loss per epoch, a
// score against k), heatmaps (contingency and confusion matrices, centroid
// profiles) and image grids (digits, originals over reconstructions, the
// typical members of each cluster).
//
// Every figure function validates its input, returns a *plot.Plot and an
// error, and leaves rendering to separate functions, so a figure can be
// adjusted with the gonum/plot API before it is drawn:
//
//	p, err := plotting.Scatter(Z, labels, plotting.ScatterOptions{Title: "t-SNE of MNIST"})
//	if err != nil { ... }
//	err = plotting.Show(p, plotting.SquareSize, plotting.SquareSize) // a cell's output in GoNB
//	err = plotting.Save(p, "tsne.svg", 500, 500)                      // .png, .svg or .pdf
//	b, err := plotting.PNG(p, 600, 450)                                 // 600×450 pixels
//
// Sizes are vg.Lengths in points; PNGs render at 72 dots per inch, so a
// size in points is the PNG's size in pixels. Show displays the PNG inside a
// GoNB kernel (detected by its GONB_PIPE environment variable, as gonbui
// does) and otherwise writes it into $PLOTTING_DIR (default os.TempDir()) and
// prints the path, so programs and tests never block on a window.
//
// Colours: categories use Palette, whose first 8 colours are the Okabe–Ito
// palette (Okabe and Ito 2008, "Color Universal Design"), readable by
// colour-blind readers, followed by 12 of Paul Tol's; continuous values use
// a Colormap: Viridis (van der Walt and Smith 2015, matplotlib's default,
// perceptually uniform), Gray, GrayReversed or Diverging (RdBu).
// Legends and colour bars sit right of the data and never cover it.
//
// Bad input (nil or empty data, NaN or ±Inf, mismatched lengths, bad
// options) is an error naming the argument and wrapping one of package
// mlkit's sentinels (mlkit.ErrEmpty, ErrShape, ErrNaN, ErrValue), matched
// with errors.Is.
//
// Layout: one file per kind of figure (scatter.go, lines.go, heatmap.go,
// images.go); shared pieces in colors.go (palette, colormaps), legend.go
// (legend and colour-bar placement) and render.go (PNG, SVG, PDF, Show,
// Save). A new figure (parallel coordinates, reliability diagrams, decision
// regions) is a new file using these.
package plotting
