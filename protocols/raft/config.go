package raft

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Commit rules, as scenario files spell them.
const (
	// CommitCorrect is §5.4.2: a leader counts replicas only of entries of
	// its own term, and appends a no-op when it takes office so that some
	// entry of its term exists to commit (and, through it, the older ones).
	CommitCorrect = "correct"
	// CommitNaive counts replicas of any entry, whatever its term, and
	// appends no no-op: the rule Figure 8 of the paper shows to be unsafe.
	CommitNaive = "naive"
)

// Read modes, as scenario files spell them.
const (
	// ReadLocal: the leader answers from its own state at once. Fast, and
	// stale when a deposed leader does not yet know it (raft-stale-read).
	ReadLocal = "local"
	// ReadIndex (§8): the leader notes its commit index, confirms with a
	// majority that it is still leader, then answers.
	ReadIndex = "readindex"
	// ReadLease: the leader answers locally while a lease, granted by a
	// majority's heartbeat acknowledgements and shortened by the clock
	// drift bound, lasts; otherwise it falls back to ReadIndex.
	ReadLease = "lease"
)

// Byzantine behaviours this protocol implements behind env.Byzantine.
const (
	// BehaviourVoteAny grants every vote, even twice in one term and to
	// candidates whose log is behind (breaks §5.2 and §5.4.1).
	BehaviourVoteAny = "vote-any"
	// BehaviourEquivocate makes a leader send different commands at one
	// index to different followers (breaks Log Matching).
	BehaviourEquivocate = "equivocate"
	// BehaviourClaimHigherTerm makes every message carry a term far above
	// the node's own, deposing honest leaders again and again.
	BehaviourClaimHigherTerm = "claim-higher-term"
)

// Behaviours lists the Byzantine behaviours, for the scenario loader.
var Behaviours = []string{BehaviourVoteAny, BehaviourEquivocate, BehaviourClaimHigherTerm}

// Config holds the variants a scenario toggles.
type Config struct {
	// Heartbeat is how often a leader sends Append to every follower, with
	// or without entries (§5.2).
	Heartbeat time.Duration `yaml:"heartbeat"`
	// ElectionMin and ElectionMax bound the randomized election timeout,
	// drawn from the node's own seeded stream at every election in
	// [ElectionMin, ElectionMax) (§5.2: randomization splits split votes).
	ElectionMin time.Duration `yaml:"election_min"`
	ElectionMax time.Duration `yaml:"election_max"`
	// ElectionFixed, when > 0, replaces the draw: every node uses exactly
	// this timeout (the split-vote scenario's "no jitter").
	ElectionFixed time.Duration `yaml:"election_fixed"`
	// ElectionOverride fixes the timeout of the named nodes, so a scenario
	// can decide who stands for election first (Figure 8).
	ElectionOverride map[string]time.Duration `yaml:"election_override"`
	// Commit is CommitCorrect or CommitNaive.
	Commit string `yaml:"commit"`
	// PreVote (§9.6): a node asks whether it could win before it raises
	// its term, so a node that cannot win does not depose the leader.
	PreVote bool `yaml:"prevote"`
	// CheckQuorum: a leader that has not heard from a majority within
	// ElectionMin steps down, and a node that heard a leader within
	// ElectionMin ignores vote requests (the leader's lease, §6 and §9.6).
	CheckQuorum bool `yaml:"checkquorum"`
	// Read is ReadLocal, ReadIndex or ReadLease.
	Read string `yaml:"read"`
	// LeaseDriftPPM bounds how fast any two clocks may drift apart (parts
	// per million); a lease is shortened by it so a fast follower clock
	// cannot elect a new leader while the old one still serves reads.
	LeaseDriftPPM int64 `yaml:"lease_drift_ppm"`
	// BatchDelay is how long a leader gathers proposals before it sends
	// them in one Append round (0: send at once).
	BatchDelay time.Duration `yaml:"batch_delay"`
	// BatchMax bounds the entries in one Append.
	BatchMax int `yaml:"batch_max"`
	// Members names the initial voting members (§6); empty means every
	// server. The others start as non-voting spares an operator can add.
	Members []string `yaml:"members"`
}

