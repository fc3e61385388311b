package faults

import (
	"time"

	"simrun/sim"
)

// Install schedules every action of s on w with World.At, each as a control
// event whose trace kind is the action's Kind and whose detail is its
// Describe. A crash-recover also schedules the restart, a pause its
// resume, a timed Byzantine fault its end. Partition and heal act on net,
// which may be nil only if s has neither. It panics on a schedule that
// Validate rejects: scenarios validate before they build a run.
func Install(w *sim.World, net *Network, s Schedule) {
	if err := s.Validate(w.NodeCount()); err != nil {
		panic("faults: Install: " + err.Error())
	}
	for _, a := range s {
		if (a.Kind == KindPartition || a.Kind == KindHeal) && net == nil {
			panic("faults: Install: a " + string(a.Kind) + " needs a *Network")
		}
		install(w, net, a)
	}
}

// install schedules one action (and its end, if it has one).
func install(w *sim.World, net *Network, a Action) {
	kind, desc, node := string(a.Kind), a.Describe(w.Name), w.Name(a.Node)
	switch a.Kind {
	case KindPartition:
		w.At(a.At, kind, desc, func() { net.Apply(a.Partition) })
	case KindHeal:
		w.At(a.At, kind, desc, net.Heal)
	case KindCrash:
		w.At(a.At, kind, desc, func() { w.Crash(a.Node, a.LoseUnsynced, a.Wipe) })
		if a.RestartAfter > 0 {
			w.At(a.At+a.RestartAfter, "restart", "restart "+node, func() { w.Restart(a.Node) })
		}
	case KindPause:
		w.At(a.At, kind, desc, func() { w.Pause(a.Node) })
		w.At(a.At+a.For, "resume", "resume "+node, func() { w.Resume(a.Node) })
	case KindClock:
		w.At(a.At, kind, desc, func() { w.SetClock(a.Node, a.Skew, a.DriftPPM) })
	case KindByzantine:
		w.At(a.At, kind, desc, func() { w.SetByzantine(a.Node, a.Behaviour, true) })
		if a.For > 0 {
			w.At(a.At+a.For, kind, "byzantine "+node+" "+a.Behaviour+" off",
				func() { w.SetByzantine(a.Node, a.Behaviour, false) })
		}
	case KindOperator:
		// The control line says who commanded what; the delivery follows
		// it at the same instant, since it was queued after it.
		w.At(a.At, kind, desc, func() {})
		w.Inject(a.At, a.Node, a.Command)
	}
}

// Open marks a Window still in force when the run ends.
const Open time.Duration = -1

// Window is the interval during which one fault was in force, for the
// shaded bands of a plot and the "while n0 was partitioned" of a story.
type Window struct {
	Kind Kind
	// Start is when the fault began; End when it ended, or Open.
	// Invariant: End == Open || End >= Start.
	Start, End time.Duration
	Text       string
}

// Windows lists when each fault was in force, ordered by start: a
// partition until the next heal, a crash until its restart, a pause for
// its For, a clock change until the next one on the same node, a
// Byzantine behaviour for its For; an operator command is an instant.
// Heals make no window of their own. Open means to the end of the run.
func (s Schedule) Windows(name func(sim.NodeID) string) []Window {
	order := s.order()
	out := make([]Window, 0, len(s))
	for pos, i := range order {
		a := s[i]
		end := Open
		switch a.Kind {
		case KindHeal:
			continue
		case KindPartition:
			end = s.next(order[pos+1:], func(b Action) bool { return b.Kind == KindHeal })
		case KindClock:
			end = s.next(order[pos+1:], func(b Action) bool { return b.Kind == KindClock && b.Node == a.Node })
		case KindCrash:
			end = a.ended(a.RestartAfter)
		case KindPause, KindByzantine:
			end = a.ended(a.For)
		case KindOperator:
			end = a.At
		}
		out = append(out, Window{Kind: a.Kind, Start: a.At, End: end, Text: a.Describe(name)})
	}
	return out
}

// next returns the time of the first action among idx that ends the
// current one, or Open if none does.
func (s Schedule) next(idx []int, ends func(Action) bool) time.Duration {
	for _, j := range idx {
		if ends(s[j]) {
			return s[j].At
		}
	}
	return Open
}

// ended is At+d for a fault that lasts d, or Open when d is 0 (for good).
func (a Action) ended(d time.Duration) time.Duration {
	if d > 0 {
		return a.At + d
	}
	return Open
}
