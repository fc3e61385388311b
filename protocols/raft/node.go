package raft

import (
	"time"

	"simrun/sim"
	"simrun/workload"
)

// none is "no node": no vote cast, no leader known.
const none sim.NodeID = -2

// Timer tags (strings: the kernel traces them without allocating).
const (
	tagElection    = "election"
	tagHeartbeat   = "heartbeat"
	tagFlush       = "flush"
	tagCheckQuorum = "check-quorum"
)

// role is what a node currently does; the step function follows it.
type role uint8

const (
	follower role = iota
	preCandidate
	candidate
	leader
)

var roleNames = [...]string{follower: RoleFollower, preCandidate: RolePreCandidate, candidate: RoleCandidate, leader: RoleLeader}

// New returns the factory of a Raft server. servers lists every server of
// the cluster. It panics on an invalid cfg or an empty cluster: scenarios
// validate first, so either is a programming error (the rule of sim.New).
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	if err := cfg.Validate(); err != nil {
		panic("raft: invalid config: " + err.Error())
	}
	if len(servers) == 0 {
		panic("raft: no servers")
	}
	return func(id sim.NodeID) sim.Node {
		return &node{cfg: &cfg, id: id, servers: servers}
	}
}

// node is one Raft server. Fields marked durable are on its disk before
// any message that depends on them leaves (§5.1 "Persistent state").
type node struct {
	cfg     *Config
	id      sim.NodeID
	servers []sim.NodeID // every server, this one included, in ID order

	// term (durable) is the latest term this node has seen. Invariant:
	// never decreases while the disk lasts.
	term uint64
	// vote (durable) is who this node voted for in term, or none.
	// Invariant: at most one vote per term (§5.2).
	vote sim.NodeID
	// log (durable): log[i] holds index i+1. Invariant: the terms of its
	// entries never decrease along the log.
	log []Entry

	role   role
	step   func(n *node, env sim.Env, from sim.NodeID, msg sim.Message)
	leader sim.NodeID // the leader of term, once known; else none
	// commit is the highest index known committed; applied the highest
	// applied to kv. Invariant: applied == commit after every handler
	// (entries are applied as soon as they commit).
	commit, applied uint64
	// kv and sessions are the state machine: the store and, per client,
	// the highest Seq applied (§8: a retried command applies once).
	kv       map[string]string
	sessions map[string]uint64

	votes       map[sim.NodeID]bool // candidate: who granted; lookups only
	heardLeader time.Duration       // local time a leader of term was last heard
	heardAny    bool
	election    sim.Deadline
	heartbeat   sim.Timer
	flush       sim.Timer
	checkQuorum sim.Timer
	lead        *leaderState // non-nil exactly when role == leader
	// member marks the voting members of the current configuration, by
	// position in servers; confIndex is the index of the configuration
	// entry it comes from (0: the initial one). Invariant: confIndex is the
	// latest configuration entry in log.
	member       []bool
	confIndex    uint64
	timeoutDrawn time.Duration // the current election timeout, for the story
}

// leaderState is what only a leader keeps (§5.3 "Volatile state on
// leaders"), indexed by position in servers.
type leaderState struct {
	// next is the next index to send each follower; match the highest
	// index known replicated there. Invariant: match[i] < next[i].
	next, match []uint64
	ackSeq      []uint64        // highest round each follower acknowledged
	heard       []time.Duration // local time each follower last answered
	// inflight marks followers with an Append unanswered: the leader sends
	// a follower its next batch when the reply comes (or at a heartbeat),
	// so proposals arriving meanwhile travel together (§10.2.2's
	// pipelining limited to one, which batches in proportion to load).
	inflight []bool
	sentSeq  []uint64        // the round of the last Append sent to each follower
	lastSent []time.Duration // local time of the last Append sent to each follower
	// seq is the latest round: a heartbeat opens one, and so does the
	// first Append sent after a read asked for one. A follower's
	// acknowledgement of an Append of round r proves it heard this leader
	// after round r opened.
	seq         uint64
	sentAt      []roundSent   // rounds not yet acknowledged by a majority, oldest first
	leaseUntil  time.Duration // local time until which a lease read is safe
	roundWanted bool          // a waiting read needs a round newer than seq
	waiters     map[uint64]waiter
	pending     map[string]uint64 // client -> Seq of its entry in the uncommitted tail
	reads       []readWait
}

// roundSent is when heartbeat round seq left, for the lease.
type roundSent struct {
	seq uint64
	at  time.Duration
}

// waiter is a client waiting for the entry at some index to apply.
type waiter struct {
	client sim.NodeID
	seq    uint64
}

// readWait is a read waiting for leadership to be confirmed (§8).
type readWait struct {
	client sim.NodeID
	req    workload.Request
	seq    uint64 // the heartbeat round that must reach a majority
}

