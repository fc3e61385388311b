package faults

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Latency distributions by name, as scenarios spell them (Latency.Dist).
const (
	// Constant is a fixed delay: a lab network, or a test that wants
	// exact times.
	Constant = "constant"
	// Uniform jitters between two bounds: the simplest way to reorder.
	Uniform = "uniform"
	// Normal clusters around a mean: a steady network with noise.
	Normal = "normal"
	// Exponential models queueing: most messages fast, some slow.
	Exponential = "exponential"
	// Pareto is a power-law tail: rare, very late messages that make
	// timeouts fire spuriously.
	Pareto = "pareto"
	// Lognormal is the long tail measured in real datacentres, set by its
	// own mean and standard deviation.
	Lognormal = "lognormal"
)

// paretoCapFactor bounds a Pareto sample to this many times its scale when
// no Max is given: a tail with no cap could schedule a delivery past any
// deadline and make a run's length meaningless.
const paretoCapFactor = 1000

// maxDelay bounds every sample so a float never overflows a Duration; it
// is about 146 years of simulated time.
const maxDelay = time.Duration(1 << 62)

// Latency is a one-way message delay distribution. Which fields mean what
// depends on Dist, so a scenario can name a shape in a few numbers:
//
//	constant     Mean
//	uniform      Min..Max, inclusive
//	normal       Mean, StdDev; clamped to [Min, Max] (Max 0 = no cap), never < 0
//	exponential  Min + an exponential part of mean Mean-Min (so the mean is Mean); Max caps
//	pareto       Min * U^(-1/Alpha) (Min is the scale, Alpha the shape); Max caps, default 1000*Min
//	lognormal    the log-normal whose own mean and standard deviation are Mean and StdDev; clamped to [Min, Max]
//
// The zero Latency (Dist "") is constant 0. Fields a shape does not use
// must be zero, so a typo in a scenario is an error, not a silent default.
type Latency struct {
	Dist   string
	Mean   time.Duration
	Min    time.Duration
	Max    time.Duration
	StdDev time.Duration
	Alpha  float64
}

// Sample draws one delay. It is never negative. It makes one call on r
// for every shape but constant, which makes none (that call may consume
// several words of r internally, always the same for the same seed).
func (l Latency) Sample(r *rand.Rand) time.Duration {
	switch l.Dist {
	case "", Constant:
		return max(l.Mean, 0)
	case Uniform:
		return l.Min + time.Duration(r.Int64N(int64(l.Max-l.Min)+1))
	case Normal:
		return l.clamp(float64(l.Mean) + float64(l.StdDev)*r.NormFloat64())
	case Exponential:
		return l.clamp(float64(l.Min) + float64(l.Mean-l.Min)*r.ExpFloat64())
	case Pareto:
		u := 1 - r.Float64() // in (0,1]: never divides by zero
		return l.clamp(float64(l.Min) * math.Pow(u, -1/l.Alpha))
	case Lognormal:
		return l.clamp(l.lognormal(r.NormFloat64()))
	}
	panic(fmt.Sprintf("faults: Sample of invalid latency %q (call Validate first)", l.Dist))
}

// lognormal maps a standard normal draw z to the log-normal whose mean and
// standard deviation are Mean and StdDev: sigma² = ln(1 + s²/m²) and
// mu = ln m − sigma²/2.
func (l Latency) lognormal(z float64) float64 {
	m, s := float64(l.Mean), float64(l.StdDev)
	sigma2 := math.Log1p((s / m) * (s / m))
	mu := math.Log(m) - sigma2/2
	return math.Exp(mu + math.Sqrt(sigma2)*z)
}

// clamp turns a float sample into a Duration within [max(Min,0), cap],
// where cap is Max, or paretoCapFactor*Min for an uncapped Pareto.
func (l Latency) clamp(f float64) time.Duration {
	hi := maxDelay
	switch {
	case l.Max > 0:
		hi = l.Max
	case l.Dist == Pareto && l.Min < maxDelay/paretoCapFactor:
		hi = l.Min * paretoCapFactor
	}
	lo := max(l.Min, 0)
	if math.IsNaN(f) || f < float64(lo) {
		return lo
	}
	if f >= float64(hi) {
		return hi
	}
	return time.Duration(f)
}

