package scenarios

import (
	"simrun/protocols/paxos"
	"simrun/sim"
)

// Basic Paxos ("paxos") and Multi-Paxos ("multipaxos") live in one package
// and register as two protocols.
func init() {
	Register(Protocol{
		Name:       "paxos",
		NewConfig:  func() Config { return paxos.DefaultConfig() },
		Checks:     paxos.Checks,
		Behaviours: paxos.Behaviours,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return paxos.New(*cfg.(*paxos.Config), servers)
		},
		Check: paxos.Check,
		Story: paxos.Story,
	})
}

func init() {
	Register(Protocol{
		Name:       "multipaxos",
		NewConfig:  func() Config { return paxos.DefaultMultiConfig() },
		Checks:     paxos.MultiChecks,
		Behaviours: paxos.Behaviours,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return paxos.NewMulti(*cfg.(*paxos.MultiConfig), servers)
		},
		Check: paxos.CheckMulti,
		Story: paxos.StoryMulti,
	})
}
