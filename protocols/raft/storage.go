package raft

import "simrun/sim"

// Disk layout: one metadata record (term and vote) and one record holding
// the whole log as a slice. The slice is stored with its capacity capped at
// its length, and the node never writes an entry in place (appends past the
// cap copy, truncation re-slices with the cap cut), so what is on the disk
// never changes under it: an append costs one Put of a slice header rather
// than a copy of the log or one record per entry. Every change is Synced
// before the node sends anything that depends on it (§5.1: "updated on
// stable storage before responding to RPCs").
const (
	metaKey = "raft/meta"
	logKey  = "raft/log"
)

// meta is the durable metadata record.
type meta struct {
	Term uint64
	Vote sim.NodeID
}

// persistMeta writes term and vote durably.
func (n *node) persistMeta(env sim.Env) {
	st := env.Storage()
	st.Put(metaKey, meta{Term: n.term, Vote: n.vote})
	st.Sync()
}

// persistLog writes the log durably, as it is now.
func (n *node) persistLog(env sim.Env) {
	st := env.Storage()
	st.Put(logKey, n.log[:len(n.log):len(n.log)])
	st.Sync()
}

// load reads term, vote and log; false means a blank disk.
func (n *node) load(env sim.Env) bool {
	st := env.Storage()
	v, ok := st.Get(metaKey)
	if !ok {
		return false
	}
	m := v.(meta)
	n.term, n.vote = m.Term, m.Vote
	if l, ok := st.Get(logKey); ok {
		n.log = l.([]Entry)
	}
	return true
}
