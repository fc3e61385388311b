package threepc

import (
	"fmt"
	"time"

	"simrun/workload"
)

// Config holds the transactions and the variants a scenario toggles.
//
// The timeouts must nest for the crash-only guarantee: a participant's
// timeout (counted from its vote) must outlast the coordinator's vote
// timeout plus a round trip, so no termination starts while a PreCommit
// may still be on its way. Validate enforces it with 10ms links in mind.
type Config struct {
	Transactions []workload.Txn `yaml:"transactions"`
	// VoteNoProbability is the chance a participant votes No, [0,1].
	VoteNoProbability float64 `yaml:"vote_no_probability"`
	// VoteTimeout: the coordinator aborts if a vote is missing by then.
	VoteTimeout time.Duration `yaml:"vote_timeout"`
	// AckTimeout: the coordinator commits after it, even if PreCommit
	// acks are missing (the silent participant crashed, 3PC assumes).
	AckTimeout time.Duration `yaml:"ack_timeout"`
	// ParticipantTimeout: an undecided participant's wait before it runs
	// the termination protocol (and between rounds).
	ParticipantTimeout time.Duration `yaml:"participant_timeout"`
	// TerminationWindow: how long a round collects answers.
	TerminationWindow time.Duration `yaml:"termination_window"`
	// Resend: how often a decision is resent until acked.
	Resend time.Duration `yaml:"resend"`
	// Quorum selects quorum-based termination.
	Quorum bool `yaml:"quorum"`
	// CommitQuorum (V_C) and AbortQuorum (V_A), in participants; 0 means
	// the defaults V_C = V/2+1 and V_A = V-V_C+1 for V participants.
	CommitQuorum int `yaml:"commit_quorum"`
	AbortQuorum  int `yaml:"abort_quorum"`
	// Servers is set by New, not by scenarios.
	Servers int `yaml:"-"`
}

// DefaultConfig: votes within 50ms, acks within 50ms, participants wait
// 100ms, rounds collect for 30ms (a round trip plus slack).
func DefaultConfig() *Config {
	return &Config{VoteTimeout: 50 * time.Millisecond, AckTimeout: 50 * time.Millisecond,
		ParticipantTimeout: 100 * time.Millisecond, TerminationWindow: 30 * time.Millisecond,
		Resend: 100 * time.Millisecond}
}

// Validate reports the first impossible setting, naming its yaml key.
func (c *Config) Validate() error {
	switch {
	case c.VoteNoProbability < 0 || c.VoteNoProbability > 1:
		return fmt.Errorf("vote_no_probability: must be in [0,1] (got %v)", c.VoteNoProbability)
	case c.VoteTimeout <= 0 || c.AckTimeout <= 0 || c.TerminationWindow <= 0 || c.Resend <= 0:
		return fmt.Errorf("vote_timeout: vote_timeout, ack_timeout, termination_window and resend must be > 0")
	case c.ParticipantTimeout <= c.VoteTimeout+20*time.Millisecond:
		return fmt.Errorf("participant_timeout: must exceed vote_timeout + 20ms (a round trip) so no termination starts while a PreCommit is on its way (got %v, vote_timeout %v)",
			c.ParticipantTimeout, c.VoteTimeout)
	case c.CommitQuorum < 0 || c.AbortQuorum < 0:
		return fmt.Errorf("commit_quorum: quorums must be >= 0")
	}
	servers := c.Servers
	if servers == 0 {
		servers = 64
	}
	if err := workload.ValidateTxns(c.Transactions, servers); err != nil {
		return err
	}
	for i, t := range c.Transactions {
		v := len(t.Writes)
		vc, va := c.quorums(v)
		if c.Quorum && (vc+va <= v || vc > v || va > v) {
			return fmt.Errorf("commit_quorum: transactions[%d] has V=%d participants: need V_C + V_A > V and both <= V (got V_C=%d, V_A=%d)", i, v, vc, va)
		}
	}
	return nil
}

// quorums returns V_C and V_A for a transaction of v participants.
func (c *Config) quorums(v int) (vc, va int) {
	vc, va = c.CommitQuorum, c.AbortQuorum
	if vc == 0 {
		vc = v/2 + 1
	}
	if va == 0 {
		va = v - vc + 1
	}
	return vc, va
}

// ValidateNodes checks the transaction script against the real cluster
// (Validate alone cannot see it), so a transaction naming n5 in a
// 4-node scenario fails to load instead of panicking in New.
func (c Config) ValidateNodes(nodes []string) error {
	c.Servers = len(nodes)
	return c.Validate()
}
