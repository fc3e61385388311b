package raft

import (
	"testing"
	"testing/quick"

	"simrun/sim"
)

// TestCanonicalAppenders checks every hand-written canonical text against
// the reflective one over random values (quoted characters, empty and nil
// slices included): a mismatch would silently change every run's hash.
func TestCanonicalAppenders(t *testing.T) {
	same := func(v any) bool { return sim.Canonical(v) == sim.CanonicalReflect(v) }
	for name, f := range map[string]any{
		"Entry":       func(v Entry) bool { return same(v) },
		"Append":      func(v Append) bool { return same(v) },
		"AppendReply": func(v AppendReply) bool { return same(v) },
		"AppendFact":  func(v AppendFact) bool { return same(v) },
		"CommitFact":  func(v CommitFact) bool { return same(v) },
		"ApplyFact":   func(v ApplyFact) bool { return same(v) },
		"ReadFact":    func(v ReadFact) bool { return same(v) },
	} {
		if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
			t.Errorf("%s: hand-written text differs from reflection: %v", name, err)
		}
	}
	// Plain ASCII takes the short cut; quick's strings rarely do.
	for _, v := range []any{
		Append{Term: 3, Entries: []Entry{{Term: 3, Client: "c1", Seq: 9, Key: "x", Value: "v1"}, {Term: 3, Members: []string{"n1", "n2"}}}},
		Append{Entries: []Entry{}}, AppendFact{Entries: []Entry{{Client: `a"b\c`}}},
		ReadFact{Mode: ReadIndex, Key: "k", Value: "tab\there"},
	} {
		if !same(v) {
			t.Errorf("%s != %s", sim.Canonical(v), sim.CanonicalReflect(v))
		}
	}
}
