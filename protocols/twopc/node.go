package twopc

import (
	"slices"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// New returns the factory of a 2PC server: every server can coordinate the
// transactions that name it and take part in those that write to it.
// servers lists the cluster in name order (n0, n1, ...). It panics on an
// invalid cfg: scenarios validate first (the rule of sim.New).
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	cfg.Servers = len(servers)
	if err := cfg.Validate(); err != nil {
		panic("twopc: invalid config: " + err.Error())
	}
	return func(id sim.NodeID) sim.Node {
		return &node{cfg: &cfg, servers: servers, coord: map[string]*coordTxn{},
			part: map[string]*partTxn{}, locks: map[string]string{}, queue: map[string][]string{}}
	}
}

// Storage keys. A record is written and synced before any message that
// depends on it leaves: that is the write-ahead rule 2PC's safety rests on.
const (
	prefixCoord = "c/" // + txn: coordRecord, the coordinator's decision
	prefixPart  = "p/" // + txn: partRecord, the participant's state
	prefixKV    = "kv/"
)

// coordRecord is a coordinator's logged decision.
type coordRecord struct{ Commit bool }

// partRecord is a participant's log entry for one transaction.
type partRecord struct {
	State      string // StatePrepared, StateCommit or StateAbort
	Coord      sim.NodeID
	Parts      []sim.NodeID
	Key, Value string
}

// StatePrepared is a participant's logged Yes: it may no longer decide alone.
const StatePrepared = "prepared"

// Timer kinds.
const (
	tagBegin    = "begin"
	tagVote     = "vote"
	tagResend   = "resend"
	tagDecision = "decision"
	tagLock     = "lock"
)

// node is one server. Durable state lives only in env.Storage(); the maps
// below are rebuilt from it at Start.
type node struct {
	cfg     *Config
	servers []sim.NodeID
	coord   map[string]*coordTxn // txns this node coordinates, by id
	part    map[string]*partTxn  // txns this node takes part in, by id
	// locks maps a key to the txn holding it. Invariant: a key is locked
	// exactly while its holder's partRecord says StatePrepared.
	locks map[string]string
	// queue holds, per key, txns whose Prepare waits for the lock, in
	// arrival order.
	queue map[string][]string
}

// coordTxn is a transaction this node coordinates.
type coordTxn struct {
	spec    workload.Txn
	parts   []sim.NodeID
	votes   map[sim.NodeID]bool
	decided bool
	commit  bool
	acked   map[sim.NodeID]bool
	vote    sim.Timer
}

// partTxn is a transaction this node takes part in, in memory.
type partTxn struct {
	rec      partRecord
	from     sim.NodeID // who sent the Prepare (the coordinator)
	waiting  bool       // its Prepare waits for the lock
	timedOut bool       // the first timeout was observed
	timer    sim.Timer
	id       string
}

// Start boots the node, or reboots it from its log after a crash.
func (n *node) Start(env sim.Env) {
	st := env.Storage()
	restarted := workload.BootTxnNode(env)
	n.recoverParticipant(env)
	for _, t := range n.cfg.Transactions {
		if n.idOf(t.CoordinatorName()) != env.ID() {
			continue
		}
		if v, ok := st.Get(prefixCoord + t.ID); ok {
			n.resume(env, t, v.(coordRecord).Commit)
		} else if restarted && t.At <= env.Now() {
			c := n.newCoordTxn(t)
			n.decide(env, c, false, "presumed abort: restarted without a decision record")
		} else {
			env.SetTimer(t.At-env.Now(), workload.TxnTag{Kind: tagBegin, Txn: t.ID})
		}
	}
}

// idOf resolves a server name of the script to its NodeID.
func (n *node) idOf(name string) sim.NodeID {
	return workload.ServerID(n.servers, name)
}

// Receive dispatches a message to the coordinator or participant side.
func (n *node) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case Prepare:
		n.onPrepare(env, from, m)
	case Vote:
		n.onVote(env, from, m)
	case Decision:
		n.onDecision(env, from, m)
	case Ack:
		if c, ok := n.coord[m.Txn]; ok {
			c.acked[from] = true
		}
	case StateReq:
		n.onStateReq(env, from, m)
	case StateResp:
		n.onStateResp(env, from, m)
	}
}

