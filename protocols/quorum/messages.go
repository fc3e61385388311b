package quorum

import "simrun/check"

// Version is check.Version: the (counter, writer) pair that totally orders
// a key's values. See doc.go for why not vector clocks.
type Version = check.Version

// Entry is a versioned value as replicas store and exchange it.
type Entry struct {
	Value string
	Ver   Version
}

// Put asks a replica to store e under Key unless it holds a newer version,
// and to acknowledge (ReqID 0: a read repair, no acknowledgement wanted).
type Put struct {
	ReqID uint64
	Key   string
	E     Entry
}

// PutAck acknowledges a Put: the replica now holds e or something newer.
type PutAck struct {
	ReqID uint64
}

// Get asks a replica for its version of Key.
type Get struct {
	ReqID uint64
	Key   string
}

// GetReply answers a Get; the zero Entry means absent.
type GetReply struct {
	ReqID uint64
	E     Entry
}

// AEHashes is one step of a Merkle descent: the sender's hashes of the
// listed tree nodes at Depth (heap order within the level). The receiver
// compares them with its own and answers with the children of those that
// differ, or, at the leaves, with the entries of the differing leaves.
type AEHashes struct {
	Session string
	Depth   int
	Nodes   []uint32
	Hashes  []uint64
}

// AEDigests lists the sender's keys and versions (no values) in the
// differing Leaves, so the receiver can tell exactly which entries differ
// before any value crosses the network.
type AEDigests struct {
	Session string
	Leaves  []uint32
	Keys    []string
	Vers    []Version
}

// AEEntries carries the sender's entries that are newer than the peer's (or
// that the peer lacks) in the differing Leaves, and Want: the keys where the
// peer's digest was newer, which the peer answers with one more AEEntries.
type AEEntries struct {
	Session string
	Leaves  []uint32
	Keys    []string
	Entries []Entry
	Want    []string
}

// Wire sizes, for counting anti-entropy bytes as a compact binary encoding
// would send them (the kernel's JSON rendering would inflate hashes).
const (
	headerBytes = 16 // message type, session id, depth/flags
	hashBytes   = 8
	indexBytes  = 4
	lenBytes    = 2 // length prefix of a string
	counterSize = 8
)

// entryBytes is the wire size of one key and its versioned value.
func entryBytes(key string, e Entry) int {
	return 3*lenBytes + len(key) + len(e.Value) + len(e.Ver.Writer) + counterSize
}

func (m AEHashes) bytes() int {
	return headerBytes + len(m.Nodes)*indexBytes + len(m.Hashes)*hashBytes
}

func (m AEDigests) bytes() int {
	n := headerBytes + len(m.Leaves)*indexBytes
	for i, k := range m.Keys {
		n += 2*lenBytes + len(k) + len(m.Vers[i].Writer) + counterSize
	}
	return n
}

func (m AEEntries) bytes() int {
	n := headerBytes + len(m.Leaves)*indexBytes
	for i, k := range m.Keys {
		n += entryBytes(k, m.Entries[i])
	}
	for _, k := range m.Want {
		n += lenBytes + len(k)
	}
	return n
}
