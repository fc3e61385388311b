package primarybackup

import (
	"fmt"
	"time"
)

// Failover modes, as scenario files spell them.
const (
	// FailoverAuto: a backup promotes itself after FailoverTimeout without
	// hearing its primary. Available, and unsafe under partitions.
	FailoverAuto = "auto"
	// FailoverManual: only the operator's Promote command promotes a backup.
	// Safe, and unavailable until someone acts.
	FailoverManual = "manual"
)

// Config holds the variants a scenario toggles.
type Config struct {
	// Heartbeat is how often a primary tells the backups it is alive.
	Heartbeat time.Duration `yaml:"heartbeat"`
	// Failover is FailoverAuto or FailoverManual.
	Failover string `yaml:"failover"`
	// FailoverTimeout is, with auto failover, the silence after which a
	// backup promotes itself; with manual failover, how long an operator's
	// promotion waits for the other servers to acknowledge their fencing
	// before it goes ahead anyway (the operator vouches the old primary is
	// dead, which is why a person is asked).
	FailoverTimeout time.Duration `yaml:"failover_timeout"`
}

// DefaultConfig is the split-brain scenario's setting: heartbeats every
// 50ms, automatic failover after 150ms (three missed heartbeats).
func DefaultConfig() *Config {
	return &Config{Heartbeat: 50 * time.Millisecond, Failover: FailoverAuto, FailoverTimeout: 150 * time.Millisecond}
}

// Validate reports the first impossible setting, naming its yaml key, so a
// scenario file's author can find it.
func (c *Config) Validate() error {
	switch {
	case c.Heartbeat <= 0:
		return fmt.Errorf("heartbeat: must be > 0 (got %v)", c.Heartbeat)
	case c.Failover != FailoverAuto && c.Failover != FailoverManual:
		return fmt.Errorf("failover: must be %s or %s (got %q)", FailoverAuto, FailoverManual, c.Failover)
	case c.FailoverTimeout <= 0:
		return fmt.Errorf("failover_timeout: must be > 0 (got %v)", c.FailoverTimeout)
	case c.Failover == FailoverAuto && c.FailoverTimeout <= c.Heartbeat:
		return fmt.Errorf("failover_timeout: must exceed heartbeat %v with automatic failover, or every heartbeat's delay causes a failover (got %v)",
			c.Heartbeat, c.FailoverTimeout)
	}
	return nil
}
