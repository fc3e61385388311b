package scenarios

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Rendering faults back to YAML lets tools outside the loader (the swarm
// generator, the shrinker in package explore) build a variant of a scenario
// as an override, `--set faults=[...]`, so that every variant goes through
// the same strict validation as a hand-written file and its Source stays a
// file a person can read and replay.

// YAML renders the fault as one YAML flow mapping, in the schema's own
// words, e.g. {at: 100ms, crash: n0, restart_after: 1s}. Loading it back
// gives the same Fault (the round trip is tested). A partition of explicit
// groups is written with every group listed, including the group of
// members the file left out, which loads to the same groups.
func (f Fault) YAML() string {
	var b strings.Builder
	b.WriteString("{at: " + durationYAML(f.At) + ", ")
	switch f.Kind {
	case FaultPartition:
		b.WriteString("partition: " + f.Partition.yaml())
	case FaultCut:
		fmt.Fprintf(&b, "cut: {from: %s, to: %s}", nameYAML(f.Cut.From), nameYAML(f.Cut.To))
	case FaultHeal:
		b.WriteString("heal: {}")
	case FaultCrash:
		b.WriteString(f.Crash.yaml())
	case FaultPause:
		fmt.Fprintf(&b, "pause: %s, for: %s", nameYAML(f.Pause.Node), durationYAML(f.Pause.For))
	case FaultClock:
		fmt.Fprintf(&b, "clock: %s, skew: %s, drift_ppm: %s", nameYAML(f.Clock.Node),
			durationYAML(f.Clock.Skew), strconv.FormatFloat(f.Clock.DriftPPM, 'f', -1, 64))
	case FaultByzantine:
		fmt.Fprintf(&b, "byzantine: %s, behaviour: %s", nameYAML(f.Byzantine.Node), nameYAML(f.Byzantine.Behaviour))
	case FaultOperator:
		fmt.Fprintf(&b, "operator: {node: %s, command: %s}", nameYAML(f.Operator.Node), nameYAML(f.Operator.Command))
	}
	b.WriteString("}")
	return b.String()
}

// FaultsYAML renders a fault schedule as one YAML flow list, on one line,
// as an override value takes it: "faults=" + FaultsYAML(list). An empty
// schedule is "[]".
func FaultsYAML(faults []Fault) string {
	parts := make([]string, len(faults))
	for i, f := range faults {
		parts[i] = f.YAML()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// yaml renders the payload of a crash with its options.
func (c *Crash) yaml() string {
	s := "crash: " + nameYAML(c.Node)
	if c.RestartAfter > 0 {
		s += ", restart_after: " + durationYAML(c.RestartAfter)
		if c.LoseUnsynced {
			s += ", lose_unsynced: true"
		}
		if c.Wipe {
			s += ", wipe: true"
		}
	}
	return s
}

// yaml renders the one shape of a partition.
func (p *Partition) yaml() string {
	switch p.Shape {
	case ShapeGroups:
		groups := make([]string, len(p.Groups))
		for i, g := range p.Groups {
			names := make([]string, len(g))
			for j, n := range g {
				names[j] = nameYAML(n)
			}
			groups[i] = "[" + strings.Join(names, ", ") + "]"
		}
		return "{groups: [" + strings.Join(groups, ", ") + "]}"
	case ShapeIsolate, ShapeBridge:
		return "{" + string(p.Shape) + ": " + nameYAML(p.Node) + "}"
	}
	return "{" + string(p.Shape) + ": true}"
}

// durationYAML renders a duration as the loader parses it (Go's syntax,
// which time.ParseDuration reads back exactly).
func durationYAML(d time.Duration) string { return d.String() }

// plainName is what may stay unquoted in a flow collection without YAML
// reading it as something else (a number, a bool, null, an indicator).
var plainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// nameYAML renders a member, behaviour or command name, quoting anything
// YAML could misread (true, null, 1e3, names with spaces or commas).
func nameYAML(s string) string {
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~":
		return strconv.Quote(s)
	}
	if plainName.MatchString(s) {
		return s
	}
	return strconv.Quote(s)
}
