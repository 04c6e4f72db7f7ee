package plotting

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"time"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Defaults of Knob.
const (
	// DefaultKnobIdle is how long a knob stays live without being moved.
	DefaultKnobIdle = 10 * time.Minute
	// DefaultKnobConnect is how long a knob waits for the browser's widgets
	// before it draws its Default value only. GoNB gives up on a front-end
	// that has not answered in 3 s (its WaitForConnectionTimeout), so a
	// little more than that covers a live notebook and costs a headless run
	// (nbconvert, which has no front-end) only these seconds.
	DefaultKnobConnect = 6 * time.Second
)

// Knob is a live control for a figure in a GoNB notebook: a slider over
// Values with the value shown beside it, a Done button, and the figure drawn
// for the slider's value, redrawn each time the slider moves — the pattern of
// GoNB's widgets tutorial (github.com/janpfeifer/gonb/gonbui/widgets). The
// zero value of each field but Values and Default is its documented default.
//
// A knob ends when Done is clicked, or after Idle without a move; its
// controls, which are transient, then disappear and the last figure is
// displayed for good under a caption naming the value ("K = 7"), so the saved
// notebook keeps it. Without a browser — a headless run by nbconvert, or
// outside GoNB — only Default is drawn, and Show returns at once (after
// Connect in GoNB), so notebooks with knobs still run unattended. With the
// environment variable MLKIT_KNOBS=off (for headless runs) a knob does not
// look for a browser at all: it skips the wait, and GoNB, never asked for
// its widgets, leaves no bootstrap script in the cell's outputs (which it
// does when no browser answers).
//
// In the page, the controls sit in a <div class="mlkit-knob"> whose
// data-values attribute lists the values as JSON strings, the value shown is
// in class "mlkit-knob-value", the live figure is an <img
// class="mlkit-knob-figure"> and the kept caption is class
// "mlkit-knob-result": scripts/e2e drives knobs through these.
type Knob[T comparable] struct {
	// Name is written before the slider and in the caption (default "value").
	Name string
	// Values are the slider's positions, in order; at least one.
	Values []T
	// Default is the value drawn first, and the only one drawn without a
	// browser; it must be one of Values.
	Default T
	// Width and Height are the figure's size in points (= PNG pixels);
	// 0 means 560×440.
	Width, Height vg.Length
	// Idle ends the knob after this long without a move (0 means
	// DefaultKnobIdle).
	Idle time.Duration
	// Connect is how long to wait for the browser's widgets (0 means
	// DefaultKnobConnect).
	Connect time.Duration
}

// Show draws the figure for Default with draw, lets the slider redraw it
// while the knob is live, and displays the last figure for good. It returns
// the value of that figure. A draw error for Default is returned; one for a
// value chosen with the slider is shown beside the slider, and the previous
// figure stays.
func (k Knob[T]) Show(draw func(v T) (*plot.Plot, error)) (T, error) {
	cur, err := k.check(draw)
	if err != nil {
		return k.Default, err
	}
	w, h := k.Width, k.Height
	if w == 0 {
		w = 560
	}
	if h == 0 {
		h = 440
	}
	render := func(v T) ([]byte, error) {
		p, err := draw(v)
		if err != nil {
			return nil, err
		}
		if p == nil {
			return nil, errorf("Knob.Show", mlkit.ErrEmpty, "draw(%v) returned a nil plot", v)
		}
		return PNG(p, w, h)
	}
	png, err := render(k.Default)
	if err != nil {
		return k.Default, err
	}
	if !gonbui.IsNotebook {
		return k.Default, showPNG("Knob.Show", png)
	}
	if os.Getenv("MLKIT_KNOBS") != "off" {
		cur, png = k.live(cur, png, render)
	}
	v := k.Values[cur]
	how := "chosen with the slider"
	if cur == k.index(k.Default) {
		how = "the default; in a live notebook the slider redraws this figure"
	}
	gonbui.DisplayHTML(fmt.Sprintf(`<div class="mlkit-knob-result" style="font-family:monospace;font-size:13px"><b>%s = %s</b> · %s</div>`,
		html.EscapeString(k.name()), html.EscapeString(fmt.Sprint(v)), how))
	return v, showPNG("Knob.Show", png)
}

func (k Knob[T]) name() string {
	if k.Name == "" {
		return "value"
	}
	return k.Name
}

func (k Knob[T]) index(v T) int {
	for i, x := range k.Values {
		if x == v {
			return i
		}
	}
	return -1
}

