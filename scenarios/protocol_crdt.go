package scenarios

import (
	"simrun/protocols/crdt"
	"simrun/sim"
)

// PN-counter CRDT (crdt-counter): every server is a replica and takes
// the increments its script names.
func init() {
	Register(Protocol{
		Name:      "crdt",
		NewConfig: func() Config { return crdt.DefaultConfig() },
		Checks:    crdt.Checks,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return crdt.New(*cfg.(*crdt.Config), servers)
		},
		Check: crdt.Check,
		Story: crdt.Story,
	})
}
