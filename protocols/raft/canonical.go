package raft

import "simrun/sim"

// Hand-written canonical text for the messages and facts of the steady
// state (sim.CanonicalAppender): every Append, reply and fact is hashed,
// and rendering them through reflection was the largest cost of a healthy
// cluster's run. canonical_test.go checks each against sim.CanonicalReflect.

// appendBody appends e as the canonical text writes a struct nested in a
// slice (no type name).
func (e Entry) appendBody(b []byte) []byte {
	b = append(b, "{Term:"...)
	b = sim.AppendUint(b, e.Term)
	b = append(b, " Client:"...)
	b = sim.AppendQuoted(b, e.Client)
	b = append(b, " Seq:"...)
	b = sim.AppendUint(b, e.Seq)
	b = append(b, " Key:"...)
	b = sim.AppendQuoted(b, e.Key)
	b = append(b, " Value:"...)
	b = sim.AppendQuoted(b, e.Value)
	b = append(b, " Members:"...)
	b = sim.AppendStrings(b, e.Members)
	return append(b, '}')
}

// AppendCanonical implements sim.CanonicalAppender.
func (e Entry) AppendCanonical(b []byte) []byte {
	return e.appendBody(append(b, "raft.Entry"...))
}

func appendEntries(b []byte, entries []Entry) []byte {
	if entries == nil {
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i, e := range entries {
		if i > 0 {
			b = append(b, ' ')
		}
		b = e.appendBody(b)
	}
	return append(b, ']')
}

// AppendCanonical implements sim.CanonicalAppender.
func (m Append) AppendCanonical(b []byte) []byte {
	b = append(b, "raft.Append{Term:"...)
	b = sim.AppendUint(b, m.Term)
	b = append(b, " PrevIndex:"...)
	b = sim.AppendUint(b, m.PrevIndex)
	b = append(b, " PrevTerm:"...)
	b = sim.AppendUint(b, m.PrevTerm)
	b = append(b, " Commit:"...)
	b = sim.AppendUint(b, m.Commit)
	b = append(b, " Seq:"...)
	b = sim.AppendUint(b, m.Seq)
	b = append(b, " Entries:"...)
	b = appendEntries(b, m.Entries)
	return append(b, '}')
}

// AppendCanonical implements sim.CanonicalAppender.
func (m AppendReply) AppendCanonical(b []byte) []byte {
	b = append(b, "raft.AppendReply{Term:"...)
	b = sim.AppendUint(b, m.Term)
	b = append(b, " Success:"...)
	b = sim.AppendBool(b, m.Success)
	b = append(b, " Match:"...)
	b = sim.AppendUint(b, m.Match)
	b = append(b, " Hint:"...)
	b = sim.AppendUint(b, m.Hint)
	b = append(b, " Seq:"...)
	b = sim.AppendUint(b, m.Seq)
	return append(b, '}')
}

// AppendCanonical implements sim.CanonicalAppender.
func (f AppendFact) AppendCanonical(b []byte) []byte {
	b = append(b, "raft.AppendFact{Term:"...)
	b = sim.AppendUint(b, f.Term)
	b = append(b, " Index:"...)
	b = sim.AppendUint(b, f.Index)
	b = append(b, " Entries:"...)
	b = appendEntries(b, f.Entries)
	return append(b, '}')
}

// AppendCanonical implements sim.CanonicalAppender.
func (f CommitFact) AppendCanonical(b []byte) []byte {
	b = append(b, "raft.CommitFact{Term:"...)
	b = sim.AppendUint(b, f.Term)
	b = append(b, " From:"...)
	b = sim.AppendUint(b, f.From)
	b = append(b, " To:"...)
	b = sim.AppendUint(b, f.To)
	return append(b, '}')
}

// AppendCanonical implements sim.CanonicalAppender.
func (f ApplyFact) AppendCanonical(b []byte) []byte {
	b = append(b, "raft.ApplyFact{From:"...)
	b = sim.AppendUint(b, f.From)
	b = append(b, " To:"...)
	b = sim.AppendUint(b, f.To)
	return append(b, '}')
}

// AppendCanonical implements sim.CanonicalAppender.
func (f ReadFact) AppendCanonical(b []byte) []byte {
	b = append(b, "raft.ReadFact{Term:"...)
	b = sim.AppendUint(b, f.Term)
	b = append(b, " Mode:"...)
	b = sim.AppendQuoted(b, f.Mode)
	b = append(b, " Key:"...)
	b = sim.AppendQuoted(b, f.Key)
	b = append(b, " Value:"...)
	b = sim.AppendQuoted(b, f.Value)
	b = append(b, " Client:"...)
	b = sim.AppendQuoted(b, f.Client)
	return append(b, '}')
}
