package twogenerals

import (
	"fmt"
	"slices"
	"time"

	"simrun/sim"
)

// CheckAgreement is the one check: both generals decide the same.
const CheckAgreement = "agreement"

// Checks lists the checks Check understands.
var Checks = []string{CheckAgreement}

// Config is the protocol's length and the link's drop schedule.
type Config struct {
	// Messages is k, the number of messages of the exchange, 1..maxMessages.
	Messages int `yaml:"messages"`
	// Drop lists the numbers (1..Messages) of the messages the link loses.
	Drop []int `yaml:"drop"`
	// Search makes Build enumerate every drop schedule and play the first
	// in which one general attacks alone (Drop must then be empty).
	Search bool `yaml:"search"`
	// DecideAt is when both generals decide: long after the last message
	// could have arrived, so waiting longer would change nothing.
	DecideAt time.Duration `yaml:"decide_at"`
}

// maxMessages bounds k so the search (2^k runs) stays small.
const maxMessages = 12

// DefaultConfig: four messages (order, ack, ack of ack, ack of that), no
// losses, decision at 1s.
func DefaultConfig() *Config { return &Config{Messages: 4, DecideAt: time.Second} }

// Validate reports the first impossible setting, naming its yaml key.
func (c *Config) Validate() error {
	switch {
	case c.Messages < 1 || c.Messages > maxMessages:
		return fmt.Errorf("messages: must be in 1..%d (got %d)", maxMessages, c.Messages)
	case c.DecideAt <= 0:
		return fmt.Errorf("decide_at: must be > 0 (got %v)", c.DecideAt)
	case c.Search && len(c.Drop) > 0:
		return fmt.Errorf("drop: must be empty with search, which chooses it")
	}
	for _, d := range c.Drop {
		if d < 1 || d > c.Messages {
			return fmt.Errorf("drop: message %d is not in 1..%d", d, c.Messages)
		}
	}
	return nil
}

// Msg is message N of the exchange: 1 is the order, every later one
// acknowledges the one before.
type Msg struct{ N int }

// Observation kinds.
const (
	KindSearch = "search"
	KindSend   = "send"
	KindLost   = "lost"
	KindDecide = "decide"
)

// MessageFact is the Data of a "send" or "lost" observation.
type MessageFact struct{ N int }

// DecideFact is the Data of a "decide" observation: the general's choice
// and how many of the messages addressed to it arrived.
type DecideFact struct {
	Attack   bool
	Got      int
	Expected int
}

// SearchFact is the Data of the "search" observation: what the explorer
// found over every drop schedule, and the schedule this run plays.
type SearchFact struct {
	Schedules, Both, Neither, Alone int
	Drop                            []int
}

// New returns the factory of the two generals: servers[0] is A,
// servers[1] B. It panics on an invalid cfg or a server count other than
// two. With Search it runs the explorer first.
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	if err := cfg.Validate(); err != nil {
		panic("twogenerals: invalid config: " + err.Error())
	}
	if len(servers) != 2 {
		panic(fmt.Sprintf("twogenerals: needs exactly 2 servers (nodes: 2), got %d", len(servers)))
	}
	var search *SearchFact
	if cfg.Search {
		f := summarize(cfg, Explore(cfg))
		search, cfg.Drop = &f, f.Drop
	}
	return func(id sim.NodeID) sim.Node {
		g := &general{cfg: cfg, isA: id == servers[0], peer: servers[1], got: map[int]bool{}}
		if !g.isA {
			g.peer = servers[0]
		} else {
			g.search = search
		}
		return g
	}
}

// general is one of the two.
type general struct {
	cfg    Config
	isA    bool
	peer   sim.NodeID
	got    map[int]bool // numbers of the messages that arrived
	search *SearchFact  // A only, with Search
}

// Start: A records the search and sends the order; both set the decision.
func (g *general) Start(env sim.Env) {
	if g.search != nil {
		env.Observe(sim.Observation{Kind: KindSearch, Data: *g.search})
	}
	if g.isA {
		g.send(env, 1)
	}
	env.SetTimer(g.cfg.DecideAt, "decide")
}

// Receive acknowledges message N with N+1, up to the last.
func (g *general) Receive(env sim.Env, _ sim.NodeID, msg sim.Message) {
	m, ok := msg.(Msg)
	if !ok || m.N < 1 || m.N > g.cfg.Messages {
		return
	}
	g.got[m.N] = true
	if m.N < g.cfg.Messages {
		g.send(env, m.N+1)
	}
}

// send hands message n to the link, which loses it if the schedule says so.
func (g *general) send(env sim.Env, n int) {
	if slices.Contains(g.cfg.Drop, n) {
		env.Observe(sim.Observation{Kind: KindLost, Data: MessageFact{N: n}})
		return
	}
	env.Observe(sim.Observation{Kind: KindSend, Data: MessageFact{N: n}})
	env.Send(g.peer, Msg{N: n})
}

// Timer decides: attack iff every message addressed to this general came.
func (g *general) Timer(env sim.Env, _ any) {
	f := DecideFact{}
	for n := 1; n <= g.cfg.Messages; n++ {
		if (n%2 == 0) == g.isA { // A receives the even messages, B the odd
			f.Expected++
			if g.got[n] {
				f.Got++
			}
		}
	}
	f.Attack = f.Got == f.Expected
	env.Observe(sim.Observation{Kind: KindDecide, Data: f})
}

// ValidateNodes insists on two servers, A and B, so a scenario with
// another count fails to load (exit code 2) instead of panicking in New.
func (c Config) ValidateNodes(nodes []string) error {
	if len(nodes) != 2 {
		return fmt.Errorf("the two generals need exactly 2 servers (nodes: 2), not %d", len(nodes))
	}
	return nil
}
