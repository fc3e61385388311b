package paxos

import (
	"slices"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Roles of a Multi-Paxos node.
type mrole int

const (
	follower  mrole = iota
	candidate       // phase 1 sent for ballot, collecting promises
	leader          // phase 1 done: runs phase 2 only, one slot per command
)

// Timer tags of a Multi-Paxos node (strings: traced without allocating).
const (
	tagElection  = "election"
	tagHeartbeat = "heartbeat"
)

// catchUpMax bounds the chosen commands one Chosen answer to a CatchUp
// carries; a learner far behind asks again at the next heartbeat.
const catchUpMax = 64

// NewMulti returns the factory of a Multi-Paxos KV server. Every server is
// an acceptor, a learner and a possible leader. It panics on an invalid
// cfg or a first leader outside servers: scenarios validate first.
func NewMulti(cfg MultiConfig, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	if err := cfg.Validate(); err != nil {
		panic("paxos: invalid multipaxos config: " + err.Error())
	}
	first := sim.NodeID(-1)
	if cfg.FirstLeader != "" {
		i, _ := serverIndex(cfg.FirstLeader)
		if i >= len(servers) {
			panic("paxos: first_leader " + cfg.FirstLeader + " is not a server")
		}
		first = sim.NodeID(i)
	}
	return func(id sim.NodeID) sim.Node {
		return &multiNode{cfg: cfg, id: id, servers: servers, first: first}
	}
}

// multiNode is one Multi-Paxos server.
type multiNode struct {
	cfg     MultiConfig
	id      sim.NodeID
	servers []sim.NodeID
	first   sim.NodeID // runs phase 1 at its first boot; -1: nobody
	acc     acceptor   // durable: promise and accepted log

	// Learner and state machine (volatile: rebuilt by catching up).
	chosen map[int64]Cmd
	// applied: slots 1..applied are chosen and applied to kv, in order.
	// Invariant: chosen holds every slot <= applied.
	applied  int64
	kv       map[string]string // Invariant: no value is "" ("" means absent)
	sessions map[string]session

	role   mrole
	ballot check.Ballot // the ballot this node runs as candidate or leader
	// seen is the highest ballot heard of; a campaign goes one round above.
	seen        check.Ballot
	leader      sim.NodeID // who leads, as far as this node knows
	leaderKnown bool
	promises    map[sim.NodeID][]SlotCmd // candidate: promises for ballot; lookups only
	from        int64                    // candidate/leader: first slot of its phase 1
	// next is the leader's next free slot. Invariant: every slot below it
	// from `from` on has been proposed in ballot.
	next    int64
	pending map[int64]*openSlot // leader: proposed, not yet chosen
	waiting map[string]uint64   // leader: client -> Seq it will answer when applied
	clients map[string]sim.NodeID

	election, heartbeat sim.Timer
}

// session is a client's last applied operation and its answer: a retried
// Seq gets the same answer instead of applying twice.
type session struct {
	seq   uint64
	reply workload.Reply
}

// openSlot is a slot the leader proposed and the acceptors that took it.
type openSlot struct {
	cmd   Cmd
	votes map[sim.NodeID]bool // counts only
}

func (n *multiNode) quorum() int { return len(n.servers)/2 + 1 }

// Start boots the node from its disk. The first leader campaigns at its
// first boot only: after a restart it waits like everyone else.
func (n *multiNode) Start(env sim.Env) {
	_, booted := env.Storage().Get(keyPromised)
	n.acc.quorum = n.quorum()
	n.acc.load(env)
	n.chosen, n.kv, n.sessions = map[int64]Cmd{}, map[string]string{}, map[string]session{}
	n.clients = map[string]sim.NodeID{}
	n.seen = n.acc.promised
	if !booted && n.id == n.first {
		n.campaign(env)
		return
	}
	n.armElection(env)
}

// Receive dispatches one message.
func (n *multiNode) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case workload.Request:
		n.onRequest(env, from, m)
	case LogPrepare:
		n.onPrepare(env, from, m)
	case LogPromise:
		n.onPromise(env, from, m)
	case LogAccept:
		n.onAccept(env, from, m)
	case LogAccepted:
		n.onAccepted(env, from, m)
	case LogNack:
		n.onNack(env, m)
	case Heartbeat:
		n.onHeartbeat(env, from, m)
	case Chosen:
		n.learn(env, m.Entries)
	case CatchUp:
		n.onCatchUp(env, from, m)
	}
}

// Timer dispatches one timer.
func (n *multiNode) Timer(env sim.Env, tag any) {
	switch tag {
	case tagElection:
		n.election.Fired()
		if n.role != leader {
			n.campaign(env)
		}
	case tagHeartbeat:
		n.heartbeat.Fired()
		if n.role == leader {
			n.beat(env)
		}
	}
}

// armElection (re)starts the silence countdown, drawn from
// [ElectionTimeout, 2*ElectionTimeout) on this node's stream.
func (n *multiNode) armElection(env sim.Env) {
	t := n.cfg.ElectionTimeout
	n.election.Set(env, t+time.Duration(env.Rand().Int64N(int64(t))), tagElection)
}

// send delivers msg to one server; to itself without a network hop.
func (n *multiNode) send(env sim.Env, to sim.NodeID, msg sim.Message) {
	if to == n.id {
		n.Receive(env, n.id, msg)
		return
	}
	env.Send(to, msg)
}

// broadcast sends msg to every other server, then handles it itself.
func (n *multiNode) broadcast(env sim.Env, msg sim.Message) {
	for _, s := range n.servers {
		if s != n.id {
			env.Send(s, msg)
		}
	}
	if slices.Contains(n.servers, n.id) {
		n.Receive(env, n.id, msg)
	}
}

// noteBallot learns of ballot b: a candidate or leader running a lower
// ballot steps down (the single ballot check, as etcd/raft checks terms).
func (n *multiNode) noteBallot(env sim.Env, b check.Ballot) {
	if n.seen.Less(b) {
		n.seen = b
	}
	if n.role != follower && n.ballot.Less(b) {
		n.stepDown(env, b)
	}
}

// stepDown gives up candidacy or leadership. Requests awaiting an answer
// get none: they may still be chosen, so only a timeout is honest.
func (n *multiNode) stepDown(env sim.Env, by check.Ballot) {
	env.Observe(sim.Observation{Kind: KindStepDown, Data: StepDownFact{Ballot: n.ballot, By: by}})
	n.role, n.pending, n.waiting, n.leaderKnown = follower, nil, nil, false
	n.heartbeat.Stop(env)
	n.armElection(env)
}
