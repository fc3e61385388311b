package scenarios

import (
	"simrun/protocols/primarybackup"
	"simrun/sim"
)

// The catalogue's protocols are registered here, one layer above them, so
// that no protocol imports this package (DESIGN.md's layering).
func init() {
	Register(Protocol{
		Name:      "primarybackup",
		NewConfig: func() Config { return primarybackup.DefaultConfig() },
		Checks:    primarybackup.Checks,
		Commands:  primarybackup.Commands,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return primarybackup.New(*cfg.(*primarybackup.Config), servers)
		},
		Check:   primarybackup.Check,
		Story:   primarybackup.Story,
		Command: primarybackup.Command,
	})
}
