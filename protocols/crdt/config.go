package crdt

import (
	"fmt"
	"time"

	"simrun/workload"
)

// Increment is one scripted read-modify-write: at At (simulated time since
// the start), server Node adds Delta to its own entry (P for a positive delta, N for a negative one).
type Increment struct {
	At    time.Duration `yaml:"at"`
	Node  string        `yaml:"node"`
	Delta int64         `yaml:"delta"`
}

// Config is the workload and the gossip rate a scenario sets.
type Config struct {
	// Increments is the script, in any order; increment k (from 1) is
	// named "ik" in facts and reports.
	Increments []Increment `yaml:"increments"`
	// GossipInterval is how often a replica pushes its whole state to every
	// peer, on top of pushing it after each increment; 0 disables it.
	GossipInterval time.Duration `yaml:"gossip_interval"`
	// Servers is the number of servers; set by New, not by scenarios.
	Servers int `yaml:"-"`
}

// DefaultConfig gossips every 100ms (ten one-way delays at the usual
// 10ms links) and scripts no increments.
func DefaultConfig() *Config { return &Config{GossipInterval: 100 * time.Millisecond} }

// incrementsMax bounds the script: each increment is a few events.
const incrementsMax = 10_000

// Validate reports the first impossible setting, naming its yaml key.
func (c *Config) Validate() error {
	if c.GossipInterval < 0 {
		return fmt.Errorf("gossip_interval: must be >= 0 (got %v)", c.GossipInterval)
	}
	if len(c.Increments) > incrementsMax {
		return fmt.Errorf("increments: at most %d (got %d)", incrementsMax, len(c.Increments))
	}
	servers := c.Servers
	if servers == 0 {
		servers = 64 // the scenario limit; New checks the real count
	}
	for i, inc := range c.Increments {
		idx, ok := workload.ServerIndex(inc.Node)
		switch {
		case inc.At < 0:
			return fmt.Errorf("increments[%d].at: must be >= 0 (got %v)", i, inc.At)
		case !ok || idx >= servers:
			return fmt.Errorf("increments[%d].node: %q is not a server (servers are n0..n%d)", i, inc.Node, servers-1)
		case inc.Delta == 0:
			return fmt.Errorf("increments[%d].delta: must not be 0", i)
		}
	}
	return nil
}
