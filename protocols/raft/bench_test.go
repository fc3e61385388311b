package raft

import (
	"fmt"
	"testing"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Benchmark shape (issue 3): 5 nodes, 100 client operations per simulated
// second, one simulated hour, on the kernel's fixed 10 ms links. The load
// comes from 10 open-loop clients at 10 ops/s each (one client cannot do
// 100 ops/s: it keeps one operation outstanding and each takes about two
// round trips).
const (
	benchNodes   = 5
	benchClients = 10
	benchRate    = 100.0 // ops per simulated second, all clients together
	benchSimTime = time.Hour
)

// runSteady builds and runs one steady-state World and returns its result.
func runSteady(seed uint64) sim.Result {
	w := sim.New(sim.Config{Seed: seed, Deadline: benchSimTime, MaxEvents: 1 << 40})
	servers := make([]sim.NodeID, benchNodes)
	for i := range servers {
		servers[i] = sim.NodeID(i)
	}
	factory := New(*DefaultConfig(), servers)
	for i := range servers {
		w.AddNode(fmt.Sprintf("n%d", i), sim.Server, factory)
	}
	for i := 0; i < benchClients; i++ {
		cfg := workload.ClientConfig{Home: servers[i%benchNodes], Timeout: 500 * time.Millisecond, Retries: 5,
			Random: &workload.Random{Rate: benchRate / benchClients, Keys: 100, ReadFraction: 0.5}}
		w.AddNode(fmt.Sprintf("c%d", i), sim.Client, workload.NewClient(cfg))
	}
	return w.Run()
}

// BenchmarkRaftSteady measures simulated seconds per wall second
// ("xrealtime") of a healthy 5-node cluster under steady load, and checks
// that the load was really served.
func BenchmarkRaftSteady(b *testing.B) {
	b.ReportAllocs()
	var events int64
	for i := 0; i < b.N; i++ {
		res := runSteady(uint64(i + 1))
		if res.End != sim.EndDeadline {
			b.Fatalf("run ended by %s at %v", res.End, res.Now)
		}
		events += res.Events
		if i == 0 {
			if ok := completedOK(res); ok < int(benchRate*benchSimTime.Seconds()*0.9) {
				b.Fatalf("only %d operations completed ok in %v", ok, benchSimTime)
			}
		}
	}
	wall := b.Elapsed().Seconds()
	b.ReportMetric(benchSimTime.Seconds()*float64(b.N)/wall, "xrealtime")
	b.ReportMetric(float64(events)/wall, "events/s")
}

// completedOK counts the client operations that completed OK.
func completedOK(res sim.Result) int {
	n := 0
	for _, o := range res.Observations {
		if c, ok := o.Data.(workload.Completed); ok && o.Kind == workload.KindComplete && c.Outcome == check.OK {
			n++
		}
	}
	return n
}
