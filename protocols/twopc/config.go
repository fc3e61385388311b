package twopc

import (
	"fmt"
	"time"

	"simrun/workload"
)

// Config holds the transactions and the variants a scenario toggles.
type Config struct {
	// Transactions is the script the coordinators run.
	Transactions []workload.Txn `yaml:"transactions"`
	// VoteNoProbability is the chance that a participant votes No on any
	// Prepare (drawn from its own random stream), [0,1].
	VoteNoProbability float64 `yaml:"vote_no_probability"`
	// VoteTimeout is how long a coordinator collects votes before it
	// aborts.
	VoteTimeout time.Duration `yaml:"vote_timeout"`
	// ParticipantTimeout is how long a participant that voted Yes waits
	// for the decision before it asks the others (and again between tries).
	ParticipantTimeout time.Duration `yaml:"participant_timeout"`
	// Resend is how often a coordinator resends a decision not yet acked.
	Resend time.Duration `yaml:"resend"`
	// LockWait is how long a Prepare whose key is locked waits for the
	// lock before the participant votes No; 0 votes No at once.
	LockWait time.Duration `yaml:"lock_wait"`
	// NaiveUnilateralAbort makes a participant abort on its own when its
	// ParticipantTimeout expires: the shortcut that breaks atomicity.
	NaiveUnilateralAbort bool `yaml:"naive_unilateral_abort"`
	// Servers is the number of servers; set by Build, not by scenarios.
	Servers int `yaml:"-"`
}

// DefaultConfig: 100ms timeouts (ten one-way delays), resend every 100ms,
// no lock waiting, the correct cooperative protocol, no transactions.
func DefaultConfig() *Config {
	return &Config{VoteTimeout: 100 * time.Millisecond, ParticipantTimeout: 100 * time.Millisecond,
		Resend: 100 * time.Millisecond}
}

// Validate reports the first impossible setting, naming its yaml key.
// Server names in the transactions are checked against Servers only when
// it is set (Build sets it).
func (c *Config) Validate() error {
	switch {
	case c.VoteNoProbability < 0 || c.VoteNoProbability > 1:
		return fmt.Errorf("vote_no_probability: must be in [0,1] (got %v)", c.VoteNoProbability)
	case c.VoteTimeout <= 0:
		return fmt.Errorf("vote_timeout: must be > 0 (got %v)", c.VoteTimeout)
	case c.ParticipantTimeout <= 0:
		return fmt.Errorf("participant_timeout: must be > 0 (got %v)", c.ParticipantTimeout)
	case c.Resend <= 0:
		return fmt.Errorf("resend: must be > 0 (got %v)", c.Resend)
	case c.LockWait < 0:
		return fmt.Errorf("lock_wait: must be >= 0 (got %v)", c.LockWait)
	}
	servers := c.Servers
	if servers == 0 {
		servers = 64 // the scenario limit; Build checks the real count
	}
	return workload.ValidateTxns(c.Transactions, servers)
}

// ValidateNodes checks the transaction script against the real cluster
// (Validate alone cannot see it), so a transaction naming n5 in a
// 4-node scenario fails to load instead of panicking in New.
func (c Config) ValidateNodes(nodes []string) error {
	c.Servers = len(nodes)
	return c.Validate()
}
