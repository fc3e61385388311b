package explore

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The garbage collector's settings during a sweep. Runs allocate briskly
// (raft-swarm: ~3.7 MB a seed) and die young; the live heap is a few MB a
// worker. What a collection costs the workers is its marking, which
// grows with the live heap, times how often it runs, which falls with the
// room the heap has to grow. With 1 worker the collector's goroutines
// mostly run on the idle processor, free; with 2 they take the workers'
// time, so a tight heap makes 2 workers look worse than 1. raft-swarm's
// 1w/2w speedup (median of 20 pairs of 64-seed sweeps, GOGC=off with
// GOMEMLIMIT at each size) went 1.59 with the heap capped at 24 MiB, ~1.8
// at 64, ~1.86 at 128, ~1.9-2.0 at 256 and 512. And a heap
// whose size moves from cycle to cycle makes the runtime hand pages back
// to the OS and fault them in again at the next growth: GOGC=1600 under a
// limit recomputed from each cycle's live heap took 3x the page faults
// with 2 workers as with 1 (40,000 per 200 seeds).
//
// So a sweep turns the GC percent off and collects only at a memory limit
// that never goes down while it runs: sweepHeapPerWorker for each worker
// at least (up to sweepHeapCap: a 64-core node must not claim 8 GiB before
// its live heap asks for it), raised after a collection to 17x the live
// heap (what GOGC=1600 allows) if that is more, or to 5x once 17x passes
// sweepHeapCap (what GOGC=400 allowed). The heap then fills the same pages
// cycle after cycle: no scavenging, next to no page faults. Memory is only
// touched as runs allocate it, so a short sweep stays small. GOGC or
// GOMEMLIMIT set by the user win over both.
const (
	sweepGCPercent     = 1600 // the growth the limit allows over the live heap
	sweepHeapPerWorker = 128 << 20
	sweepHeapCap       = 512 << 20
)

// sweepHeapLimit is the memory limit for a live heap of live bytes with
// workers runs at once.
func sweepHeapLimit(live uint64, workers int) uint64 {
	if live > math.MaxInt64/(sweepGCPercent/100+1) {
		return math.MaxInt64
	}
	floor := uint64(sweepHeapCap)
	if workers < sweepHeapCap/sweepHeapPerWorker {
		floor = uint64(max(workers, 1)) * sweepHeapPerWorker
	}
	return max(floor, min(live*(sweepGCPercent/100+1), max(live*5, sweepHeapCap)))
}

// relaxGC applies the sweep's GC settings for a sweep of workers runs at
// once and returns the function that restores the old ones.
func relaxGC(workers int) func() {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		// The user's limit stays; the GC percent alone is raised.
		oldPercent := debug.SetGCPercent(sweepGCPercent)
		return func() { debug.SetGCPercent(oldPercent) }
	}
	// The limit goes first: with the GC percent off and no limit yet, the
	// heap could grow without bound in between.
	t := &gcTuner{old: debug.SetMemoryLimit(-1), workers: workers}
	t.adjust()
	oldPercent := debug.SetGCPercent(-1)
	t.arm()
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.stopped = true
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(t.old)
	}
}

// gcTuner raises the memory limit to sweepHeapLimit of the live heap,
// re-reading the live heap after each collection.
type gcTuner struct {
	mu      sync.Mutex
	stopped bool
	old     int64  // the memory limit before the sweep
	workers int    // runs at once
	limit   uint64 // the limit set; only ever raised while the sweep runs
}

// gcSentinel is garbage whose cleanup tells the tuner a collection ran.
type gcSentinel struct {
	_ *byte // a pointer keeps it out of the tiny allocator
	_ [16]byte
}

// arm allocates a sentinel that becomes garbage at once: its cleanup runs
// after the next collection, adjusts the limit and arms the next one.
func (t *gcTuner) arm() {
	runtime.AddCleanup(new(gcSentinel), func(t *gcTuner) {
		if t.adjust() {
			t.arm()
		}
	}, t)
}

// adjust raises the limit to what the live heap needs; false once the
// sweep ended.
func (t *gcTuner) adjust() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return false
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	var live uint64
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live = sample[0].Value.Uint64()
	}
	if limit := sweepHeapLimit(live, t.workers); limit > t.limit {
		t.limit = limit
		debug.SetMemoryLimit(int64(limit))
	}
	return true
}
