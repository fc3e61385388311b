package workload

import (
	"testing"

	"simrun/sim/canontest"
)

// TestCanonicalAppenders checks every hand-written canonical text against
// the reflective one.
func TestCanonicalAppenders(t *testing.T) {
	canontest.Random[Request](t)
	canontest.Random[Reply](t)
	canontest.Random[Invoked](t)
	canontest.Random[Completed](t)
	canontest.Values(t,
		Request{Client: "c0", Seq: 1, Op: OpWrite, Key: "x", Value: "1"},
		Reply{Seq: 2, OK: true, Value: `q"uote`}, Completed{Seq: 3, Outcome: 2, Err: "timeout", Attempts: 4})
}
