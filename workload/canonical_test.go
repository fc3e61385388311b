package workload

import (
	"testing"
	"testing/quick"

	"simrun/sim"
)

// TestCanonicalAppenders checks every hand-written canonical text against
// the reflective one over random values: a mismatch would silently change
// every run's hash.
func TestCanonicalAppenders(t *testing.T) {
	same := func(v any) bool { return sim.Canonical(v) == sim.CanonicalReflect(v) }
	for name, f := range map[string]any{
		"Request":   func(v Request) bool { return same(v) },
		"Reply":     func(v Reply) bool { return same(v) },
		"Invoked":   func(v Invoked) bool { return same(v) },
		"Completed": func(v Completed) bool { return same(v) },
	} {
		if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
			t.Errorf("%s: hand-written text differs from reflection: %v", name, err)
		}
	}
	for _, v := range []any{
		Request{Client: "c0", Seq: 1, Op: OpWrite, Key: "x", Value: "1"},
		Reply{Seq: 2, OK: true, Value: `q"uote`}, Completed{Seq: 3, Outcome: 2, Err: "timeout", Attempts: 4},
	} {
		if !same(v) {
			t.Errorf("%s != %s", sim.Canonical(v), sim.CanonicalReflect(v))
		}
	}
}
