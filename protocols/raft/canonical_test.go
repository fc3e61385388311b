package raft

import (
	"testing"

	"simrun/sim/canontest"
)

// TestCanonicalAppenders checks every hand-written canonical text against
// the reflective one.
func TestCanonicalAppenders(t *testing.T) {
	canontest.Random[Entry](t)
	canontest.Random[Append](t)
	canontest.Random[AppendReply](t)
	canontest.Random[AppendFact](t)
	canontest.Random[CommitFact](t)
	canontest.Random[ApplyFact](t)
	canontest.Random[ReadFact](t)
	canontest.Values(t,
		Append{Term: 3, Entries: []Entry{{Term: 3, Client: "c1", Seq: 9, Key: "x", Value: "v1"}, {Term: 3, Members: []string{"n1", "n2"}}}},
		Append{Entries: []Entry{}}, AppendFact{Entries: []Entry{{Client: `a"b\c`}}},
		ReadFact{Mode: ReadIndex, Key: "k", Value: "tab\there"})
}
