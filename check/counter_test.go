package check

import "testing"

// lwwRun is lww-clock-skew in miniature: i3 read i2's write but carried
// an older stamp, so the replicas kept i2 and then i4 built on it.
func lwwRun() []Increment {
	return []Increment{
		{ID: "i1", Node: "n0", At: msT(10), Stamp: msT(10), Delta: 1, Value: 1},
		{ID: "i2", Node: "n1", At: msT(50), Stamp: msT(50), Delta: 1, Read: "i1", Value: 2},
		{ID: "i3", Node: "n2", At: msT(51), Stamp: msT(49), Delta: 1, Read: "i2", Value: 3},
		{ID: "i4", Node: "n0", At: msT(200), Stamp: msT(200), Delta: 1, Read: "i2", Value: 3},
	}
}

// TestLostIncrementsNamesTheLoss: the lost increment is named with the
// causally earlier write that beat it, not just a wrong total.
func TestLostIncrementsNamesTheLoss(t *testing.T) {
	finals := []CounterFinal{{Node: "n1", Value: 3, Last: "i4"}, {Node: "n0", Value: 3, Last: "i4"}}
	wantBad(t, LostIncrements(lwwRun(), finals), "increment i3", "at n2", "read 2 from i2", "causally later",
		"kept i2, whose stamp 50ms is not older than 49ms", "n0 ends at 3", "sum to 4")
}

// TestLostIncrementsHolds: replicas at the full total pass, with or
// without a chain of reads (a CRDT has none); a short total without a
// chain still fails.
func TestLostIncrementsHolds(t *testing.T) {
	wantOK(t, LostIncrements(lwwRun(), []CounterFinal{{Node: "n0", Value: 4}, {Node: "n1", Value: 4}}))
	wantBad(t, LostIncrements(lwwRun(), []CounterFinal{{Node: "n0", Value: 4}, {Node: "n1", Value: 2}}), "n1 ends at 2")
}
