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
// and die young. What a collection costs the workers depends on the live
// heap: while the collector marks, every worker pays write barriers and
// assists, and with 1 worker the collector's goroutines get the idle
// processor for free, so frequent marking makes 2 workers look worse
// than 1. raft-swarm (a few MB live) ran ~12% more CPU per seed with 2
// workers at GOGC=400 and scaled ~1.55x; at 1600, ~1.8x. split-brain
// (under 1 MB live) marks almost nothing, but a heap grown past GOGC=400's
// 16 MB minimum costs it cache: 1.78x at 400, 1.6x at 800 or 1600.
//
// So a sweep lets the heap grow to sweepGCPercent over the live heap, but
// through a memory limit recomputed after each collection no higher than
// sweepHeapMin while the live heap is small, and, once 5x the live heap
// passes sweepHeapCap, no higher than that 5x (what GOGC=400 allowed: a
// sweep with a large live heap collects no more often, and holds no more
// memory, than it did). GOGC or GOMEMLIMIT set by the user win over both.
const (
	sweepGCPercent = 1600
	sweepHeapMin   = 32 << 20
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
	oldPercent := debug.SetGCPercent(sweepGCPercent)
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() { debug.SetGCPercent(oldPercent) }
	}
	t := &gcTuner{old: debug.SetMemoryLimit(-1)}
	t.adjust()
	t.arm()
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.stopped = true
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(t.old)
	}
}

// gcTuner keeps the memory limit at sweepHeapLimit of the live heap,
// re-reading the live heap after each collection.
type gcTuner struct {
	mu      sync.Mutex
	stopped bool
	old     int64 // the memory limit before the sweep
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

// adjust sets the limit from the live heap; false once the sweep ended.
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
	limit := sweepHeapLimit(live)
	debug.SetMemoryLimit(int64(limit))
	return true
}
