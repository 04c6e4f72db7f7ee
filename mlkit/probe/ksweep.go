package probe

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/cluster"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/check"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/clusterindex"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/internal/par"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/metrics"
	"github.com/gonb-mlkit/gonb-mlkit/mlkit/progress"
)

// Score names one index of a KSweep.
type Score int

const (
	// Inertia is k-means' objective (lower is tighter; it always falls
	// with k, so its "best" k is the largest).
	Inertia Score = iota
	// Silhouette is metrics.Silhouette on the first SilhouetteRows samples.
	Silhouette
	// DaviesBouldin is metrics.DaviesBouldin (lower is better).
	DaviesBouldin
	// CalinskiHarabasz is metrics.CalinskiHarabasz.
	CalinskiHarabasz
	// ARI is metrics.AdjustedRandIndex against the labels.
	ARI
	// NMI is metrics.NormalizedMutualInfo against the labels.
	NMI
	// MatchedAccuracy is the accuracy after the Hungarian matching of
	// clusters to labels (metrics.AlignLabels).
	MatchedAccuracy
	numScores
)

// String returns the score's name as the figures write it.
func (s Score) String() string {
	switch s {
	case Inertia:
		return "inertia"
	case Silhouette:
		return "silhouette"
	case DaviesBouldin:
		return "Davies–Bouldin"
	case CalinskiHarabasz:
		return "Calinski–Harabasz"
	case ARI:
		return "ARI"
	case NMI:
		return "NMI"
	case MatchedAccuracy:
		return "matched accuracy"
	}
	return fmt.Sprintf("Score(%d)", int(s))
}

// HigherIsBetter reports whether a larger value of s means a better k.
func (s Score) HigherIsBetter() bool { return s != Inertia && s != DaviesBouldin }

// External reports whether s compares the partition with the labels.
func (s Score) External() bool { return s == ARI || s == NMI || s == MatchedAccuracy }

// KSweep fits k-means for every k of Ks and every seed of Seeds and scores
// each partition with the internal indices (silhouette, Davies–Bouldin,
// Calinski–Harabasz) and, against the labels, ARI, NMI and the matched
// accuracy: the k-sweep
// with its spread over initialisations, so that a zig-zag of a curve can
// be told from noise. With KMeans.NInit = 1 each seed is one k-means++
// start, the noise a single run of the sweep carries.
type KSweep struct {
	// Ks are the numbers of clusters tried; nil means 2, 3, …, 20.
	Ks []int
	// Seeds are the k-means seeds; nil means 1, 2, 3, 4, 5.
	Seeds []uint64
	// KMeans is the estimator; K and Seed are set per run and Progress is
	// silenced. Its zero value is cluster.KMeans' defaults (10 starts
	// each); NInit: 1 shows the spread of one start.
	KMeans cluster.KMeans
	// SilhouetteRows bounds the samples the silhouette is computed on (it
	// costs O(n²)): the first SilhouetteRows rows; 0 means 3000.
	SilhouetteRows int
	// Progress receives one step per fit; nil means progress.Auto().
	Progress progress.Reporter
}

// KSweepResult holds Values[score][k index][seed index] for every Score.
type KSweepResult struct {
	Ks     []int
	Seeds  []uint64
	Values [][][]float64
}

// Fit runs the sweep on X; labels (one per row, or nil to skip the
// external scores, left NaN) are the classes the external scores compare with.
func (s KSweep) Fit(X *mat.Dense, labels []int) (*KSweepResult, error) {
	return s.FitContext(context.Background(), X, labels)
}

