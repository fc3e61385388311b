package workload

import (
	"errors"
	"fmt"
	"math"
	"time"

	"simrun/sim"
)

// retriesMax bounds retransmissions per operation: a client that retries
// forever would keep a run busy without end (TigerBeetle's "limit
// everything").
const retriesMax = 1000

// ClientConfig is one client's behaviour. A client always starts with its
// Home server, so a scenario decides which side of a partition it sits on.
type ClientConfig struct {
	Home    sim.NodeID    // the server it sends to first
	Timeout time.Duration // per attempt; > 0
	Retries int           // retransmissions (and redirects) after the first send; 0..retriesMax
	Script  []Script
	Random  *Random // nil: no random operations
}

// Validate reports the first impossible setting. It is an error, not a panic,
// because configurations come from scenario files written by people.
func (c ClientConfig) Validate() error {
	if c.Home < 0 {
		return fmt.Errorf("home: node %d is not a server", c.Home)
	}
	if c.Timeout <= 0 {
		return fmt.Errorf("timeout: must be > 0 (got %v)", c.Timeout)
	}
	if c.Retries < 0 || c.Retries > retriesMax {
		return fmt.Errorf("retries: must be in 0..%d (got %d)", retriesMax, c.Retries)
	}
	for i, s := range c.Script {
		if err := s.validate(); err != nil {
			return fmt.Errorf("script[%d]: %w", i, err)
		}
	}
	if c.Random != nil {
		if err := c.Random.validate(); err != nil {
			return fmt.Errorf("random: %w", err)
		}
	}
	return nil
}

func (s Script) validate() error {
	switch {
	case s.At < 0:
		return fmt.Errorf("at: must be >= 0 (got %v)", s.At)
	case s.Op != OpRead && s.Op != OpWrite:
		return fmt.Errorf("op: must be read or write (got %q)", s.Op)
	case s.Key == "":
		return errors.New("key: must not be empty")
	case s.Op == OpWrite && s.Value == "":
		return errors.New(`value: a write needs a value ("" means absent)`)
	case s.Op == OpRead && s.Value != "":
		return fmt.Errorf("value: a read takes no value (got %q)", s.Value)
	}
	return nil
}

func (r Random) validate() error {
	switch {
	case !(r.Rate > 0) || math.IsInf(r.Rate, 0):
		return fmt.Errorf("rate: must be a positive number of ops per second (got %v)", r.Rate)
	case r.Keys <= 0:
		return fmt.Errorf("keys: must be > 0 (got %d)", r.Keys)
	case !(r.ReadFraction >= 0 && r.ReadFraction <= 1):
		return fmt.Errorf("read_fraction: must be in [0, 1] (got %v)", r.ReadFraction)
	case r.Start < 0:
		return fmt.Errorf("start: must be >= 0 (got %v)", r.Start)
	case r.Stop != 0 && r.Stop <= r.Start:
		return fmt.Errorf("stop: must be after start %v (got %v)", r.Start, r.Stop)
	}
	return nil
}
