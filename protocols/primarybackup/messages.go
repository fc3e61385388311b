package primarybackup

// Messages between servers. Each is a plain value (the kernel renders it as
// JSON into the trace) and each carries the sender's epoch, checked once in
// Receive before any handler runs, as etcd/raft checks the term in Step.

// Heartbeat says: the sender is primary of Epoch and has applied Index
// writes. A backup behind (or ahead of) Index asks for a sync.
type Heartbeat struct {
	Epoch int
	Index uint64
}

// Replicate carries one accepted write, the Index-th of the primary's
// lineage, to a backup. It is sent after the client was acknowledged
// (asynchronous replication), so it can be lost with the primary.
type Replicate struct {
	Epoch int
	Index uint64
	Key   string
	Value string
}

// SyncRequest asks the primary of Epoch for its whole state, because the
// sender is new to the epoch or missed a Replicate.
type SyncRequest struct {
	Epoch int
}

// SyncState is the primary's whole state. The receiver replaces its KV with
// it: this is how a deposed primary forgets the writes it acknowledged.
type SyncState struct {
	Epoch   int
	Index   uint64
	Entries []KV // sorted by key, so the trace is canonical
}

// KV is one key and its value; "" never appears (absent keys are omitted).
type KV struct {
	Key   string
	Value string
}

// Promote is the operator's command (injected from sim.Operator) to make the
// receiving backup primary in a new epoch. It is the only way to promote
// with manual failover.
type Promote struct{}

// Fence is sent by a backup promoting on the operator's command: every
// receiver adopts Epoch, steps down if it was primary, and acknowledges, so
// the old primary's tenure ends before the new one's begins.
type Fence struct {
	Epoch int
}

// FenceAck acknowledges a Fence. A former primary hands over its whole state
// (WasPrimary, Index, Entries), so a planned failover loses no acknowledged
// write even if a Replicate was still in flight.
type FenceAck struct {
	Epoch      int
	WasPrimary bool
	Index      uint64
	Entries    []KV
}

// epochOf returns the epoch a server message carries; ok is false for a
// message that is not one of ours (a corrupted or foreign message), which
// is ignored.
func epochOf(msg any) (epoch int, ok bool) {
	switch m := msg.(type) {
	case Heartbeat:
		return m.Epoch, true
	case Replicate:
		return m.Epoch, true
	case SyncRequest:
		return m.Epoch, true
	case SyncState:
		return m.Epoch, true
	case Fence:
		return m.Epoch, true
	case FenceAck:
		return m.Epoch, true
	case ReplicateAck:
		return m.Epoch, true
	case Probe:
		return m.Epoch, true
	case ProbeAck:
		return m.Epoch, true
	}
	return 0, false
}

// ReplicateAck tells the primary of Epoch that the sender's state holds
// the lineage's first Index writes. Only semi-sync and sync replication
// send it: they hold a client's answer until enough backups have a write.
type ReplicateAck struct {
	Epoch int
	Index uint64
}

// Probe is sent by a backup whose primary went silent, with failover to the
// most up-to-date backup: "how far did you get?" It carries the sender's
// own Index for the story's sake.
type Probe struct {
	Epoch int
	Index uint64
}

// ProbeAck answers a Probe with the receiver's Index, so the prober can
// tell whether someone else is better placed to take over.
type ProbeAck struct {
	Epoch int
	Index uint64
}