// FitContext is Fit, checking ctx between fits. The fits run in parallel
// and every value is the same at any GOMAXPROCS.
func (s KSweep) FitContext(ctx context.Context, X *mat.Dense, labels []int) (*KSweepResult, error) {
	const where = "probe: KSweep.Fit"
	if err := check.Matrix(where, "X", X); err != nil {
		return nil, err
	}
	n, d := X.Dims()
	if labels != nil && len(labels) != n {
		return nil, check.Errorf(where, check.ErrShape, "labels has %d entries for the %d rows of X", len(labels), n)
	}
	ks, seeds := s.Ks, s.Seeds
	if ks == nil {
		for k := 2; k <= 20; k++ {
			ks = append(ks, k)
		}
	}
	if seeds == nil {
		seeds = []uint64{1, 2, 3, 4, 5}
	}
	if len(ks) == 0 || len(seeds) == 0 {
		return nil, check.Errorf(where, check.ErrEmpty, "Ks has %d values and Seeds %d, want at least one each", len(ks), len(seeds))
	}
	for i, k := range ks {
		if k < 2 || k > n {
			return nil, check.Errorf(where, check.ErrValue, "Ks[%d]=%d, want 2 ≤ k ≤ %d samples", i, k, n)
		}
	}
	rows := s.SilhouetteRows
	if rows < 0 {
		return nil, check.Errorf(where, check.ErrValue, "SilhouetteRows=%d, want ≥ 0 (0 means 3000)", rows)
	}
	if rows == 0 {
		rows = 3000
	}
	rows = min(rows, n)
	// X passed check.Matrix above: the indices score every partition of it
	// (and of its first rows, for the silhouette) without checking X again.
	all := clusterindex.Prepare(X)
	sil := clusterindex.Prepare(X.Slice(0, rows, 0, d).(*mat.Dense))
	res := &KSweepResult{Ks: append([]int(nil), ks...), Seeds: append([]uint64(nil), seeds...), Values: make([][][]float64, numScores)}
	for sc := range res.Values {
		res.Values[sc] = make([][]float64, len(ks))
		for i := range ks {
			res.Values[sc][i] = make([]float64, len(seeds))
		}
	}
	rep := progress.For(s.Progress)
	jobs := len(ks) * len(seeds)
	rep.Start(fmt.Sprintf("k-means for %d values of k × %d seeds", len(ks), len(seeds)), jobs)

	// The (k, seed) fits run in parallel, job = i·len(seeds) + j handed out
	// in order; each writes its own slots of res, so the values are the
	// serial loop's at any GOMAXPROCS. k-means and the silhouette keep their
	// own parallel loops: with jobs on both cores they rarely find a free
	// one, and when the last fit runs alone they use the idle core (on 2
	// cores this measured as fast as inner loops made serial). An error
	// stops the jobs after it; those before it still run, so that the error
	// returned is the first in job order, as the serial loop's.
	errs := make([]error, jobs)
	var failed atomic.Int64
	failed.Store(math.MaxInt64)
	var mu sync.Mutex // orders the progress updates
	done := 0
	par.For(jobs, func(job int) {
		if int64(job) > failed.Load() {
			return
		}
		i, j := job/len(seeds), job%len(seeds)
		v, err := s.fitAndScore(ctx, where, X, labels, all, sil, rows, ks[i], seeds[j])
		if err != nil {
			errs[job] = err
			for {
				f := failed.Load()
				if int64(job) >= f || failed.CompareAndSwap(f, int64(job)) {
					break
				}
			}
			return
		}
		for sc := range v {
			res.Values[sc][i][j] = v[sc]
		}
		mu.Lock()
		done++
		rep.Update(done, progress.Metric{Name: "k", Value: float64(ks[i])})
		mu.Unlock()
	})
	for _, err := range errs {
		if err != nil {
			if ctx.Err() != nil {
				rep.Finish("cancelled")
			} else {
				rep.Finish("failed")
			}
			return nil, err
		}
	}
	rep.Finish(fmt.Sprintf("%d k-means fits scored", done))
	return res, nil
}

// fitAndScore fits k-means with k clusters and the given seed and returns
// the partition's scores; all and sil are X and its first rows rows,
// prepared for the internal indices.
func (s KSweep) fitAndScore(ctx context.Context, where string, X *mat.Dense, labels []int, all, sil *clusterindex.Data, rows, k int, seed uint64) ([numScores]float64, error) {
	v := [numScores]float64{ARI: math.NaN(), NMI: math.NaN(), MatchedAccuracy: math.NaN()}
	if err := ctx.Err(); err != nil {
		return v, err
	}
	est := s.KMeans
	est.K, est.Seed, est.Progress = k, seed, progress.Silent
	m, err := est.FitContext(ctx, X)
	if err != nil {
		return v, fmt.Errorf("%s: k=%d, seed=%d: %w", where, k, seed, err)
	}
	v[Inertia] = m.Inertia
	// A start that leaves the silhouette sample in one cluster has no
	// silhouette; it stays NaN rather than failing the sweep.
	v[Silhouette] = math.NaN()
	if g, err := sil.Group("metrics: Silhouette", m.Labels[:rows]); err == nil {
		if sv, err := g.Silhouette(context.Background(), "metrics: Silhouette", progress.Silent); err == nil {
			v[Silhouette] = sv
		}
	}
	// Davies–Bouldin and Calinski–Harabasz read the same grouping of X.
	g, err := all.Group("metrics: DaviesBouldin", m.Labels)
	if err != nil {
		return v, fmt.Errorf("%s: k=%d, seed=%d: %w", where, k, seed, err)
	}
	v[DaviesBouldin] = g.DaviesBouldin()
	v[CalinskiHarabasz] = g.CalinskiHarabasz()
	if labels != nil {
		if v[ARI], err = metrics.AdjustedRandIndex(labels, m.Labels); err != nil {
			return v, fmt.Errorf("%s: %w", where, err)
		}
		if v[NMI], err = metrics.NormalizedMutualInfo(labels, m.Labels); err != nil {
			return v, fmt.Errorf("%s: %w", where, err)
		}
		a, err := metrics.AlignLabels(labels, m.Labels)
		if err != nil {
			return v, fmt.Errorf("%s: %w", where, err)
		}
		v[MatchedAccuracy] = a.Accuracy
	}
	return v, nil
}

