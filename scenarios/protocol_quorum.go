package scenarios

import (
	"simrun/protocols/quorum"
	"simrun/sim"
)

// Dynamo-style leaderless quorums (package quorum), registered one layer
// above the protocol as DESIGN.md's layering asks.
func init() {
	Register(Protocol{
		Name:      "quorum",
		NewConfig: func() Config { return quorum.DefaultConfig() },
		Checks:    quorum.Checks,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return quorum.New(*cfg.(*quorum.Config), servers)
		},
		Check: quorum.Check,
		Story: quorum.Story,
	})
}
