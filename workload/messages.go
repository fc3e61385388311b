package workload

import (
	"time"

	"simrun/check"
)

// Operation kinds a Request may carry; they are the Kind values of check.Op,
// so a history needs no translation.
const (
	OpRead  = "read"
	OpWrite = "write"
)

// Observation kinds a client records. History reads exactly these, so they
// are constants shared by both sides.
const (
	KindInvoke   = "invoke"
	KindComplete = "complete"
	// KindShed marks a random arrival dropped because the client's queue
	// was full (Data is an Invoked with Seq 0 and no Server): an overloaded
	// open-loop client is visible, not silent.
	KindShed = "shed"
)

// Request is what a client sends a server. Seq identifies the operation: a
// retransmission carries the same Seq, so a server can recognise it and a
// late reply can be matched (or ignored). It is a plain value because the
// kernel renders every message as JSON into the trace.
type Request struct {
	Client string
	Seq    uint64
	Op     string // OpRead or OpWrite
	Key    string
	Value  string // the value to write; "" for reads ("" means absent)
}

// Reply answers a Request. OK=false means the server did not apply the
// operation (Err says why); Redirect, when set, names the server the client
// should try instead, so clients need not know the protocol's roles.
type Reply struct {
	Seq      uint64
	OK       bool
	Value    string // what a read returned; "" for an absent key
	Err      string
	Redirect string
}

// Script is one scripted operation: at time At (simulated, since the start of
// the run) the client invokes Op on Key. Scenarios use scripts to make a
// phenomenon happen at a known instant ("c0 writes x=1 at 120ms").
type Script struct {
	At    time.Duration
	Op    string
	Key   string
	Value string // for writes: must not be "" ("" means absent)
}

// Random is an open-loop random workload: arrivals form a Poisson process of
// Rate operations per simulated second between Start and Stop, over keys
// "k0".."k{Keys-1}". Sweeps use it where no one scripts the operations.
type Random struct {
	Rate         float64       // mean operations per simulated second; > 0
	Keys         int           // number of distinct keys; > 0
	ReadFraction float64       // probability an operation is a read, in [0, 1]
	Start        time.Duration // first arrival is drawn after Start
	Stop         time.Duration // no arrival at or after Stop; 0 means never stop
}

// Invoked is the Data of a KindInvoke observation: the start of one
// operation, as the client issued it.
type Invoked struct {
	Seq    uint64
	Op     string
	Key    string
	Value  string
	Server string // where the first attempt went
}

// Completed is the Data of a KindComplete observation: how operation Seq
// ended as the client saw it. Unknown means some attempt may have taken
// effect but no answer said so.
type Completed struct {
	Seq      uint64
	Outcome  check.Outcome
	Output   string // what a read returned
	Err      string // the server's reason on a fail, or "timeout"
	Server   string // where the last attempt went
	Attempts int    // sends, including retransmissions and redirects
}
