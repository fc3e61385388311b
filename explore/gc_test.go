package explore

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestSweepHeapLimit checks the limit's regimes: the per-worker floor
// (capped), 17x the live heap, and 5x past the cap.
func TestSweepHeapLimit(t *testing.T) {
	for _, c := range []struct {
		live    uint64
		workers int
		want    uint64
	}{
		{0, 1, sweepHeapPerWorker},
		{1 << 20, 2, 2 * sweepHeapPerWorker}, // small live heap: the floor, per worker
		{1 << 20, 0, sweepHeapPerWorker},     // at least one worker's
		{12 << 20, 1, 17 * 12 << 20},         // GC percent 1600
		{50 << 20, 1, sweepHeapCap},          // capped
		{400 << 20, 1, 5 * 400 << 20},        // GOGC=400's 5x past the cap
		{math.MaxUint64, 1, math.MaxInt64},   // no overflow
		{1 << 20, 64, sweepHeapCap},          // the floor is capped
		{1 << 20, math.MaxInt, sweepHeapCap}, // without overflowing
	} {
		if got := sweepHeapLimit(c.live, c.workers); got != c.want {
			t.Errorf("sweepHeapLimit(%d, %d) = %d, want %d", c.live, c.workers, got, c.want)
		}
	}
}

// TestSweepRestoresGC checks that a sweep's GC settings (the GC percent
// off, collections at a memory limit raised with the live heap) hold only
// while it runs, and that a tuner firing after the sweep changes nothing.
func TestSweepRestoresGC(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT set: the sweep leaves the GC alone")
	}
	percent, limit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
	debug.SetGCPercent(percent)
	restore := relaxGC(2)
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GC percent during a sweep = %d, want -1 (off)", got)
	}
	if got := debug.SetMemoryLimit(-1); got < 2*sweepHeapPerWorker {
		t.Errorf("memory limit during a 2-worker sweep = %d, want at least %d", got, 2*sweepHeapPerWorker)
	}
	restore()
	(&gcTuner{stopped: true}).adjust()
	if got := debug.SetGCPercent(percent); got != percent {
		t.Errorf("GC percent after the sweep = %d, want %d", got, percent)
	}
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after the sweep = %d, want %d", got, limit)
	}
	sweep(t, Options{Base: load(t, "split-brain"), Seeds: Range{1, 20}, Workers: 2})
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit after Sweep = %d, want %d", got, limit)
	}
}

// TestSweepLimitOnlyRises checks that the tuner raises the limit to what
// the live heap needs and never lowers it during a sweep: a limit that
// followed the live heap down made the runtime hand pages back to the OS
// and fault them in again, in the workers' time.
func TestSweepLimitOnlyRises(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)

	const high = 8 << 30
	debug.SetMemoryLimit(high)
	if !(&gcTuner{limit: high}).adjust() {
		t.Fatal("a running tuner's adjust returned false")
	}
	if got := debug.SetMemoryLimit(-1); got != high {
		t.Errorf("limit after adjust = %d, want it left at %d (never lowered)", got, high)
	}

	tuner := &gcTuner{workers: 1}
	tuner.adjust()
	raised := debug.SetMemoryLimit(-1)
	if raised < sweepHeapPerWorker || uint64(raised) != tuner.limit {
		t.Errorf("limit after the first adjust = %d (tuner says %d), want at least %d", raised, tuner.limit, sweepHeapPerWorker)
	}
}