// Validate says, in a scenario author's words, why a distribution cannot
// be sampled or which field it does not use.
func (l Latency) Validate() error {
	if err := l.validateSigns(); err != nil {
		return err
	}
	need := func(ok bool, format string, args ...any) error {
		if ok {
			return nil
		}
		return fmt.Errorf("%s latency "+format, append([]any{l.Dist}, args...)...)
	}
	switch l.Dist {
	case "", Constant:
		return need(l.Min == 0 && l.Max == 0 && l.StdDev == 0 && l.Alpha == 0, "takes only mean")
	case Uniform:
		if err := need(l.Mean == 0 && l.StdDev == 0 && l.Alpha == 0, "takes only min and max"); err != nil {
			return err
		}
		return need(l.Max >= l.Min, "needs max >= min (got min %v, max %v)", l.Min, l.Max)
	case Normal, Lognormal:
		if err := need(l.Alpha == 0, "does not take alpha"); err != nil {
			return err
		}
		return need(l.Dist == Normal || l.Mean > 0, "needs mean > 0 (got %v)", l.Mean)
	case Exponential:
		if err := need(l.StdDev == 0 && l.Alpha == 0, "takes only mean, min and max"); err != nil {
			return err
		}
		return need(l.Mean > l.Min, "needs mean > min (got mean %v, min %v)", l.Mean, l.Min)
	case Pareto:
		if err := need(l.Mean == 0 && l.StdDev == 0, "takes only min (scale), alpha (shape) and max"); err != nil {
			return err
		}
		return need(l.Min > 0 && l.Alpha > 0, "needs min > 0 and alpha > 0 (got min %v, alpha %g)", l.Min, l.Alpha)
	}
	return fmt.Errorf("unknown latency distribution %q (want constant, uniform, normal, exponential, pareto or lognormal)", l.Dist)
}

// validateSigns rejects what no shape accepts: negative durations, a cap
// below the floor, a NaN or infinite shape.
func (l Latency) validateSigns() error {
	for _, f := range []struct {
		name string
		v    time.Duration
	}{{"mean", l.Mean}, {"min", l.Min}, {"max", l.Max}, {"stddev", l.StdDev}} {
		if f.v < 0 || f.v > maxDelay {
			return fmt.Errorf("latency %s must be in [0, %v] (got %v)", f.name, maxDelay, f.v)
		}
	}
	if math.IsNaN(l.Alpha) || math.IsInf(l.Alpha, 0) || l.Alpha < 0 {
		return fmt.Errorf("latency alpha must be a finite number >= 0 (got %g)", l.Alpha)
	}
	if l.Max > 0 && l.Max < l.Min {
		return fmt.Errorf("latency max %v is below min %v", l.Max, l.Min)
	}
	return nil
}

// String renders the distribution the way stories and reports print it:
// "constant 10ms", "uniform [5ms,15ms]", "normal mean=10ms sd=2ms".
func (l Latency) String() string {
	var s string
	switch l.Dist {
	case "", Constant:
		return fmt.Sprintf("constant %v", l.Mean)
	case Uniform:
		return fmt.Sprintf("uniform [%v,%v]", l.Min, l.Max)
	case Normal, Lognormal:
		s = fmt.Sprintf("%s mean=%v sd=%v", l.Dist, l.Mean, l.StdDev)
		if l.Min > 0 {
			s += fmt.Sprintf(" min=%v", l.Min)
		}
	case Exponential:
		s = fmt.Sprintf("exponential mean=%v", l.Mean)
		if l.Min > 0 {
			s += fmt.Sprintf(" min=%v", l.Min)
		}
	case Pareto:
		s = fmt.Sprintf("pareto min=%v alpha=%g", l.Min, l.Alpha)
		if l.Max == 0 {
			s += fmt.Sprintf(" max=%v", l.Min*paretoCapFactor)
		}
	default:
		return fmt.Sprintf("invalid latency %q", l.Dist)
	}
	if l.Max > 0 {
		s += fmt.Sprintf(" max=%v", l.Max)
	}
	return s
}
