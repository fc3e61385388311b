package primarybackup

import (
	"fmt"
	"slices"
	"strings"

	"simrun/sim"
)

// Disk layout: one record of metadata, one entry per key, so a write costs
// one Put rather than a copy of the whole store.
const (
	metaKey  = "pb/meta"
	kvPrefix = "pb/kv/"
)

// meta is the durable metadata record.
type meta struct {
	Epoch int
	Index uint64
}

// load reads the node's durable state; false means a blank disk (first boot,
// or a disk lost in a crash).
func (n *node) load(env sim.Env) bool {
	st := env.Storage()
	v, ok := st.Get(metaKey)
	if !ok {
		return false
	}
	m := v.(meta)
	n.epoch, n.index, n.kv = m.Epoch, m.Index, map[string]string{}
	for _, k := range st.Keys() {
		if key, isKV := strings.CutPrefix(k, kvPrefix); isKV {
			n.kv[key] = mustString(st, k)
		}
	}
	return true
}

func mustString(st sim.Storage, k string) string {
	v, _ := st.Get(k)
	s, ok := v.(string)
	if !ok {
		panic(fmt.Sprintf("primarybackup: disk entry %s holds %T, not a string", k, v))
	}
	return s
}

// persist writes the metadata and syncs every pending write, so a crash
// after it loses nothing this node has acted on.
func (n *node) persist(env sim.Env) {
	st := env.Storage()
	st.Put(metaKey, meta{Epoch: n.epoch, Index: n.index})
	st.Sync()
}

// setKey changes one key in memory and on disk (durable at the next
// persist) and records the change; value "" removes the key.
func (n *node) setKey(env sim.Env, key, value, source string, from sim.NodeID) {
	prev := n.kv[key]
	if prev == value {
		return
	}
	if value == "" {
		delete(n.kv, key)
		env.Storage().Delete(kvPrefix + key)
	} else {
		n.kv[key] = value
		env.Storage().Put(kvPrefix+key, value)
	}
	env.Observe(sim.Observation{Kind: KindApply, Data: ApplyFact{
		Key: key, Value: value, Prev: prev, Source: source, From: env.NameOf(from)}})
}

// replaceState makes entries (at index) the node's whole state, recording
// one apply per changed key in key order: removed keys as Value "".
func (n *node) replaceState(env sim.Env, entries []KV, index uint64, source string, from sim.NodeID) {
	next := make(map[string]string, len(entries))
	keys := make([]string, 0, len(entries)+len(n.kv))
	for _, e := range entries {
		next[e.Key] = e.Value
		keys = append(keys, e.Key)
	}
	for k := range n.kv { // order irrelevant: keys is sorted below
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		n.setKey(env, k, next[k], source, from)
	}
	n.index = index
	n.persist(env)
}

// entries is the whole state sorted by key, as SyncState and FenceAck carry
// it (sorted, so the trace is the same every run).
func (n *node) entries() []KV {
	out := make([]KV, 0, len(n.kv))
	for k, v := range n.kv { // order irrelevant: sorted below
		out = append(out, KV{Key: k, Value: v})
	}
	slices.SortFunc(out, func(a, b KV) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// plural renders a count with its noun ("1 key", "3 keys").
func plural(count int, noun string) string {
	if count == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", count, noun)
}
