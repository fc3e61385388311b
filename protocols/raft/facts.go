package raft

// Observation kinds a node records. Check reads exactly these.
const (
	// KindRole: a role change; Data is a RoleFact.
	KindRole = "raft.role"
	// KindAppend: entries stored in the log; Data is an AppendFact.
	KindAppend = "raft.append"
	// KindTruncate: the log cut back; Data is a TruncateFact.
	KindTruncate = "raft.truncate"
	// KindCommit: the commit index advanced; Data is a CommitFact.
	KindCommit = "raft.commit"
	// KindApply: committed entries applied to the KV; Data is an ApplyFact.
	KindApply = "raft.apply"
	// KindRead: a read served without the log; Data is a ReadFact.
	KindRead = "raft.read"
	// KindLie: a Byzantine node did what an honest one would not; Data is
	// a LieFact. Stories name it as the cause of what follows.
	KindLie = "raft.lie"
)

// Role names, as facts and stories spell them.
const (
	RoleFollower     = "follower"
	RolePreCandidate = "pre-candidate"
	RoleCandidate    = "candidate"
	RoleLeader       = "leader"
)

// RoleFact is a role change: the node's term, its new role and why.
type RoleFact struct {
	Term   uint64
	Role   string
	Cause  string // "start", "restart", "timeout", "votes", "higher-term", "leader", "check-quorum"
	Detail string `json:",omitempty"`
}

// AppendFact says the node stored Entries at Index, Index+1, ... while in
// Term. Only entries new to the log are reported.
type AppendFact struct {
	Term    uint64
	Index   uint64
	Entries []Entry
}

// TruncateFact says the node deleted its log from Index on (Count
// entries) while in Term, because a leader's entries conflicted (§5.3).
type TruncateFact struct {
	Term  uint64
	Index uint64
	Count uint64
}

// CommitFact says the node's commit index moved from From-1 to To while
// it was in Term.
type CommitFact struct {
	Term uint64
	From uint64
	To   uint64
}

// ApplyFact says the node applied entries From..To to its KV.
type ApplyFact struct {
	From uint64
	To   uint64
}

// ReadFact records a read served by a leader without the log: how it was
// confirmed (Mode) and what it returned, so a stale read has a name.
type ReadFact struct {
	Term   uint64
	Mode   string
	Key    string
	Value  string
	Client string
}

// LieFact records one Byzantine act: the behaviour, whom it targeted and
// what an honest node would have done instead.
type LieFact struct {
	Behaviour string
	To        string
	Detail    string
}
