package progress

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
)

// fakeClock is advanced by hand so that the delay and throttling are
// tested without sleeping.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newFakeTerminal(w io.Writer, c *fakeClock) *Terminal {
	tb := NewTerminal(w)
	tb.Width = 200
	tb.t.now = c.now
	return tb
}

func TestTerminalOutput(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	tb := newFakeTerminal(&buf, c)
	tb.Start("fit", 10)
	c.advance(100 * time.Millisecond)
	tb.Update(1, Metric{"loss", 0.9})
	if buf.Len() != 0 {
		t.Fatalf("bar drawn before the %v delay: %q", DefaultDelay, buf.String())
	}
	c.advance(900 * time.Millisecond) // t=1s
	tb.Update(5, Metric{"loss", 0.5})
	c.advance(100 * time.Millisecond) // throttled: 0.1 s < DefaultInterval
	tb.Update(6, Metric{"loss", 0.45})
	c.advance(200 * time.Millisecond) // t=1.3s
	tb.Update(7, Metric{"loss", 0.4}, Metric{"acc", 0.8125})
	c.advance(700 * time.Millisecond) // t=2s
	tb.Update(10, Metric{"loss", 0.25})
	tb.Finish("converged")
	// Expected lines worked out by hand: rate = done/elapsed, ETA =
	// (total-done)/rate, m:ss rounded to the second.
	want := "\rfit [██████████░░░░░░░░░░] 5/10  50%  1.0s  5.0 it/s  ETA 1.0s  loss=0.5" +
		"\rfit [██████████████░░░░░░] 7/10  70%  1.3s  5.4 it/s  ETA 0.6s  loss=0.4 acc=0.8125" +
		"\rfit [████████████████████] 10/10 100%  2.0s  5.0 it/s  loss=0.25 acc=0.8125" + strings.Repeat(" ", 8) + // blanks the ETA's place
		"\rfit: converged  (10/10 100%  2.0s  5.0 it/s  loss=0.25 acc=0.8125)" + strings.Repeat(" ", 9) + "\n"
	if got := buf.String(); got != want {
		t.Errorf("terminal output:\n got %q\nwant %q", got, want)
	}
}

func TestTerminalPadsShorterLines(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	tb := newFakeTerminal(&buf, c)
	tb.Start("t", 0)
	c.advance(time.Second)
	tb.Update(3, Metric{"a-long-metric-name", 1})
	tb.Start("u", 0) // finishes "t" with its last state
	c.advance(time.Second)
	tb.Update(1)
	tb.Finish("")
	lines := strings.Split(buf.String(), "\r")
	if len(lines) != 5 { // "", t running, t final, u running, u final
		t.Fatalf("got %d segments: %q", len(lines), buf.String())
	}
	if !strings.HasSuffix(lines[2], "\n") || !strings.HasSuffix(lines[4], "\n") {
		t.Errorf("final lines should end with a newline: %q", buf.String())
	}
}

func TestTerminalUnknownTotalAndWidth(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	tb := newFakeTerminal(&buf, c)
	tb.Width = 20
	tb.Start("sampling", 0)
	c.advance(2 * time.Second)
	tb.Update(4)
	if got, want := buf.String(), "\rsampling 4 steps  2."; got != want {
		t.Errorf("cut line: got %q want %q", got, want)
	}
}

func TestShortTaskShowsNothing(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	tb := newFakeTerminal(&buf, c)
	rec := &fakeDisplay{}
	hb := newHTML(rec)
	hb.t.now = c.now
	for _, r := range []Reporter{tb, hb} {
		r.Start("quick", 100)
		for i := 1; i <= 100; i++ {
			c.advance(time.Millisecond)
			r.Update(i, Metric{"loss", 1 / float64(i)})
		}
		r.Finish("done")
	}
	if buf.Len() != 0 || len(rec.calls) != 0 {
		t.Errorf("a 0.1 s task drew a bar: %q %v", buf.String(), rec.calls)
	}
}

