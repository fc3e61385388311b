package check

import (
	"testing"
	"time"

	"simrun/sim"
)

// TestLiveness: progress after the last fault holds; none within the
// bound (a livelock, or only failures) is reported.
func TestLiveness(t *testing.T) {
	h := History{
		w("c0", "x", "1", 10, 20, OK),
		w("c0", "x", "2", 500, 600, Fail),
		w("c0", "x", "3", 700, 900, OK),
	}
	if r := Liveness(h, msT(400), msT(600)); !r.OK || r.Safety {
		t.Fatalf("progress at 900ms within 400+600ms not seen: %+v", r)
	}
	if r := Liveness(h, msT(400), msT(300)); r.OK {
		t.Fatalf("no ok op in [400ms,700ms], yet liveness held: %+v", r)
	}
	if r := Liveness(History{w("c0", "x", "1", 10, 20, OK)}, msT(100), time.Second); r.OK {
		t.Fatalf("progress before the fault only, yet liveness held: %+v", r)
	}
}

// TestLastFault: the latest fault observation wins; none means 0.
func TestLastFault(t *testing.T) {
	obs := []sim.Observed{
		{Time: msT(100), Observation: sim.Observation{Kind: sim.KindFault}},
		{Time: msT(700), Observation: sim.Observation{Kind: "role"}},
		{Time: msT(600), Observation: sim.Observation{Kind: sim.KindFault}},
	}
	if got := LastFault(obs); got != msT(600) {
		t.Fatalf("LastFault = %v, want 600ms", got)
	}
	if got := LastFault(nil); got != 0 {
		t.Fatalf("LastFault(nil) = %v", got)
	}
}
