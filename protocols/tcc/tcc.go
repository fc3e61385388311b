// Package tcc is try / confirm / cancel: a business-level alternative to
// atomic commit. A coordinator asks each service to Try (reserve what the
// transaction needs: stock, a payment hold, a shipping slot); if every
// Try succeeds it Confirms each reservation, else it Cancels them all.
//
// Why it exists: TCC holds no locks across services and never blocks a
// service on a coordinator: a reservation is ordinary application state
// that a Cancel releases. Its correctness is eventual: every reservation
// ends confirmed or released, provided Confirm and Cancel are retried
// until acknowledged and are idempotent. The scenario tcc-cancel shows a
// failed payment Try, a lost Cancel retried, and nothing left reserved.
//
// The protocol, in brief. Transactions are scripted in
// Config.Transactions (writes: {n1: "inventory=widget", ...}, the
// reservation each service makes; vote_no lists services whose Try
// fails). The coordinator (n0 unless named) sends Try to each service and
// decides after all results or TryTimeout: confirm if all succeeded, else
// cancel. It logs the decision before sending it and resends every Retry
// until each service answers Done. A service logs each reservation before
// acknowledging its Try; a Cancel for a Try it never saw is remembered
// (so a late Try is refused: no "hanging" reservation), and Confirm and
// Cancel are idempotent.
//
// Observations: "txn" (workload.TxnFact): a reservation is a lock, a
// successful Try a Yes vote, Confirm a commit and Cancel an abort, so the
// shared checkers judge it: atomicity, and eventual-consistency (every
// service that heard of the transaction settled it and released its
// reservation within the bound).
package tcc

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"simrun/check"
	"simrun/sim"
	"simrun/workload"
)

// Config holds the transactions and timings.
type Config struct {
	Transactions []workload.Txn `yaml:"transactions"`
	// TryTimeout: the coordinator cancels if a Try result is missing.
	TryTimeout time.Duration `yaml:"try_timeout"`
	// Retry: how often Confirm/Cancel is resent until Done.
	Retry time.Duration `yaml:"retry"`
	// Servers is the cluster size, set by New (and ValidateNodes) so
	// Validate can check the servers the transactions name; not a
	// scenario key.
	Servers int `yaml:"-"`
}

// DefaultConfig: tries within 100ms, retries every 100ms.
func DefaultConfig() *Config {
	return &Config{TryTimeout: 100 * time.Millisecond, Retry: 100 * time.Millisecond}
}

// Validate reports the first impossible setting, naming its yaml key.
func (c *Config) Validate() error {
	switch {
	case c.TryTimeout <= 0:
		return fmt.Errorf("try_timeout: must be > 0 (got %v)", c.TryTimeout)
	case c.Retry <= 0:
		return fmt.Errorf("retry: must be > 0 (got %v)", c.Retry)
	}
	servers := c.Servers
	if servers == 0 {
		servers = 64
	}
	return workload.ValidateTxns(c.Transactions, servers)
}

// Messages. Attempt counts sends of the same Confirm/Cancel, so a story
// can say a retry got through.
type (
	// Try asks a service to reserve Amount of Resource for Txn.
	Try struct{ Txn, Resource, Amount string }
	// TryResult answers Try.
	TryResult struct {
		Txn string
		OK  bool
	}
	// Confirm makes a reservation final.
	Confirm struct {
		Txn     string
		Attempt int
	}
	// Cancel releases a reservation (or pre-empts a Try not yet seen).
	Cancel struct {
		Txn     string
		Attempt int
	}
	// Done acknowledges Confirm or Cancel.
	Done struct{ Txn string }
)

// Service states, as logged.
const (
	stateReserved  = "reserved"
	stateConfirmed = "confirmed"
	stateCancelled = "cancelled"
)

// New returns the factory of a TCC server (coordinator and service).
func New(cfg Config, servers []sim.NodeID) func(sim.NodeID) sim.Node {
	cfg.Servers = len(servers)
	if err := cfg.Validate(); err != nil {
		panic("tcc: invalid config: " + err.Error())
	}
	return func(sim.NodeID) sim.Node {
		return &node{cfg: &cfg, servers: servers, txns: map[string]*coordTxn{}}
	}
}

// node is one server. Service state lives in Storage ("s/<txn>" -> the
// state); coordinator state is volatile except its decision ("c/<txn>").
type node struct {
	cfg     *Config
	servers []sim.NodeID
	txns    map[string]*coordTxn
}

