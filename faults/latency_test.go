package faults

import (
	"math"
	"strings"
	"testing"
	"time"

	"simrun/sim"
)

const draws = 20_000

// stats samples l draws times from a fixed stream and summarises in ms.
func stats(t *testing.T, l Latency) (mean, sd, lo, hi float64) {
	t.Helper()
	if err := l.Validate(); err != nil {
		t.Fatalf("%v: %v", l, err)
	}
	r := sim.NewStream(42, "test")
	lo, hi = math.Inf(1), math.Inf(-1)
	var sum, sq float64
	for range draws {
		d := l.Sample(r)
		if d < 0 {
			t.Fatalf("%v sampled a negative delay %v", l, d)
		}
		ms := float64(d) / float64(time.Millisecond)
		sum, sq = sum+ms, sq+ms*ms
		lo, hi = min(lo, ms), max(hi, ms)
	}
	mean = sum / draws
	return mean, math.Sqrt(sq/draws - mean*mean), lo, hi
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.4f, want %.4f ± %.4f", what, got, want, tol)
	}
}

// TestLatencyDistributions checks each shape's sample mean, spread and
// bounds over 20k draws against its closed form, and that none is negative.
func TestLatencyDistributions(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		l             Latency
		mean, sd, tol float64 // mean -1 and sd 0 are unchecked; sd gets 10% slack
		lo, hi        float64 // inclusive bounds every sample must respect
	}{
		{Latency{Dist: Constant, Mean: 10 * ms}, 10, 0, 0, 10, 10},
		{Latency{}, 0, 0, 0, 0, 0},
		{Latency{Dist: Uniform, Min: 5 * ms, Max: 15 * ms}, 10, 10 / math.Sqrt(12), 0.1, 5, 15},
		{Latency{Dist: Normal, Mean: 10 * ms, StdDev: 2 * ms}, 10, 2, 0.1, 0, math.Inf(1)},
		{Latency{Dist: Normal, Mean: 10 * ms, StdDev: 2 * ms, Min: 9 * ms, Max: 11 * ms}, 10, 0, 0.1, 9, 11},
		{Latency{Dist: Exponential, Mean: 10 * ms}, 10, 10, 0.3, 0, math.Inf(1)},
		{Latency{Dist: Exponential, Mean: 10 * ms, Min: 2 * ms}, 10, 8, 0.3, 2, math.Inf(1)},
		// alpha 3: mean = alpha*min/(alpha-1) = 1.5ms, sd = sqrt(0.75)ms.
		{Latency{Dist: Pareto, Min: ms, Alpha: 3}, 1.5, 0, 0.05, 1, 1000},
		{Latency{Dist: Pareto, Min: ms, Alpha: 0.5, Max: 5 * ms}, -1, 0, 0, 1, 5},
		{Latency{Dist: Lognormal, Mean: 10 * ms, StdDev: 5 * ms}, 10, 5, 0.2, 0, math.Inf(1)},
	}
	for _, c := range cases {
		mean, sd, lo, hi := stats(t, c.l)
		if c.mean >= 0 {
			near(t, c.l.String()+" mean", mean, c.mean, max(c.tol, 1e-9))
		}
		if c.sd > 0 {
			near(t, c.l.String()+" sd", sd, c.sd, c.sd/10)
		}
		if lo < c.lo || hi > c.hi {
			t.Errorf("%v: samples in [%g,%g]ms, want within [%g,%g]", c.l, lo, hi, c.lo, c.hi)
		}
	}
}

// TestNormalTruncatedAtZero checks that a normal whose mass reaches below
// zero is clamped to 0 rather than producing negative delays (stats fails
// on any negative), and that the clamp is actually exercised.
func TestNormalTruncatedAtZero(t *testing.T) {
	l := Latency{Dist: Normal, Mean: time.Millisecond, StdDev: 5 * time.Millisecond}
	_, _, lo, _ := stats(t, l)
	if lo != 0 {
		t.Errorf("lowest sample %gms, want the clamp at 0 to be hit", lo)
	}
}

// TestParetoDefaultCap checks that an uncapped heavy tail stops at
// 1000*Min, so one sample cannot outlast any deadline.
func TestParetoDefaultCap(t *testing.T) {
	l := Latency{Dist: Pareto, Min: time.Millisecond, Alpha: 0.2}
	_, _, _, hi := stats(t, l)
	if hi != 1000 {
		t.Errorf("highest sample %gms, want the 1000ms cap to be hit", hi)
	}
}

// TestConstantDrawsNothing checks that a constant latency leaves the
// stream untouched, so a reliable constant link shifts no other draw.
func TestConstantDrawsNothing(t *testing.T) {
	a, b := sim.NewStream(1, "x"), sim.NewStream(1, "x")
	Latency{Dist: Constant, Mean: time.Second}.Sample(a)
	if a.Uint64() != b.Uint64() {
		t.Error("constant latency consumed randomness")
	}
}

// TestLatencyValidate checks that each malformed distribution is rejected
// with words that name the problem, and that String renders shapes.
func TestLatencyValidate(t *testing.T) {
	ms := time.Millisecond
	bad := map[string]Latency{
		"unknown latency distribution": {Dist: "gamma"},
		"takes only mean":              {Dist: Constant, Mean: ms, StdDev: ms},
		"needs max >= min":             {Dist: Uniform, Min: 5 * ms},
		"max 4ms is below min 5ms":     {Dist: Normal, Min: 5 * ms, Max: 4 * ms},
		"takes only min and max":       {Dist: Uniform, Mean: ms, Max: ms},
		"must be in [0,":               {Dist: Normal, Mean: -ms},
		"needs mean > min":             {Dist: Exponential, Mean: ms, Min: ms},
		"needs min > 0 and alpha > 0":  {Dist: Pareto, Min: ms},
		"alpha must be a finite":       {Dist: Pareto, Min: ms, Alpha: math.NaN()},
		"lognormal latency needs mean": {Dist: Lognormal, StdDev: ms},
		"does not take alpha":          {Dist: Normal, Mean: ms, Alpha: 1},
	}
	for want, l := range bad {
		err := l.Validate()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate(%+v) = %v, want an error containing %q", l, err, want)
		}
	}
	strs := map[string]Latency{
		"constant 10ms":                        {Dist: Constant, Mean: 10 * ms},
		"uniform [5ms,15ms]":                   {Dist: Uniform, Min: 5 * ms, Max: 15 * ms},
		"normal mean=10ms sd=2ms":              {Dist: Normal, Mean: 10 * ms, StdDev: 2 * ms},
		"exponential mean=10ms min=1ms":        {Dist: Exponential, Mean: 10 * ms, Min: ms},
		"pareto min=1ms alpha=1.5 max=1s":      {Dist: Pareto, Min: ms, Alpha: 1.5},
		"lognormal mean=10ms sd=5ms max=100ms": {Dist: Lognormal, Mean: 10 * ms, StdDev: 5 * ms, Max: 100 * ms},
	}
	for want, l := range strs {
		if got := l.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}