// Draws returns score s as a seeds × Ks matrix, one row per seed: the
// Draws of a plotting.Band over X = KFloats().
func (r *KSweepResult) Draws(s Score) *mat.Dense {
	D := mat.NewDense(len(r.Seeds), len(r.Ks), nil)
	for i := range r.Ks {
		for j := range r.Seeds {
			D.Set(j, i, r.Values[s][i][j])
		}
	}
	return D
}

// KFloats returns Ks as float64 for plotting.
func (r *KSweepResult) KFloats() []float64 {
	out := make([]float64, len(r.Ks))
	for i, k := range r.Ks {
		out[i] = float64(k)
	}
	return out
}

// At returns the mean and the sample standard deviation of s at k over the
// seeds (NaN when k was not swept).
func (r *KSweepResult) At(s Score, k int) (mean, sd float64) {
	for i, kk := range r.Ks {
		if kk == k {
			return meanSD(r.Values[s][i])
		}
	}
	return math.NaN(), math.NaN()
}

// BestK returns, for every seed, the k with the best value of s (the
// largest, or the smallest when !s.HigherIsBetter()): how often a criterion
// picks the same k when only the initialisation changes.
func (r *KSweepResult) BestK(s Score) []int {
	out := make([]int, len(r.Seeds))
	for j := range r.Seeds {
		best := math.NaN()
		for i, k := range r.Ks {
			v := r.Values[s][i][j]
			if !s.HigherIsBetter() {
				v = -v
			}
			if math.IsNaN(best) || v > best {
				best, out[j] = v, k
			}
		}
	}
	return out
}

// BestMeanK returns the k whose mean over the seeds is best for s.
func (r *KSweepResult) BestMeanK(s Score) int {
	best, arg := math.Inf(-1), r.Ks[0]
	for i, k := range r.Ks {
		m, _ := meanSD(r.Values[s][i])
		if !s.HigherIsBetter() {
			m = -m
		}
		if m > best {
			best, arg = m, k
		}
	}
	return arg
}

func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 0
	}
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)-1))
}

// String is the sweep as a table, one row per k, each score as its mean ±
// standard deviation over the seeds, then the k each criterion prefers
// for each seed.
func (r *KSweepResult) String() string {
	var b strings.Builder
	scores := []Score{Inertia, Silhouette, DaviesBouldin, CalinskiHarabasz, ARI, NMI, MatchedAccuracy}
	fmt.Fprintf(&b, "%4s", "k")
	for _, s := range scores {
		fmt.Fprintf(&b, " %20s", s)
	}
	fmt.Fprintf(&b, "   (mean ± sd over %d seeds)\n", len(r.Seeds))
	for _, k := range r.Ks {
		fmt.Fprintf(&b, "%4d", k)
		for _, s := range scores {
			m, sd := r.At(s, k)
			switch {
			case s == Inertia || s == CalinskiHarabasz:
				fmt.Fprintf(&b, " %20s", fmt.Sprintf("%.0f ± %.0f", m, sd))
			default:
				fmt.Fprintf(&b, " %20s", fmt.Sprintf("%.4f ± %.4f", m, sd))
			}
		}
		b.WriteString("\n")
	}
	for _, s := range scores[1:] {
		fmt.Fprintf(&b, "best k by %s per seed: %v (best mean: k = %d)\n", s, r.BestK(s), r.BestMeanK(s))
	}
	return b.String()
}
