package progress

import (
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Terminal is a Reporter that draws a one-line bar redrawn in place with a
// carriage return, for programs run in a terminal:
//
//	kmeans [████████░░░░░░░░░░░░] 40/100  40%  3.2s  12.3 it/s  ETA 4.9s  inertia=2.31e+04
//
// It appears once a task has run for Delay, redraws at most once per
// Interval, and on Finish leaves one line with the summary. Create it with
// NewTerminal; set the fields before first use. It is safe for concurrent
// use.
type Terminal struct {
	t *tracker
	w io.Writer
	// Width is the widest running line in columns (longer lines are cut so
	// the carriage return still lands on the same line); default $COLUMNS-1
	// or 79.
	Width int
	last  int // columns of the line drawn last, to blank its tail
}

// NewTerminal returns a terminal bar writing to w (usually os.Stderr).
func NewTerminal(w io.Writer) *Terminal {
	tb := &Terminal{w: w, Width: defaultWidth()}
	tb.t = newTracker(terminalSink{tb})
	return tb
}

// SetDelay sets how long a task runs before the bar appears (default
// DefaultDelay; 0 shows it at once).
func (tb *Terminal) SetDelay(d time.Duration) *Terminal {
	tb.t.mu.Lock()
	tb.t.delay = d
	tb.t.mu.Unlock()
	return tb
}

// SetInterval sets the least time between redraws (default DefaultInterval).
func (tb *Terminal) SetInterval(d time.Duration) *Terminal {
	tb.t.mu.Lock()
	tb.t.interval = d
	tb.t.mu.Unlock()
	return tb
}

// Start implements Reporter.
func (tb *Terminal) Start(task string, total int) { tb.t.Start(task, total) }

// Update implements Reporter.
func (tb *Terminal) Update(done int, metrics ...Metric) { tb.t.Update(done, metrics...) }

// Finish implements Reporter.
func (tb *Terminal) Finish(summary string) { tb.t.Finish(summary) }

func defaultWidth() int {
	if c, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && c > 20 {
		return c - 1
	}
	return 79
}

// terminalSink draws for a Terminal; it runs under the tracker's lock.
type terminalSink struct{ tb *Terminal }

const barCells = 20

func terminalLine(s *snapshot) string {
	var b strings.Builder
	if s.Task != "" {
		b.WriteString(s.Task)
		b.WriteByte(' ')
	}
	if s.Total > 0 {
		full := int(s.fraction()*barCells + 1e-9)
		b.WriteByte('[')
		b.WriteString(strings.Repeat("█", full))
		b.WriteString(strings.Repeat("░", barCells-full))
		b.WriteString("] ")
	}
	b.WriteString(statusText(s, "  "))
	return b.String()
}

func finalLine(s *snapshot) string {
	if s.Summary == "" {
		return terminalLine(s)
	}
	head := s.Summary
	if s.Task != "" {
		head = s.Task + ": " + s.Summary
	}
	return head + "  (" + statusText(s, "  ") + ")"
}

func (k terminalSink) show(s *snapshot) {
	line := terminalLine(s)
	if k.tb.Width > 0 && utf8.RuneCountInString(line) > k.tb.Width {
		line = string([]rune(line)[:k.tb.Width])
	}
	k.write(line, false)
}

func (k terminalSink) finish(s *snapshot) { k.write(finalLine(s), true) }

func (k terminalSink) write(line string, final bool) {
	n := utf8.RuneCountInString(line)
	pad := ""
	if k.tb.last > n {
		pad = strings.Repeat(" ", k.tb.last-n)
	}
	end := ""
	if final {
		end = "\n"
		k.tb.last = 0
	} else {
		k.tb.last = n
	}
	// Write errors are ignored: a progress bar must never fail the work.
	_, _ = io.WriteString(k.tb.w, "\r"+line+pad+end)
}
