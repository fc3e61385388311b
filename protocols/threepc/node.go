package threepc

import (
	"slices"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// New returns the factory of a 3PC server: it coordinates the
// transactions that name it and takes part in those that write to it.
// servers lists the cluster in name order. It panics on an invalid cfg:
// scenarios validate first.
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	cfg.Servers = len(servers)
	if err := cfg.Validate(); err != nil {
		panic("threepc: invalid config: " + err.Error())
	}
	return func(id sim.NodeID) sim.Node {
		return &node{cfg: &cfg, servers: servers, coord: map[string]*coordTxn{}, part: map[string]*partTxn{}}
	}
}

// Storage keys. Every state change is logged and synced before the
// message that announces it leaves.
const (
	prefixCoord = "c/" // + txn: coordRecord
	prefixPart  = "p/" // + txn: partRecord
	prefixKV    = "kv/"
)

// coordRecord is a coordinator's logged decision.
type coordRecord struct{ Commit bool }

// partRecord is a participant's logged state of one transaction.
type partRecord struct {
	State      string
	Parts      []sim.NodeID
	Key, Value string
}

// Timer kinds.
const (
	tagBegin  = "begin"
	tagVote   = "vote"
	tagAck    = "ack"
	tagResend = "resend"
	tagWait   = "wait"   // participant: time to run the termination protocol
	tagWindow = "window" // participant: a round's answers are in
	tagRound  = "round"  // recovery coordinator: its Pre* round's acks are in
	tagAsk    = "ask"    // restarted coordinator: ask the participants again
	// tagLeadResend: a recovery coordinator resends its decision.
	tagLeadResend = "lead-resend"
)

// node is one server; durable state lives only in env.Storage().
type node struct {
	cfg     *Config
	servers []sim.NodeID
	coord   map[string]*coordTxn
	part    map[string]*partTxn
}

// coordTxn is a transaction this node coordinates.
type coordTxn struct {
	spec    workload.Txn
	parts   []sim.NodeID
	votes   map[sim.NodeID]bool
	acks    map[sim.NodeID]bool // PreCommit acks
	phase   string              // "votes", "precommit", "decided", "asking"
	commit  bool
	decAcks map[sim.NodeID]bool // Decision acks
	t       sim.Timer
}

// Start boots the node, or reboots it from its log.
func (n *node) Start(env sim.Env) {
	st := env.Storage()
	restarted := workload.BootTxnNode(env)
	n.recoverParticipant(env)
	for _, t := range n.cfg.Transactions {
		if n.id(t.CoordinatorName()) != env.ID() {
			continue
		}
		c := n.newCoordTxn(t)
		switch v, ok := st.Get(prefixCoord + t.ID); {
		case ok:
			c.phase, c.commit = "decided", v.(coordRecord).Commit
			n.resend(env, c)
		case restarted && t.At <= env.Now():
			c.phase = "asking"
			n.ask(env, c)
		default:
			env.SetTimer(t.At-env.Now(), workload.TxnTag{Kind: tagBegin, Txn: t.ID})
		}
	}
}

// id resolves a server name of the script.
func (n *node) id(name string) sim.NodeID {
	return workload.ServerID(n.servers, name)
}

func (n *node) newCoordTxn(t workload.Txn) *coordTxn {
	c := &coordTxn{spec: t, votes: map[sim.NodeID]bool{}, acks: map[sim.NodeID]bool{}, decAcks: map[sim.NodeID]bool{}}
	for _, p := range t.Participants() {
		c.parts = append(c.parts, n.id(p))
	}
	n.coord[t.ID] = c
	return c
}

// Receive dispatches a message.
func (n *node) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case Vote:
		n.onVote(env, from, m)
	case PreCommitAck:
		n.onPreCommitAck(env, from, m)
	case Ack:
		if c, ok := n.coord[m.Txn]; ok {
			c.decAcks[from] = true
		}
		if p, ok := n.part[m.Txn]; ok && p.decAcks != nil {
			p.decAcks[from] = true
		}
	default:
		n.receiveParticipant(env, from, msg)
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
		n.begin(env, n.coord[t.Txn])
	case tagVote:
		if c := n.coord[t.Txn]; c.phase == "votes" {
			workload.ObserveTxn(env, workload.TxnFact{Txn: t.Txn, Kind: check.TxnTimeout, Why: "votes missing at the vote timeout"})
			n.decide(env, c, false, "votes missing at the vote timeout")
		}
	case tagAck:
		if c := n.coord[t.Txn]; c.phase == "precommit" {
			n.ackTimeout(env, c)
		}
	case tagResend:
		n.resend(env, n.coord[t.Txn])
	case tagAsk:
		if c := n.coord[t.Txn]; c.phase == "asking" {
			n.ask(env, c)
		}
	default:
		n.timerParticipant(env, t)
	}
}

