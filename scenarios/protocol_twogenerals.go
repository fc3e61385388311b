package scenarios

import (
	"simrun/protocols/twogenerals"
	"simrun/sim"
)

// The two generals (two-generals): n0 is general A, n1 general B; Build
// may run the protocol's own explorer over drop schedules first.
func init() {
	Register(Protocol{
		Name:      "twogenerals",
		NewConfig: func() Config { return twogenerals.DefaultConfig() },
		Checks:    twogenerals.Checks,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return twogenerals.New(*cfg.(*twogenerals.Config), servers)
		},
		Check: twogenerals.Check,
		Story: twogenerals.Story,
	})
}
