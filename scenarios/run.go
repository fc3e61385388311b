package scenarios

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"simrun/check"
	"simrun/faults"
	"simrun/sim"
	"simrun/workload"
)

// RunOptions are what a caller may change about a run without editing the
// scenario.
type RunOptions struct {
	// Seed replaces the scenario's own seed when non-nil.
	Seed *uint64
	// Trace keeps every event as JSONL in Outcome.Trace.
	Trace bool
}

// Outcome is a finished run judged against its scenario.
type Outcome struct {
	Scenario *Scenario
	Seed     uint64
	Result   sim.Result
	// Checks are the verdicts of the scenario's checks, in its order, plus
	// an "event-budget" liveness failure when the run hit its budget.
	Checks []check.Result
	// Verdict is hold, violation or no-progress (see check.Summarize).
	Verdict Verdict
	// ExpectationMet says whether the run did what the scenario expects.
	ExpectationMet bool
	History        check.History
	// story is the protocol's account of the run, built on first use:
	// sweeps judge thousands of runs and read no story.
	storyFn func(sim.Result) []string
	story   []string
	Wall    time.Duration
	// Trace is the JSONL trace when RunOptions.Trace was set.
	Trace []byte
}

// Run builds the simulation a scenario describes, runs it with one seed and
// judges it. The error is non-nil only for a scenario that cannot be built
// (an unregistered protocol in a hand-made Scenario).
func Run(s *Scenario, opts RunOptions) (*Outcome, error) {
	p, ok := Lookup(s.Protocol)
	if !ok || p.Build == nil {
		return nil, fmt.Errorf("%s: protocol %q cannot be run (registered: %s)", s.File, s.Protocol, registeredText())
	}
	seed := s.Seed
	if opts.Seed != nil {
		seed = *opts.Seed
	}
	var trace bytes.Buffer
	cfg := sim.Config{Seed: seed, Deadline: s.Duration, MaxEvents: s.MaxEvents}
	if opts.Trace {
		cfg.Trace = &trace
	}
	start := time.Now() // wall time for the summary only; never reaches the run
	w := sim.New(cfg)
	if err := populate(w, s, p); err != nil {
		return nil, err
	}
	res := w.Run()
	o := &Outcome{Scenario: s, Seed: seed, Result: res, Wall: time.Since(start)}
	o.judge(p)
	if opts.Trace {
		o.Trace = trace.Bytes()
	}
	return o, nil
}

// members resolves scenario names to node IDs.
type members map[string]sim.NodeID

// populate adds servers and clients, the network and the fault schedule.
func populate(w *sim.World, s *Scenario, p Protocol) error {
	ids := members{}
	servers := make([]sim.NodeID, len(s.Nodes))
	for i, name := range s.Nodes {
		servers[i] = sim.NodeID(i)
		ids[name] = servers[i]
	}
	factory := p.Build(s.Config, servers)
	for _, name := range s.Nodes {
		w.AddNode(name, sim.Server, factory)
	}
	for i, name := range s.Clients {
		ids[name] = w.AddNode(name, sim.Client, workload.NewClient(clientConfig(s, i, ids)))
	}
	net := faults.NewNetwork(w.Stream("net"), w.NodeCount(), faultLink(s.Network.Default))
	for _, pl := range s.Network.Links {
		net.SetLink(ids[pl.From], ids[pl.To], faultLink(pl.Link))
	}
	w.SetNetwork(net)
	sched, err := schedule(s, p, ids)
	if err != nil {
		return err
	}
	faults.Install(w, net, sched)
	return nil
}

// clientConfig is client i's part of the workload.
func clientConfig(s *Scenario, i int, ids members) workload.ClientConfig {
	name := s.Clients[i]
	cc := workload.ClientConfig{Home: ids[s.Workload.Home[i]], Timeout: s.Workload.Timeout, Retries: s.Workload.Retries}
	for _, op := range s.Workload.Ops {
		if op.Client == name {
			cc.Script = append(cc.Script, workload.Script{At: op.At, Op: string(op.Kind), Key: op.Key, Value: op.Value})
		}
	}
	if r := s.Workload.Random; r != nil {
		cc.Random = &workload.Random{Rate: r.Rate, Keys: r.Keys, ReadFraction: r.ReadFraction, Start: r.Start, Stop: r.Stop}
	}
	return cc
}

// faultLink converts a scenario link to the faults package's model.
func faultLink(l Link) faults.Link {
	return faults.Link{
		Model: faults.Model(l.Model),
		Latency: faults.Latency{Dist: string(l.Latency.Dist), Mean: l.Latency.Mean, Min: l.Latency.Min,
			Max: l.Latency.Max, StdDev: l.Latency.Stddev, Alpha: l.Latency.Alpha},
		Loss: l.Loss, Duplicate: l.Duplicate, Corrupt: l.Corrupt, Forge: l.Forge, Replay: l.Replay,
	}
}

// judge runs the checks, derives the verdict and compares it with what the
// scenario expects.
func (o *Outcome) judge(p Protocol) {
	s, res := o.Scenario, o.Result
	o.Checks = p.Check(res, s.Checks)
	if res.End == sim.EndBudget {
		o.Checks = append(o.Checks, check.Result{Name: "event-budget", OK: false,
			Detail: fmt.Sprintf("the run used its whole budget of %d events by t=%v: no progress in simulated time", s.MaxEvents, res.Now)})
	}
	o.Verdict = Verdict(check.Summarize(o.Checks))
	o.History = workload.History(res)
	o.storyFn = p.Story
	o.ExpectationMet = o.Verdict == s.Expect.Verdict
	if o.Verdict == VerdictViolation {
		o.ExpectationMet = o.ExpectationMet && slices.Equal(o.FailedSafety(), sortedCopy(s.Expect.Violations))
	}
}

// FailedSafety lists the safety checks that failed, sorted.
func (o *Outcome) FailedSafety() []string {
	var failed []string
	for _, c := range o.Checks {
		if c.Safety && !c.OK {
			failed = append(failed, c.Name)
		}
	}
	slices.Sort(failed)
	return failed
}

func sortedCopy(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return out
}

// Story is the protocol's own account of the run, one line per step.
func (o *Outcome) Story() []string {
	if o.story == nil && o.storyFn != nil {
		o.story = o.storyFn(o.Result)
	}
	return o.story
}
