package raft

import (
	"strconv"
	"strings"
)

// Entry is one log entry (§5.3). Client and Seq identify the command for
// deduplication (§8); an entry with no Client is the leader's no-op.
// JSON tags are short because every message is rendered into the trace.
type Entry struct {
	Term   uint64 `json:"t"`
	Client string `json:"c,omitempty"`
	Seq    uint64 `json:"s,omitempty"`
	Key    string `json:"k,omitempty"`
	Value  string `json:"v,omitempty"`
	// Members, when set, makes this a configuration entry (§6): the
	// names of the voting members from this entry on.
	Members []string `json:"m,omitempty"`
}

// Command names what the entry does, the way checkers compare entries.
func (e Entry) Command() string {
	if len(e.Members) > 0 {
		return "config " + strings.Join(e.Members, ",")
	}
	if e.Client == "" {
		return "noop"
	}
	return e.Key + "=" + e.Value + " " + e.Client + "#" + strconv.FormatUint(e.Seq, 10)
}

// RequestVote asks for a vote (§5.2) or, with PreVote, asks whether the
// vote would be granted without anyone changing term (§9.6). LastIndex and
// LastTerm describe the candidate's log for the election restriction.
type RequestVote struct {
	Term      uint64 `json:"t"`
	LastIndex uint64 `json:"li"`
	LastTerm  uint64 `json:"lt"`
	PreVote   bool   `json:"pre,omitempty"`
}

// Vote answers a RequestVote.
type Vote struct {
	Term    uint64 `json:"t"`
	Granted bool   `json:"ok,omitempty"`
	PreVote bool   `json:"pre,omitempty"`
}

// Append is AppendEntries (§5.3): the entries after PrevIndex, the
// leader's commit index, and Seq, the heartbeat round it belongs to (a
// ReadIndex or lease read waits for a majority to acknowledge a round).
type Append struct {
	Term      uint64  `json:"t"`
	PrevIndex uint64  `json:"pi"`
	PrevTerm  uint64  `json:"pt"`
	Commit    uint64  `json:"c"`
	Seq       uint64  `json:"s"`
	Entries   []Entry `json:"e,omitempty"`
}

// AppendReply answers an Append. On success Match is the index up to which
// the follower's log now equals the leader's; on failure Hint is where the
// leader should try next.
type AppendReply struct {
	Term    uint64 `json:"t"`
	Success bool   `json:"ok,omitempty"`
	Match   uint64 `json:"m,omitempty"`
	Hint    uint64 `json:"h,omitempty"`
	Seq     uint64 `json:"s"`
}
