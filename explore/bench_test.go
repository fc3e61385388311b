package explore

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// BenchmarkSweep sweeps the same seeds with 1 worker and with 2, so one
// `go test -bench Sweep ./explore` shows how throughput scales with cores
// (2 workers should give 1.8x or more on 2 idle cores). Each iteration is
// a whole sweep into a fresh directory, fsyncs included, and the metric is
// seeds/s. SIMRUN_BENCH_SCENARIO picks the scenario (default split-brain;
// or raft-swarm), SIMRUN_BENCH_SWARM=1 adds --swarm, SIMRUN_BENCH_SEEDS
// sets the seeds per sweep (default 400; a slow scenario wants fewer).
func BenchmarkSweep(b *testing.B) {
	name := os.Getenv("SIMRUN_BENCH_SCENARIO")
	if name == "" {
		name = "split-brain"
	}
	base := load(b, name)
	swarm := os.Getenv("SIMRUN_BENCH_SWARM") == "1"
	seeds := uint64(400)
	if n, err := strconv.ParseUint(os.Getenv("SIMRUN_BENCH_SEEDS"), 10, 64); err == nil && n > 0 {
		seeds = n
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			var elapsed time.Duration
			for b.Loop() {
				dir := b.TempDir()
				start := time.Now()
				rep, err := Sweep(b.Context(), Options{Base: base, Seeds: Range{1, seeds}, Workers: workers, Swarm: swarm, Dir: dir})
				elapsed += time.Since(start)
				if err != nil || uint64(len(rep.Records)) != seeds {
					b.Fatalf("sweep: %v (%d records)", err, len(rep.Records))
				}
			}
			b.ReportMetric(float64(seeds)*float64(b.N)/elapsed.Seconds(), "seeds/s")
		})
	}
}
