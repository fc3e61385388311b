package crdt

import (
	"cmp"
	"slices"
	"strconv"

	"simrun/sim"
	"simrun/workload"
)

// New returns the factory of a PN-counter replica. servers lists the
// cluster in name order. It panics on an invalid cfg: scenarios validate
// first (the rule of sim.New).
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	cfg.Servers = len(servers)
	if err := cfg.Validate(); err != nil {
		panic("crdt: invalid config: " + err.Error())
	}
	return func(sim.NodeID) sim.Node { return &node{cfg: &cfg} }
}

// Entry is one replica's pair of totals in a PN-counter.
// Invariant: P >= 0 and N >= 0; both only ever grow.
type Entry struct {
	Node string
	P, N int64
}

// State is a whole PN-counter, sorted by Node so that equal states are
// equal slices and messages render the same way every run.
type State []Entry

// Value is ΣP − ΣN.
func (s State) Value() int64 {
	var v int64
	for _, e := range s {
		v += e.P - e.N
	}
	return v
}

// String renders the state for reports: "n0:+2/-0 n1:+1/-0 = 3".
func (s State) String() string {
	out := ""
	for _, e := range s {
		out += e.Node + ":+" + strconv.FormatInt(e.P, 10) + "/-" + strconv.FormatInt(e.N, 10) + " "
	}
	return out + "= " + strconv.FormatInt(s.Value(), 10)
}

// merge returns the pointwise maximum of s and o, and whether it differs
// from s. Both are sorted by Node, and so is the result.
func merge(s, o State) (State, bool) {
	out := slices.Clone(s)
	changed := false
	for _, e := range o {
		i, found := slices.BinarySearchFunc(out, e.Node, func(x Entry, n string) int { return cmp.Compare(x.Node, n) })
		if !found {
			out = slices.Insert(out, i, e)
			changed = true
			continue
		}
		if e.P > out[i].P {
			out[i].P, changed = e.P, true
		}
		if e.N > out[i].N {
			out[i].N, changed = e.N, true
		}
	}
	return out, changed
}

// Push carries a replica's whole state to a peer.
type Push struct{ State State }

// keyState is the Storage key of the state.
const keyState = "state"

// node is one replica; state mirrors Storage.
type node struct {
	cfg   *Config
	state State
}

// Start restores the state and schedules this replica's increments; a
// restarted replica schedules only those still ahead of its clock.
func (n *node) Start(env sim.Env) {
	if v, ok := env.Storage().Get(keyState); ok {
		n.state = v.(State)
	}
	n.cfg.Schedule(env)
}

// Receive merges a pushed state.
func (n *node) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	if m, ok := msg.(Push); ok {
		if s, changed := merge(n.state, m.State); changed {
			n.set(env, s, "merge", env.NameOf(from))
		}
	}
}

// Timer runs a scripted increment or a round of gossip.
func (n *node) Timer(env sim.Env, tag any) {
	switch t := tag.(type) {
	case workload.IncrementTag:
		n.increment(env, int(t))
	case workload.GossipTag:
		if len(n.state) > 0 {
			n.push(env)
		}
		env.SetTimer(n.cfg.GossipInterval, workload.GossipTag{})
	}
}

// increment grows this replica's own entry — the only entry it ever
// writes — and pushes the new state.
func (n *node) increment(env sim.Env, k int) {
	inc := n.cfg.Increments[k]
	own := Entry{Node: env.Name()}
	if i := slices.IndexFunc(n.state, func(e Entry) bool { return e.Node == own.Node }); i >= 0 {
		own = n.state[i]
	}
	if inc.Delta > 0 {
		own.P += inc.Delta
	} else {
		own.N -= inc.Delta
	}
	s, _ := merge(n.state, State{own})
	id := "i" + strconv.Itoa(k+1)
	env.Observe(sim.Observation{Kind: KindIncrement, Data: IncrementFact{ID: id, Delta: inc.Delta, Value: s.Value()}})
	n.set(env, s, "increment", id)
	n.push(env)
}

// set installs a new state durably and observes it.
func (n *node) set(env sim.Env, s State, cause, detail string) {
	n.state = s
	st := env.Storage()
	st.Put(keyState, slices.Clone(s))
	st.Sync()
	env.Observe(sim.Observation{Kind: KindState, Data: StateFact{State: slices.Clone(s), Cause: cause, Detail: detail}})
}

// push sends the whole state to every peer. Each message gets its own
// copy: messages are values.
func (n *node) push(env sim.Env) {
	for _, p := range env.Peers() {
		env.Send(p, Push{State: slices.Clone(n.state)})
	}
}