// Timer dispatches a timer by its tag.
func (n *node) Timer(env sim.Env, tg any) {
	t, ok := tg.(workload.TxnTag)
	if !ok {
		return
	}
	switch t.Kind {
	case tagBegin:
		n.begin(env, t.Txn)
	case tagVote:
		if c, ok := n.coord[t.Txn]; ok && !c.decided {
			workload.ObserveTxn(env, workload.TxnFact{Txn: t.Txn, Kind: check.TxnTimeout, Why: "not every vote arrived within the vote timeout"})
			n.decide(env, c, false, "votes missing at the vote timeout")
		}
	case tagResend:
		n.resend(env, t.Txn)
	case tagDecision:
		n.onDecisionTimeout(env, t.Txn)
	case tagLock:
		if p, ok := n.part[t.Txn]; ok && p.waiting {
			n.dequeue(p)
			p.waiting = false
			n.refuse(env, p, "its key "+p.rec.Key+" stayed locked for the whole lock wait")
		}
	}
}

// begin starts a transaction: Prepare to every participant.
func (n *node) begin(env sim.Env, id string) {
	i := slices.IndexFunc(n.cfg.Transactions, func(t workload.Txn) bool { return t.ID == id })
	c := n.newCoordTxn(n.cfg.Transactions[i])
	names := c.spec.Participants()
	workload.ObserveTxn(env, workload.TxnFact{Txn: id, Kind: check.TxnBegin, Participants: names})
	for j, p := range c.parts {
		key, value, _ := workload.SplitWrite(c.spec.Writes[names[j]])
		env.Send(p, Prepare{Txn: id, Parts: c.parts, Key: key, Value: value})
	}
	c.vote.Set(env, n.cfg.VoteTimeout, workload.TxnTag{Kind: tagVote, Txn: id})
}

func (n *node) newCoordTxn(t workload.Txn) *coordTxn {
	c := &coordTxn{spec: t, votes: map[sim.NodeID]bool{}, acked: map[sim.NodeID]bool{}}
	for _, p := range t.Participants() {
		c.parts = append(c.parts, n.idOf(p))
	}
	n.coord[t.ID] = c
	return c
}

// onVote counts a vote; a No or the last Yes decides.
func (n *node) onVote(env sim.Env, from sim.NodeID, m Vote) {
	c, ok := n.coord[m.Txn]
	if !ok || c.decided {
		return
	}
	if !m.Yes {
		n.decide(env, c, false, env.NameOf(from)+" voted No")
		return
	}
	c.votes[from] = true
	if len(c.votes) == len(c.parts) {
		n.decide(env, c, true, "every participant voted Yes")
	}
}

// decide logs the decision durably, then sends it: never the other way
// round, or a crash between the two could leave participants told what the
// restarted coordinator no longer knows.
func (n *node) decide(env sim.Env, c *coordTxn, commit bool, why string) {
	st := env.Storage()
	st.Put(prefixCoord+c.spec.ID, coordRecord{Commit: commit})
	st.Sync()
	c.vote.Stop(env)
	c.decided, c.commit = true, commit
	workload.ObserveTxn(env, workload.TxnFact{Txn: c.spec.ID, Kind: decisionKind(commit), Why: why})
	n.resend(env, c.spec.ID)
}

// resume is a restarted coordinator resending what its log decided.
func (n *node) resume(env sim.Env, t workload.Txn, commit bool) {
	c := n.newCoordTxn(t)
	c.decided, c.commit = true, commit
	n.resend(env, t.ID)
}

// resend sends the decision to every participant that has not acked it,
// and comes back until all have.
func (n *node) resend(env sim.Env, id string) {
	c := n.coord[id]
	pending := false
	for _, p := range c.parts {
		if !c.acked[p] {
			env.Send(p, Decision{Txn: id, Commit: c.commit})
			pending = true
		}
	}
	if pending {
		env.SetTimer(n.cfg.Resend, workload.TxnTag{Kind: tagResend, Txn: id})
	}
}

func decisionKind(commit bool) string {
	if commit {
		return check.TxnCommit
	}
	return check.TxnAbort
}
