package progress

import (
	"os"
	"testing"

	"github.com/janpfeifer/gonb/gonbui"
)

// Auto picks the Reporter for the environment, in this order:
//   - inside a GoNB notebook cell (GONB_PIPE set, as gonbui.IsNotebook
//     detects it), an HTML bar;
//   - under go test, Silent, so test logs stay clean;
//   - when stderr is a terminal, a Terminal bar on stderr;
//   - otherwise (pipes, files, CI logs), Silent.
//
// Each call returns a new reporter, so each Fit gets its own bar.
func Auto() Reporter {
	switch {
	case gonbui.IsNotebook:
		return NewHTML()
	case testing.Testing():
		return Silent
	case isTerminal(os.Stderr):
		return NewTerminal(os.Stderr)
	}
	return Silent
}

// isTerminal reports whether f is a character device. golang.org/x/term is
// not a dependency of the kit, and a character device is what matters for
// carriage-return redraws.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
