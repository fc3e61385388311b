package scenarios

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestScheduleTextAllKinds checks one readable line per op and fault of
// every kind, sorted by time with faults first on ties, and aligned.
func TestScheduleTextAllKinds(t *testing.T) {
	s, err := Load("t.yaml", []byte(goodYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"t=0s     clock n2 skew -2ms drift 100ppm",
		"t=0s     byzantine n2 vote-any",
		"t=0s     random load until 800ms: 50 ops/s per client over keys k0..k2, 50% reads",
		"t=100ms  partition {n0,c0} | {n1,c1} | {n2}",
		"t=120ms  c0 write x=1 (to n0)",
		"t=200ms  crash n2, restart after 100ms losing unsynced writes",
		"t=300ms  pause n1 for 50ms",
		"t=350ms  c1 read x (from n1)",
		"t=400ms  cut n0 -> n1",
		"t=600ms  heal",
		"t=900ms  operator n1 promote",
	}
	if got := s.ScheduleText(); !slices.Equal(got, want) {
		t.Errorf("schedule =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestFaultStrings checks the renderings ScheduleText does not reach with
// goodYAML.
func TestFaultStrings(t *testing.T) {
	cases := []struct {
		f    Fault
		want string
	}{
		{Fault{Kind: FaultCrash, Crash: &Crash{Node: "n1"}}, "crash n1 (crash-stop)"},
		{Fault{Kind: FaultCrash, Crash: &Crash{Node: "n1", RestartAfter: time.Second, Wipe: true}}, "crash n1, restart after 1s with an empty disk"},
		{Fault{Kind: FaultPartition, Partition: &Partition{Shape: ShapeIsolate, Node: "c0"}}, "partition isolate c0"},
		{Fault{Kind: FaultPartition, Partition: &Partition{Shape: ShapeHalves}}, "partition halves"},
		{Fault{Kind: FaultPartition, Partition: &Partition{Shape: ShapeBridge, Node: "n2"}}, "partition bridge n2"},
		{Fault{Kind: FaultPartition, Partition: &Partition{Shape: ShapeMajorityRing}}, "partition majority_ring"},
	}
	for _, c := range cases {
		if got := c.f.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

// TestLatencyString checks each distribution renders its own parameters.
func TestLatencyString(t *testing.T) {
	ms := time.Millisecond
	cases := map[string]Latency{
		"constant 10ms":                 {Dist: DistConstant, Mean: 10 * ms},
		"uniform 1ms..3ms":              {Dist: DistUniform, Min: ms, Max: 3 * ms},
		"normal mean 5ms stddev 1ms":    {Dist: DistNormal, Mean: 5 * ms, Stddev: ms},
		"pareto min 2ms alpha 1.5":      {Dist: DistPareto, Min: 2 * ms, Alpha: 1.5},
		"exponential 4ms":               {Dist: DistExponential, Mean: 4 * ms},
		"lognormal mean 5ms stddev 2ms": {Dist: DistLognormal, Mean: 5 * ms, Stddev: 2 * ms},
	}
	for want, l := range cases {
		if got := l.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}

// TestShapes checks the partition shapes that need enough servers.
func TestShapes(t *testing.T) {
	cases := []struct{ line, want string }{
		{"  - {at: 100ms, partition: {isolate: c1}}", ""},
		{"  - {at: 100ms, partition: {halves: true}}", ""},
		{"  - {at: 100ms, partition: {majority_ring: true}}", ""},
		{"  - {at: 100ms, partition: {bridge: n2}}", ""},
		{"  - {at: 100ms, partition: {bridge: c0}}", "t.yaml:35:37: faults[0].partition.bridge: c0 is a client, not a node (nodes are n0..n2)"},
	}
	for _, c := range cases {
		_, err := Load("t.yaml", []byte(replaceLines(goodYAML, map[int]string{35: c.line})), nil)
		if c.want == "" && err != nil {
			t.Errorf("%s: %v", c.line, err)
		}
		if c.want != "" {
			assertError(t, err, c.want)
		}
	}
	set := "faults=[{at: 1ms, partition: {majority_ring: true}}]"
	_, err := Load("t.yaml", []byte(goodYAML), []string{"nodes=2", set})
	assertError(t, err, "--set "+set+": faults[0].partition.majority_ring: needs at least 3 nodes (there are 2)")
}
