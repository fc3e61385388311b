package delivery

import (
	"fmt"
	"time"
)

// Delivery modes, as scenario files spell them.
const (
	// AtMostOnce sends each request once: a loss loses it, nothing is
	// applied twice.
	AtMostOnce = "at-most-once"
	// AtLeastOnce retransmits until acknowledged and applies whatever
	// arrives: a lost Ack makes a retransmission apply twice.
	AtLeastOnce = "at-least-once"
	// ExactlyOnce retransmits until acknowledged and deduplicates by
	// request id: applied once each, provided messages are what they claim.
	ExactlyOnce = "exactly-once"
)

// Channels, as scenario files spell them.
const (
	// Plain trusts every message as delivered: payload and sender.
	Plain = "plain"
	// Authenticated checks a MAC over payload and sender and drops what
	// fails, turning an arbitrary link into a fair-loss one.
	Authenticated = "authenticated"
)

// Config holds the variants a scenario toggles.
type Config struct {
	// Mode is AtMostOnce, AtLeastOnce or ExactlyOnce.
	Mode string `yaml:"mode"`
	// Channel is Plain or Authenticated.
	Channel string `yaml:"channel"`
	// Requests is how many increments each sender issues.
	Requests int `yaml:"requests"`
	// Interval separates a sender's increments; the first goes at Interval.
	Interval time.Duration `yaml:"interval"`
	// Retransmit is how long a sender waits for an Ack before resending.
	Retransmit time.Duration `yaml:"retransmit"`
	// MaxSends bounds transmissions per request, so a dead counter cannot
	// keep a run busy forever (every loop has a bound).
	MaxSends int `yaml:"max_sends"`
}

// DefaultConfig: exactly once over a plain channel, 10 increments per
// sender 20ms apart, retransmission after 50ms (a few round trips of a
// 10ms link), at most 100 sends each.
func DefaultConfig() *Config {
	return &Config{Mode: ExactlyOnce, Channel: Plain, Requests: 10, Interval: 20 * time.Millisecond,
		Retransmit: 50 * time.Millisecond, MaxSends: 100}
}

// Validate reports the first impossible setting, naming its yaml key.
func (c *Config) Validate() error {
	switch {
	case c.Mode != AtMostOnce && c.Mode != AtLeastOnce && c.Mode != ExactlyOnce:
		return fmt.Errorf("mode: must be %s, %s or %s (got %q)", AtMostOnce, AtLeastOnce, ExactlyOnce, c.Mode)
	case c.Channel != Plain && c.Channel != Authenticated:
		return fmt.Errorf("channel: must be %s or %s (got %q)", Plain, Authenticated, c.Channel)
	case c.Requests < 0 || c.Requests > 10_000:
		return fmt.Errorf("requests: must be in 0..10000 (got %d)", c.Requests)
	case c.Interval <= 0:
		return fmt.Errorf("interval: must be > 0 (got %v)", c.Interval)
	case c.Retransmit <= 0:
		return fmt.Errorf("retransmit: must be > 0 (got %v)", c.Retransmit)
	case c.MaxSends < 1 || c.MaxSends > 1000:
		return fmt.Errorf("max_sends: must be in 1..1000 (got %d)", c.MaxSends)
	}
	return nil
}

// retransmits says whether senders resend unacknowledged requests.
func (c *Config) retransmits() bool { return c.Mode != AtMostOnce }

// dedups says whether the counter suppresses repeats of a request. At most
// once needs it too, against the link's own duplicates.
func (c *Config) dedups() bool { return c.Mode != AtLeastOnce }
