package raft

import (
	"strconv"

	"simrun/sim"
)

// Disk layout: one metadata record (term and vote) and one record per log
// entry, so an append costs one Put per entry rather than a copy of the
// log. Every change is Synced before the node sends anything that depends
// on it (§5.1: "updated on stable storage before responding to RPCs").
const (
	metaKey   = "raft/meta"
	lenKey    = "raft/len"
	entryPref = "raft/log/"
)

// meta is the durable metadata record.
type meta struct {
	Term uint64
	Vote sim.NodeID
}

func entryKey(i uint64) string { return entryPref + strconv.FormatUint(i, 10) }

// persistMeta writes term and vote durably.
func (n *node) persistMeta(env sim.Env) {
	st := env.Storage()
	st.Put(metaKey, meta{Term: n.term, Vote: n.vote})
	st.Sync()
}

// persistEntries writes log entries from..to and the log's length durably.
func (n *node) persistEntries(env sim.Env, from, to uint64) {
	st := env.Storage()
	for i := from; i <= to; i++ {
		st.Put(entryKey(i), n.log[i-1])
	}
	st.Put(lenKey, n.lastIndex())
	st.Sync()
}

// unpersistEntries deletes entries from..to from the disk (a truncation);
// the caller shortens the log and writes the new length.
func (n *node) unpersistEntries(env sim.Env, from, to uint64) {
	st := env.Storage()
	for i := from; i <= to; i++ {
		st.Delete(entryKey(i))
	}
	st.Put(lenKey, from-1)
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
	if l, ok := st.Get(lenKey); ok {
		size := l.(uint64)
		n.log = make([]Entry, 0, size)
		for i := uint64(1); i <= size; i++ {
			e, _ := st.Get(entryKey(i))
			n.log = append(n.log, e.(Entry))
		}
	}
	return true
}