// coordTxn is a transaction this node coordinates.
type coordTxn struct {
	spec    workload.Txn
	parts   []sim.NodeID
	ok      map[sim.NodeID]bool
	decided bool
	confirm bool
	done    map[sim.NodeID]bool
	attempt int
	timeout sim.TimerID
}

// tag is a timer tag, "try/t1" in traces.
type tag struct{ kind, txn string }

func (t tag) String() string { return t.kind + "/" + t.txn }

// Start schedules this node's transactions, or resumes their retries
// after a restart (a decision in the log is resent; a transaction begun
// and undecided is cancelled, which is always allowed).
func (n *node) Start(env sim.Env) {
	_, restarted := env.Storage().Get("booted")
	env.Storage().Put("booted", true)
	env.Storage().Sync()
	for _, t := range n.cfg.Transactions {
		i, _ := workload.ServerIndex(t.CoordinatorName())
		if n.servers[i] != env.ID() {
			continue
		}
		v, logged := env.Storage().Get("c/" + t.ID)
		switch {
		case logged:
			c := n.newTxn(t)
			c.decided, c.confirm = true, v.(bool)
			n.send(env, c)
		case restarted && t.At <= env.Now():
			n.decide(env, n.newTxn(t), false, "restarted without a decision: cancel")
		default:
			env.SetTimer(t.At-env.Now(), tag{"begin", t.ID})
		}
	}
}

func (n *node) newTxn(t workload.Txn) *coordTxn {
	c := &coordTxn{spec: t, ok: map[sim.NodeID]bool{}, done: map[sim.NodeID]bool{}}
	for _, p := range t.Participants() {
		i, _ := workload.ServerIndex(p)
		c.parts = append(c.parts, n.servers[i])
	}
	n.txns[t.ID] = c
	return c
}

// Timer handles begin, try timeout and retry.
func (n *node) Timer(env sim.Env, tg any) {
	t, _ := tg.(tag)
	switch t.kind {
	case "begin":
		i := slices.IndexFunc(n.cfg.Transactions, func(x workload.Txn) bool { return x.ID == t.txn })
		n.begin(env, n.newTxn(n.cfg.Transactions[i]))
	case "try":
		if c := n.txns[t.txn]; !c.decided {
			workload.ObserveTxn(env, workload.TxnFact{Txn: t.txn, Kind: check.TxnTimeout, Why: "a Try result is missing"})
			n.decide(env, c, false, "a Try result was missing at the try timeout")
		}
	case "retry":
		n.send(env, n.txns[t.txn])
	}
}

func (n *node) begin(env sim.Env, c *coordTxn) {
	names := c.spec.Participants()
	workload.ObserveTxn(env, workload.TxnFact{Txn: c.spec.ID, Kind: check.TxnBegin, Participants: names})
	for i, p := range c.parts {
		res, amount, _ := workload.SplitWrite(c.spec.Writes[names[i]])
		env.Send(p, Try{Txn: c.spec.ID, Resource: res, Amount: amount})
	}
	c.timeout = env.SetTimer(n.cfg.TryTimeout, tag{"try", c.spec.ID})
}

// decide logs confirm or cancel, then sends it.
func (n *node) decide(env sim.Env, c *coordTxn, confirm bool, why string) {
	env.Storage().Put("c/"+c.spec.ID, confirm)
	env.Storage().Sync()
	c.decided, c.confirm = true, confirm
	workload.ObserveTxn(env, workload.TxnFact{Txn: c.spec.ID, Kind: kind(confirm), Why: why})
	n.send(env, c)
}

// send (re)sends the decision to services that have not answered Done.
func (n *node) send(env sim.Env, c *coordTxn) {
	c.attempt++
	pending := false
	for _, p := range c.parts {
		if c.done[p] {
			continue
		}
		pending = true
		if c.confirm {
			env.Send(p, Confirm{Txn: c.spec.ID, Attempt: c.attempt})
		} else {
			env.Send(p, Cancel{Txn: c.spec.ID, Attempt: c.attempt})
		}
	}
	if pending {
		env.SetTimer(n.cfg.Retry, tag{"retry", c.spec.ID})
	}
}

func kind(confirm bool) string {
	if confirm {
		return check.TxnCommit
	}
	return check.TxnAbort
}

