package delivery

import (
	"time"

	"strconv"

	"simrun/sim"
)

// Observation kinds this protocol records; Check and Story read exactly
// these.
const (
	KindSend      = "send"
	KindAcked     = "acked"
	KindApply     = "apply"
	KindDuplicate = "duplicate"
	KindReject    = "reject"
)

// SendFact is the Data of a "send" observation: request ID as its sender
// issued it. The integrity check compares applies with these.
type SendFact struct {
	ID     uint64
	Amount int64
}

// AckedFact is the Data of an "acked" observation: the sender learned ID
// was applied, after Sends transmissions.
type AckedFact struct {
	ID    uint64
	Sends int
}

// ApplyFact is the Data of an "apply" (or "duplicate") observation: the
// counter applied (or, deduplicating, declined to apply again) request ID
// of the sender it claims, leaving the counter at Counter.
type ApplyFact struct {
	Sender  string
	ID      uint64
	Amount  int64
	Counter int64
}

// RejectFact is the Data of a "reject" observation: the channel dropped a
// message claiming to come from Claimed because its MAC did not match.
type RejectFact struct {
	Claimed string
	Type    string
}

// New returns the factory of a delivery server: servers[0] is the counter,
// every other server a sender. It panics on an invalid cfg or an empty
// servers list, which scenarios rule out first.
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	if err := cfg.Validate(); err != nil {
		panic("delivery: invalid config: " + err.Error())
	}
	if len(servers) == 0 {
		panic("delivery: no servers")
	}
	counter := servers[0]
	return func(id sim.NodeID) sim.Node {
		if id == counter {
			return &counterNode{cfg: cfg, applied: map[string]bool{}}
		}
		return &sender{cfg: cfg, counter: counter, sends: map[uint64]int{}, acked: map[uint64]bool{}}
	}
}

// Timer tags of a sender: issue request N, or resend it after its Nth send.
type (
	issueTag  uint64
	resendTag struct {
		id    uint64
		sends int
	}
)

func (t issueTag) String() string { return "issue/" + strconv.FormatUint(uint64(t), 10) }
func (t resendTag) String() string {
	return "resend/" + strconv.FormatUint(t.id, 10) + "/" + strconv.Itoa(t.sends)
}

// sender is a client of the counter.
type sender struct {
	cfg     Config
	counter sim.NodeID
	// sends counts transmissions per request id; acked holds the ids whose
	// Ack arrived. Invariant: an acked id is never sent again.
	sends map[uint64]int
	acked map[uint64]bool
}

// Start schedules every request up front: the load does not depend on
// what the link does.
func (s *sender) Start(env sim.Env) {
	for i := 1; i <= s.cfg.Requests; i++ {
		env.SetTimer(s.cfg.Interval*time.Duration(i), issueTag(i))
	}
}

// Timer issues a request or resends an unacknowledged one.
func (s *sender) Timer(env sim.Env, tag any) {
	switch t := tag.(type) {
	case issueTag:
		id := uint64(t)
		env.Observe(sim.Observation{Kind: KindSend, Data: SendFact{ID: id, Amount: amountOf(id)}})
		s.transmit(env, id)
	case resendTag:
		if !s.acked[t.id] && s.sends[t.id] == t.sends && t.sends < s.cfg.MaxSends {
			s.transmit(env, t.id)
		}
	}
}

// transmit sends request id once more and, when retransmitting, arms the
// timer that resends it if no Ack comes.
func (s *sender) transmit(env sim.Env, id uint64) {
	m := Increment{ID: id, Amount: amountOf(id)}
	if s.cfg.Channel == Authenticated {
		m.MAC = mac(env.Name(), "inc", m.ID, m.Amount)
	}
	s.sends[id]++
	env.Send(s.counter, m)
	if s.cfg.retransmits() {
		env.SetTimer(s.cfg.Retransmit, resendTag{id: id, sends: s.sends[id]})
	}
}

// Receive takes an Ack (after checking its MAC on an authenticated
// channel); anything else is dropped.
func (s *sender) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	a, ok := msg.(Ack)
	if !ok {
		return
	}
	if s.cfg.Channel == Authenticated && (from != s.counter || a.MAC != mac(env.NameOf(from), "ack", a.ID, 0)) {
		env.Observe(sim.Observation{Kind: KindReject, Data: RejectFact{Claimed: env.NameOf(from), Type: "Ack"}})
		return
	}
	if s.sends[a.ID] == 0 || s.acked[a.ID] {
		return // an Ack for nothing outstanding: a duplicate, or a lie
	}
	s.acked[a.ID] = true
	env.Observe(sim.Observation{Kind: KindAcked, Data: AckedFact{ID: a.ID, Sends: s.sends[a.ID]}})
}

// amountOf is request id's increment: 1, so the final counter equals the
// number of applies and any other amount is visibly garbage.
func amountOf(uint64) int64 { return 1 }

// counterNode is the server that applies increments.
type counterNode struct {
	cfg     Config
	counter int64
	// applied holds "sender#id" of every applied request (dedup table).
	// Invariant with dedup on: a request in it is never applied again.
	applied map[string]bool
}

// Start does nothing: the counter only answers.
func (c *counterNode) Start(sim.Env) {}

// Timer: the counter sets none.
func (c *counterNode) Timer(sim.Env, any) {}

// Receive applies an Increment unless the channel rejects it or
// deduplication recognises it, and acknowledges it either way.
func (c *counterNode) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	m, ok := msg.(Increment)
	if !ok {
		return
	}
	name := env.NameOf(from)
	if c.cfg.Channel == Authenticated && m.MAC != mac(name, "inc", m.ID, m.Amount) {
		env.Observe(sim.Observation{Kind: KindReject, Data: RejectFact{Claimed: name, Type: "Increment"}})
		return
	}
	key := name + "#" + strconv.FormatUint(m.ID, 10)
	fact := ApplyFact{Sender: name, ID: m.ID, Amount: m.Amount}
	if c.cfg.dedups() && c.applied[key] {
		fact.Counter = c.counter
		env.Observe(sim.Observation{Kind: KindDuplicate, Data: fact})
	} else {
		c.applied[key] = true
		c.counter += m.Amount
		fact.Counter = c.counter
		env.Observe(sim.Observation{Kind: KindApply, Data: fact})
	}
	ack := Ack{ID: m.ID}
	if c.cfg.Channel == Authenticated {
		ack.MAC = mac(env.Name(), "ack", m.ID, 0)
	}
	env.Send(from, ack)
}
