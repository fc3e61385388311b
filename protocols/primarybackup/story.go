package primarybackup

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// storyListMax bounds how many changes or writes one story line lists
// before it summarises the rest as a count: a story is read, not searched.
const storyListMax = 3

// Story tells who was primary when and why, in a few readable lines: role
// changes and crashes in time order ("t=210ms n1 promotes itself: primary
// (epoch 2) after 150ms without a heartbeat"), whole-state replacements
// (where acknowledged writes vanish), then one line per tenure that
// accepted writes.
func Story(res sim.Result) []string {
	var lines []string
	prev := map[sim.NodeID]string{} // node -> last role reported; lookups only
	var acc acceptLog
	obs := res.Observations
	for i := 0; i < len(obs); i++ {
		o := obs[i]
		switch d := o.Data.(type) {
		case RoleFact:
			if o.Kind == KindRole {
				lines = append(lines, roleLine(stamp(res, o), d, prev[o.Node]))
				prev[o.Node] = d.Role
			}
		case AcceptFact:
			if o.Kind == KindAccept {
				acc.add(nameOf(res, o.Node), o.Time, d)
			}
		case ApplyFact:
			if o.Kind == KindApply && (d.Source == SourceSync || d.Source == SourceHandover) {
				var line string
				line, i = replaceLine(res, i)
				lines = append(lines, line)
			}
		default:
			if _, server := prev[o.Node]; server && o.Kind == sim.KindCrash {
				lines = append(lines, crashLine(stamp(res, o), o.Data))
			}
		}
	}
	lines = append(lines, acc.lines()...)
	return append(lines, LatencyLine(res))
}

// LatencyLine is the story's last line: the latency of the writes clients
// saw acknowledged, so runs of the three replication modes can be put side
// by side ("write latency: p50 12ms, p99 40ms, max 51ms over 120
// acknowledged writes").
func LatencyLine(res sim.Result) string {
	return "write latency: " + check.WriteLatency(workload.History(res)).String()
}

// stamp begins a story line: the time and the node's name.
func stamp(res sim.Result, o sim.Observed) string {
	return "t=" + fmtMs(o.Time) + " " + nameOf(res, o.Node) + " "
}

// roleLine tells one role change; prevRole is what the node was before.
func roleLine(at string, f RoleFact, prevRole string) string {
	switch f.Cause {
	case CauseStart:
		return at + fmt.Sprintf("is %s (epoch %d)", f.Role, f.Epoch)
	case CauseRestart:
		return at + fmt.Sprintf("restarts from its disk as %s (epoch %d, %s)", f.Role, f.Epoch, f.Detail)
	case CauseTimeout:
		return at + fmt.Sprintf("promotes itself: primary (epoch %d) after %s without a heartbeat", f.Epoch, f.Detail)
	case CauseOperator:
		if f.Role == RolePromoting {
			return at + fmt.Sprintf("is told by the operator to promote: fencing the others in epoch %d", f.Epoch)
		}
		return at + fmt.Sprintf("becomes primary (epoch %d) on the operator's command: %s", f.Epoch, f.Detail)
	}
	reason := fmt.Sprintf("saw epoch %d from %s", f.Epoch, f.Detail)
	if f.Cause == CauseSameEpoch {
		reason = fmt.Sprintf("%s also holds epoch %d", f.Detail, f.Epoch)
	}
	switch prevRole {
	case RolePrimary:
		return at + "steps down: " + reason
	case RolePromoting:
		return at + "abandons its promotion: " + reason
	}
	return at + fmt.Sprintf("follows epoch %d as %s (%s)", f.Epoch, f.Role, reason)
}

func crashLine(at string, detail any) string {
	if s, ok := detail.(string); ok && s != "" {
		return at + "crashes (" + s + ")"
	}
	return at + "crashes"
}

// replaceLine tells one whole-state replacement: the run of consecutive
// applies starting at index i with the same node, time and source. It
// returns the line and the index of the run's last apply.
func replaceLine(res sim.Result, i int) (string, int) {
	obs := res.Observations
	first := obs[i].Data.(ApplyFact)
	var changes []string
	j := i
	for ; j < len(obs); j++ {
		o := obs[j]
		f, ok := o.Data.(ApplyFact)
		if !ok || o.Kind != KindApply || o.Node != obs[i].Node || o.Time != obs[i].Time || f.Source != first.Source {
			break
		}
		changes = append(changes, fmt.Sprintf("%s: %s → %s", f.Key, shown(f.Prev), shown(f.Value)))
	}
	line := stamp(res, obs[i]) + fmt.Sprintf("replaces its state with %s's (%s): %s",
		first.From, first.Source, list(changes))
	return line, j - 1
}

// shown names a value in a story, "absent" for "".
func shown(v string) string {
	if v == "" {
		return "absent"
	}
	return v
}

// list joins at most storyListMax items and counts the rest.
func list(items []string) string {
	if len(items) <= storyListMax {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:storyListMax], ", ") + fmt.Sprintf(" and %d more", len(items)-storyListMax)
}

// acceptLog groups accepted writes by tenure (node, epoch), in the order
// each tenure first accepted one.
type acceptLog struct {
	groups []acceptGroup
	index  map[string]int // "node/epoch" -> position in groups; lookups only
}

type acceptGroup struct {
	node   string
	epoch  int
	writes []string
}

func (a *acceptLog) add(node string, at time.Duration, f AcceptFact) {
	if a.index == nil {
		a.index = map[string]int{}
	}
	k := node + "/" + strconv.Itoa(f.Epoch)
	i, ok := a.index[k]
	if !ok {
		i = len(a.groups)
		a.index[k] = i
		a.groups = append(a.groups, acceptGroup{node: node, epoch: f.Epoch})
	}
	g := &a.groups[i]
	g.writes = append(g.writes, fmt.Sprintf("%s=%s at %s", f.Key, f.Value, fmtMs(at)))
}

func (a *acceptLog) lines() []string {
	var out []string
	for _, g := range a.groups {
		out = append(out, fmt.Sprintf("%s (epoch %d) accepted %s: %s", g.node, g.epoch, plural(len(g.writes), "write"), list(g.writes)))
	}
	return out
}

// fmtMs renders a time in milliseconds, the unit of every story line.
func fmtMs(d time.Duration) string { return check.Millis(d) }
