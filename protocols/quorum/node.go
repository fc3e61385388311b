package quorum

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"simrun/sim"
	"simrun/workload"
)

// preloadWriter is the writer of every preloaded entry: version 1@preload
// is older than anything a coordinator creates.
const preloadWriter = "preload"

// diskPrefix is where a replica keeps each entry on its disk.
const diskPrefix = "kv/"

// Timer tags (plain values: the kernel traces them).
const tagAE = "anti-entropy"

// opTimeout ends a coordinator's request record.
type opTimeout uint64

func (t opTimeout) String() string { return "request/" + strconv.FormatUint(uint64(t), 10) }

// New returns the factory of a quorum server. servers lists every server in
// ID order: key k's preference list is N of them, starting at hash(k) mod
// len(servers). It panics on an invalid cfg or N larger than the cluster:
// scenarios validate first, so either is a programming error.
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	if err := cfg.Validate(); err != nil {
		panic("quorum: invalid config: " + err.Error())
	}
	if cfg.N > len(servers) {
		panic(fmt.Sprintf("quorum: n=%d exceeds the %d servers", cfg.N, len(servers)))
	}
	return func(id sim.NodeID) sim.Node { return &node{cfg: &cfg, id: id, servers: servers} }
}

// node is one replica, and the coordinator of the requests its clients
// send it.
type node struct {
	cfg     *Config
	id      sim.NodeID
	name    string
	servers []sim.NodeID

	// store holds this replica's entries (durable: each change is synced
	// before anything depends on it). Invariant: an entry's version only
	// grows.
	store map[string]Entry
	// clock is a Lamport clock: at least every counter this node has seen,
	// so a version it creates is newer than any it knows of.
	clock uint64

	nextReq uint64
	ops     map[uint64]*op // pending requests this node coordinates; lookups only
	// lastWrite remembers each client's latest write, so a retransmission
	// is answered, not applied as a second, newer version.
	lastWrite map[string]clientWrite // lookups only

	trees  map[sim.NodeID]*tree // per peer, over the keys both replicate; nil: stale
	aeNext int                  // index into peers of the next anti-entropy partner
	aeSeq  int                  // sessions started, for their ids
}

// clientWrite is a client's latest write as its coordinator knows it.
type clientWrite struct {
	seq   uint64
	op    uint64 // the request driving it (may have expired)
	entry Entry  // its version, reused by a retransmission
	done  bool   // W replicas acknowledged it
}

// Start restores the replica: preload, then its disk on top, then the
// anti-entropy timer, staggered by server index so replicas take turns.
func (n *node) Start(env sim.Env) {
	n.name = env.Name()
	n.store = make(map[string]Entry, n.cfg.Preload)
	n.ops, n.lastWrite, n.trees = map[uint64]*op{}, map[string]clientWrite{}, map[sim.NodeID]*tree{}
	for k, e := range preloaded(n.cfg.Preload, n.cfg.PreloadValue()) {
		n.store[k] = e
	}
	n.clock = 0
	if n.cfg.Preload > 0 {
		n.clock = 1 // the preload's version
	}
	restored := 0
	for _, k := range env.Storage().Keys() {
		if e, ok := env.Storage().Get(k); ok && strings.HasPrefix(k, diskPrefix) {
			en := e.(Entry)
			n.store[strings.TrimPrefix(k, diskPrefix)] = en
			n.clock = max(n.clock, en.Ver.Counter)
			restored++
		}
	}
	env.Observe(sim.Observation{Kind: KindPreload, Data: PreloadFact{Keys: n.cfg.Preload, Value: n.cfg.PreloadValue(), Restored: restored,
		N: n.cfg.N, Servers: names(env, n.servers)}})
	if n.cfg.AntiEntropy > 0 {
		idx := n.index()
		env.SetTimer(n.cfg.AntiEntropy+n.cfg.AntiEntropy*time.Duration(idx)/time.Duration(len(n.servers)), tagAE)
	}
}

// index is this node's position among the servers.
func (n *node) index() int {
	for i, s := range n.servers {
		if s == n.id {
			return i
		}
	}
	return 0
}

// Receive dispatches one message.
func (n *node) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case workload.Request:
		n.onRequest(env, from, m)
	case Put:
		n.apply(env, m.Key, m.E, putSource(m), env.NameOf(from))
		if m.ReqID != 0 {
			env.Send(from, PutAck{ReqID: m.ReqID})
		}
	case PutAck:
		n.onAck(env, from, m.ReqID)
	case Get:
		env.Send(from, GetReply{ReqID: m.ReqID, E: n.store[m.Key]})
	case GetReply:
		n.onReply(env, from, m.ReqID, m.E)
	case AEHashes:
		n.onHashes(env, from, m)
	case AEDigests:
		n.onDigests(env, from, m)
	case AEEntries:
		n.onEntries(env, from, m)
	}
}

func putSource(m Put) string {
	if m.ReqID == 0 {
		return SourceRepair
	}
	return SourceWrite
}

// Timer handles the anti-entropy round and request expiry.
func (n *node) Timer(env sim.Env, tag any) {
	switch t := tag.(type) {
	case string:
		if t == tagAE {
			n.startAE(env)
			env.SetTimer(n.cfg.AntiEntropy, tagAE)
		}
	case opTimeout:
		delete(n.ops, uint64(t))
	}
}

// apply stores e under key if it is newer than what this replica holds,
// syncing it to disk and recording the change. It reports whether it did.
func (n *node) apply(env sim.Env, key string, e Entry, source, from string) bool {
	prev := n.store[key]
	n.clock = max(n.clock, e.Ver.Counter)
	if e.Ver.Compare(prev.Ver) <= 0 {
		return false
	}
	n.store[key] = e
	env.Storage().Put(diskPrefix+key, e)
	env.Storage().Sync()
	clear(n.trees)
	env.Observe(sim.Observation{Kind: KindApply, Data: ApplyFact{Key: key, E: e, Prev: prev.Ver, Source: source, From: from}})
	return true
}

// keyHash places a key: its preference list and its Merkle leaf.
func keyHash(key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()
}

// replicas is key's preference list.
func (n *node) replicas(key string) []sim.NodeID { return preference(key, n.servers, n.cfg.N) }

// preference is key's preference list: n servers from hash(key) mod len, in
// ring order. Check uses it too, on names.
func preference[T any](key string, servers []T, n int) []T {
	start := int(keyHash(key) % uint64(len(servers)))
	out := make([]T, 0, n)
	for i := range n {
		out = append(out, servers[(start+i)%len(servers)])
	}
	return out
}

func names(env sim.Env, ids []sim.NodeID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = env.NameOf(id)
	}
	return out
}

// shares reports whether this node and peer both replicate key.
func (n *node) shares(key string, peer sim.NodeID) bool {
	if n.cfg.N == len(n.servers) {
		return true
	}
	me, them := false, false
	for _, r := range n.replicas(key) {
		me, them = me || r == n.id, them || r == peer
	}
	return me && them
}
