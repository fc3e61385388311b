package scenarios

import (
	"simrun/protocols/tcc"
	"simrun/sim"
)

// Try-confirm-cancel (tcc-* scenarios): n0 coordinates, the services named in
// each transaction's writes take part.
func init() {
	Register(Protocol{
		Name:      "tcc",
		NewConfig: func() Config { return tcc.DefaultConfig() },
		Checks:    tcc.Checks,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return tcc.New(*cfg.(*tcc.Config), servers)
		},
		Check: tcc.Check,
		Story: tcc.Story,
	})
}
