package report

import (
	"testing"
	"time"

	"simrun/sim"
)

// TestMatchMessages pairs sends with deliveries the way the trace records
// them: a plain delivery, a drop at send, a duplicate copy, a delivery to a
// node that was down, one still in flight, and one sent before the cut.
func TestMatchMessages(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	recs := []sim.Record{
		{Time: ms(0), Kind: "deliver", Node: "n1", Peer: "n0", Text: "old"},
		{Time: ms(1), Kind: "send", Node: "n0", Peer: "n1", Text: "a"},
		{Time: ms(1), Kind: "send", Node: "n0", Peer: "n1", Text: "b"},
		{Time: ms(1), Kind: "drop", Node: "n0", Peer: "n1", Text: "partition"},
		{Time: ms(2), Kind: "send", Node: "n1", Peer: "n0", Text: "c"},
		{Time: ms(2), Kind: "duplicate", Node: "n1", Peer: "n0", Text: "c"},
		{Time: ms(3), Kind: "send", Node: "n1", Peer: "n2", Text: "d"},
		{Time: ms(4), Kind: "send", Node: "n2", Peer: "n0", Text: "e"},
		{Time: ms(11), Kind: "deliver", Node: "n1", Peer: "n0", Text: "a"},
		{Time: ms(12), Kind: "deliver", Node: "n0", Peer: "n1", Text: "c"},
		{Time: ms(13), Kind: "deliver-duplicate", Node: "n0", Peer: "n1", Text: "c"},
		{Time: ms(14), Kind: "drop", Node: "n2", Peer: "n1", Text: "down: d"},
	}
	got := matchMessages(recs)
	want := []arrow{
		{From: "n0", To: "n1", Recv: ms(0), SentBefore: true, Delivered: true, Text: "old"},
		{From: "n0", To: "n1", Sent: ms(1), Recv: ms(11), Delivered: true, Text: "a"},
		{From: "n0", To: "n1", Sent: ms(1), Dropped: "partition", Text: "b"},
		{From: "n1", To: "n0", Sent: ms(2), Recv: ms(12), Delivered: true, Text: "c"},
		{From: "n1", To: "n0", Sent: ms(2), Recv: ms(13), Fate: "duplicate", Delivered: true, Text: "c"},
		{From: "n1", To: "n2", Sent: ms(3), Recv: ms(14), Dropped: "receiver down", DroppedAtRecv: true, Text: "d"},
		{From: "n2", To: "n0", Sent: ms(4), Text: "e"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d arrows, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("arrow %d:\n got  %+v\n want %+v", i, got[i], want[i])
		}
	}
}