// Start boots the node from its disk (empty on first boot or after a lost
// disk) as a follower; the state machine is rebuilt by re-applying
// committed entries as the leader tells it the commit index.
func (n *node) Start(env sim.Env) {
	n.vote, n.leader = none, none
	n.kv, n.sessions = map[string]string{}, map[string]uint64{}
	cause := "start"
	if n.load(env) {
		cause = "restart"
	}
	n.initConfig(env)
	n.becomeFollower(env, cause, "")
}

// Receive serves clients, then runs the term check of §5.1 once for every
// server message before the role's step function sees it.
func (n *node) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case workload.Request:
		n.onRequest(env, from, m)
		return
	case ChangeMembers:
		n.onChangeMembers(env, m)
		return
	}
	if !n.checkTerm(env, from, msg) {
		return
	}
	n.step(n, env, from, msg)
}

// Timer handles the node's timers; each checks the role, since a role
// change may have made it moot.
func (n *node) Timer(env sim.Env, tag any) {
	switch tag {
	case tagElection:
		n.onElectionTimer(env)
	case tagHeartbeat:
		n.heartbeat.Fired()
		if n.role == leader {
			n.broadcastAppend(env, true)
			n.armHeartbeat(env)
		}
	case tagFlush:
		n.flush.Fired()
		if n.role == leader {
			n.broadcastAppend(env, false)
		}
	case tagCheckQuorum:
		n.checkQuorum.Fired()
		if n.role == leader {
			n.onCheckQuorum(env)
		}
	}
}

// termOf reads the term a server message carries.
func termOf(msg sim.Message) (uint64, bool) {
	switch m := msg.(type) {
	case RequestVote:
		return m.Term, true
	case Vote:
		return m.Term, true
	case Append:
		return m.Term, true
	case AppendReply:
		return m.Term, true
	}
	return 0, false
}

// checkTerm is §5.1: a higher term makes this node a follower of it
// before anything else; a lower term is stale and answered only so its
// sender learns the current term. It reports whether the role's step
// function should see msg. Pre-votes never change anyone's term (§9.6).
func (n *node) checkTerm(env sim.Env, from sim.NodeID, msg sim.Message) bool {
	term, ok := termOf(msg)
	if !ok {
		return false
	}
	if rv, isRV := msg.(RequestVote); isRV && rv.PreVote {
		n.onPreVoteRequest(env, from, rv)
		return false
	}
	if v, isVote := msg.(Vote); isVote && v.PreVote {
		return n.checkPreVoteTerm(env, from, v)
	}
	switch {
	case term > n.term:
		if _, isRV := msg.(RequestVote); isRV && n.inLease(env) {
			return false // CheckQuorum: a leader was heard lately, ignore the disruptor
		}
		n.adoptTerm(env, term, from, msg)
	case term < n.term:
		n.onStale(env, from, msg)
		return false
	}
	return true
}

// checkPreVoteTerm passes a granted pre-vote to a pre-candidate, and
// steps down when a refusal reveals a higher term.
func (n *node) checkPreVoteTerm(env sim.Env, from sim.NodeID, v Vote) bool {
	if v.Granted {
		return n.role == preCandidate
	}
	if v.Term > n.term {
		n.adoptTerm(env, v.Term, from, v)
	}
	return false
}

// adoptTerm moves this node to a newer term as a follower, with no vote
// cast yet, durably (§5.1). An Append names the leader of that term.
func (n *node) adoptTerm(env sim.Env, term uint64, from sim.NodeID, msg sim.Message) {
	n.term, n.vote = term, none
	n.persistMeta(env)
	n.leader = none
	if _, ok := msg.(Append); ok {
		n.leader = from
	}
	n.becomeFollower(env, "higher-term", env.NameOf(from))
}

// onStale answers a message from an older term with the current term, so
// a deposed leader or a late candidate learns it and steps down.
func (n *node) onStale(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch msg.(type) {
	case Append:
		env.Send(from, AppendReply{Term: n.outTerm(env)})
	case RequestVote:
		env.Send(from, Vote{Term: n.outTerm(env)})
	}
}

// outTerm is the term this node puts on its messages: its own, or, for a
// node lying with claim-higher-term, one far above it.
func (n *node) outTerm(env sim.Env) uint64 {
	if env.Byzantine(BehaviourClaimHigherTerm) {
		return n.term + 100
	}
	return n.term
}

// pos is the position of id in servers (the index into leader state).
func (n *node) pos(id sim.NodeID) int {
	for i, s := range n.servers {
		if s == id {
			return i
		}
	}
	return -1
}

// quorum is a majority of the cluster.
func (n *node) quorum() int { return n.memberCount()/2 + 1 }

func (n *node) lastIndex() uint64 { return uint64(len(n.log)) }

// termAt is the term of the entry at index i (0 for index 0 or beyond).
func (n *node) termAt(i uint64) uint64 {
	if i == 0 || i > uint64(len(n.log)) {
		return 0
	}
	return n.log[i-1].Term
}

func (n *node) observeRole(env sim.Env, cause, detail string) {
	env.Observe(sim.Observation{Kind: KindRole, Data: RoleFact{Term: n.term, Role: roleNames[n.role], Cause: cause, Detail: detail}})
}
