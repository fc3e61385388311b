package crdt

import (
	"fmt"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Story tells the run: each increment, each merge that grew a replica's
// state (with the value after), each fault, and every replica's final
// state. Merges that changed nothing are not observed at all.
func Story(res sim.Result) []string {
	var lines []string
	for _, o := range res.Observations {
		at := "t=" + check.Millis(o.Time) + " " + nameOf(res, o.Node) + " "
		switch f := o.Data.(type) {
		case IncrementFact:
			lines = append(lines, fmt.Sprintf("%sincrement %s (%+d) on its own entry: value now %d (no clock read)", at, f.ID, f.Delta, f.Value))
		case StateFact:
			if f.Cause == "merge" {
				lines = append(lines, fmt.Sprintf("%smerges %s's state (pointwise max): %s", at, f.Detail, f.State))
			}
		default:
			if line, ok := workload.CounterStoryLine(res, o); ok {
				lines = append(lines, line)
			}
		}
	}
	for _, f := range finalStates(res) {
		lines = append(lines, fmt.Sprintf("end: %s holds %s", f.Node, f.Last))
	}
	return lines
}
