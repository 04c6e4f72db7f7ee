// Package claim checks the claims a notebook makes, in its last cell and in
// its exercises' check cells: each claim is a condition with the sentence it
// stands for, and the cell fails loudly when one does not hold.
//
//	c := claim.New("06")
//	c.That(lr > svc, "logistic regression's log-loss %.3f beats Platt's %.3f", lr, svc)
//	c.Within(acc, 0.9, 0.05, "test accuracy")
//	c.Done() // prints every claim with ✓ or ✗; panics if any failed
//
// A claim states a property of the result (one method beats another by a
// margin, a value lies in a range), not the ids of one run, so that it still
// holds when a student turns a knob within its stated range.
//
// Done panics on failure because a GoNB cell that panics is marked failed by
// the notebook runners (scripts/notebooks, scripts/e2e) and shows the message
// in red; in a Go program, use Err instead.
package claim

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// Claims collects the claims of one check cell.
type Claims struct {
	name  string
	lines []string
	fails []string
	// Out receives the report of Done; nil means os.Stdout.
	Out io.Writer
}

// New starts a list of claims; name titles the report (a notebook or an
// exercise).
func New(name string) *Claims { return &Claims{name: name} }

// That records the claim described by format and args, which holds when ok.
func (c *Claims) That(ok bool, format string, args ...any) bool {
	msg := fmt.Sprintf(format, args...)
	if ok {
		c.lines = append(c.lines, "✓ "+msg)
	} else {
		c.lines = append(c.lines, "✗ "+msg)
		c.fails = append(c.fails, msg)
	}
	return ok
}

// Within records that got lies within tol of want (and is finite).
func (c *Claims) Within(got, want, tol float64, what string) bool {
	ok := !math.IsNaN(got) && math.Abs(got-want) <= tol
	return c.That(ok, "%s = %.4g, within %.3g of %.4g", what, got, tol, want)
}

// Between records that lo ≤ got ≤ hi.
func (c *Claims) Between(got, lo, hi float64, what string) bool {
	return c.That(got >= lo && got <= hi, "%s = %.4g, in [%.4g, %.4g]", what, got, lo, hi)
}

// Greater records that a exceeds b by more than margin.
func (c *Claims) Greater(a, b, margin float64, whatA, whatB string) bool {
	return c.That(a > b+margin, "%s (%.4g) exceeds %s (%.4g) by more than %.3g", whatA, a, whatB, b, margin)
}

// Failed returns the claims that did not hold.
func (c *Claims) Failed() []string { return append([]string(nil), c.fails...) }

// Err returns nil when every claim held, else an error listing the failed ones.
func (c *Claims) Err() error {
	if len(c.fails) == 0 {
		return nil
	}
	return fmt.Errorf("claim: %s: %d of %d claims failed: %s", c.name, len(c.fails), len(c.lines), strings.Join(c.fails, "; "))
}

// Report is the list of claims, one per line, each with ✓ or ✗.
func (c *Claims) Report() string {
	head := fmt.Sprintf("%s: %d of %d claims hold\n", c.name, len(c.lines)-len(c.fails), len(c.lines))
	return head + strings.Join(c.lines, "\n") + "\n"
}

// Done prints the report and panics when a claim failed, so that the cell,
// and the notebook run, fail loudly.
func (c *Claims) Done() {
	out := c.Out
	if out == nil {
		out = os.Stdout
	}
	fmt.Fprint(out, c.Report())
	if err := c.Err(); err != nil {
		panic(err.Error())
	}
}
