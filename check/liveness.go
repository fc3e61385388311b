package check

import (
	"fmt"
	"time"

	"simrun/sim"
)

// LastFault is the time of the last fault-schedule action in a run (a heal,
// a restart, a resume...), or 0 when the schedule was empty: the moment
// from which a correct protocol owes progress.
func LastFault(obs []sim.Observed) time.Duration {
	var last time.Duration
	for _, o := range obs {
		if o.Kind == sim.KindFault {
			last = max(last, o.Time)
		}
	}
	return last
}

// Liveness (name "liveness", not a safety check: a failure is
// "no-progress") says whether some client operation completed OK within
// bound after `after` (usually LastFault). A run that ends before
// after+bound is judged on what it had: it must have progressed by its end.
func Liveness(h History, after, bound time.Duration) Result {
	deadline := after + bound
	for _, op := range h.Sorted() {
		if op.Outcome == OK && op.Complete >= after && op.Complete <= deadline {
			return Result{Name: "liveness", OK: true, Detail: fmt.Sprintf(
				"progress after the last fault at %s: %s %s %s ok at %s (bound %s)",
				Millis(after), op.Client, op.Kind, op.Key, Millis(op.Complete), Millis(bound))}
		}
	}
	return Result{Name: "liveness", OK: false, Detail: fmt.Sprintf(
		"no client operation succeeded between the last fault at %s and %s (%d operations recorded)",
		Millis(after), Millis(deadline), len(h))}
}