// begin sends CanCommit to every participant.
func (n *node) begin(env sim.Env, c *coordTxn) {
	names := c.spec.Participants()
	workload.ObserveTxn(env, workload.TxnFact{Txn: c.spec.ID, Kind: check.TxnBegin, Participants: names})
	c.phase = "votes"
	for i, p := range c.parts {
		key, value, _ := workload.SplitWrite(c.spec.Writes[names[i]])
		env.Send(p, CanCommit{Txn: c.spec.ID, Parts: c.parts, Key: key, Value: value})
	}
	c.t.Set(env, n.cfg.VoteTimeout, workload.TxnTag{Kind: tagVote, Txn: c.spec.ID})
}

// onVote counts votes; all Yes starts the PreCommit phase.
func (n *node) onVote(env sim.Env, from sim.NodeID, m Vote) {
	c, ok := n.coord[m.Txn]
	if !ok || c.phase != "votes" {
		return
	}
	if !m.Yes {
		n.decide(env, c, false, env.NameOf(from)+" voted No")
		return
	}
	c.votes[from] = true
	if len(c.votes) < len(c.parts) {
		return
	}
	c.phase = "precommit"
	for _, p := range c.parts {
		env.Send(p, PreCommit{Txn: m.Txn})
	}
	c.t.Set(env, n.cfg.AckTimeout, workload.TxnTag{Kind: tagAck, Txn: m.Txn})
}

// onPreCommitAck commits once every participant is pre-committed.
func (n *node) onPreCommitAck(env sim.Env, from sim.NodeID, m PreCommitAck) {
	if p, ok := n.part[m.Txn]; ok && p.round != nil && p.roundCommit {
		p.round[from] = true // a recovery coordinator's round
	}
	c, ok := n.coord[m.Txn]
	if !ok || c.phase != "precommit" {
		return
	}
	c.acks[from] = true
	if len(c.acks) == len(c.parts) {
		n.decide(env, c, true, "every participant acknowledged PreCommit")
	}
}

// ackTimeout: some PreCommit acks are missing. Classic 3PC commits (the
// silent participant crashed and will learn on recovery); the quorum
// variant commits only with V_C acks and otherwise leaves the decision to
// the participants' termination protocol.
func (n *node) ackTimeout(env sim.Env, c *coordTxn) {
	vc, _ := n.cfg.quorums(len(c.parts))
	workload.ObserveTxn(env, workload.TxnFact{Txn: c.spec.ID, Kind: check.TxnTimeout, Why: "PreCommit acks missing at the ack timeout"})
	if !n.cfg.Quorum {
		n.decide(env, c, true, "everyone voted Yes and was sent PreCommit; the missing acks are presumed crashed")
		return
	}
	if len(c.acks) >= vc {
		n.decide(env, c, true, "a commit quorum acknowledged PreCommit")
		return
	}
	c.phase = "asking"
	n.ask(env, c)
}

// decide logs the coordinator's decision, then sends it.
func (n *node) decide(env sim.Env, c *coordTxn, commit bool, why string) {
	st := env.Storage()
	st.Put(prefixCoord+c.spec.ID, coordRecord{Commit: commit})
	st.Sync()
	c.t.Stop(env)
	c.phase, c.commit = "decided", commit
	workload.ObserveTxn(env, workload.TxnFact{Txn: c.spec.ID, Kind: decisionKind(commit), Why: why})
	n.resend(env, c)
}

// resend sends the decision to participants that have not acked it.
func (n *node) resend(env sim.Env, c *coordTxn) {
	pending := false
	for _, p := range c.parts {
		if !c.decAcks[p] {
			env.Send(p, Decision{Txn: c.spec.ID, Commit: c.commit})
			pending = true
		}
	}
	if pending {
		env.SetTimer(n.cfg.Resend, workload.TxnTag{Kind: tagResend, Txn: c.spec.ID})
	}
}

// ask is a coordinator without a decision (restarted, or short of a
// quorum) asking the participants what they decided; it never decides on
// its own.
func (n *node) ask(env sim.Env, c *coordTxn) {
	for _, p := range c.parts {
		env.Send(p, StateReq{Txn: c.spec.ID})
	}
	c.t.Set(env, n.cfg.ParticipantTimeout, workload.TxnTag{Kind: tagAsk, Txn: c.spec.ID})
}

// learn records a decision a restarted coordinator was told.
func (n *node) learn(env sim.Env, c *coordTxn, commit bool, from sim.NodeID) {
	n.decide(env, c, commit, "learned from "+env.NameOf(from))
}

func decisionKind(commit bool) string {
	if commit {
		return check.TxnCommit
	}
	return check.TxnAbort
}

// sortedIDs returns ids sorted (for deterministic iteration of sets).
func sortedIDs(set map[sim.NodeID]bool) []sim.NodeID {
	out := make([]sim.NodeID, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}
