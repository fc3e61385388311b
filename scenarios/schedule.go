package scenarios

import (
	"fmt"

	"simrun/faults"
	"simrun/sim"
)

// schedule turns the scenario's fault list into the faults package's
// schedule, resolving names to node IDs and shapes to cuts.
func schedule(s *Scenario, p Protocol, ids members) (faults.Schedule, error) {
	name := func(id sim.NodeID) string { return nameOf(s, id) }
	var out faults.Schedule
	for i, f := range s.Faults {
		a := faults.Action{At: f.At, Kind: faults.Kind(f.Kind)}
		var err error
		switch f.Kind {
		case FaultPartition:
			a.Partition, err = partition(s, f.Partition, ids, name)
		case FaultCut:
			a.Kind = faults.KindPartition
			a.Partition = faults.OneWay(ids[f.Cut.From], ids[f.Cut.To], name)
		case FaultHeal:
		case FaultCrash:
			a.Node, a.RestartAfter, a.LoseUnsynced, a.Wipe = ids[f.Crash.Node], f.Crash.RestartAfter, f.Crash.LoseUnsynced, f.Crash.Wipe
		case FaultPause:
			a.Node, a.For = ids[f.Pause.Node], f.Pause.For
		case FaultClock:
			a.Node, a.Skew, a.DriftPPM = ids[f.Clock.Node], f.Clock.Skew, int64(f.Clock.DriftPPM)
		case FaultByzantine:
			a.Node, a.Behaviour = ids[f.Byzantine.Node], f.Byzantine.Behaviour
		case FaultOperator:
			a.Node = ids[f.Operator.Node]
			a.Command, err = p.Command(f.Operator.Command)
		default:
			err = fmt.Errorf("unknown fault kind %q", f.Kind)
		}
		if err != nil {
			return nil, &Error{File: s.File, Field: fmt.Sprintf("faults[%d].%s", i, f.Kind), Msg: err.Error()}
		}
		out = append(out, a)
	}
	return out, nil
}

// partition resolves one partition shape.
func partition(s *Scenario, p *Partition, ids members, name func(sim.NodeID) string) (faults.Partition, error) {
	servers := idsOf(s.Nodes, ids)
	all := append(idsOf(s.Nodes, ids), idsOf(s.Clients, ids)...)
	switch p.Shape {
	case ShapeGroups:
		groups := make([][]sim.NodeID, len(p.Groups))
		for i, g := range p.Groups {
			groups[i] = idsOf(g, ids)
		}
		return faults.Groups(all, groups, name), nil
	case ShapeIsolate:
		return faults.Isolate(all, ids[p.Node], name), nil
	case ShapeHalves:
		return faults.Halves(servers, idsOf(s.Clients, ids), idsOf(s.Workload.Home, ids), name), nil
	case ShapeMajorityRing:
		return faults.MajorityRing(servers, name)
	case ShapeBridge:
		return faults.Bridge(servers, ids[p.Node], name), nil
	}
	return faults.Partition{}, fmt.Errorf("unknown partition shape %q", p.Shape)
}

func idsOf(names []string, ids members) []sim.NodeID {
	out := make([]sim.NodeID, len(names))
	for i, n := range names {
		out[i] = ids[n]
	}
	return out
}

// nameOf is the inverse of the ID assignment in populate: servers first,
// then clients.
func nameOf(s *Scenario, id sim.NodeID) string {
	i := int(id)
	switch {
	case i >= 0 && i < len(s.Nodes):
		return s.Nodes[i]
	case i >= len(s.Nodes) && i < len(s.Nodes)+len(s.Clients):
		return s.Clients[i-len(s.Nodes)]
	}
	return fmt.Sprintf("node%d", i)
}
