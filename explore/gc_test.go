package explore

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestSweepRestoresGC checks that a sweep's GC settings (a high GC
// percent under a memory limit that follows the live heap) hold only
// while it runs, and that a tuner firing after the sweep changes nothing.
// TestSweepHeapLimit checks the limit's three regimes.
func TestSweepHeapLimit(t *testing.T) {
	for _, c := range []struct{ live, want uint64 }{
		{0, sweepHeapMin},
		{1 << 20, sweepHeapMin},         // small live heap: the minimum
		{8 << 20, 17 * 8 << 20},         // GC percent 1600
		{50 << 20, sweepHeapCap},        // capped
		{400 << 20, 5 * 400 << 20},      // GOGC=400's 5x past the cap
		{math.MaxUint64, math.MaxInt64}, // no overflow
	} {
		if got := sweepHeapLimit(c.live); got != c.want {
			t.Errorf("sweepHeapLimit(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}

func TestSweepRestoresGC(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT set: the sweep leaves the GC alone")
	}
	percent, limit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
	debug.SetGCPercent(percent)
	restore := relaxGC()
	if got := debug.SetGCPercent(sweepGCPercent); got != sweepGCPercent {
		t.Errorf("GC percent during a sweep = %d, want %d", got, sweepGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got < sweepHeapMin {
		t.Errorf("memory limit during a sweep = %d, want at least %d", got, sweepHeapMin)
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
