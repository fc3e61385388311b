// Package canontest checks hand-written canonical text
// (sim.CanonicalAppender) against the reflective rendering it must equal,
// for the packages that write such text: a mismatch would silently change
// the hash of every run that records the type.
package canontest

import (
	"testing"
	"testing/quick"

	"simrun/sim"
)

// Random checks T's canonical text against reflection over random values
// (quoted characters, empty and nil slices included).
func Random[T any](t *testing.T) {
	t.Helper()
	same := func(v T) bool { return sim.Canonical(v) == sim.CanonicalReflect(v) }
	if err := quick.Check(same, &quick.Config{MaxCount: 2000}); err != nil {
		var zero T
		t.Errorf("%T: hand-written canonical text differs from reflection: %v", zero, err)
	}
}

// Values checks the given values, for shapes random values rarely take
// (plain ASCII strings take AppendQuoted's short cut).
func Values(t *testing.T, values ...any) {
	t.Helper()
	for _, v := range values {
		if got, want := sim.Canonical(v), sim.CanonicalReflect(v); got != want {
			t.Errorf("hand-written %s\n  reflection %s", got, want)
		}
	}
}
