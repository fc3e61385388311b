package scenarios

import (
	"simrun/protocols/raft"
	"simrun/sim"
)

// Raft is registered here, one layer above it, so that the protocol does
// not import this package (DESIGN.md's layering).
func init() {
	Register(Protocol{
		Name:       "raft",
		NewConfig:  func() Config { return raft.DefaultConfig() },
		Checks:     raft.Checks,
		Behaviours: raft.Behaviours,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return raft.New(*cfg.(*raft.Config), servers)
		},
		Commands: raft.Commands,
		Check:    raft.Check,
		Story:    raft.Story,
		Command:  raft.Command,
	})
}
