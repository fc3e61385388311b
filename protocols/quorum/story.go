package quorum

import (
	"fmt"
	"strings"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// storyRequestsMax bounds how many coordinated requests the story tells one
// by one: a story is read, not searched.
const storyRequestsMax = 12

// Story tells, in time order, what each coordinator did with its requests
// (which replicas answered with which versions, what was repaired), which
// replicas took a read repair, and crashes; then one line per anti-entropy
// session that found differences and a line totalling the rest.
func Story(res sim.Result) []string {
	var lines []string
	requests := 0
	for _, o := range res.Observations {
		switch d := o.Data.(type) {
		case CoordFact:
			if o.Kind == KindCoord {
				requests++
				if requests <= storyRequestsMax {
					lines = append(lines, stamp(res, o)+coordLine(d))
				}
			}
		case ApplyFact:
			if o.Kind == KindApply && d.Source == SourceRepair && d.From != nameOf(res, o.Node) {
				lines = append(lines, stamp(res, o)+fmt.Sprintf("takes %s=%s (%s) from %s by read repair, replacing %s",
					d.Key, shown(d.E.Value), d.E.Ver, d.From, d.Prev))
			}
		default:
			if o.Kind == sim.KindCrash {
				lines = append(lines, stamp(res, o)+"crashes")
			}
		}
	}
	if requests > storyRequestsMax {
		lines = append(lines, fmt.Sprintf("... and %d more requests coordinated", requests-storyRequestsMax))
	}
	return append(lines, aeLines(Sessions(res))...)
}

func stamp(res sim.Result, o sim.Observed) string {
	return "t=" + check.Millis(o.Time) + " " + nameOf(res, o.Node) + " "
}

// coordLine tells one answered request.
func coordLine(f CoordFact) string {
	if f.Op == workload.OpWrite {
		return fmt.Sprintf("acks %s's write %s=%s as version %s once %s held it",
			f.Client, f.Key, f.E.Value, f.E.Ver, strings.Join(f.Seen, ", "))
	}
	line := fmt.Sprintf("answers %s's read of %s with %s (%s) from %s",
		f.Client, f.Key, shown(f.E.Value), f.E.Ver, strings.Join(f.Seen, ", "))
	if len(f.Repaired) > 0 {
		line += "; read-repairs " + strings.Join(f.Repaired, ", ")
	}
	return line
}

// aeLines tells the anti-entropy sessions that found differences, then a
// total for the run.
func aeLines(sessions []check.AESession) []string {
	var lines []string
	total := 0
	for _, s := range sessions {
		total += s.Bytes
		if s.Leaves > 0 {
			lines = append(lines, fmt.Sprintf("t=%s anti-entropy session %s: %d differing leaves, %d entries sent, %d bytes vs %d for a full sync",
				check.Millis(s.Start), s.ID, s.Leaves, s.Entries, s.Bytes, s.FullBytes))
		}
	}
	if len(sessions) > 0 {
		lines = append(lines, fmt.Sprintf("anti-entropy: %d sessions, %d found differences, %d bytes in all",
			len(sessions), len(lines), total))
	}
	return lines
}
