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
// and die young; the live heap is a few MB (one run per worker). What the
// collector costs a 2-worker sweep is more than its marking: with 1
// worker its goroutines get the idle processor for free, and a heap whose
// size moves from cycle to cycle makes the runtime return pages to the OS
// (madvise) and fault them back in at the next growth, in the workers'
// own time. raft-swarm with GOGC=1600 under a limit recomputed from each
// cycle's live heap took 3x the page faults with 2 workers as with 1
// (40,000 per 200 seeds) and spent ~2% of its CPU scavenging.
//
// So a sweep turns the GC percent off and collects only at a memory limit
// that never goes down while the sweep runs: after each collection it is
// raised, if needed, to sweepHeapLimit of the live heap (17x it, as
// GOGC=1600 would allow, at least sweepHeapMin; 5x once that passes
// sweepHeapCap, what GOGC=400 allowed). The heap then fills the same pages
// cycle after cycle: no scavenging, next to no page faults (tens per
// sweep). GOGC or GOMEMLIMIT set by the user win over both.
const (
	sweepGCPercent = 1600 // the growth the limit allows over the live heap
	sweepHeapMin   = 64 << 20
	sweepHeapCap   = 512 << 20
)

// sweepHeapLimit is the memory limit for a live heap of live bytes.
func sweepHeapLimit(live uint64) uint64 {
	if live > math.MaxInt64/(sweepGCPercent/100+1) {
		return math.MaxInt64
	}
	return max(sweepHeapMin, min(live*(sweepGCPercent/100+1), max(live*5, sweepHeapCap)))
}

// relaxGC applies the sweep's GC settings and returns the function that
// restores the old ones.
func relaxGC() func() {
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
	t := &gcTuner{old: debug.SetMemoryLimit(-1)}
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
	if limit := sweepHeapLimit(live); limit > t.limit {
		t.limit = limit
		debug.SetMemoryLimit(int64(limit))
	}
	return true
}
