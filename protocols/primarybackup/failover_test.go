package primarybackup

import (
	"slices"
	"testing"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Purpose: manual failover (SCENARIOS.md, failover-manual) — under the
// split-brain partition nothing promotes n1 until the operator's Promote at
// 2000ms; c1's write during the partition does not succeed (the
// availability gap); after the fenced handover n1 is primary, accepts
// writes from both clients, and all three checks hold.
func TestManualFailover(t *testing.T) {
	cfg := *DefaultConfig()
	cfg.Failover = FailoverManual
	s0 := []workload.Script{write(120*ms, "x", "1"), read(350*ms, "x"), write(400*ms, "x", "3"),
		write(2200*ms, "x", "5"), read(2300*ms, "x")}
	s1 := []workload.Script{write(300*ms, "x", "2"), read(350*ms, "x"), write(2100*ms, "x", "4"), read(2300*ms, "x")}
	w := cluster(cfg, splitCut, 2500*ms, s0, s1)
	w.Inject(2000*ms, n1, Promote{})
	res := w.Run()
	for _, line := range Story(res) {
		t.Log(line)
	}
	mustHold(t, res)
	rs := roles(res, n1)
	for _, r := range rs {
		if r.Role == RolePrimary && r.At < 2000*ms {
			t.Errorf("n1 became primary at %v, before the operator acted", r.At)
		}
	}
	if last := rs[len(rs)-1]; last.Role != RolePrimary || last.Epoch != 2 || last.Cause != CauseOperator {
		t.Errorf("n1 ends as %+v, want primary of epoch 2 by the operator", last)
	}
	h := workload.History(res)
	if op := h[slices.IndexFunc(h, func(op check.Op) bool { return op.Value == "2" })]; op.Outcome == check.OK {
		t.Errorf("c1's write during the partition succeeded: %+v", op)
	}
	if got, want := reads(res), []string{"c0@350ms=1", "c0@2300ms=5", "c1@2300ms=5"}; !slices.Equal(got[len(got)-2:], want[1:]) || got[0] != want[0] {
		t.Errorf("reads = %v, want %v (plus c1's delayed read)", got, want)
	}
	for _, a := range accepts(res) {
		if (a.Value == "4" || a.Value == "5") && (a.Node != "n1" || a.Epoch != 2) {
			t.Errorf("write %s accepted by %s in epoch %d, want n1 in epoch 2", a.Value, a.Node, a.Epoch)
		}
	}
}

// Purpose: the disk keeps the epoch and the data across crash-recover. n0
// crashes, n1 takes epoch 2; n0 restarts with epoch 1 and x from its disk;
// n1 crashes after accepting y and restarts with epoch 2 and both keys, so
// the next promotion (n0's) takes epoch 3 and nothing acknowledged is lost.
func TestCrashRecoverKeepsEpoch(t *testing.T) {
	s0 := []workload.Script{write(100*ms, "x", "1"), read(1100*ms, "y")}
	s1 := []workload.Script{write(600*ms, "y", "2"), read(700*ms, "x")}
	w := cluster(*DefaultConfig(), sim.FixedLatency(10*ms), 1300*ms, s0, s1)
	w.At(300*ms, "crash", "n0", func() { w.Crash(n0, false, false) })
	w.At(500*ms, "restart", "n0", func() { w.Restart(n0) })
	w.At(800*ms, "crash", "n1", func() { w.Crash(n1, false, false) })
	w.At(850*ms, "restart", "n1", func() { w.Restart(n1) })
	res := w.Run()
	for _, line := range Story(res) {
		t.Log(line)
	}
	mustHold(t, res)
	restart := func(node sim.NodeID) RoleFact {
		rs := roles(res, node)
		i := slices.IndexFunc(rs, func(r struct {
			At time.Duration
			RoleFact
		}) bool {
			return r.Cause == CauseRestart
		})
		return rs[i].RoleFact
	}
	if f := restart(n0); f.Epoch != 1 || f.Detail != "1 key" {
		t.Errorf("n0 restarted as %+v, want epoch 1 with 1 key", f)
	}
	if f := restart(n1); f.Epoch != 2 || f.Detail != "2 keys" {
		t.Errorf("n1 restarted as %+v, want epoch 2 with 2 keys", f)
	}
	rs := roles(res, n0)
	if last := rs[len(rs)-1]; last.Role != RolePrimary || last.Epoch != 3 {
		t.Errorf("n0 ends as %+v, want primary of epoch 3", last)
	}
	if got := reads(res); !slices.Equal(got, []string{"c1@700ms=1", "c0@1100ms=2"}) {
		t.Errorf("reads = %v", got)
	}
}
