package explore

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"simrun/scenarios"
	"simrun/sim"
)

// DefaultSwarmStop is the fraction of the run after which a swarm schedule
// injects no more faults: everything is healed there, and the rest of the
// run is the liveness phase in which the protocol must make progress.
const DefaultSwarmStop = 0.8

// SwarmParams is everything swarm testing derived from one seed, stored in
// its Record so that a failure report is complete on its own. Each fault
// class is switched on or off per seed, zeros included: a seed with only
// pauses shows what pauses alone do, without crashes crowding them out
// (Groce et al., "Swarm Testing", ISSTA 2012).
type SwarmParams struct {
	// StopAt is when the last fault window ends and every partition heals.
	StopAt string `json:"stop_at"`
	// Counts of each fault class; 0 means the class is off for this seed.
	Crash        int `json:"crash"` // crash-stop, distinct nodes, at most a minority
	CrashRecover int `json:"crash_recover"`
	Partition    int `json:"partition"` // each with its own heal
	Pause        int `json:"pause"`
	Clock        int `json:"clock"`
	// Loss and Duplicate are link probabilities for the whole run (0: off);
	// they replace the scenario's own.
	Loss      float64 `json:"loss"`
	Duplicate float64 `json:"duplicate"`
	// Faults is the generated schedule as a YAML flow list.
	Faults string `json:"faults"`
	// Sets are the overrides that turn the base scenario into this seed's.
	Sets []string `json:"sets"`

	faults []scenarios.Fault // the schedule Faults renders
}

// Bounds on what one swarm seed draws, so a schedule stays readable and a
// run stays short.
const (
	swarmMaxPerClass = 4
	swarmLossMax     = 0.2
	swarmSkewMax     = 500 * time.Millisecond
	swarmDriftMaxPPM = 100_000
)

// Swarm derives one seed's swarm parameters and fault schedule for base
// from the PCG stream (seed, "swarm"), independent of every stream the run
// itself draws from. The generated faults replace base's, except operator
// commands, which are part of the scenario's script rather than faults.
// stop is the fraction of the run after which no fault is injected.
func Swarm(base *scenarios.Scenario, seed uint64, stop float64) *SwarmParams {
	r := sim.NewStream(seed, "swarm")
	g := &swarmGen{r: r, base: base, stopAt: (time.Duration(float64(base.Duration)*stop) / time.Millisecond) * time.Millisecond}
	p := &SwarmParams{StopAt: g.stopAt.String()}
	n := len(base.Nodes)
	p.Crash = g.count((n - 1) / 2) // a strict minority stays down for good
	p.CrashRecover = g.count(swarmMaxPerClass)
	p.Partition = g.count(swarmMaxPerClass)
	if n < 2 {
		p.Partition = 0
	}
	p.Pause = g.count(swarmMaxPerClass)
	p.Clock = g.count(n)
	p.Loss = g.prob()
	p.Duplicate = g.prob()
	p.faults = g.schedule(p)
	p.Faults = scenarios.FaultsYAML(p.faults)
	p.Sets = g.sets(p)
	return p
}

// Scenario builds the seed's scenario from base. Loading base's text with
// the overrides Sets is the reference (it is what a replay does), but the
// YAML parse costs several times a small run, so when base has no per-pair
// links (whose inherited probabilities only the loader can resolve) the
// variant is built directly. Spot-checked seeds and the tests compare the
// two ways. The direct variant has no Source: it is never written out.
func (p *SwarmParams) Scenario(base *scenarios.Scenario) (*scenarios.Scenario, error) {
	if len(base.Network.Links) > 0 || p.faults == nil {
		return p.Load(base)
	}
	s := *base
	s.Source = nil
	s.Faults = p.faults
	if setsNetwork(base, p) {
		if s.Network.Default.Model == scenarios.LinkReliable {
			s.Network.Default.Model = scenarios.LinkFairLoss
		}
		s.Network.Default.Loss, s.Network.Default.Duplicate = p.Loss, p.Duplicate
	}
	return &s, nil
}

// Load builds the seed's scenario the way a replay does: base's text with
// the overrides Sets, through the strict loader.
func (p *SwarmParams) Load(base *scenarios.Scenario) (*scenarios.Scenario, error) {
	return scenarios.Load(base.File, base.Source, p.Sets)
}

// swarmGen draws one schedule.
type swarmGen struct {
	r      *rand.Rand
	base   *scenarios.Scenario
	stopAt time.Duration
}

// count switches a class on with probability 1/2 and then draws 1..max.
func (g *swarmGen) count(max int) int {
	on := g.r.IntN(2) == 1
	if !on || max < 1 {
		return 0
	}
	return 1 + g.r.IntN(max)
}

// prob switches a link probability on with probability 1/2, then draws it
// in [0.01, swarmLossMax] to a thousandth.
func (g *swarmGen) prob() float64 {
	if g.r.IntN(2) == 0 {
		return 0
	}
	return float64(10+g.r.IntN(int(swarmLossMax*1000)-9)) / 1000
}

// at draws a fault time in [0, stopAt) to the millisecond.
func (g *swarmGen) at() time.Duration {
	ms := max(int64(g.stopAt/time.Millisecond), 1)
	return time.Duration(g.r.Int64N(ms)) * time.Millisecond
}

