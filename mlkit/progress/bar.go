package progress

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
)

// Defaults shared by the HTML and terminal bars.
const (
	// DefaultDelay is how long a task runs before its bar appears, so that
	// short tasks do not flash a bar.
	DefaultDelay = 500 * time.Millisecond
	// DefaultInterval is the least time between two redraws (at most five
	// a second), so that a fast loop spends its time on work and not on
	// drawing or on the kernel's message pipe.
	DefaultInterval = 200 * time.Millisecond
	// maxHistory bounds the points kept for the live line plot; when full,
	// every second point is dropped, so the plot keeps the whole run at
	// half the resolution.
	maxHistory = 512
)

// sink draws the state of a task: show while it runs (throttled) and
// finish once at the end, only for tasks whose bar was shown.
type sink interface {
	show(s *snapshot)
	finish(s *snapshot)
}

// snapshot is what a sink draws, copied under the tracker's lock.
type snapshot struct {
	Task        string
	Total, Done int
	Elapsed     time.Duration
	Metrics     []Metric
	PlotName    string
	History     []point // of the plotted metric
	Summary     string
	Final       bool
}

type point struct {
	Step  int
	Value float64
}

// tracker holds the common state machine of the visible bars: the delay
// before a bar appears, throttling, the latest metric values and the
// history of the plotted metric. It is safe for concurrent use; the sink
// is called with the lock held, so output lines never interleave. It
// follows one task at a time: Start during a task finishes that task first,
// and an Update without Start begins an untitled task of unknown length.
type tracker struct {
	mu       sync.Mutex
	now      func() time.Time
	delay    time.Duration
	interval time.Duration
	plot     string // metric to plot; "" = the first metric reported; "-" = none
	out      sink

	active   bool
	shown    bool
	task     string
	total    int
	done     int
	start    time.Time
	lastDraw time.Time
	metrics  []Metric
	plotName string
	history  []point
}

func newTracker(out sink) *tracker {
	return &tracker{now: time.Now, delay: DefaultDelay, interval: DefaultInterval, out: out}
}

func (t *tracker) Start(task string, total int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.startLocked(task, total)
}

func (t *tracker) startLocked(task string, total int) {
	if t.active {
		t.finishLocked("")
	}
	t.active = true
	t.shown = false
	t.task = task
	t.total = max(total, 0)
	t.done = 0
	t.start = t.now()
	t.lastDraw = time.Time{}
	t.metrics = t.metrics[:0]
	t.plotName = ""
	if t.plot != "-" {
		t.plotName = t.plot
	}
	t.history = t.history[:0]
}

func (t *tracker) Update(done int, metrics ...Metric) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.active {
		// An Update without Start: begin an untitled task of unknown length
		// rather than dropping the information.
		t.startLocked("", 0)
	}
	// Workers of a parallel loop may report out of order; the bar never
	// moves backwards.
	t.done = max(t.done, done)
	for _, m := range metrics {
		t.setMetric(m)
		if t.plotName == "" && t.plot != "-" {
			t.plotName = m.Name
		}
		if m.Name == t.plotName && !math.IsNaN(m.Value) && !math.IsInf(m.Value, 0) {
			t.addPoint(point{done, m.Value})
		}
	}
	now := t.now()
	if now.Sub(t.start) < t.delay {
		return
	}
	if t.shown && now.Sub(t.lastDraw) < t.interval {
		return
	}
	t.shown = true
	t.lastDraw = now
	s := t.snapshotLocked(now)
	t.out.show(&s)
}

func (t *tracker) Finish(summary string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.active {
		t.finishLocked(summary)
	}
}

func (t *tracker) finishLocked(summary string) {
	t.active = false
	now := t.now()
	// A task that ran past the delay but never called Update after it
	// (one long step) still leaves its final state.
	if !t.shown && now.Sub(t.start) < t.delay {
		return
	}
	t.shown = false
	s := t.snapshotLocked(now)
	s.Summary = summary
	s.Final = true
	t.out.finish(&s)
}

func (t *tracker) setMetric(m Metric) {
	for i := range t.metrics {
		if t.metrics[i].Name == m.Name {
			t.metrics[i].Value = m.Value
			return
		}
	}
	t.metrics = append(t.metrics, m)
}

func (t *tracker) addPoint(p point) {
	if len(t.history) >= maxHistory {
		k := 0
		for i := 0; i < len(t.history); i += 2 {
			t.history[k] = t.history[i]
			k++
		}
		t.history = t.history[:k]
	}
	t.history = append(t.history, p)
}

func (t *tracker) snapshotLocked(now time.Time) snapshot {
	return snapshot{
		Task:     t.task,
		Total:    t.total,
		Done:     t.done,
		Elapsed:  now.Sub(t.start),
		Metrics:  append([]Metric(nil), t.metrics...),
		PlotName: t.plotName,
		History:  append([]point(nil), t.history...),
	}
}

// rate is steps per second, 0 before any time has passed.
func (s *snapshot) rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Done) / s.Elapsed.Seconds()
}

// eta is the estimated time left, and false when it cannot be estimated.
func (s *snapshot) eta() (time.Duration, bool) {
	r := s.rate()
	if s.Total <= 0 || r <= 0 || s.Done >= s.Total {
		return 0, false
	}
	return time.Duration(float64(s.Total-s.Done) / r * float64(time.Second)), true
}

// fraction done in [0,1]; 0 when the total is unknown.
func (s *snapshot) fraction() float64 {
	if s.Total <= 0 {
		return 0
	}
	return math.Min(1, float64(s.Done)/float64(s.Total))
}

// formatDuration prints 4.2s under ten seconds, then m:ss, and h:mm:ss
// from an hour on.
func formatDuration(d time.Duration) string {
	if d < 9950*time.Millisecond {
		return fmt.Sprintf("%.1fs", max(d, 0).Seconds())
	}
	sec := int(d.Round(time.Second) / time.Second)
	if sec < 0 {
		sec = 0
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

// formatRate prints steps per second, or seconds per step when slow.
func formatRate(r float64) string {
	switch {
	case r <= 0:
		return "– it/s"
	case r < 1:
		return fmt.Sprintf("%.2f s/it", 1/r)
	case r < 100:
		return fmt.Sprintf("%.1f it/s", r)
	default:
		return fmt.Sprintf("%.0f it/s", r)
	}
}

func formatMetrics(ms []Metric) string {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%.4g", m.Name, m.Value)
	}
	return b.String()
}

// statusText is the one-line description shared by both bars, without the
// bar itself: "45/100  45%  3.1s  12.3 it/s  ETA 4.5s  loss=0.031", its parts
// joined by sep.
func statusText(s *snapshot, sep string) string {
	var parts []string
	if s.Total > 0 {
		parts = append(parts, fmt.Sprintf("%d/%d %3.0f%%", s.Done, s.Total, 100*s.fraction()))
	} else {
		parts = append(parts, fmt.Sprintf("%d steps", s.Done))
	}
	parts = append(parts, formatDuration(s.Elapsed), formatRate(s.rate()))
	if !s.Final {
		if eta, ok := s.eta(); ok {
			parts = append(parts, "ETA "+formatDuration(eta))
		}
	}
	if m := formatMetrics(s.Metrics); m != "" {
		parts = append(parts, m)
	}
	return strings.Join(parts, sep)
}
