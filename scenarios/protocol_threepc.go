package scenarios

import (
	"simrun/protocols/threepc"
	"simrun/sim"
)

// Three-phase commit (3pc-* scenarios): n0 coordinates, the servers named in
// each transaction's writes take part.
func init() {
	Register(Protocol{
		Name:      "threepc",
		NewConfig: func() Config { return threepc.DefaultConfig() },
		Checks:    threepc.Checks,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return threepc.New(*cfg.(*threepc.Config), servers)
		},
		Check: threepc.Check,
		Story: threepc.Story,
	})
}
