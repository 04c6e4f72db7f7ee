package progress

// Reporter receives the progress of long work: training epochs, EM or
// k-means iterations, t-SNE steps. Estimators hold one in an optional
// Progress field; a nil field means Auto (see For). Implementations must be
// safe for use from several goroutines.
type Reporter interface {
	// Start begins a task of total steps (0 when the total is unknown).
	Start(task string, total int)
	// Update reports that done steps of the current task are finished, with
	// optional metric values (for example loss=0.031) to print or plot live.
	Update(done int, metrics ...Metric)
	// Finish ends the task; summary replaces the bar in what stays visible.
	Finish(summary string)
}

// Metric is a named value reported with an Update.
type Metric struct {
	Name  string
	Value float64
}

// For returns r, or Auto() when r is nil: estimators call it once per Fit so
// that a zero-valued Progress field gives the default behaviour.
func For(r Reporter) Reporter {
	if r == nil {
		return Auto()
	}
	return r
}

// Silent is a Reporter that shows nothing.
var Silent Reporter = silent{}

type silent struct{}

func (silent) Start(string, int)     {}
func (silent) Update(int, ...Metric) {}
func (silent) Finish(string)         {}
