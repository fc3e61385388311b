package twogenerals

import (
	"time"

	"simrun/sim"
)

// Outcome is one explored schedule and what the generals decided.
type Outcome struct {
	Drop             []int
	AttackA, AttackB bool
}

// Explore runs the protocol once per subset of the messages dropped, in
// order of the bitmask (bit i-1 drops message i), and reports each
// decision pair. Every run is a real simulation with 10ms links.
func Explore(cfg Config) []Outcome {
	k := cfg.Messages
	out := make([]Outcome, 0, 1<<k)
	for mask := 0; mask < 1<<k; mask++ {
		c := cfg
		c.Search, c.Drop = false, nil
		for i := 1; i <= k; i++ {
			if mask&(1<<(i-1)) != 0 {
				c.Drop = append(c.Drop, i)
			}
		}
		w := sim.New(sim.Config{Seed: 1, Deadline: c.DecideAt + time.Millisecond, MaxEvents: 10_000,
			Network: sim.FixedLatency(10 * time.Millisecond)})
		f := New(c, []sim.NodeID{0, 1})
		w.AddNode("n0", sim.Server, f)
		w.AddNode("n1", sim.Server, f)
		a, b := decisions(w.Run())
		out = append(out, Outcome{Drop: c.Drop, AttackA: a, AttackB: b})
	}
	return out
}

// summarize counts the outcomes and picks the first disagreement.
func summarize(cfg Config, outs []Outcome) SearchFact {
	f := SearchFact{Schedules: len(outs)}
	for _, o := range outs {
		switch {
		case o.AttackA && o.AttackB:
			f.Both++
		case !o.AttackA && !o.AttackB:
			f.Neither++
		default:
			f.Alone++
			if f.Drop == nil {
				f.Drop = o.Drop
			}
		}
	}
	return f
}

// decisions reads A's and B's choices (false if one never decided).
func decisions(res sim.Result) (a, b bool) {
	for _, o := range res.Observations {
		if d, ok := o.Data.(DecideFact); ok && o.Kind == KindDecide {
			if o.Node == 0 {
				a = d.Attack
			} else {
				b = d.Attack
			}
		}
	}
	return a, b
}
