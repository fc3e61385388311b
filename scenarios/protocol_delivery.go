package scenarios

import (
	"simrun/protocols/delivery"
	"simrun/sim"
)

// Delivery guarantees (at-least-once-duplicates, exactly-once-dedup,
// corrupt-link, corrupt-link-checksum): n0 is the counter, the other
// servers send it increments.
func init() {
	Register(Protocol{
		Name:      "delivery",
		NewConfig: func() Config { return delivery.DefaultConfig() },
		Checks:    delivery.Checks,
		Build: func(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
			return delivery.New(*cfg.(*delivery.Config), servers)
		},
		Check: delivery.Check,
		Story: delivery.Story,
	})
}
