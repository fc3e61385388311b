package workload

import "simrun/sim"

// Hand-written canonical text for the client messages and observations
// every operation produces (sim.CanonicalAppender): reflection was a large
// share of a long run's cost. canonical_test.go checks each against
// sim.CanonicalReflect.

// AppendCanonical implements sim.CanonicalAppender.
func (r Request) AppendCanonical(b []byte) []byte {
	b = append(b, "workload.Request{Client:"...)
	b = sim.AppendQuoted(b, r.Client)
	b = append(b, " Seq:"...)
	b = sim.AppendUint(b, r.Seq)
	b = append(b, " Op:"...)
	b = sim.AppendQuoted(b, r.Op)
	b = append(b, " Key:"...)
	b = sim.AppendQuoted(b, r.Key)
	b = append(b, " Value:"...)
	b = sim.AppendQuoted(b, r.Value)
	return append(b, '}')
}

// AppendCanonical implements sim.CanonicalAppender.
func (r Reply) AppendCanonical(b []byte) []byte {
	b = append(b, "workload.Reply{Seq:"...)
	b = sim.AppendUint(b, r.Seq)
	b = append(b, " OK:"...)
	b = sim.AppendBool(b, r.OK)
	b = append(b, " Value:"...)
	b = sim.AppendQuoted(b, r.Value)
	b = append(b, " Err:"...)
	b = sim.AppendQuoted(b, r.Err)
	b = append(b, " Redirect:"...)
	b = sim.AppendQuoted(b, r.Redirect)
	return append(b, '}')
}

// AppendCanonical implements sim.CanonicalAppender.
func (o Invoked) AppendCanonical(b []byte) []byte {
	b = append(b, "workload.Invoked{Seq:"...)
	b = sim.AppendUint(b, o.Seq)
	b = append(b, " Op:"...)
	b = sim.AppendQuoted(b, o.Op)
	b = append(b, " Key:"...)
	b = sim.AppendQuoted(b, o.Key)
	b = append(b, " Value:"...)
	b = sim.AppendQuoted(b, o.Value)
	b = append(b, " Server:"...)
	b = sim.AppendQuoted(b, o.Server)
	return append(b, '}')
}

// AppendCanonical implements sim.CanonicalAppender.
func (c Completed) AppendCanonical(b []byte) []byte {
	b = append(b, "workload.Completed{Seq:"...)
	b = sim.AppendUint(b, c.Seq)
	b = append(b, " Outcome:"...)
	b = sim.AppendInt(b, int64(c.Outcome))
	b = append(b, " Output:"...)
	b = sim.AppendQuoted(b, c.Output)
	b = append(b, " Err:"...)
	b = sim.AppendQuoted(b, c.Err)
	b = append(b, " Server:"...)
	b = sim.AppendQuoted(b, c.Server)
	b = append(b, " Attempts:"...)
	b = sim.AppendInt(b, int64(c.Attempts))
	return append(b, '}')
}
