package lww

import (
	"strconv"

	"simrun/sim"
	"simrun/workload"
)

// New returns the factory of an LWW replica. servers lists the cluster in
// name order (n0, n1, ...). It panics on an invalid cfg: scenarios
// validate first (the rule of sim.New).
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	cfg.Servers = len(servers)
	if err := cfg.Validate(); err != nil {
		panic("lww: invalid config: " + err.Error())
	}
	return func(sim.NodeID) sim.Node { return &node{cfg: &cfg, seen: map[string]bool{}} }
}

// Push carries a write to a peer: one new write, or (Gossip) the sender's
// current register.
type Push struct {
	Reg    Register
	Gossip bool
}

// keyReg is the Storage key of the register.
const keyReg = "reg"

// node is one replica. reg mirrors Storage; seen is in memory only, so a
// restarted replica may report a write again.
type node struct {
	cfg *Config
	reg Register
	// seen holds the increments whose writes this replica has met (kept or
	// discarded), so each is observed once. Lookups only.
	seen map[string]bool
}

// Start restores the register and schedules this replica's increments.
// A restarted replica schedules only those still ahead of its clock.
func (n *node) Start(env sim.Env) {
	if v, ok := env.Storage().Get(keyReg); ok {
		n.reg = v.(Register)
	}
	n.cfg.Schedule(env)
}

// Receive applies a pushed write by the LWW rule.
func (n *node) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	if m, ok := msg.(Push); ok {
		n.apply(env, m.Reg, env.NameOf(from))
	}
}

// Timer runs a scripted increment or a round of gossip.
func (n *node) Timer(env sim.Env, tag any) {
	switch t := tag.(type) {
	case workload.IncrementTag:
		n.increment(env, int(t))
	case workload.GossipTag:
		if n.reg.Set {
			for _, p := range env.Peers() {
				env.Send(p, Push{Reg: n.reg, Gossip: true})
			}
		}
		env.SetTimer(n.cfg.GossipInterval, workload.GossipTag{})
	}
}

// increment is the read-modify-write: read the register, stamp value+delta
// with the local clock, apply it by the LWW rule like any other write, and
// push it to every peer.
func (n *node) increment(env sim.Env, k int) {
	inc := n.cfg.Increments[k]
	w := Register{Set: true, Value: n.reg.Value + inc.Delta, Stamp: env.Now(), Writer: env.Name(),
		Inc: "i" + strconv.Itoa(k+1)}
	env.Observe(sim.Observation{Kind: KindIncrement, Data: IncrementFact{ID: w.Inc, Delta: inc.Delta,
		Read: n.reg.Inc, ReadValue: n.reg.Value, ReadStamp: n.reg.Stamp, Value: w.Value, Stamp: w.Stamp}})
	n.apply(env, w, env.Name())
	for _, p := range env.Peers() {
		env.Send(p, Push{Reg: w})
	}
}

// apply keeps w if it beats the held register, else discards it; either
// way the first meeting with each write is observed.
func (n *node) apply(env sim.Env, w Register, from string) {
	if !w.Set || w.Inc == n.reg.Inc {
		return
	}
	kept := w.beats(n.reg)
	if !n.seen[w.Inc] {
		n.seen[w.Inc] = true
		env.Observe(sim.Observation{Kind: KindApply, Data: ApplyFact{Write: w, From: from, Kept: kept, Held: n.reg}})
	}
	if kept {
		n.reg = w
		st := env.Storage()
		st.Put(keyReg, w)
		st.Sync()
	}
}
