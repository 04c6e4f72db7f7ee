package claim_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gonb-mlkit/gonb-mlkit/mlkit/claim"
)

func TestClaims(t *testing.T) {
	var buf bytes.Buffer
	c := claim.New("t")
	c.Out = &buf
	if !c.That(true, "one %d", 1) || c.That(false, "two %d", 2) {
		t.Fatal("That returned the wrong value")
	}
	if !c.Within(1.04, 1, 0.05, "x") || c.Within(math.NaN(), 1, 0.05, "nan") {
		t.Error("Within")
	}
	if !c.Between(0.5, 0, 1, "p") || c.Between(2, 0, 1, "q") {
		t.Error("Between")
	}
	if !c.Greater(0.9, 0.5, 0.2, "a", "b") || c.Greater(0.6, 0.5, 0.2, "c", "d") {
		t.Error("Greater")
	}
	if got := len(c.Failed()); got != 4 {
		t.Errorf("%d failed claims, want 4: %v", got, c.Failed())
	}
	if err := c.Err(); err == nil || !strings.Contains(err.Error(), "two 2") {
		t.Errorf("Err = %v", err)
	}
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(buf.String(), "4 of 8 claims hold") || !strings.Contains(buf.String(), "✗ two 2") {
			t.Errorf("Done: recovered %v, report %q", r, buf.String())
		}
	}()
	c.Done()
}

func TestAllHold(t *testing.T) {
	var buf bytes.Buffer
	c := claim.New("ok")
	c.Out = &buf
	c.That(true, "fine")
	c.Done()
	if c.Err() != nil || !strings.Contains(buf.String(), "1 of 1 claims hold") {
		t.Errorf("report %q", buf.String())
	}
}
