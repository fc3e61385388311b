package quorum

import (
	"slices"
	"strconv"

	"simrun/sim"
)

// tree is a binary Merkle tree over the entries a replica shares with one
// peer. Leaf i covers the keys whose hash has i as its top depth bits, so
// both sides place every key in the same leaf without talking. levels[d]
// holds the 2^d hashes of depth d; levels[depth] are the leaves.
type tree struct {
	levels [][]uint64
	// fullBytes is what sending every shared entry would cost: the full
	// sync this tree exists to avoid.
	fullBytes int
}

// leafOf is the leaf of key in a tree of the given depth. FNV's top bits
// barely change between keys like "k17" and "k18", so the hash is mixed
// first; otherwise a few leaves would hold most keys.
func leafOf(key string, depth int) uint32 { return uint32(mix(keyHash(key), 0) >> (64 - depth)) }

// mix hashes two 64-bit values into one (a splitmix64 finaliser over a
// combination): cheap, and order-sensitive so swapped children differ.
func mix(a, b uint64) uint64 {
	z := a*0x9e3779b97f4a7c15 ^ (b + 0x632be59bd9b4e019)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// entryHash fingerprints one key at one version; a leaf sums its entries'
// fingerprints, so the sum does not depend on the order keys are visited.
func entryHash(key string, e Entry) uint64 {
	return mix(keyHash(key), mix(e.Ver.Counter, keyHash(e.Ver.Writer+"\x00"+e.Value)))
}

// treeFor returns the tree this node shares with peer, building it if a
// change has made the cached one stale.
func (n *node) treeFor(peer sim.NodeID) *tree {
	if t, ok := n.trees[peer]; ok {
		return t
	}
	d := n.cfg.MerkleDepth
	t := &tree{levels: make([][]uint64, d+1), fullBytes: headerBytes}
	leaves := make([]uint64, 1<<d)
	for k, e := range n.store { // order-free: sums commute
		if n.shares(k, peer) {
			leaves[leafOf(k, d)] += entryHash(k, e)
			t.fullBytes += entryBytes(k, e)
		}
	}
	t.levels[d] = leaves
	for l := d - 1; l >= 0; l-- {
		lv := make([]uint64, 1<<l)
		for i := range lv {
			lv[i] = mix(t.levels[l+1][2*i], t.levels[l+1][2*i+1])
		}
		t.levels[l] = lv
	}
	n.trees[peer] = t
	return t
}

// entriesOf lists, in key order, this node's entries in the given leaves
// that it shares with peer.
func (n *node) entriesOf(peer sim.NodeID, leaves []uint32) ([]string, []Entry) {
	want := make(map[uint32]bool, len(leaves))
	for _, l := range leaves {
		want[l] = true
	}
	var keys []string
	for k := range n.store {
		if want[leafOf(k, n.cfg.MerkleDepth)] && n.shares(k, peer) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys) // map order must not reach a message
	entries := make([]Entry, len(keys))
	for i, k := range keys {
		entries[i] = n.store[k]
	}
	return keys, entries
}

// startAE opens a session with the next peer in turn: the root hash.
func (n *node) startAE(env sim.Env) {
	peers := env.Peers()
	if len(peers) == 0 {
		return
	}
	peer := peers[n.aeNext%len(peers)]
	n.aeNext++
	n.aeSeq++
	t := n.treeFor(peer)
	m := AEHashes{Session: n.name + "/" + strconv.Itoa(n.aeSeq), Depth: 0, Nodes: []uint32{0}, Hashes: []uint64{t.levels[0][0]}}
	n.sendAE(env, peer, m, m.bytes(), AEFact{FullBytes: t.fullBytes})
}

// onHashes compares the peer's hashes with ours: matching nodes end the
// descent there; differing ones send their children's hashes, or at the
// leaves, our entries of those leaves.
func (n *node) onHashes(env sim.Env, from sim.NodeID, m AEHashes) {
	d := n.cfg.MerkleDepth
	if m.Depth < 0 || m.Depth > d || len(m.Nodes) != len(m.Hashes) {
		return
	}
	t := n.treeFor(from)
	var differ []uint32
	for i, x := range m.Nodes {
		if int(x) < len(t.levels[m.Depth]) && t.levels[m.Depth][x] != m.Hashes[i] {
			differ = append(differ, x)
		}
	}
	switch {
	case len(differ) == 0:
		return // in sync: the session ends with no reply
	case m.Depth == d:
		keys, entries := n.entriesOf(from, differ)
		out := AEDigests{Session: m.Session, Leaves: differ, Keys: keys, Vers: make([]Version, len(keys))}
		for i, e := range entries {
			out.Vers[i] = e.Ver
		}
		n.sendAE(env, from, out, out.bytes(), AEFact{Leaves: len(differ)})
	default:
		out := AEHashes{Session: m.Session, Depth: m.Depth + 1}
		for _, x := range differ {
			out.Nodes = append(out.Nodes, 2*x, 2*x+1)
			out.Hashes = append(out.Hashes, t.levels[m.Depth+1][2*x], t.levels[m.Depth+1][2*x+1])
		}
		n.sendAE(env, from, out, out.bytes(), AEFact{})
	}
}

// onDigests compares the peer's digests of the differing leaves with our
// entries: ours that are newer (or that the peer lacks) are sent, and the
// keys where the peer is newer (or we lack them) are asked for.
func (n *node) onDigests(env sim.Env, from sim.NodeID, m AEDigests) {
	if len(m.Keys) != len(m.Vers) {
		return
	}
	theirs := make(map[string]Version, len(m.Keys)) // lookups only
	for i, k := range m.Keys {
		theirs[k] = m.Vers[i]
	}
	keys, entries := n.entriesOf(from, m.Leaves)
	out := AEEntries{Session: m.Session, Leaves: m.Leaves}
	for i, k := range keys {
		if v, ok := theirs[k]; !ok || entries[i].Ver.Compare(v) > 0 {
			out.Keys = append(out.Keys, k)
			out.Entries = append(out.Entries, entries[i])
		}
	}
	for i, k := range m.Keys { // the digest's order: deterministic
		if m.Vers[i].Compare(n.store[k].Ver) > 0 && n.shares(k, from) {
			out.Want = append(out.Want, k)
		}
	}
	if len(out.Keys) > 0 || len(out.Want) > 0 {
		n.sendAE(env, from, out, out.bytes(), AEFact{Entries: len(out.Keys)})
	}
}

// onEntries keeps the newer of each entry received and answers Want with
// the entries asked for.
func (n *node) onEntries(env sim.Env, from sim.NodeID, m AEEntries) {
	if len(m.Keys) != len(m.Entries) {
		return
	}
	for i, k := range m.Keys {
		if n.shares(k, from) && leafIn(leafOf(k, n.cfg.MerkleDepth), m.Leaves) {
			n.apply(env, k, m.Entries[i], SourceAE, env.NameOf(from))
		}
	}
	if len(m.Want) == 0 {
		return
	}
	out := AEEntries{Session: m.Session, Leaves: m.Leaves}
	for _, k := range m.Want {
		if e, ok := n.store[k]; ok && n.shares(k, from) {
			out.Keys = append(out.Keys, k)
			out.Entries = append(out.Entries, e)
		}
	}
	n.sendAE(env, from, out, out.bytes(), AEFact{Entries: len(out.Keys)})
}

func leafIn(l uint32, leaves []uint32) bool { return slices.Contains(leaves, l) }

// sendAE sends one anti-entropy message and records its size.
func (n *node) sendAE(env sim.Env, to sim.NodeID, m sim.Message, bytes int, f AEFact) {
	env.Send(to, m)
	f.Session, f.Peer, f.Bytes = m2session(m), env.NameOf(to), bytes
	env.Observe(sim.Observation{Kind: KindAE, Data: f})
}

func m2session(m sim.Message) string {
	switch x := m.(type) {
	case AEHashes:
		return x.Session
	case AEEntries:
		return x.Session
	case AEDigests:
		return x.Session
	}
	return ""
}
