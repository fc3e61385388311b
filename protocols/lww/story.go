package lww

import (
	"fmt"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Story tells the run: each increment with what it read and the stamp its
// replica's clock gave it, each clock fault, each write a replica
// discarded and why, and what every replica holds at the end. Writes kept
// are left out (they are the normal case); discards are the news.
func Story(res sim.Result) []string {
	var lines []string
	for _, o := range res.Observations {
		at := "t=" + check.Millis(o.Time) + " " + nameOf(res, o.Node) + " "
		switch f := o.Data.(type) {
		case IncrementFact:
			read := "the initial 0"
			if f.Read != "" {
				read = fmt.Sprintf("%d (%s, stamped %s)", f.ReadValue, f.Read, check.Millis(f.ReadStamp))
			}
			lines = append(lines, fmt.Sprintf("%sincrement %s (%+d): reads %s, writes %d stamped %s by its clock",
				at, f.ID, f.Delta, read, f.Value, check.Millis(f.Stamp)))
		case ApplyFact:
			if !f.Kept {
				from := "from " + f.From
				if f.From == nameOf(res, o.Node) {
					from = "its own"
				}
				lines = append(lines, fmt.Sprintf("%sdiscards write %s (%s): it holds %s, and LWW keeps the larger stamp",
					at, regString(f.Write), from, regString(f.Held)))
			}
		default:
			if line, ok := workload.CounterStoryLine(res, o); ok {
				lines = append(lines, line)
			}
		}
	}
	for _, f := range finalRegisters(res) {
		lines = append(lines, fmt.Sprintf("end: %s holds %s", f.Node, regString(f.Last)))
	}
	return lines
}
