package scenarios

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestOverridesGood checks that each kind of override (replace a scalar,
// replace in a list, replace a mapping, add a missing key, add missing
// mappings, fill an empty value) changes the scenario, and that Source
// holds the overridden text, which loads to the same scenario.
func TestOverridesGood(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		set   []string
		check func(*Scenario) bool
	}{
		{[]string{"nodes=5"}, func(s *Scenario) bool { return len(s.Nodes) == 5 }},
		{[]string{"duration=1h", "faults[6].at=30m"}, func(s *Scenario) bool {
			return s.Duration == time.Hour && s.Faults[6].At == 30*time.Minute
		}},
		{[]string{"config.failover_timeout=300ms"}, func(s *Scenario) bool {
			return s.Config.(*fakeConfig).FailoverTimeout == 300*ms
		}},
		{[]string{"network.loss=0.2"}, func(s *Scenario) bool { return s.Network.Default.Loss == 0.2 }},
		{[]string{"faults[0].at=50ms"}, func(s *Scenario) bool { return s.Faults[0].At == 50*ms }},
		{[]string{"faults[1]={at: 1ms, crash: n0}"}, func(s *Scenario) bool {
			return s.Faults[1].Crash.Node == "n0" && s.Faults[1].Crash.RestartAfter == 0
		}},
		{[]string{"network.latency={dist: normal, mean: 3ms, stddev: 1ms}"}, func(s *Scenario) bool {
			return s.Network.Default.Latency == Latency{Dist: DistNormal, Mean: 3 * ms, Stddev: time.Millisecond}
		}},
		{[]string{"network.latency.max=20ms"}, func(s *Scenario) bool { return s.Network.Default.Latency.Max == 20*ms }},
		{[]string{"network.corrupt=0.5", "network.link=arbitrary", "network.links[0].link=arbitrary"}, func(s *Scenario) bool {
			return s.Network.Default.Corrupt == 0.5 && s.Network.Default.Model == LinkArbitrary
		}},
		{[]string{"workload.home.c1=n2"}, func(s *Scenario) bool { return s.Workload.Home[1] == "n2" }},
		{[]string{"workload.random.start=100ms"}, func(s *Scenario) bool { return s.Workload.Random.Start == 100*ms }},
		{[]string{"config.tuning.batch=4"}, func(s *Scenario) bool { return s.Config.(*fakeConfig).Tuning.Batch == 4 }},
		{[]string{"checks=[single-primary]", "expect=hold"}, func(s *Scenario) bool {
			return slices.Equal(s.Checks, []string{"single-primary"}) && s.Expect.Verdict == VerdictHold
		}},
		{[]string{`title="Hello, world: again"`}, func(s *Scenario) bool { return s.Title == "Hello, world: again" }},
		{[]string{" seed = 99"}, func(s *Scenario) bool { return s.Seed == 99 }},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.set, " "), func(t *testing.T) {
			s, err := Load("t.yaml", []byte(goodYAML), c.set)
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(s) {
				t.Errorf("override not applied; Source:\n%s", s.Source)
			}
			again, err := Load("t.yaml", s.Source, nil)
			if err != nil || !sameScenario(s, again) {
				t.Errorf("Source does not reload to the same scenario (%v):\n%s", err, s.Source)
			}
		})
	}
}

// TestOverrideAddsKeys checks adding keys where the file has none: a
// missing top-level key, a missing mapping, and an empty value.
func TestOverrideAddsKeys(t *testing.T) {
	src := "name: a\ntitle: T\nteaches: x\nprotocol: fake\nconfig:\nnodes: 3\nclients: 1\nduration: 2s\nchecks: [linearizable]\nexpect: hold\n"
	set := []string{"seed=5", "workload.random.rate=10", "workload.random.keys=2", "workload.random.read_fraction=1",
		"config.heartbeat=10ms", "network.latency={dist: constant, mean: 1ms}"}
	s, err := Load("t.yaml", []byte(src), set)
	if err != nil {
		t.Fatal(err)
	}
	want := RandomLoad{Rate: 10, Keys: 2, ReadFraction: 1, Stop: 2 * time.Second}
	switch {
	case s.Seed != 5, *s.Workload.Random != want:
		t.Errorf("keys not added: seed %d random %+v", s.Seed, s.Workload.Random)
	case s.Config.(*fakeConfig).Heartbeat != 10*time.Millisecond, s.Network.Default.Latency.Mean != time.Millisecond:
		t.Errorf("keys not added: config %+v latency %+v", s.Config, s.Network.Default.Latency)
	}
	if again, err := Load("t.yaml", s.Source, nil); err != nil || !sameScenario(s, again) {
		t.Errorf("Source does not reload to the same scenario (%v):\n%s", err, s.Source)
	}
}

