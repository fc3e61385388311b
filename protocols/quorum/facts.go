package quorum

// Observation kinds this protocol records; Check and Story read exactly
// these.
const (
	KindPreload = "preload"
	KindApply   = "apply"
	KindCoord   = "coordinate"
	KindAE      = "anti-entropy"
)

// Sources of a replica's change, so a story can tell a client write from a
// repair.
const (
	SourceWrite  = "write"        // a coordinator's Put
	SourceRepair = "read-repair"  // a coordinator's write-back after a read
	SourceAE     = "anti-entropy" // a Merkle exchange
)

// PreloadFact is the Data of a "preload" observation, recorded at every
// boot: the replica starts from Keys preloaded keys (version 1@preload)
// plus Restored entries from its disk. Check rebuilds each replica's state
// from it and the applies that follow, instead of 10,000 observations.
// N and Servers let Check recompute each key's preference list.
type PreloadFact struct {
	Keys     int
	Value    string // every preloaded key's value
	Restored int
	N        int
	Servers  []string
}

// ApplyFact is the Data of an "apply" observation: a replica's entry for
// Key changed to E (always newer than Prev).
type ApplyFact struct {
	Key    string
	E      Entry
	Prev   Version
	Source string
	From   string
}

// CoordFact is the Data of a "coordinate" observation: a coordinator
// answered client Client's request Seq. For a write, E is the version it
// created; for a read, the newest entry among the quorum's replies, which
// is what the client got. Seen lists each replica's answer ("n1: 2@n0"),
// Repaired the replicas written back to (at reply time).
type CoordFact struct {
	Client   string
	Seq      uint64
	Op       string
	Key      string
	E        Entry
	Seen     []string
	Repaired []string
}

// AEFact is the Data of an "anti-entropy" observation: one message of
// session Session sent to Peer. FullBytes (on a session's first message)
// is what a full sync of the sender's shared entries would have sent;
// Leaves and Entries count differing leaves and entries on entry messages.
type AEFact struct {
	Session   string
	Peer      string
	Bytes     int
	FullBytes int
	Leaves    int
	Entries   int
}