func (k Knob[T]) check(draw func(v T) (*plot.Plot, error)) (int, error) {
	const where = "Knob.Show"
	if draw == nil {
		return 0, errorf(where, mlkit.ErrEmpty, "draw is nil")
	}
	if len(k.Values) == 0 {
		return 0, errorf(where, mlkit.ErrEmpty, "Values is empty, want at least one value")
	}
	seen := make(map[T]bool, len(k.Values))
	for i, v := range k.Values {
		if seen[v] {
			return 0, errorf(where, mlkit.ErrValue, "Values[%d]=%v repeats an earlier value", i, v)
		}
		seen[v] = true
	}
	i := k.index(k.Default)
	if i < 0 {
		return 0, errorf(where, mlkit.ErrValue, "Default=%v is not one of the %d Values", k.Default, len(k.Values))
	}
	if k.Width < 0 || k.Height < 0 {
		return 0, errorf(where, mlkit.ErrValue, "size %v×%v, want positive sides (or 0 for the default)", float64(k.Width), float64(k.Height))
	}
	if k.Idle < 0 || k.Connect < 0 {
		return 0, errorf(where, mlkit.ErrValue, "Idle=%v, Connect=%v, want durations ≥ 0 (0 for the default)", k.Idle, k.Connect)
	}
	return i, nil
}

// live runs the knob in the browser, starting at position cur with its
// figure png, and returns the position and figure it ended on. Without a
// browser it returns them unchanged after Connect.
func (k Knob[T]) live(cur int, png []byte, render func(T) ([]byte, error)) (int, []byte) {
	idle, connect := k.Idle, k.Connect
	if idle == 0 {
		idle = DefaultKnobIdle
	}
	if connect == 0 {
		connect = DefaultKnobConnect
	}
	uid := gonbui.UniqueID()
	id := "mlkit_knob_" + uid
	boxBlock, figBlock := "mlkit_knob_box_"+uid, "mlkit_knob_fig_"+uid // transient output blocks
	labels := make([]string, len(k.Values))
	for i, v := range k.Values {
		labels[i] = fmt.Sprint(v)
	}
	js, _ := json.Marshal(labels)
	// Notebook 6's stylesheet stretches a range input over the whole line;
	// a fixed width keeps the value and Done beside the slider.
	gonbui.UpdateHTML(boxBlock, fmt.Sprintf(`<style>[id="%s"] input[type=range]{display:inline-block;width:320px;vertical-align:middle;margin:0 .5em}</style>`+
		`<div class="mlkit-knob" id="%s" data-name="%s" data-values="%s" style="font-family:monospace;font-size:13px">`+
		`<b>%s</b> <span id="%s_slider"></span> <span class="mlkit-knob-value" id="%s_value" style="display:inline-block;min-width:3em;font-weight:bold">%s</span> `+
		`<span id="%s_done"></span> <span class="mlkit-knob-status" id="%s_status" style="color:#777"></span></div>`,
		id, id, html.EscapeString(k.name()), html.EscapeString(string(js)), html.EscapeString(k.name()), id, id,
		html.EscapeString(labels[cur]), id, id))
	defer gonbui.UpdateHTML(boxBlock, "")

	// The widgets' Done blocks until the browser answers, which never happens
	// in a headless run: build them aside and give up after connect.
	type built struct {
		slider *widgets.SliderBuilder
		done   *widgets.ButtonBuilder
	}
	ready := make(chan built, 1)
	go func() {
		s := widgets.Slider(0, len(k.Values)-1, cur).AppendTo(id + "_slider").Done()
		b := widgets.Button("Done").AppendTo(id + "_done").Done()
		ready <- built{s, b}
	}()
	var w built
	select {
	case w = <-ready:
	case <-time.After(connect):
		return cur, png
	}
	moves := w.slider.Listen().LatestOnly()
	clicks := w.done.Listen()
	defer moves.Close()
	defer clicks.Close()

	show := func() {
		gonbui.UpdateHTML(figBlock, fmt.Sprintf(`<img class="mlkit-knob-figure" alt="%s = %s" src="data:image/png;base64,%s">`,
			html.EscapeString(k.name()), html.EscapeString(labels[cur]), base64.StdEncoding.EncodeToString(png)))
	}
	show()
	defer gonbui.UpdateHTML(figBlock, "")
	timer := time.NewTimer(idle)
	defer timer.Stop()
	for {
		select {
		case <-clicks.C:
			return cur, png
		case <-timer.C:
			return cur, png
		case i := <-moves.C:
			timer.Reset(idle)
			if i < 0 || i >= len(k.Values) || i == cur {
				continue
			}
			dom.SetInnerText(id+"_status", "drawing "+labels[i]+"…")
			b, err := render(k.Values[i])
			if err != nil {
				dom.SetInnerText(id+"_status", fmt.Sprintf("%s = %s: %v", k.name(), labels[i], err))
				continue
			}
			cur, png = i, b
			show()
			dom.SetInnerText(id+"_value", labels[cur])
			dom.SetInnerText(id+"_status", "")
		}
	}
}