func TestLongSingleStepLeavesFinalState(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	tb := newFakeTerminal(&buf, c)
	tb.Start("one step", 1)
	c.advance(3 * time.Second)
	tb.Finish("ok")
	if got, want := buf.String(), "\rone step: ok  (0/1   0%  3.0s  – it/s)\n"; got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestThrottling(t *testing.T) {
	c := newClock()
	var buf bytes.Buffer
	tb := newFakeTerminal(&buf, c)
	tb.Start("fast", 10000)
	// 10000 updates 1 ms apart: 10 s, of which 9.5 s after the delay, so
	// at most 9.5/0.2+1 = 48 redraws.
	for i := 1; i <= 10000; i++ {
		c.advance(time.Millisecond)
		tb.Update(i)
	}
	draws := strings.Count(buf.String(), "\r")
	if draws < 40 || draws > 48 {
		t.Errorf("%d redraws over 9.5 s, want about 5 a second (40..48)", draws)
	}
}

type fakeDisplay struct {
	mu    sync.Mutex
	calls []string // "update id: html", "show: html"
	ids   int
}

func (d *fakeDisplay) update(id, h string) {
	d.mu.Lock()
	d.calls = append(d.calls, "update "+id+": "+h)
	d.mu.Unlock()
}

func (d *fakeDisplay) show(h string) {
	d.mu.Lock()
	d.calls = append(d.calls, "show: "+h)
	d.mu.Unlock()
}

func (d *fakeDisplay) newID() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ids++
	return fmt.Sprintf("id%d", d.ids)
}

func TestHTMLBar(t *testing.T) {
	c := newClock()
	d := &fakeDisplay{}
	hb := newHTML(d)
	hb.t.now = c.now
	hb.Start("train <cnn>", 100)
	for i := 1; i <= 100; i++ {
		c.advance(50 * time.Millisecond) // 5 s in all
		hb.Update(i, Metric{"loss", 1 / float64(i)}, Metric{"acc", float64(i) / 100})
	}
	hb.Finish("best epoch 100")
	n := len(d.calls)
	if n < 3 {
		t.Fatalf("only %d display calls", n)
	}
	// 4.5 s shown at most 5 times a second: at most 23 updates, plus the
	// clearing update and the final display.
	if n-2 > 23 {
		t.Errorf("%d updates, want at most 23", n-2)
	}
	for _, call := range d.calls[:n-2] {
		if !strings.HasPrefix(call, "update id1: <div") {
			t.Fatalf("running call %q, want an update of block id1", call)
		}
	}
	if d.calls[n-2] != "update id1: " {
		t.Errorf("transient block not cleared: %q", d.calls[n-2])
	}
	final := d.calls[n-1]
	for _, want := range []string{"show: <div", "train &lt;cnn&gt;", "✓ best epoch 100", "100/100", "<svg", "<polyline", "loss 0.01", "acc=1"} {
		if !strings.Contains(final, want) {
			t.Errorf("final HTML lacks %q:\n%s", want, final)
		}
	}
	if strings.Contains(final, "ETA") {
		t.Errorf("final HTML shows an ETA:\n%s", final)
	}
	// A second task gets a new block.
	hb.SetDelay(0).SetPlot("-")
	hb.Start("again", 2)
	hb.Update(1, Metric{"loss", 1})
	hb.Update(2, Metric{"loss", 2})
	hb.Finish("")
	last := d.calls[len(d.calls)-1]
	if strings.Contains(last, "<svg") {
		t.Errorf("SetPlot(\"-\") still plots: %s", last)
	}
	if d.ids != 2 {
		t.Errorf("%d block ids, want 2", d.ids)
	}
}

func TestSparklineHalvesHistory(t *testing.T) {
	c := newClock()
	hb := newHTML(&fakeDisplay{})
	hb.t.now = c.now
	hb.Start("long", 0)
	for i := 1; i <= 5000; i++ {
		hb.Update(i, Metric{"x", float64(i)})
	}
	if n := len(hb.t.history); n > maxHistory || n < maxHistory/2 {
		t.Errorf("history has %d points, want %d..%d", n, maxHistory/2, maxHistory)
	}
	if first := hb.t.history[0].Step; first != 1 {
		t.Errorf("history starts at step %d, want 1 (whole run kept)", first)
	}
}