// window draws a length in [1ms, stopAt-at] so the window ends by stopAt.
func (g *swarmGen) window(at time.Duration) time.Duration {
	ms := max(int64((g.stopAt-at)/time.Millisecond), 1)
	return time.Duration(1+g.r.Int64N(ms)) * time.Millisecond
}

// node draws a server name.
func (g *swarmGen) node() string { return g.base.Nodes[g.r.IntN(len(g.base.Nodes))] }

// schedule draws the faults of every class that is on, sorted by time,
// with the final heal at stopAt and base's operator commands kept.
func (g *swarmGen) schedule(p *SwarmParams) []scenarios.Fault {
	var fs []scenarios.Fault
	for _, i := range g.r.Perm(len(g.base.Nodes))[:p.Crash] {
		fs = append(fs, scenarios.Fault{At: g.at(), Kind: scenarios.FaultCrash, Crash: &scenarios.Crash{Node: g.base.Nodes[i]}})
	}
	for range p.CrashRecover {
		at := g.at()
		c := &scenarios.Crash{Node: g.node(), RestartAfter: g.window(at), LoseUnsynced: g.r.IntN(4) == 0}
		fs = append(fs, scenarios.Fault{At: at, Kind: scenarios.FaultCrash, Crash: c})
	}
	for range p.Partition {
		at := g.at()
		fs = append(fs, scenarios.Fault{At: at, Kind: scenarios.FaultPartition, Partition: g.partition()},
			scenarios.Fault{At: at + g.window(at), Kind: scenarios.FaultHeal})
	}
	for range p.Pause {
		at := g.at()
		fs = append(fs, scenarios.Fault{At: at, Kind: scenarios.FaultPause, Pause: &scenarios.Pause{Node: g.node(), For: g.window(at)}})
	}
	for range p.Clock {
		skew := time.Duration(g.r.Int64N(int64(2*swarmSkewMax/time.Millisecond)+1))*time.Millisecond - swarmSkewMax
		drift := float64(g.r.Int64N(2*swarmDriftMaxPPM+1) - swarmDriftMaxPPM)
		fs = append(fs, scenarios.Fault{At: g.at(), Kind: scenarios.FaultClock, Clock: &scenarios.Clock{Node: g.node(), Skew: skew, DriftPPM: drift}})
	}
	fs = append(fs, scenarios.Fault{At: g.stopAt, Kind: scenarios.FaultHeal})
	for _, f := range g.base.Faults {
		if f.Kind == scenarios.FaultOperator {
			fs = append(fs, f)
		}
	}
	slices.SortStableFunc(fs, func(a, b scenarios.Fault) int { return cmpUint(uint64(a.At), uint64(b.At)) })
	return fs
}

// partition draws a shape the cluster is big enough for. Explicit groups
// keep each client with its home server, so the cut is between servers.
func (g *swarmGen) partition() *scenarios.Partition {
	shapes := []scenarios.PartitionShape{scenarios.ShapeIsolate, scenarios.ShapeHalves, scenarios.ShapeGroups}
	if len(g.base.Nodes) >= 3 {
		shapes = append(shapes, scenarios.ShapeBridge)
	}
	if len(g.base.Nodes) >= 4 { // with 3, every node's majority is the same set
		shapes = append(shapes, scenarios.ShapeMajorityRing)
	}
	switch shape := shapes[g.r.IntN(len(shapes))]; shape {
	case scenarios.ShapeIsolate, scenarios.ShapeBridge:
		return &scenarios.Partition{Shape: shape, Node: g.node()}
	case scenarios.ShapeGroups:
		return &scenarios.Partition{Shape: shape, Groups: g.groups()}
	default:
		return &scenarios.Partition{Shape: shape}
	}
}

// groups splits the servers in two non-empty sides at random, each client
// on its home's side.
func (g *swarmGen) groups() [][]string {
	nodes := g.base.Nodes
	cut := 1 + g.r.IntN(len(nodes)-1)
	side := map[string]int{}
	for k, i := range g.r.Perm(len(nodes)) {
		side[nodes[i]] = boolInt(k >= cut)
	}
	var out [2][]string
	for _, n := range nodes {
		out[side[n]] = append(out[side[n]], n)
	}
	for i, c := range g.base.Clients {
		s := side[g.base.Workload.Home[i]]
		out[s] = append(out[s], c)
	}
	return [][]string{out[0], out[1]}
}

// setsNetwork says whether the seed's loss and duplication must be set:
// they replace base's own (a zero switches the class off), except that a
// reliable link with both off needs no change.
func setsNetwork(base *scenarios.Scenario, p *SwarmParams) bool {
	return p.Loss > 0 || p.Duplicate > 0 || base.Network.Default.Model != scenarios.LinkReliable
}

// sets are the overrides that build the seed's scenario from base.
func (g *swarmGen) sets(p *SwarmParams) []string {
	sets := []string{"faults=" + p.Faults}
	if !setsNetwork(g.base, p) {
		return sets
	}
	if g.base.Network.Default.Model == scenarios.LinkReliable {
		sets = append(sets, "network.link=fair-loss")
	}
	return append(sets, fmt.Sprintf("network.loss=%g", p.Loss), fmt.Sprintf("network.duplicate=%g", p.Duplicate))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