// TestOverridesBad checks that a bad override is one *Error naming the
// override, whether the override itself is malformed or its value fails
// validation.
func TestOverridesBad(t *testing.T) {
	cases := []struct{ set, want string }{
		{"duration=-1s", "--set duration=-1s: duration: must be > 0"},
		{"nodes", `--set nodes: missing "=" (write path=value, e.g. nodes=5)`},
		{"nodez=5", "--set nodez=5: nodez: unknown field (did you mean nodes?)"},
		{"network.lsos=0.1", "--set network.lsos=0.1: network.lsos: unknown field (did you mean loss?)"},
		{"a..b=1", `--set a..b=1: bad path "a..b": expected a key at ".b"`},
		{"=1", `--set =1: bad path "": expected a key at ""`},
		{"faults[x].at=1s", `--set faults[x].at=1s: bad path "faults[x].at": expected [index] at "[x].at"`},
		{"faults[9].at=1s", "--set faults[9].at=1s: faults[9]: index 9 is out of range (the list has 8 entries; set the whole list to add one)"},
		{"nodes[0]=1", "--set nodes[0]=1: nodes[0]: is not a list entry (the value there is a number (3))"},
		{"nodes.x=1", "--set nodes.x=1: nodes: is not a mapping, so it cannot have x (the value there is a number (3))"},
		{"workload.ops[5].at=1s", "--set workload.ops[5].at=1s: workload.ops[5]: index 5 is out of range (the list has 2 entries; set the whole list to add one)"},
		{"workload.extra[0]=1", "--set workload.extra[0]=1: workload.extra[0]: cannot index workload.extra: it is not in the file"},
		{"title=", "--set title=: missing value after = (write path=value, e.g. nodes=5)"},
		{"checks=[a,", "--set checks=[a,: invalid YAML: sequence end token ']' not found"},
		{"faults[0]={at: 1s, crash: n7}", "--set faults[0]={at: 1s, crash: n7}: faults[0].crash: node n7 does not exist (nodes are n0..n2)"},
		{"config.failover=never", `--set config.failover=never: config.failover: "never" is not auto or manual`},
		{"config.heartbeat=500ms", "t.yaml:9:21: config.failover_timeout: must be longer than heartbeat (500ms)"},
	}
	for _, c := range cases {
		t.Run(c.set, func(t *testing.T) {
			_, err := Load("t.yaml", []byte(goodYAML), []string{c.set})
			assertError(t, err, c.want)
		})
	}
}

// TestOverrideOrder checks that overrides apply in order, so a later one
// wins, as on a command line.
func TestOverrideOrder(t *testing.T) {
	s, err := Load("t.yaml", []byte(goodYAML), []string{"seed=1", "seed=2"})
	if err != nil || s.Seed != 2 {
		t.Fatalf("seed = %v, %v; want 2", s, err)
	}
}

// TestParsePath checks the path syntax on its own.
func TestParsePath(t *testing.T) {
	segs, err := parsePath("faults[2][0].at")
	if err != nil || pathText(segs) != "faults[2][0].at" || len(segs) != 4 {
		t.Errorf("parsePath = %v, %v", segs, err)
	}
	for _, bad := range []string{"", ".a", "a.", "a[", "a[-1]", "a[1", "a b", "a]"} {
		if _, err := parsePath(bad); err == nil {
			t.Errorf("parsePath(%q) accepted", bad)
		}
	}
}

// FuzzOverride checks that no --set string makes Load panic, that every
// failure is one *Error, and that an accepted override's Source reloads to
// the same scenario (Load itself verifies that, and fails otherwise).
func FuzzOverride(f *testing.F) {
	for _, set := range []string{"nodes=5", "duration=1h", "config.failover_timeout=300ms", "network.loss=0.1",
		"faults[0].at=50ms", "faults[1]={at: 1ms, crash: n0}", "network.latency.max=20ms", "workload.home.c1=n2",
		"workload.random.start=100ms", "config.tuning.batch=4", "a.b.c=1", "faults[9].at=1s", `title="x: y"`} {
		f.Add(set)
	}
	f.Fuzz(func(t *testing.T, set string) {
		s, err := Load("t.yaml", []byte(goodYAML), []string{set})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Line < 0 || e.Col < 0 {
				t.Fatalf("error %T %v", err, err)
			}
			return
		}
		if again, err := Load("t.yaml", s.Source, nil); err != nil || !sameScenario(s, again) {
			t.Fatalf("Source does not reload: %v", err)
		}
	})
}
