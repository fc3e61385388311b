package scenarios

import (
	"simrun/protocols/twopc"
	"simrun/sim"
)

// Two-phase commit (2pc-* scenarios): n0 coordinates, the servers named in
// each transaction's writes take part.
func init() {
	Register(Protocol{
		Name:      "twopc",
		NewConfig: func() Config { return twopc.DefaultConfig() },
		Checks:    twopc.Checks,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return twopc.New(*cfg.(*twopc.Config), servers)
		},
		Check: twopc.Check,
		Story: twopc.Story,
	})
}
