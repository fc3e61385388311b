package paxos

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Retry policies of a Basic Paxos proposer whose ballot was rejected.
const (
	// RetryImmediate starts the next ballot at once: the naive rule that
	// lets two proposers pre-empt each other forever.
	RetryImmediate = "immediate"
	// RetryBackoff waits a random delay in [0, BackoffMax) drawn from the
	// proposer's own seeded stream, so one proposer soon gets a clear run.
	RetryBackoff = "backoff"
)

// Proposal is one Basic Paxos proposer: the server Node ("n3") starts
// proposing Value at Start.
type Proposal struct {
	Node  string        `yaml:"node"`
	Start time.Duration `yaml:"start"`
	Value string        `yaml:"value"`
}

// Config holds the variants a Basic Paxos scenario toggles. Every server
// is a learner; Acceptors and Proposers name which servers also play those
// roles (a server may play both).
type Config struct {
	Acceptors []string   `yaml:"acceptors"`
	Proposers []Proposal `yaml:"proposers"`
	// AcceptDelay is how long a proposer holding a quorum of promises waits
	// before sending Accept: the window in which a rival's Prepare lands.
	AcceptDelay time.Duration `yaml:"accept_delay"`
	// Retry is RetryImmediate or RetryBackoff.
	Retry string `yaml:"retry"`
	// BackoffMax bounds the random wait of RetryBackoff (the draw is in
	// [0, BackoffMax)); it must be > 0 when Retry is RetryBackoff.
	BackoffMax time.Duration `yaml:"backoff_max"`
	// RetryTimeout is how long a proposer waits for a quorum of answers
	// before trying a new ballot (lost messages, crashed acceptors).
	RetryTimeout time.Duration `yaml:"retry_timeout"`
}

// DefaultConfig is the paxos-dueling setting: acceptors n0..n2, proposers
// n3 (value X at 0ms) and n4 (value Y at 35ms), Accept 30ms after the
// promises, immediate retry.
func DefaultConfig() *Config {
	return &Config{
		Acceptors:    []string{"n0", "n1", "n2"},
		Proposers:    []Proposal{{Node: "n3", Start: 0, Value: "X"}, {Node: "n4", Start: 35 * time.Millisecond, Value: "Y"}},
		AcceptDelay:  30 * time.Millisecond,
		Retry:        RetryImmediate,
		BackoffMax:   100 * time.Millisecond,
		RetryTimeout: 300 * time.Millisecond,
	}
}

// Validate reports the first impossible setting, naming its yaml key. It
// checks names' shape only: whether n7 exists depends on the node count,
// which New checks.
func (c *Config) Validate() error {
	if len(c.Acceptors) == 0 {
		return errors.New("acceptors: must name at least one server")
	}
	if err := distinctServers("acceptors", c.Acceptors); err != nil {
		return err
	}
	if len(c.Proposers) == 0 {
		return errors.New("proposers: must list at least one proposer")
	}
	names := make([]string, len(c.Proposers))
	for i, p := range c.Proposers {
		names[i] = p.Node
		switch {
		case p.Start < 0:
			return fmt.Errorf("proposers[%d].start: must be >= 0 (got %v)", i, p.Start)
		case p.Value == "":
			return fmt.Errorf("proposers[%d].value: must not be empty", i)
		}
	}
	if err := distinctServers("proposers", names); err != nil {
		return err
	}
	switch {
	case c.AcceptDelay < 0:
		return fmt.Errorf("accept_delay: must be >= 0 (got %v)", c.AcceptDelay)
	case c.Retry != RetryImmediate && c.Retry != RetryBackoff:
		return fmt.Errorf("retry: must be %s or %s (got %q)", RetryImmediate, RetryBackoff, c.Retry)
	case c.Retry == RetryBackoff && c.BackoffMax <= 0:
		return fmt.Errorf("backoff_max: must be > 0 with retry: backoff (got %v)", c.BackoffMax)
	case c.RetryTimeout <= 0:
		return fmt.Errorf("retry_timeout: must be > 0 (got %v)", c.RetryTimeout)
	}
	return nil
}

// distinctServers checks a list of server names: each "n<i>", no repeats.
func distinctServers(key string, names []string) error {
	seen := map[int]bool{}
	for i, name := range names {
		idx, err := serverIndex(name)
		if err != nil {
			return fmt.Errorf("%s[%d]: %v", key, i, err)
		}
		if seen[idx] {
			return fmt.Errorf("%s[%d]: %s is listed twice", key, i, name)
		}
		seen[idx] = true
	}
	return nil
}

// serverIndex parses a server name "n<i>" (scenarios name server i so).
func serverIndex(name string) (int, error) {
	digits, ok := strings.CutPrefix(name, "n")
	i, err := strconv.Atoi(digits)
	if !ok || err != nil || i < 0 || strconv.Itoa(i) != digits {
		return 0, fmt.Errorf("%q is not a server name (n0, n1, ...)", name)
	}
	return i, nil
}

// MultiConfig holds the variants a Multi-Paxos scenario toggles. Every
// server is an acceptor, a learner and a possible leader.
type MultiConfig struct {
	// Heartbeat is how often a leader tells the others it is alive (and
	// retransmits Accepts still short of a quorum).
	Heartbeat time.Duration `yaml:"heartbeat"`
	// ElectionTimeout is the least silence after which a node runs phase 1
	// for a new ballot; each wait is drawn from [ElectionTimeout,
	// 2*ElectionTimeout) on the node's own stream, so rivals rarely tie.
	ElectionTimeout time.Duration `yaml:"election_timeout"`
	// FirstLeader ("n0"), if set, runs phase 1 at boot instead of waiting
	// out a timeout, so a scenario knows who leads first.
	FirstLeader string `yaml:"first_leader"`
}

// DefaultMultiConfig: heartbeats every 50ms, elections after 300–600ms of
// silence, n0 leads first.
func DefaultMultiConfig() *MultiConfig {
	return &MultiConfig{Heartbeat: 50 * time.Millisecond, ElectionTimeout: 300 * time.Millisecond, FirstLeader: "n0"}
}

// Validate reports the first impossible setting, naming its yaml key.
func (c *MultiConfig) Validate() error {
	switch {
	case c.Heartbeat <= 0:
		return fmt.Errorf("heartbeat: must be > 0 (got %v)", c.Heartbeat)
	case c.ElectionTimeout < 2*c.Heartbeat:
		return fmt.Errorf("election_timeout: must be at least two heartbeats (%v), or one late heartbeat starts an election (got %v)",
			2*c.Heartbeat, c.ElectionTimeout)
	}
	if c.FirstLeader != "" {
		if _, err := serverIndex(c.FirstLeader); err != nil {
			return fmt.Errorf("first_leader: %v", err)
		}
	}
	return nil
}

// ValidateNodes checks acceptor and proposer names against the cluster,
// so a scenario naming n7 in a 5-node cluster fails to load (exit code 2)
// instead of panicking when the run is built.
func (c Config) ValidateNodes(nodes []string) error {
	_, err := Resolve(c, len(nodes))
	return err
}

// ValidateNodes checks first_leader against the cluster (see
// Config.ValidateNodes).
func (c MultiConfig) ValidateNodes(nodes []string) error {
	if c.FirstLeader == "" {
		return nil
	}
	if i, _ := serverIndex(c.FirstLeader); i >= len(nodes) {
		return fmt.Errorf("first_leader: %s does not exist (servers are n0..n%d)", c.FirstLeader, len(nodes)-1)
	}
	return nil
}