// DefaultConfig is the paper's setting scaled to the catalogue's 10 ms
// links: heartbeats every 50 ms, elections in [150, 300) ms, the correct
// commit rule, ReadIndex reads.
func DefaultConfig() *Config {
	return &Config{
		Heartbeat: 50 * time.Millisecond, ElectionMin: 150 * time.Millisecond, ElectionMax: 300 * time.Millisecond,
		Commit: CommitCorrect, Read: ReadIndex, LeaseDriftPPM: 10_000, BatchDelay: time.Millisecond, BatchMax: 64,
	}
}

// Validate reports the first impossible setting, naming its yaml key.
func (c *Config) Validate() error {
	switch {
	case c.Heartbeat <= 0:
		return fmt.Errorf("heartbeat: must be > 0 (got %v)", c.Heartbeat)
	case c.ElectionMin <= c.Heartbeat:
		return fmt.Errorf("election_min: must exceed heartbeat %v, or every heartbeat's delay starts an election (got %v)", c.Heartbeat, c.ElectionMin)
	case c.ElectionMax <= c.ElectionMin:
		return fmt.Errorf("election_max: must exceed election_min %v (got %v)", c.ElectionMin, c.ElectionMax)
	case c.ElectionFixed < 0:
		return fmt.Errorf("election_fixed: must be >= 0 (got %v)", c.ElectionFixed)
	case c.Commit != CommitCorrect && c.Commit != CommitNaive:
		return fmt.Errorf("commit: must be %s or %s (got %q)", CommitCorrect, CommitNaive, c.Commit)
	case !slices.Contains([]string{ReadLocal, ReadIndex, ReadLease}, c.Read):
		return fmt.Errorf("read: must be %s, %s or %s (got %q)", ReadLocal, ReadIndex, ReadLease, c.Read)
	case c.LeaseDriftPPM < 0 || c.LeaseDriftPPM >= 500_000:
		return fmt.Errorf("lease_drift_ppm: must be in [0, 500000) (got %d)", c.LeaseDriftPPM)
	case c.BatchDelay < 0:
		return fmt.Errorf("batch_delay: must be >= 0 (got %v)", c.BatchDelay)
	case c.BatchMax <= 0:
		return fmt.Errorf("batch_max: must be > 0 (got %d)", c.BatchMax)
	}
	for _, name := range sortedKeys(c.ElectionOverride) {
		if d := c.ElectionOverride[name]; d <= 0 {
			return fmt.Errorf("election_override: %s must be > 0 (got %v)", name, d)
		}
	}
	return nil
}

// ValidateNodes checks the server names in members and election_override
// against the cluster (Validate alone cannot see it): a misspelt member
// would silently leave the cluster without voters, and a misspelt override
// would silently not fix the timeout the scenario relies on, so either
// fails to load with a position instead.
func (c Config) ValidateNodes(nodes []string) error {
	for i, name := range c.Members {
		switch {
		case !slices.Contains(nodes, name):
			return fmt.Errorf("members: %q is not a server (servers are %s)", name, strings.Join(nodes, ", "))
		case slices.Contains(c.Members[:i], name):
			return fmt.Errorf("members: %q is listed twice", name)
		}
	}
	for _, name := range sortedKeys(c.ElectionOverride) {
		if !slices.Contains(nodes, name) {
			return fmt.Errorf("election_override: %q is not a server (servers are %s)", name, strings.Join(nodes, ", "))
		}
	}
	return nil
}

// electionTimeout draws the next election timeout for the named node.
func (c *Config) electionTimeout(name string, draw func(n int64) int64) time.Duration {
	if d, ok := c.ElectionOverride[name]; ok {
		return d
	}
	if c.ElectionFixed > 0 {
		return c.ElectionFixed
	}
	return c.ElectionMin + time.Duration(draw(int64(c.ElectionMax-c.ElectionMin)))
}

// lease is how long a majority's acknowledgement of a heartbeat keeps the
// leader safe to read locally: no follower that acknowledged it will time
// out before ElectionMin on its own clock, which may run faster than ours
// by the drift bound (twice: both clocks may err).
func (c *Config) lease() time.Duration {
	// ElectionMin*ppm/1e6, split so a long election_min (hours, at the
	// largest drift bound) cannot overflow into a lease longer than it.
	e, ppm := c.ElectionMin, time.Duration(2*c.LeaseDriftPPM)
	return e - ((e/1_000_000)*ppm + (e%1_000_000)*ppm/1_000_000)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
