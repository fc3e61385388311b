package paxos

import (
	"fmt"
	"slices"

	"simrun/check"
	"simrun/sim"
)

// Proposer phases. Invariant: a proposer in any phase but idle or done has
// a ballot it has persisted (keyRound) and sent Prepare for.
type phase int

const (
	idle      phase = iota // waiting to start or to retry
	preparing              // Prepare sent, collecting promises
	delaying               // quorum of promises, waiting AcceptDelay
	accepting              // Accept sent, collecting Accepted
	done                   // learned a chosen value
)

// keyRound is where a proposer keeps its last round, so a restarted
// proposer never reuses a ballot (two values in one ballot would break
// Paxos even with honest acceptors).
const keyRound = "paxos/round"

// Timer tags of a Basic Paxos node. Each carries the round it belongs to,
// so a timer from an abandoned ballot does nothing.
type (
	proposeTag struct{}
	acceptTag  struct{ Round int64 }
	retryTag   struct{ Round int64 }
)

func (proposeTag) String() string  { return "propose" }
func (t acceptTag) String() string { return fmt.Sprintf("accept/%d", t.Round) }
func (t retryTag) String() string  { return fmt.Sprintf("retry/%d", t.Round) }

// New returns the factory of a Basic Paxos server. servers lists every
// server; acceptor and proposer names in cfg must be among them. It panics
// on an invalid cfg: scenarios validate first (the rule of sim.New), and
// Build checks names against the node count (see Resolve).
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	r, err := Resolve(cfg, len(servers))
	if err != nil {
		panic("paxos: " + err.Error())
	}
	return func(id sim.NodeID) sim.Node { return &basicNode{cfg: cfg, roles: r, id: id, servers: servers} }
}

// Roles is a Config with its server names resolved to IDs.
type Roles struct {
	Acceptors []sim.NodeID
	Proposers map[sim.NodeID]Proposal // lookups only
}

// Resolve checks cfg's server names against a cluster of n servers.
func Resolve(cfg Config, n int) (Roles, error) {
	if err := cfg.Validate(); err != nil {
		return Roles{}, err
	}
	r := Roles{Proposers: map[sim.NodeID]Proposal{}}
	for _, name := range cfg.Acceptors {
		i, _ := serverIndex(name)
		if i >= n {
			return Roles{}, fmt.Errorf("acceptors: %s does not exist (servers are n0..n%d)", name, n-1)
		}
		r.Acceptors = append(r.Acceptors, sim.NodeID(i))
	}
	slices.Sort(r.Acceptors)
	for _, p := range cfg.Proposers {
		i, _ := serverIndex(p.Node)
		if i >= n {
			return Roles{}, fmt.Errorf("proposers: %s does not exist (servers are n0..n%d)", p.Node, n-1)
		}
		r.Proposers[sim.NodeID(i)] = p
	}
	return r, nil
}

// basicNode is one Basic Paxos server: an acceptor if listed, a proposer
// if listed, and always a learner.
type basicNode struct {
	cfg     Config
	roles   Roles
	id      sim.NodeID
	servers []sim.NodeID
	acc     acceptor // used only when this node is an acceptor

	// Proposer state (volatile, except the round on disk).
	prop   *Proposal
	phase  phase
	ballot check.Ballot
	// seen is the highest ballot any Nack reported: the next round beats it.
	seen     check.Ballot
	promises map[sim.NodeID]Promise // this ballot's promises; lookups and counts only
	value    string                 // the value this ballot proposes, once chosen by phase 1

	// Learner state: who accepted what in each ballot. Counts only.
	votes   map[check.Ballot]map[sim.NodeID]bool
	learned bool
}

func (n *basicNode) isAcceptor() bool { return slices.Contains(n.roles.Acceptors, n.id) }

func (n *basicNode) quorum() int { return len(n.roles.Acceptors)/2 + 1 }

// Start boots the node. An acceptor reloads its disk; a proposer arms its
// start, or, after a restart past its start time, proposes again at once
// with a fresh ballot.
func (n *basicNode) Start(env sim.Env) {
	n.votes = map[check.Ballot]map[sim.NodeID]bool{}
	if n.isAcceptor() {
		n.acc.quorum = n.quorum()
		n.acc.load(env)
	}
	p, ok := n.roles.Proposers[n.id]
	if !ok {
		return
	}
	n.prop = &p
	if v, ok := env.Storage().Get(keyRound); ok {
		n.seen = check.Ballot{Round: v.(int64), Node: int(n.id)}
	}
	env.SetTimer(max(p.Start-env.Now(), 0), proposeTag{})
}

// Receive dispatches one message.
func (n *basicNode) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case Prepare:
		n.onPrepare(env, from, m)
	case Accept:
		n.onAccept(env, from, m)
	case Promise:
		n.onPromise(env, from, m)
	case Nack:
		n.onNack(env, m)
	case Accepted:
		n.onAccepted(env, from, m)
	}
}

// Timer dispatches one timer; tags of an abandoned round are ignored.
func (n *basicNode) Timer(env sim.Env, tag any) {
	switch t := tag.(type) {
	case proposeTag:
		if n.phase == idle {
			n.prepare(env)
		}
	case acceptTag:
		if n.phase == delaying && t.Round == n.ballot.Round {
			n.sendAccept(env)
		}
	case retryTag:
		if (n.phase == preparing || n.phase == accepting) && t.Round == n.ballot.Round {
			n.preempted(env, check.Ballot{})
		}
	}
}

// onPrepare is the acceptor's phase 1b. A promise-nothing liar promises
// but hides what it accepted.
func (n *basicNode) onPrepare(env sim.Env, from sim.NodeID, m Prepare) {
	if !n.isAcceptor() {
		return
	}
	prev := n.acc.accepted[0]
	lie := env.Byzantine(BehaviourPromiseNothing) && !prev.Ballot.IsZero()
	if !n.acc.promise(env, m.Ballot, lie) {
		env.Send(from, Nack{Ballot: m.Ballot, Promised: n.acc.promised})
		return
	}
	if lie {
		prev = entry{}
	}
	env.Send(from, Promise{Ballot: m.Ballot, Accepted: prev.Ballot, Value: prev.Value})
}

// onAccept is the acceptor's phase 2b: accept unless promised higher, and
// tell the proposer and every learner.
func (n *basicNode) onAccept(env sim.Env, from sim.NodeID, m Accept) {
	if !n.isAcceptor() {
		return
	}
	if !n.acc.accept(env, 0, m.Ballot, m.Value, Cmd{}) {
		env.Send(from, Nack{Ballot: m.Ballot, Promised: n.acc.promised})
		return
	}
	reply := Accepted(m)
	for _, s := range n.servers {
		if s == n.id {
			n.onAccepted(env, n.id, reply)
		} else {
			env.Send(s, reply)
		}
	}
}
