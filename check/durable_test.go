// DurableWrites must report an acknowledged write the final state lost, and
// accept legitimate overwrites, concurrent writes and unknown writes.
package check

import "testing"

// splitBrain: c0 keeps writing to the deposed primary n0 after c1's write to
// the new primary n1; the final state on n1 never sees x=3.
func splitBrain() History {
	h := History{
		w("c0", "x", "1", 100, 120, OK),
		w("c1", "x", "2", 300, 320, OK),
		w("c0", "x", "3", 400, 420, OK),
	}
	h[1].Server = "n1"
	return h
}

func TestDurableWritesSplitBrainLoss(t *testing.T) {
	res := DurableWrites(splitBrain(), map[string]string{"x": "2"}, "n1")
	if res.OK || !res.Safety || res.Name != "durable-writes" {
		t.Fatalf("got %+v, want a safety violation named durable-writes", res)
	}
	want := "acknowledged write x=3 (c0, ok at 420ms) is lost: final state on n1 has x=2 (written by c1, acknowledged at 320ms, before x=3 was invoked)"
	if res.Detail != want {
		t.Errorf("detail\n got %q\nwant %q", res.Detail, want)
	}
	if len(res.Evidence) != 0 {
		t.Errorf("x=1 may precede x=2, yet evidence says %q", res.Evidence)
	}
}

func TestDurableWritesAbsentKeyAndFailedValue(t *testing.T) {
	h := History{w("c0", "x", "1", 0, 10, OK), w("c0", "y", "1", 0, 10, OK), w("c1", "y", "2", 20, 30, Fail)}
	res := DurableWrites(h, map[string]string{"y": "2"}, "n0")
	if res.OK {
		t.Fatal("lost writes not reported")
	}
	wantDetail(t, res.Detail, "x=1", "final state on n0 has no x")
	if len(res.Evidence) != 1 {
		t.Fatalf("evidence %q, want the loss of y=1", res.Evidence)
	}
	wantDetail(t, res.Evidence[0], "y=1", "y=2", "no acknowledged or pending write")
}

func TestDurableWritesLegitimateOverwrites(t *testing.T) {
	h := History{
		w("c0", "x", "1", 0, 10, OK),
		w("c1", "x", "2", 20, 30, OK), // overwrites x=1 in sequence
		w("c0", "y", "1", 0, 50, OK),
		w("c1", "y", "2", 10, 40, OK), // concurrent with y=1: either may win
		w("c2", "y", "3", 5, 8, Fail), // failed: cannot lose anything
	}
	res := DurableWrites(h, map[string]string{"x": "2", "y": "1"}, "n0")
	if !res.OK {
		t.Fatalf("legitimate overwrite reported as %q", res.Detail)
	}
	wantDetail(t, res.Detail, "4 acknowledged writes", "n0")
}

func TestDurableWritesUnknownWriteMayWinLater(t *testing.T) {
	h := History{
		w("c1", "x", "2", 0, 5, Unknown), // timed out, then applied late
		w("c0", "x", "1", 20, 30, OK),
	}
	res := DurableWrites(h, map[string]string{"x": "2"}, "n0")
	if !res.OK {
		t.Fatalf("an unknown write may take effect after any ack, got %q", res.Detail)
	}
}