// Receive handles the coordinator's and the service's messages.
func (n *node) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	switch m := msg.(type) {
	case TryResult:
		c, ok := n.txns[m.Txn]
		if !ok || c.decided {
			return
		}
		if !m.OK {
			n.decide(env, c, false, env.NameOf(from)+"'s Try failed: cancel every reservation")
			return
		}
		if c.ok[from] = true; len(c.ok) == len(c.parts) {
			n.decide(env, c, true, "every Try succeeded")
		}
	case Done:
		if c, ok := n.txns[m.Txn]; ok {
			c.done[from] = true
		}
	case Try:
		n.onTry(env, from, m)
	case Confirm:
		n.settle(env, m.Txn, true, fmt.Sprintf("confirm (attempt %d)", m.Attempt))
		env.Send(from, Done{Txn: m.Txn})
	case Cancel:
		n.settle(env, m.Txn, false, fmt.Sprintf("cancel (attempt %d)", m.Attempt))
		env.Send(from, Done{Txn: m.Txn})
	}
}

// onTry reserves, unless the script fails it or a Cancel came first.
func (n *node) onTry(env sim.Env, from sim.NodeID, m Try) {
	st := env.Storage()
	if v, ok := st.Get("s/" + m.Txn); ok {
		env.Send(from, TryResult{Txn: m.Txn, OK: v.(string) != stateCancelled})
		return
	}
	for _, t := range n.cfg.Transactions {
		if t.ID == m.Txn && slices.Contains(t.VoteNo, env.Name()) {
			workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: check.TxnVoteNo, Why: "the " + m.Resource + " Try fails"})
			st.Put("s/"+m.Txn, stateCancelled)
			st.Sync()
			workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: check.TxnAbort, Why: "its Try failed; nothing reserved"})
			env.Send(from, TryResult{Txn: m.Txn, OK: false})
			return
		}
	}
	st.Put("s/"+m.Txn, stateReserved)
	st.Put("r/"+m.Txn, m.Resource)
	st.Sync()
	workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: check.TxnLock, Key: m.Resource})
	workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: check.TxnPrepared})
	workload.ObserveTxn(env, workload.TxnFact{Txn: m.Txn, Kind: check.TxnVoteYes, Why: "reserved " + m.Amount + " of " + m.Resource})
	env.Send(from, TryResult{Txn: m.Txn, OK: true})
}

// settle confirms or releases a reservation; idempotent. A Cancel with
// no reservation is remembered so a late Try is refused.
func (n *node) settle(env sim.Env, txn string, confirm bool, why string) {
	st := env.Storage()
	v, ok := st.Get("s/" + txn)
	if ok && v.(string) != stateReserved {
		return
	}
	state := stateCancelled
	if confirm {
		state = stateConfirmed
	}
	if !ok {
		why += ": no reservation to release (the Try never arrived), remembered so a late Try is refused"
	}
	st.Put("s/"+txn, state)
	st.Sync()
	workload.ObserveTxn(env, workload.TxnFact{Txn: txn, Kind: kind(confirm), Why: why})
	if ok {
		res, _ := st.Get("r/" + txn)
		workload.ObserveTxn(env, workload.TxnFact{Txn: txn, Kind: check.TxnUnlock, Key: res.(string)})
	}
}

// Check names: atomicity, and eventual-consistency (the termination check
// under TCC's name: every service that heard of a transaction settled it
// and released its reservation within TerminationBound of the start or
// the last fault).
const (
	CheckAtomicity           = check.CheckAtomicity
	CheckEventualConsistency = "eventual-consistency"
)

// Checks lists the checks Check understands.
var Checks = []string{CheckAtomicity, CheckEventualConsistency}

// TerminationBound is how long settling may take after the start or the
// last fault: ten retries.
const TerminationBound = time.Second

// Check runs the named checks over a finished run.
func Check(res sim.Result, names []string) []check.Result {
	l := workload.TxnLog(res)
	out := make([]check.Result, 0, len(names))
	for _, name := range names {
		switch name {
		case CheckAtomicity:
			out = append(out, check.Atomicity(l))
		case CheckEventualConsistency:
			r := check.Termination(l, TerminationBound)
			r.Name = CheckEventualConsistency
			out = append(out, r)
		default:
			out = append(out, check.Result{Name: name, Detail: fmt.Sprintf("tcc has no check %q (it has: %s)", name, strings.Join(Checks, ", "))})
		}
	}
	return out
}

// Story tells the run with the shared transaction story.
func Story(res sim.Result) []string { return workload.TxnStory(res) }

// Metrics are reservation-hold times (as lock holds) and the rest of
// check.CommitMetrics.
func Metrics(res sim.Result) check.CommitMetrics { return check.CommitMetricsOf(workload.TxnLog(res)) }

// ValidateNodes checks the transaction script against the real cluster
// (Validate alone cannot see it), so a transaction naming a missing
// server fails to load instead of panicking in New.
func (c Config) ValidateNodes(nodes []string) error {
	c.Servers = len(nodes)
	return c.Validate()
}
