package primarybackup

import (
	"slices"
	"strings"
	"testing"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

const ms = time.Millisecond

// cut is a test-only sim.Network (package faults is not ours to use here):
// a fixed 10ms link, except that from From until To every message between
// nodes on different sides is dropped. Side of a node not listed: 0.
type cut struct {
	side     map[sim.NodeID]int
	From, To time.Duration
}

func (c cut) Route(now time.Duration, from, to sim.NodeID, msg sim.Message, out []sim.Delivery) ([]sim.Delivery, string) {
	if now >= c.From && now < c.To && c.side[from] != c.side[to] {
		return out, "partition"
	}
	return sim.FixedLatency(10*ms).Route(now, from, to, msg, out)
}

// Node IDs of the test cluster: servers first, then their clients.
const (
	n0 sim.NodeID = iota
	n1
	c0
	c1
)

// splitCut is the split-brain schedule: {n0,c0} | {n1,c1} from 100 to 600.
var splitCut = cut{side: map[sim.NodeID]int{n1: 1, c1: 1}, From: 100 * ms, To: 600 * ms}

// cluster builds the two-server, two-client world every test uses: c0 sits
// with n0, c1 with n1.
func cluster(cfg Config, net sim.Network, deadline time.Duration, s0, s1 []workload.Script) *sim.World {
	w := sim.New(sim.Config{Seed: 1, Deadline: deadline, MaxEvents: 1_000_000, Network: net})
	servers := []sim.NodeID{n0, n1}
	w.AddNode("n0", sim.Server, New(cfg, servers))
	w.AddNode("n1", sim.Server, New(cfg, servers))
	client := func(home sim.NodeID, s []workload.Script) func(sim.NodeID) sim.Node {
		return workload.NewClient(workload.ClientConfig{Home: home, Timeout: 100 * ms, Retries: 2, Script: s})
	}
	w.AddNode("c0", sim.Client, client(n0, s0))
	w.AddNode("c1", sim.Client, client(n1, s1))
	return w
}

func write(at time.Duration, key, value string) workload.Script {
	return workload.Script{At: at, Op: workload.OpWrite, Key: key, Value: value}
}

func read(at time.Duration, key string) workload.Script {
	return workload.Script{At: at, Op: workload.OpRead, Key: key}
}

// reads returns what each acknowledged read returned, as "client@ms=value".
func reads(res sim.Result) []string {
	var out []string
	for _, op := range workload.History(res) {
		if op.Kind == workload.OpRead && op.Outcome == check.OK {
			out = append(out, op.Client+"@"+fmtMs(op.Invoke)+"="+op.Output)
		}
	}
	return out
}

// roles lists every role fact of a node with its time.
func roles(res sim.Result, node sim.NodeID) []struct {
	At time.Duration
	RoleFact
} {
	var out []struct {
		At time.Duration
		RoleFact
	}
	for _, o := range res.Observations {
		if f, ok := o.Data.(RoleFact); ok && o.Node == node {
			out = append(out, struct {
				At time.Duration
				RoleFact
			}{o.Time, f})
		}
	}
	return out
}

// mustHold fails the test unless every check passed.
func mustHold(t *testing.T, res sim.Result) {
	t.Helper()
	for _, r := range Check(res, Checks) {
		if !r.OK {
			t.Errorf("%s failed: %s %v", r.Name, r.Detail, r.Evidence)
		}
	}
}

func contains(lines []string, sub string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, sub) })
}
