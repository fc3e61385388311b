package explore

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// BenchmarkSweep sweeps the same seeds with 1 worker and with 2, so one
// `go test -bench Sweep ./explore` shows how throughput scales with cores
// (2 workers should give 1.8x or more on 2 idle cores). Each iteration
// runs both sweeps, each into a fresh directory, fsyncs included, in
// alternating order, so a noisy neighbour or a drifting clock slows both
// alike. It reports seeds/s with 1 worker (seeds/s-1w) and with 2
// (seeds/s-2w), and speedup, their ratio. SIMRUN_BENCH_SCENARIO picks the
// scenario (default split-brain; or raft-swarm), SIMRUN_BENCH_SWARM=1
// adds --swarm, SIMRUN_BENCH_SEEDS sets the seeds per sweep (default 400;
// a slow scenario wants fewer).
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
	var elapsed [3]time.Duration // by workers
	sweep := func(workers int) {
		dir := b.TempDir()
		start := time.Now()
		rep, err := Sweep(b.Context(), Options{Base: base, Seeds: Range{1, seeds}, Workers: workers, Swarm: swarm, Dir: dir})
		elapsed[workers] += time.Since(start)
		if err != nil || uint64(len(rep.Records)) != seeds {
			b.Fatalf("sweep with %d workers: %v (%d records)", workers, err, len(rep.Records))
		}
	}
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			sweep(1)
			sweep(2)
		} else {
			sweep(2)
			sweep(1)
		}
		i++
	}
	rate := func(workers int) float64 { return float64(seeds) * float64(i) / elapsed[workers].Seconds() }
	b.ReportMetric(rate(1), "seeds/s-1w")
	b.ReportMetric(rate(2), "seeds/s-2w")
	b.ReportMetric(rate(2)/rate(1), "speedup")
}
