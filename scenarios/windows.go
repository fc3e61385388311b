package scenarios

import (
	"simrun/faults"
	"simrun/sim"
)

// FaultWindows lists when each of the scenario's faults was in force, as
// faults.Schedule.Windows computes them, with node names resolved the way
// a run resolves them (servers first, then clients). Reports shade these
// windows under their plots, so a reader sees at a glance which outage
// lines up with which fault. It needs no protocol: an operator command is
// an instant whose text names the command instead of its message.
func (s *Scenario) FaultWindows() []faults.Window {
	ids := members{}
	for i, name := range s.Nodes {
		ids[name] = sim.NodeID(i)
	}
	for i, name := range s.Clients {
		ids[name] = sim.NodeID(len(s.Nodes) + i)
	}
	name := func(id sim.NodeID) string { return nameOf(s, id) }
	var sched faults.Schedule
	for _, f := range s.Faults {
		a := faults.Action{At: f.At, Kind: faults.Kind(f.Kind)}
		switch f.Kind {
		case FaultPartition:
			p, err := partition(s, f.Partition, ids, name)
			if err != nil {
				// Only a hand-built Scenario can hold a bad shape; the
				// window still shows when the fault began.
				a.Text = f.String()
			}
			a.Partition = p
		case FaultCut:
			a.Kind = faults.KindPartition
			a.Partition = faults.OneWay(ids[f.Cut.From], ids[f.Cut.To], name)
		case FaultCrash:
			a.Node, a.RestartAfter, a.LoseUnsynced, a.Wipe = ids[f.Crash.Node], f.Crash.RestartAfter, f.Crash.LoseUnsynced, f.Crash.Wipe
		case FaultPause:
			a.Node, a.For = ids[f.Pause.Node], f.Pause.For
		case FaultClock:
			a.Node, a.Skew, a.DriftPPM = ids[f.Clock.Node], f.Clock.Skew, int64(f.Clock.DriftPPM)
		case FaultByzantine:
			a.Node, a.Behaviour = ids[f.Byzantine.Node], f.Byzantine.Behaviour
		case FaultOperator:
			a.Node, a.Text = ids[f.Operator.Node], f.String()
		}
		sched = append(sched, a)
	}
	return sched.Windows(name)
}
