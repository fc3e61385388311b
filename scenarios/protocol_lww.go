package scenarios

import (
	"simrun/protocols/lww"
	"simrun/sim"
)

// Last-writer-wins counter (lww-clock-skew): every server is a replica and
// takes the increments its script names.
func init() {
	Register(Protocol{
		Name:      "lww",
		NewConfig: func() Config { return lww.DefaultConfig() },
		Checks:    lww.Checks,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return lww.New(*cfg.(*lww.Config), servers)
		},
		Check: lww.Check,
		Story: lww.Story,
	})
}
