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

// Replication modes, as scenario files spell them: when a primary
// acknowledges a client's write.
const (
	// ReplicationAsync acknowledges at once and replicates afterwards: the
	// fastest, and a primary crash loses the writes not yet shipped.
	ReplicationAsync = "async"
	// ReplicationSemiSync acknowledges once one backup has the write, so a
	// single crash loses no acknowledged write (failover must then pick that
	// backup: FailoverToMostUpToDate).
	ReplicationSemiSync = "semisync"
	// ReplicationSync acknowledges once every backup has the write: the
	// slowest, and a dead backup blocks writes until it is back.
	ReplicationSync = "sync"
)

// Failover choices: which backup takes over when several time out.
const (
	// FailoverToAny: the first backup to time out promotes itself, however
	// far behind it is (the original rule; split-brain relies on it).
	FailoverToAny = "any"
	// FailoverToMostUpToDate: a backup that times out first asks the others
	// how far they got and promotes itself only if none is ahead (ties go
	// to the lower ID), so the most up-to-date backup becomes primary.
	FailoverToMostUpToDate = "most-up-to-date"
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
	// Replication is ReplicationAsync (default; "" means it too),
	// ReplicationSemiSync or ReplicationSync.
	Replication string `yaml:"replication"`
	// ReplicationLag delays shipping each write to the backups, as a
	// replication stream that runs behind the primary does; 0 ships at once
	// (the original behaviour). Writes not yet shipped die with the primary.
	ReplicationLag time.Duration `yaml:"replication_lag"`
	// FailoverTo is FailoverToAny (default; "" means it too) or
	// FailoverToMostUpToDate; it matters only with automatic failover.
	FailoverTo string `yaml:"failover_to"`
}

// mode is the replication mode with "" read as async.
func (c *Config) mode() string {
	if c.Replication == "" {
		return ReplicationAsync
	}
	return c.Replication
}

// waitsForAcks says whether backups acknowledge Replicates: only the
// modes that hold the client's answer for them need the extra messages
// (async sends none, so its runs are unchanged).
func (c *Config) waitsForAcks() bool { return c.mode() != ReplicationAsync }

// probes says whether a timed-out backup asks the others before promoting.
func (c *Config) probes() bool { return c.FailoverTo == FailoverToMostUpToDate }

// DefaultConfig is the split-brain scenario's setting: heartbeats every
// 50ms, automatic failover after 150ms (three missed heartbeats).
func DefaultConfig() *Config {
	return &Config{Heartbeat: 50 * time.Millisecond, Failover: FailoverAuto, FailoverTimeout: 150 * time.Millisecond,
		Replication: ReplicationAsync, FailoverTo: FailoverToAny}
}

// Validate reports the first impossible setting, naming its yaml key, so a
// scenario file's author can find it.
func (c *Config) Validate() error {
	switch {
	case c.Heartbeat <= 0:
		return fmt.Errorf("heartbeat: must be > 0 (got %v)", c.Heartbeat)
	case c.Failover != FailoverAuto && c.Failover != FailoverManual:
		return fmt.Errorf("failover: must be %s or %s (got %q)", FailoverAuto, FailoverManual, c.Failover)
	case c.mode() != ReplicationAsync && c.mode() != ReplicationSemiSync && c.mode() != ReplicationSync:
		return fmt.Errorf("replication: must be %s, %s or %s (got %q)", ReplicationAsync, ReplicationSemiSync, ReplicationSync, c.Replication)
	case c.ReplicationLag < 0:
		return fmt.Errorf("replication_lag: must be >= 0 (got %v)", c.ReplicationLag)
	case c.FailoverTo != "" && c.FailoverTo != FailoverToAny && c.FailoverTo != FailoverToMostUpToDate:
		return fmt.Errorf("failover_to: must be %s or %s (got %q)", FailoverToAny, FailoverToMostUpToDate, c.FailoverTo)
	case c.FailoverTimeout <= 0:
		return fmt.Errorf("failover_timeout: must be > 0 (got %v)", c.FailoverTimeout)
	case c.Failover == FailoverAuto && c.FailoverTimeout <= c.Heartbeat:
		return fmt.Errorf("failover_timeout: must exceed heartbeat %v with automatic failover, or every heartbeat's delay causes a failover (got %v)",
			c.Heartbeat, c.FailoverTimeout)
	}
	return nil
}
