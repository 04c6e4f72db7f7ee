package progress

import (
	"fmt"
	"sync"
)

// EventKind tells which Reporter method an Event records.
type EventKind int

// The kinds of Event.
const (
	Started EventKind = iota
	Updated
	Finished
)

// String returns "start", "update" or "finish".
func (k EventKind) String() string {
	switch k {
	case Started:
		return "start"
	case Updated:
		return "update"
	case Finished:
		return "finish"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is one recorded call to a Reporter. Only the fields of its Kind are
// set: Task and Total for Start, Done and Metrics for Update, Summary for
// Finish.
type Event struct {
	Kind    EventKind
	Task    string
	Total   int
	Done    int
	Metrics []Metric
	Summary string
}

// Recorder is a Reporter that keeps every call, for tests of estimators
// (did Fit report each iteration, with which metrics, and finish?). Its
// zero value is ready to use; it is safe for concurrent use.
type Recorder struct {
	mu     sync.Mutex
	events []Event
}

// Start implements Reporter.
func (r *Recorder) Start(task string, total int) {
	r.add(Event{Kind: Started, Task: task, Total: total})
}

// Update implements Reporter. The metrics are copied.
func (r *Recorder) Update(done int, metrics ...Metric) {
	r.add(Event{Kind: Updated, Done: done, Metrics: append([]Metric(nil), metrics...)})
}

// Finish implements Reporter.
func (r *Recorder) Finish(summary string) {
	r.add(Event{Kind: Finished, Summary: summary})
}

func (r *Recorder) add(e Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

// Events returns a copy of the events recorded so far, in call order.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// Count returns how many events of kind k were recorded.
func (r *Recorder) Count(k EventKind) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.events {
		if e.Kind == k {
			n++
		}
	}
	return n
}

// Values returns, in order, the values of the named metric over all
// Updates that reported it: the loss curve of a training run, say.
func (r *Recorder) Values(metric string) []float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var v []float64
	for _, e := range r.events {
		for _, m := range e.Metrics {
			if m.Name == metric {
				v = append(v, m.Value)
			}
		}
	}
	return v
}

// Reset forgets the recorded events.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.events = nil
	r.mu.Unlock()
}