func TestConcurrentUpdates(t *testing.T) {
	tb := NewTerminal(io.Discard).SetDelay(0).SetInterval(0)
	hb := newHTML(&fakeDisplay{}).SetDelay(0).SetInterval(0)
	rec := &Recorder{}
	for _, r := range []Reporter{tb, hb, rec} {
		r.Start("parallel", 200)
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 25; i++ {
					r.Update(g*25+i+1, Metric{"g", float64(g)})
				}
			}()
		}
		wg.Wait()
		r.Finish("")
	}
	if got := rec.Count(Updated); got != 200 {
		t.Errorf("recorder kept %d updates, want 200", got)
	}
	if hb.t.done != 200 {
		t.Errorf("done=%d after out-of-order updates, want the maximum 200", hb.t.done)
	}
}

func TestRecorder(t *testing.T) {
	var r Recorder
	r.Start("em", 3)
	ms := []Metric{{"ll", -3}}
	r.Update(1, ms...)
	ms[0].Value = -99 // the recorder keeps its own copy
	r.Update(2, Metric{"ll", -2}, Metric{"other", 7})
	r.Update(3, Metric{"ll", -1.5})
	r.Finish("converged")
	ev := r.Events()
	if len(ev) != 5 || ev[0].Kind != Started || ev[0].Task != "em" || ev[0].Total != 3 ||
		ev[4].Kind != Finished || ev[4].Summary != "converged" || ev[2].Done != 2 {
		t.Errorf("events: %+v", ev)
	}
	if got := fmt.Sprint(r.Values("ll")); got != "[-3 -2 -1.5]" {
		t.Errorf("Values(ll) = %s", got)
	}
	if r.Count(Updated) != 3 || r.Count(Started) != 1 {
		t.Errorf("counts %d %d", r.Count(Updated), r.Count(Started))
	}
	if fmt.Sprint(Started, Updated, Finished, EventKind(7)) != "start update finish EventKind(7)" {
		t.Errorf("EventKind strings: %v", []EventKind{Started, Updated, Finished})
	}
	r.Reset()
	if len(r.Events()) != 0 {
		t.Error("Reset kept events")
	}
}

func TestRange(t *testing.T) {
	rec := &Recorder{}
	sum := 0
	for i := range RangeTo(rec, "loop", 5) {
		sum += i
	}
	if sum != 10 || rec.Count(Updated) != 5 {
		t.Errorf("sum=%d updates=%d", sum, rec.Count(Updated))
	}
	ev := rec.Events()
	if ev[len(ev)-1].Summary != "5 done" {
		t.Errorf("finish %q", ev[len(ev)-1].Summary)
	}
	rec.Reset()
	for i := range RangeTo(rec, "loop", 5) {
		if i == 2 {
			break
		}
	}
	ev = rec.Events()
	if ev[len(ev)-1].Kind != Finished || ev[len(ev)-1].Summary != "stopped at 2 of 5" {
		t.Errorf("break: %+v", ev)
	}
}

func TestAutoSilentUnderTest(t *testing.T) {
	if gonbui.IsNotebook {
		t.Skip("running inside a GoNB kernel")
	}
	if r := Auto(); r != Silent {
		t.Errorf("Auto() = %T under go test, want Silent", r)
	}
	if For(nil) != Silent {
		t.Error("For(nil) is not Silent under go test")
	}
	rec := &Recorder{}
	if For(rec) != Reporter(rec) {
		t.Error("For(r) does not return r")
	}
}

func TestFormatDuration(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0.0s"},
		{-time.Second, "0.0s"},
		{9940 * time.Millisecond, "9.9s"},
		{9960 * time.Millisecond, "0:10"},
		{75 * time.Second, "1:15"},
		{3725 * time.Second, "1:02:05"},
	} {
		if got := formatDuration(c.d); got != c.want {
			t.Errorf("formatDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	for _, c := range []struct {
		r    float64
		want string
	}{{0, "– it/s"}, {0.25, "4.00 s/it"}, {12.34, "12.3 it/s"}, {1234, "1234 it/s"}} {
		if got := formatRate(c.r); got != c.want {
			t.Errorf("formatRate(%v) = %q, want %q", c.r, got, c.want)
		}
	}
}

func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(w) {
		t.Error("a pipe counts as a terminal")
	}
}
