package progress

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
)

// HTML is a Reporter for GoNB notebook cells: a bar with elapsed time, rate,
// ETA, the latest metric values and a live line plot of one metric, updated
// in place (gonbui.UpdateHTML) at most once per Interval. On Finish the
// transient block is cleared and the final state is displayed with
// gonbui.DisplayHTML, because only displayed (not updated) output is kept
// when the notebook is saved. Like Terminal it appears only once a task has
// run for Delay. Outside a GoNB kernel it draws nothing. It is safe for
// concurrent use.
type HTML struct {
	t    *tracker
	disp display
	id   string // transient output block of the running task
}

// display is the part of gonbui the HTML bar uses; tests replace it.
type display interface {
	update(id, html string)
	show(html string)
	newID() string
}

type gonbDisplay struct{}

func (gonbDisplay) update(id, h string) { gonbui.UpdateHTML(id, h) }
func (gonbDisplay) show(h string)       { gonbui.DisplayHTML(h) }
func (gonbDisplay) newID() string       { return "mlkit_progress_" + gonbui.UniqueId() }

// NewHTML returns an HTML bar drawing through gonbui.
func NewHTML() *HTML { return newHTML(gonbDisplay{}) }

func newHTML(d display) *HTML {
	hb := &HTML{disp: d}
	hb.t = newTracker(htmlSink{hb})
	return hb
}

// SetPlot chooses the metric drawn as a live line: "" (the default) plots
// the first metric reported, "-" plots none.
func (hb *HTML) SetPlot(metric string) *HTML {
	hb.t.mu.Lock()
	hb.t.plot = metric
	hb.t.mu.Unlock()
	return hb
}

// SetDelay sets how long a task runs before the bar appears (default
// DefaultDelay; 0 shows it at once).
func (hb *HTML) SetDelay(d time.Duration) *HTML {
	hb.t.mu.Lock()
	hb.t.delay = d
	hb.t.mu.Unlock()
	return hb
}

// SetInterval sets the least time between redraws (default DefaultInterval).
func (hb *HTML) SetInterval(d time.Duration) *HTML {
	hb.t.mu.Lock()
	hb.t.interval = d
	hb.t.mu.Unlock()
	return hb
}

// Start implements Reporter.
func (hb *HTML) Start(task string, total int) { hb.t.Start(task, total) }

// Update implements Reporter.
func (hb *HTML) Update(done int, metrics ...Metric) { hb.t.Update(done, metrics...) }

// Finish implements Reporter.
func (hb *HTML) Finish(summary string) { hb.t.Finish(summary) }

// htmlSink draws for an HTML bar; it runs under the tracker's lock.
type htmlSink struct{ hb *HTML }

func (k htmlSink) show(s *snapshot) {
	if k.hb.id == "" {
		k.hb.id = k.hb.disp.newID()
	}
	k.hb.disp.update(k.hb.id, renderHTML(s))
}

func (k htmlSink) finish(s *snapshot) {
	if k.hb.id != "" {
		k.hb.disp.update(k.hb.id, "")
		k.hb.id = ""
	}
	k.hb.disp.show(renderHTML(s))
}

const (
	htmlBarWidth = 240 // px
	sparkWidth   = 240 // px
	sparkHeight  = 48  // px
)

func renderHTML(s *snapshot) string {
	var b strings.Builder
	b.WriteString(`<div style="font-family:monospace;font-size:12px;line-height:1.5">`)
	if s.Task != "" {
		fmt.Fprintf(&b, "<b>%s</b> ", html.EscapeString(s.Task))
	}
	if s.Final && s.Summary != "" {
		fmt.Fprintf(&b, "✓ %s · ", html.EscapeString(s.Summary))
	} else if s.Total > 0 {
		// A div bar rather than <progress>, which is styled differently in
		// every browser and dropped by some notebook renderers.
		colour := "#0072B2"
		if s.Final {
			colour = "#009E73"
		}
		fmt.Fprintf(&b, `<span style="display:inline-block;vertical-align:middle;width:%dpx;height:10px;background:#ddd;border-radius:3px">`+
			`<span style="display:block;width:%.1f%%;height:100%%;background:%s;border-radius:3px"></span></span> `,
			htmlBarWidth, 100*s.fraction(), colour)
	}
	b.WriteString(html.EscapeString(statusText(s, " · ")))
	if len(s.History) >= 2 {
		b.WriteString("<br>")
		b.WriteString(sparkline(s.PlotName, s.History))
	}
	b.WriteString("</div>")
	return b.String()
}

// sparkline draws the history of one metric as a small inline SVG: a line
// over steps with the first, last, lowest and highest values written beside.
func sparkline(name string, h []point) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range h {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	x0, x1 := float64(h[0].Step), float64(h[len(h)-1].Step)
	if x1 == x0 {
		x1 = x0 + 1
	}
	span := hi - lo
	if span == 0 {
		span = 1
	}
	const pad = 3.0
	w, ht := float64(sparkWidth), float64(sparkHeight)
	var pts strings.Builder
	for i, p := range h {
		x := pad + (float64(p.Step)-x0)/(x1-x0)*(w-2*pad)
		y := ht - pad - (p.Value-lo)/span*(ht-2*pad)
		if i > 0 {
			pts.WriteByte(' ')
		}
		fmt.Fprintf(&pts, "%.1f,%.1f", x, y)
	}
	last := h[len(h)-1]
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" style="vertical-align:middle;background:#f7f7f7">`+
		`<polyline fill="none" stroke="#D55E00" stroke-width="1.5" points="%s"/></svg>`+
		` <span style="vertical-align:middle">%s %.4g (min %.4g, max %.4g)</span>`,
		sparkWidth, sparkHeight, pts.String(), html.EscapeString(name), last.Value, lo, hi)
}
