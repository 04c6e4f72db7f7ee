package metrics

import (
	"fmt"
	"html"
	"strings"
)

// ExternalScores holds every external index of one partition against the
// true classes, so that a notebook cell prints or compares them in one
// call. Each field is the function of the same name in this package.
type ExternalScores struct {
	// Samples, Classes and Clusters count the samples and the distinct ids
	// of truth and pred.
	Samples, Classes, Clusters int
	// ARI is AdjustedRandIndex: about 0 by chance, 1 for the same partition.
	ARI float64
	// AMI is AdjustedMutualInfo (arithmetic normalisation), chance-corrected.
	AMI float64
	// NMI is NormalizedMutualInfo (arithmetic normalisation); not corrected
	// for chance, so it grows with the number of clusters.
	NMI float64
	// Homogeneity (each cluster holds one class), Completeness (each class
	// in one cluster) and their harmonic mean VMeasure.
	Homogeneity, Completeness, VMeasure float64
	// FowlkesMallows is the geometric mean of pair precision and recall.
	FowlkesMallows float64
	// Purity is the share of samples in their cluster's majority class;
	// n singletons score 1.
	Purity float64
	// MatchedAccuracy is the accuracy after matching clusters to classes
	// one to one (AlignLabels); extra clusters count as wrong.
	MatchedAccuracy float64
}

// External computes all external indices of pred against truth.
func External(truth, pred []int) (ExternalScores, error) {
	var s ExternalScores
	if err := checkPair("metrics: External", truth, pred); err != nil {
		return s, err
	}
	t := newTable(truth, pred)
	s.Samples, s.Classes, s.Clusters = t.n, len(t.rows), len(t.cols)
	var err error
	if s.ARI, err = AdjustedRandIndex(truth, pred); err != nil {
		return s, err
	}
	if s.AMI, err = AdjustedMutualInfo(truth, pred); err != nil {
		return s, err
	}
	if s.NMI, err = NormalizedMutualInfo(truth, pred); err != nil {
		return s, err
	}
	if s.Homogeneity, s.Completeness, s.VMeasure, err = VMeasure(truth, pred); err != nil {
		return s, err
	}
	if s.FowlkesMallows, err = FowlkesMallows(truth, pred); err != nil {
		return s, err
	}
	if s.Purity, err = Purity(truth, pred); err != nil {
		return s, err
	}
	a, err := AlignLabels(truth, pred)
	if err != nil {
		return s, err
	}
	s.MatchedAccuracy = a.Accuracy
	return s, nil
}

// externalColumns are the table columns of ExternalTable, in order.
var externalColumns = []string{"ARI", "AMI", "NMI", "homog.", "compl.", "V", "FM", "purity", "matched acc.", "clusters"}

func (s ExternalScores) cells() []string {
	out := make([]string, 0, len(externalColumns))
	for _, v := range []float64{s.ARI, s.AMI, s.NMI, s.Homogeneity, s.Completeness, s.VMeasure, s.FowlkesMallows, s.Purity, s.MatchedAccuracy} {
		out = append(out, fmt.Sprintf("%.3f", v))
	}
	return append(out, fmt.Sprint(s.Clusters))
}

// String is one line: "ARI 0.372  AMI 0.493  …  (10 clusters, 10 classes, 10000 samples)".
func (s ExternalScores) String() string {
	var b strings.Builder
	for i, c := range s.cells()[:len(externalColumns)-1] {
		fmt.Fprintf(&b, "%s %s  ", externalColumns[i], c)
	}
	fmt.Fprintf(&b, "(%d clusters, %d classes, %d samples)", s.Clusters, s.Classes, s.Samples)
	return b.String()
}

// ExternalTable lays out several partitions' scores as an aligned text
// table, one row per name (names and scores have the same length).
func ExternalTable(names []string, scores []ExternalScores) string {
	rows := externalRows(names, scores)
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for j, c := range r {
			width[j] = max(width[j], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for j, c := range r {
			pad := strings.Repeat(" ", width[j]-len([]rune(c)))
			if j == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// ExternalHTML is ExternalTable as an HTML <table> for gonbui.DisplayHTML,
// with the best value of each score column in bold.
func ExternalHTML(names []string, scores []ExternalScores) string {
	rows := externalRows(names, scores)
	best := make([]int, len(externalColumns)-1)
	for j := range best {
		for i := range scores {
			if scores[i].at(j) > scores[best[j]].at(j) {
				best[j] = i
			}
		}
	}
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse;font-family:monospace"><tr>`)
	for _, h := range rows[0] {
		fmt.Fprintf(&b, `<th style="padding:2px 8px;border-bottom:1px solid #888">%s</th>`, html.EscapeString(h))
	}
	b.WriteString("</tr>")
	for i, r := range rows[1:] {
		b.WriteString("<tr>")
		for j, c := range r {
			align, c := "right", html.EscapeString(c)
			if j == 0 {
				align = "left"
			} else if j-1 < len(best) && best[j-1] == i && len(scores) > 1 {
				c = "<b>" + c + "</b>"
			}
			fmt.Fprintf(&b, `<td style="padding:2px 8px;text-align:%s">%s</td>`, align, c)
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String()
}

func (s ExternalScores) at(j int) float64 {
	return []float64{s.ARI, s.AMI, s.NMI, s.Homogeneity, s.Completeness, s.VMeasure, s.FowlkesMallows, s.Purity, s.MatchedAccuracy}[j]
}

func externalRows(names []string, scores []ExternalScores) [][]string {
	rows := [][]string{append([]string{"partition"}, externalColumns...)}
	for i, s := range scores {
		name := fmt.Sprintf("partition %d", i)
		if i < len(names) {
			name = names[i]
		}
		rows = append(rows, append([]string{name}, s.cells()...))
	}
	return rows
}
