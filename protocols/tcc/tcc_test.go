package tcc

import (
	"strings"
	"testing"
	"time"

	"simrun/sim"
	"simrun/workload"
)

const ms = time.Millisecond

// slowTo is a test-only sim.Network: 10ms links, but a Try to Node takes
// Delay instead (a service that hears its Try very late, after the
// Cancel).
type slowTo struct {
	Node  sim.NodeID
	Delay time.Duration
}

func (s slowTo) Route(now time.Duration, from, to sim.NodeID, msg sim.Message, out []sim.Delivery) ([]sim.Delivery, string) {
	d := 10 * ms
	if _, try := msg.(Try); try && to == s.Node {
		d = s.Delay
	}
	return append(out, sim.Delivery{Delay: d, From: from, Msg: msg}), ""
}

func run(t *testing.T, net sim.Network, voteNo []string) sim.Result {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Transactions = []workload.Txn{{ID: "t1", Writes: map[string]string{"n1": "widget=1", "n2": "payment=30", "n3": "slot=1"}, VoteNo: voteNo}}
	w := sim.New(sim.Config{Seed: 1, Deadline: 2 * time.Second, MaxEvents: 100_000, Network: net})
	servers := []sim.NodeID{0, 1, 2, 3}
	for _, name := range []string{"n0", "n1", "n2", "n3"} {
		w.AddNode(name, sim.Server, New(*cfg, servers))
	}
	return w.Run()
}

// TestAllTriesConfirm: with every Try succeeding, everything confirms and
// every reservation is released by its Confirm.
func TestAllTriesConfirm(t *testing.T) {
	res := run(t, sim.FixedLatency(10*ms), nil)
	for _, r := range Check(res, Checks) {
		if !r.OK {
			t.Fatalf("%s: %s", r.Name, r.Detail)
		}
	}
	if story := strings.Join(Story(res), "\n"); !strings.Contains(story, "t1: committed at n0, n1, n2, n3") {
		t.Fatalf("not confirmed everywhere:\n%s", story)
	}
}

// TestLateTryRefused: a Try that arrives after the Cancel (the try
// timeout fired first) is refused, so no reservation hangs.
func TestLateTryRefused(t *testing.T) {
	res := run(t, slowTo{Node: 3, Delay: 300 * ms}, nil)
	for _, r := range Check(res, Checks) {
		if !r.OK {
			t.Fatalf("%s: %s", r.Name, r.Detail)
		}
	}
	story := strings.Join(Story(res), "\n")
	if !strings.Contains(story, "n3 aborts t1: cancel (attempt 1): no reservation to release") || strings.Contains(story, "n3 locks") {
		t.Fatalf("the late Try at n3 was not pre-empted by the Cancel:\n%s", story)
	}
}
