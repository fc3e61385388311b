package twogenerals

import (
	"fmt"
	"strconv"
	"strings"

	"simrun/check"
	"simrun/sim"
)

// Check runs agreement: both generals decided, and decided the same.
func Check(res sim.Result, names []string) []check.Result {
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		if name != CheckAgreement {
			out = append(out, check.Result{Name: name, Detail: fmt.Sprintf(
				"twogenerals has no check %q (it has: %s)", name, strings.Join(Checks, ", "))})
			continue
		}
		out = append(out, agreement(res))
	}
	return out
}

// agreement compares the two decisions.
func agreement(res sim.Result) check.Result {
	r := check.Result{Name: CheckAgreement, Safety: true}
	var said []string
	var attacks []bool
	for _, o := range res.Observations {
		if d, ok := o.Data.(DecideFact); ok && o.Kind == KindDecide {
			said = append(said, fmt.Sprintf("%s %s (%d of %d messages)", nameOf(res, o.Node), verb(d.Attack), d.Got, d.Expected))
			attacks = append(attacks, d.Attack)
		}
	}
	switch {
	case len(attacks) != 2:
		r.Detail = fmt.Sprintf("%d of 2 generals decided", len(attacks))
	case attacks[0] != attacks[1]:
		r.Detail = "one general attacks alone: " + strings.Join(said, ", ")
	default:
		r.OK = true
		r.Detail = "both decided the same: " + strings.Join(said, ", ")
	}
	return r
}

func verb(attack bool) string {
	if attack {
		return "attacks"
	}
	return "holds back"
}

// Story tells the search, each message sent or lost, and the decisions.
func Story(res sim.Result) []string {
	var lines []string
	for _, o := range res.Observations {
		at := "t=" + check.Millis(o.Time) + " " + nameOf(res, o.Node) + " "
		switch d := o.Data.(type) {
		case SearchFact:
			lines = append(lines, fmt.Sprintf("the explorer tried all %d drop schedules: both attack in %d, neither in %d, one alone in %d; the first of those drops %s, and this run plays it",
				d.Schedules, d.Both, d.Neither, d.Alone, messageList(d.Drop)))
		case MessageFact:
			if o.Kind == KindLost {
				lines = append(lines, at+fmt.Sprintf("sends message %d; the link loses it", d.N))
			} else {
				lines = append(lines, at+fmt.Sprintf("sends message %d (%s)", d.N, meaning(d.N)))
			}
		case DecideFact:
			lines = append(lines, at+fmt.Sprintf("%s: %d of the %d messages it expected arrived", verb(d.Attack), d.Got, d.Expected))
		}
	}
	return lines
}

func meaning(n int) string {
	if n == 1 {
		return `"attack at dawn"`
	}
	return "acknowledges message " + strconv.Itoa(n-1)
}

func messageList(ns []int) string {
	if len(ns) == 0 {
		return "nothing"
	}
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return "message " + strings.Join(parts, ", ")
}

func nameOf(res sim.Result, id sim.NodeID) string {
	if id >= 0 && int(id) < len(res.Names) {
		return res.Names[id]
	}
	return "operator"
}
