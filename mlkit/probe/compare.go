package probe

import (
	"context"
	"fmt"
	"html"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
)

// Clustering is a named set of cluster labels computed by the caller (for
// example by cluster.KMeans or cluster.GMM) on the same samples as the
// features.
type Clustering struct {
	Name   string
	Labels []int
}

// Kind tells a clustering row from a probe row.
type Kind int

const (
	// KindClustering: a row scoring cluster labels against the classes.
	KindClustering Kind = iota
	// KindProbe: a row scoring a classifier trained on the features.
	KindProbe
)

func (k Kind) String() string {
	switch k {
	case KindClustering:
		return "clustering"
	case KindProbe:
		return "probe"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Row is one line of a Table. Scores that do not apply to the row's kind are
// NaN: clusterings have ARI, NMI and MatchedAccuracy; probes have Accuracy
// (cross-validated mean), Std and, with a test set, TestAccuracy.
type Row struct {
	Kind Kind
	Name string
	// ARI and NMI compare cluster labels with the classes
	// (metrics.AdjustedRandIndex, metrics.NormalizedMutualInfo).
	ARI, NMI float64
	// MatchedAccuracy is the accuracy after matching clusters to classes one
	// to one (metrics.AlignLabels, Hungarian method).
	MatchedAccuracy float64
	// Accuracy and Std are a probe's cross-validated accuracy and its spread
	// over the folds.
	Accuracy, Std float64
	// TestAccuracy is a probe's accuracy on the held-out set (NaN without).
	TestAccuracy float64
}

// Table sets clusterings of some features beside probes trained on the same
// features, against the same labels.
type Table struct {
	Rows []Row
}

// Compare scores each clustering against labels and runs the linear and
// k-NN probes with the default Config on the same features: the answer to
// "do these features carry the labels, and did the clustering find them?"
// in one table. See CompareWith for a test set or other settings.
func Compare(features *mat.Dense, labels []int, clusterings ...Clustering) (*Table, error) {
	return CompareWith(Config{}, features, labels, clusterings...)
}

// CompareWith is Compare with the probes run under cfg.
func CompareWith(cfg Config, features *mat.Dense, labels []int, clusterings ...Clustering) (*Table, error) {
	return CompareContext(context.Background(), cfg, features, labels, clusterings...)
}

// CompareContext is CompareWith stopping between the probes' folds when ctx
// is done; the error then wraps ctx.Err().
func CompareContext(ctx context.Context, cfg Config, features *mat.Dense, labels []int, clusterings ...Clustering) (*Table, error) {
	const where = "probe: Compare"
	if err := check.Matrix(where, "features", features); err != nil {
		return nil, err
	}
	n, _ := features.Dims()
	if _, _, err := check.Labels(where, "labels", labels, n); err != nil {
		return nil, err
	}
	t := &Table{}
	nan := math.NaN()
	for _, c := range clusterings {
		if len(c.Labels) != n {
			return nil, check.Errorf(where, check.ErrShape, "clustering %q has %d labels, want %d (one per row)", c.Name, len(c.Labels), n)
		}
		ari, err := metrics.AdjustedRandIndex(labels, c.Labels)
		if err != nil {
			return nil, fmt.Errorf("%s: clustering %q: %w", where, c.Name, err)
		}
		nmi, err := metrics.NormalizedMutualInfo(labels, c.Labels)
		if err != nil {
			return nil, fmt.Errorf("%s: clustering %q: %w", where, c.Name, err)
		}
		al, err := metrics.AlignLabels(labels, c.Labels)
		if err != nil {
			return nil, fmt.Errorf("%s: clustering %q: %w", where, c.Name, err)
		}
		t.Rows = append(t.Rows, Row{Kind: KindClustering, Name: c.Name, ARI: ari, NMI: nmi,
			MatchedAccuracy: al.Accuracy, Accuracy: nan, Std: nan, TestAccuracy: nan})
	}
	for _, p := range []func(context.Context, *mat.Dense, []int, Config) (*Result, error){LinearContext, KNNContext} {
		r, err := p(ctx, features, labels, cfg)
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, Row{Kind: KindProbe, Name: r.Name, ARI: nan, NMI: nan, MatchedAccuracy: nan,
			Accuracy: r.Mean, Std: r.Std, TestAccuracy: r.TestAccuracy})
	}
	return t, nil
}

// Best returns the largest MatchedAccuracy over clustering rows and the
// largest Accuracy over probe rows (NaN when there is no such row): the two
// numbers a notebook's claim check compares.
func (t *Table) Best() (clustering, probe float64) {
	clustering, probe = math.NaN(), math.NaN()
	for _, r := range t.Rows {
		switch r.Kind {
		case KindClustering:
			if math.IsNaN(clustering) || r.MatchedAccuracy > clustering {
				clustering = r.MatchedAccuracy
			}
		case KindProbe:
			if math.IsNaN(probe) || r.Accuracy > probe {
				probe = r.Accuracy
			}
		}
	}
	return clustering, probe
}

var header = []string{"kind", "name", "ARI", "NMI", "matched acc.", "CV accuracy", "test acc."}

func (t *Table) cells() [][]string {
	f := func(v float64) string {
		if math.IsNaN(v) {
			return "—"
		}
		return fmt.Sprintf("%.3f", v)
	}
	out := [][]string{header}
	for _, r := range t.Rows {
		cv := "—"
		if !math.IsNaN(r.Accuracy) {
			cv = fmt.Sprintf("%.3f ± %.3f", r.Accuracy, r.Std)
		}
		out = append(out, []string{r.Kind.String(), r.Name, f(r.ARI), f(r.NMI), f(r.MatchedAccuracy), cv, f(r.TestAccuracy)})
	}
	return out
}

// String prints the table with aligned columns.
func (t *Table) String() string {
	cells := t.cells()
	width := make([]int, len(header))
	for _, row := range cells {
		for j, c := range row {
			width[j] = max(width[j], len([]rune(c)))
		}
	}
	var b strings.Builder
	for i, row := range cells {
		for j, c := range row {
			pad := strings.Repeat(" ", width[j]-len([]rune(c)))
			if j < 2 {
				b.WriteString(c + pad) // text columns left-aligned
			} else {
				b.WriteString(pad + c)
			}
			if j < len(row)-1 {
				b.WriteString("  ")
			}
		}
		b.WriteString("\n")
		if i == 0 {
			total := 2 * (len(width) - 1)
			for _, w := range width {
				total += w
			}
			b.WriteString(strings.Repeat("-", total) + "\n")
		}
	}
	return b.String()
}

// HTML returns the table as an HTML <table> for gonbui.DisplayHTML.
func (t *Table) HTML() string {
	cells := t.cells()
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse;font-family:sans-serif;font-size:90%">` + "\n<tr>")
	for _, h := range cells[0] {
		b.WriteString(`<th style="border-bottom:1px solid #888;padding:2px 8px">` + html.EscapeString(h) + "</th>")
	}
	b.WriteString("</tr>\n")
	for _, row := range cells[1:] {
		b.WriteString("<tr>")
		for j, c := range row {
			align := "right"
			if j < 2 {
				align = "left"
			}
			fmt.Fprintf(&b, `<td style="padding:2px 8px;text-align:%s">%s</td>`, align, html.EscapeString(c))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>")
	return b.String()
}
