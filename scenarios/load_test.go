package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// goodYAML is a scenario that uses every section; the table tests break it
// one line at a time, so line numbers below are part of the tests.
const goodYAML = `name: test-scenario
title: A scenario for tests
teaches: |
  Tests.
protocol: fake
config:
  heartbeat: 50ms
  failover: auto
  failover_timeout: 150ms
nodes: 3
clients: 2
seed: 7
duration: 1s
max_events: 100000
network:
  link: fair-loss
  latency: {dist: uniform, min: 5ms, max: 15ms}
  loss: 0.1
  duplicate: 0.01
  links:
    - {from: n0, to: n1, link: reliable, loss: 0, duplicate: 0}
workload:
  timeout: 100ms
  retries: 2
  home: {c0: n0, c1: n1}
  ops:
    - {at: 120ms, client: c0, op: write, key: x, value: "1"}
    - {at: 350ms, client: c1, op: read, key: x}
  random:
    rate: 50
    keys: 3
    read_fraction: 0.5
    stop: 800ms
faults:
  - {at: 100ms, partition: {groups: [[n0, c0], [n1, c1]]}}
  - {at: 200ms, crash: n2, restart_after: 100ms, lose_unsynced: true}
  - {at: 300ms, pause: n1, for: 50ms}
  - {at: 0s, clock: n2, skew: -2ms, drift_ppm: 100}
  - {at: 0s, byzantine: n2, behaviour: vote-any}
  - {at: 400ms, cut: {from: n0, to: n1}}
  - {at: 600ms, heal: {}}
  - {at: 900ms, operator: {node: n1, command: promote}}
checks: [single-primary, durable-writes, linearizable]
expect:
  violation: [single-primary]
`

// replaceLines replaces whole lines (1-based) of src; "" blanks a line.
func replaceLines(src string, repl map[int]string) string {
	lines := strings.Split(src, "\n")
	for n, text := range repl {
		lines[n-1] = text
	}
	return strings.Join(lines, "\n")
}

// assertError checks that err is one *Error rendering exactly as want.
func assertError(t *testing.T, err error, want string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *Error %q", err, err, want)
	}
	if got := e.Error(); got != want {
		t.Errorf("error =\n  %s\nwant\n  %s", got, want)
	}
}

// TestLoadGood checks that the full good file decodes to exactly the
// values written, with defaults and names resolved.
func TestLoadGood(t *testing.T) {
	s, err := Load("good.yaml", []byte(goodYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(s.Source) != goodYAML || s.File != "good.yaml" {
		t.Errorf("Source/File not kept: %q", s.File)
	}
	want := wantGood()
	want.File, want.Source, want.Config = s.File, s.Source, s.Config
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Load =\n%#v\nwant\n%#v", s, want)
	}
}

// wantGood is what goodYAML must decode to.
func wantGood() *Scenario {
	ms := time.Millisecond
	lossy := Link{Model: LinkFairLoss, Latency: Latency{Dist: DistUniform, Min: 5 * ms, Max: 15 * ms}, Loss: 0.1, Duplicate: 0.01}
	reliable := lossy
	reliable.Model, reliable.Loss, reliable.Duplicate = LinkReliable, 0, 0
	return &Scenario{
		Name: "test-scenario", Title: "A scenario for tests", Teaches: "Tests.", Protocol: "fake",
		Nodes: []string{"n0", "n1", "n2"}, Clients: []string{"c0", "c1"},
		Seed: 7, Duration: time.Second, MaxEvents: 100000,
		Network: Network{Default: lossy, Links: []PairLink{{From: "n0", To: "n1", Link: reliable}}},
		Workload: Workload{
			Timeout: 100 * ms, Retries: 2, Home: []string{"n0", "n1"},
			Ops: []Op{
				{At: 120 * ms, Client: "c0", Kind: OpWrite, Key: "x", Value: "1"},
				{At: 350 * ms, Client: "c1", Kind: OpRead, Key: "x"},
			},
			Random: &RandomLoad{Rate: 50, Keys: 3, ReadFraction: 0.5, Stop: 800 * ms},
		},
		Faults: []Fault{
			{At: 100 * ms, Kind: FaultPartition, Partition: &Partition{Shape: ShapeGroups,
				Groups: [][]string{{"n0", "c0"}, {"n1", "c1"}, {"n2"}}}},
			{At: 200 * ms, Kind: FaultCrash, Crash: &Crash{Node: "n2", RestartAfter: 100 * ms, LoseUnsynced: true}},
			{At: 300 * ms, Kind: FaultPause, Pause: &Pause{Node: "n1", For: 50 * ms}},
			{At: 0, Kind: FaultClock, Clock: &Clock{Node: "n2", Skew: -2 * ms, DriftPPM: 100}},
			{At: 0, Kind: FaultByzantine, Byzantine: &Byzantine{Node: "n2", Behaviour: "vote-any"}},
			{At: 400 * ms, Kind: FaultCut, Cut: &Cut{From: "n0", To: "n1"}},
			{At: 600 * ms, Kind: FaultHeal},
			{At: 900 * ms, Kind: FaultOperator, Operator: &Operator{Node: "n1", Command: "promote"}},
		},
		Checks: []string{"single-primary", "durable-writes", "linearizable"},
		Expect: Expect{Verdict: VerdictViolation, Violations: []string{"single-primary"}},
	}
}

// TestDefaults checks every documented default on a minimal file.
func TestDefaults(t *testing.T) {
	src := "name: a\ntitle: T\nteaches: x\nprotocol: fake\nnodes: 3\nclients: 4\nduration: 2s\nchecks: [linearizable]\nexpect: no-progress\n"
	s, err := Load("min.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	wantLink := Link{Model: LinkReliable, Latency: Latency{Dist: DistConstant, Mean: 10 * time.Millisecond}}
	switch {
	case s.Seed != 1, s.MaxEvents != 10_000_000, s.Network.Default != wantLink, len(s.Network.Links) != 0:
		t.Errorf("run/network defaults wrong: %+v", s)
	case s.Workload.Timeout != 100*time.Millisecond, s.Workload.Retries != 0, s.Workload.Random != nil:
		t.Errorf("workload defaults wrong: %+v", s.Workload)
	case !slices.Equal(s.Workload.Home, []string{"n0", "n1", "n2", "n0"}):
		t.Errorf("home = %v, want client i -> server i mod nodes", s.Workload.Home)
	case s.Expect.Verdict != VerdictNoProgress:
		t.Errorf("expect = %+v", s.Expect)
	case !reflect.DeepEqual(s.Config, newFakeConfig()):
		t.Errorf("config = %+v, want the protocol defaults", s.Config)
	}
	if got := s.Network.For("n0", "n1"); got != wantLink {
		t.Errorf("Network.For = %+v", got)
	}
}

// badCase breaks goodYAML by replacing lines and states the one error.
type badCase struct {
	name  string
	lines map[int]string
	want  string
}

// badCases covers each kind of bad input the schema promises to reject,
// with the exact position, field path and message.
var badCases = []badCase{
	{"unknown key", map[int]string{12: "sead: 7"}, "t.yaml:12:1: sead: unknown field (did you mean seed?)"},
	{"unknown nested key", map[int]string{18: "  lost: 0.1"}, "t.yaml:18:3: network.lost: unknown field (did you mean loss?)"},
	{"unknown key no suggestion", map[int]string{24: "  zzzzzz: 2"},
		"t.yaml:24:3: workload.zzzzzz: unknown field (known fields: timeout, retries, home, ops, random)"},
	{"duration without unit", map[int]string{13: "duration: 10"}, "t.yaml:13:11: duration: 10 needs a unit, e.g. 10ms or 10s"},
	{"duration quoted without unit", map[int]string{13: `duration: "10"`}, "t.yaml:13:11: duration: 10 needs a unit, e.g. 10ms or 10s"},
	{"duration bad unit", map[int]string{13: "duration: 10 parsecs"},
		`t.yaml:13:11: duration: "10 parsecs" is not a duration (write e.g. 150ms, 2s, 1m30s)`},
	{"negative duration", map[int]string{13: "duration: -1s"}, "t.yaml:13:11: duration: must be > 0"},
	{"duration too long", map[int]string{13: "duration: 48h"}, "t.yaml:13:11: duration: 48h0m0s is longer than the limit of 24h0m0s"},
	{"duration wrong type", map[int]string{13: "duration: [1s]"}, "t.yaml:13:11: duration: must be a duration such as 150ms, not a list"},
	{"zero nodes", map[int]string{10: "nodes: 0"}, "t.yaml:10:8: nodes: 0 is out of range [1,64]"},
	{"too many clients", map[int]string{11: "clients: 65"}, "t.yaml:11:10: clients: 65 is out of range [0,64]"},
	{"wrong type", map[int]string{11: "clients: two"}, `t.yaml:11:10: clients: must be a whole number, not a string ("two")`},
	{"float for integer", map[int]string{11: "clients: 1.5"}, `t.yaml:11:10: clients: 1.5 is out of range [0,64]`},
	{"negative seed", map[int]string{12: "seed: -1"}, "t.yaml:12:7: seed: -1 is out of range [0,18446744073709551615]"},
	{"zero max_events", map[int]string{14: "max_events: 0"}, "t.yaml:14:13: max_events: 0 is out of range [1,1000000000000]"},
	{"crash of missing node", map[int]string{36: "  - {at: 200ms, crash: n7}"},
		"t.yaml:36:24: faults[1].crash: node n7 does not exist (nodes are n0..n2)"},
	{"crash of a client", map[int]string{36: "  - {at: 200ms, crash: c0}"},
		"t.yaml:36:24: faults[1].crash: c0 is a client, not a node (nodes are n0..n2)"},
	{"partition with missing client", map[int]string{35: "  - {at: 100ms, partition: {groups: [[n0, c5], [n1, c1]]}}"},
		"t.yaml:35:43: faults[0].partition.groups[0][1]: client c5 does not exist (clients are c0..c1)"},
	{"partition with odd name", map[int]string{35: "  - {at: 100ms, partition: {groups: [[n0, bob]]}}"},
		`t.yaml:35:43: faults[0].partition.groups[0][1]: "bob" is not a node or client name (nodes are n0..n2; clients are c0..c1)`},
	{"partition member twice", map[int]string{35: "  - {at: 100ms, partition: {groups: [[n0, c0], [n0, c1]]}}"},
		"t.yaml:35:49: faults[0].partition.groups[1][0]: n0 is already in faults[0].partition.groups[0]"},
	{"partition two shapes", map[int]string{35: "  - {at: 100ms, partition: {isolate: n0, halves: true}}"},
		"t.yaml:35:42: faults[0].partition.halves: one shape per partition, and this one already has isolate"},
	{"partition halves false", map[int]string{35: "  - {at: 100ms, partition: {halves: false}}"},
		"t.yaml:35:37: faults[0].partition.halves: must be true (leave the partition out instead)"},
	{"partition no shape", map[int]string{35: "  - {at: 100ms, partition: {}}"},
		"t.yaml:35:28: faults[0].partition: needs one shape: groups, isolate, halves, majority_ring, bridge"},
	{"malformed YAML", map[int]string{17: "  latency: {dist: uniform, min: 5ms"},
		"t.yaml:18:3: invalid YAML: ',' or '}' must be specified"},
	{"tab indentation", map[int]string{16: "\tlink: fair-loss"}, `t.yaml:16:1: invalid YAML: found character '\t' that cannot start any token`},
	{"duplicate key", map[int]string{14: "seed: 8"}, `t.yaml:14:1: invalid YAML: mapping key "seed" already defined at [12:1]`},
	{"loss out of range", map[int]string{18: "  loss: 1.5"}, "t.yaml:18:9: network.loss: 1.5 is out of range [0,1]"},
	{"loss on reliable link", map[int]string{16: "  link: reliable"},
		"t.yaml:18:9: network.loss: 0.1 needs link: fair-loss or arbitrary (this link is reliable)"},
	{"corrupt on fair-loss link", map[int]string{19: "  corrupt: 0.01"},
		"t.yaml:19:12: network.corrupt: 0.01 needs link: arbitrary (this link is fair-loss)"},
	{"pair inherits loss", map[int]string{21: "    - {from: n0, to: n1, link: reliable}"},
		"t.yaml:21:32: network.links[0].link: a reliable link cannot have loss 0.1, inherited from network.loss (set loss: 0 here)"},
	{"pair to itself", map[int]string{21: "    - {from: n0, to: n0}"}, "t.yaml:21:22: network.links[0].to: must differ from from (n0)"},
	{"pair twice", map[int]string{21: "    - {from: n0, to: n1}\n    - {from: n0, to: n1}"},
		"t.yaml:22:7: network.links[1]: n0 -> n1 is already set by network.links[0]"},
	{"unknown link model", map[int]string{16: "  link: lossy"},
		`t.yaml:16:9: network.link: "lossy" is not one of reliable, fair-loss, arbitrary`},
	{"unknown distribution", map[int]string{17: "  latency: {dist: gamma, mean: 5ms}"},
		`t.yaml:17:19: network.latency.dist: "gamma" is not one of constant, uniform, normal, exponential, pareto, lognormal`},
	{"distribution missing parameter", map[int]string{17: "  latency: {dist: uniform, min: 5ms}"},
		"t.yaml:17:12: network.latency.max: is required for uniform latency"},
	{"distribution wrong parameter", map[int]string{17: "  latency: {dist: constant, mean: 5ms, max: 6ms}"},
		"t.yaml:17:40: network.latency.max: constant latency does not take max (it takes mean)"},
	{"uniform max below min", map[int]string{17: "  latency: {dist: uniform, min: 5ms, max: 1ms}"},
		"t.yaml:17:43: network.latency.max: 1ms is less than min (5ms)"},
	{"pareto alpha", map[int]string{17: "  latency: {dist: pareto, min: 5ms, alpha: 0}"},
		"t.yaml:17:44: network.latency.alpha: must be > 0"},
	{"extra key on action", map[int]string{36: "  - {at: 200ms, crash: n2, for: 1s}"},
		"t.yaml:36:28: faults[1].for: not allowed on crash (crash takes restart_after, lose_unsynced, wipe)"},
	{"extra key on heal", map[int]string{41: "  - {at: 600ms, heal: {}, wipe: true}"},
		"t.yaml:41:27: faults[6].wipe: not allowed on heal (heal takes no other fields)"},
	{"two actions", map[int]string{37: "  - {at: 300ms, pause: n1, crash: n2, for: 50ms}"},
		"t.yaml:37:28: faults[2].crash: one action per entry, and this one already has pause (write a second entry)"},
	{"no action", map[int]string{37: "  - {at: 300ms}"},
		"t.yaml:37:5: faults[2]: needs one action: partition, cut, heal, crash, pause, clock, byzantine, operator"},
	{"missing at", map[int]string{37: "  - {pause: n1, for: 50ms}"}, "t.yaml:37:5: faults[2].at: is required"},
	{"at after the end", map[int]string{41: "  - {at: 2s, heal: {}}"},
		"t.yaml:41:10: faults[6].at: 2s is after the end of the run (duration: 1s)"},
	{"negative at", map[int]string{41: "  - {at: -1ms, heal: {}}"}, "t.yaml:41:10: faults[6].at: must be >= 0"},
	{"lose_unsynced without restart", map[int]string{36: "  - {at: 200ms, crash: n2, lose_unsynced: true}"},
		"t.yaml:36:28: faults[1].lose_unsynced: only applies with restart_after (a crash-stop node never restarts)"},
	{"restart_after zero", map[int]string{36: "  - {at: 200ms, crash: n2, restart_after: 0s}"},
		"t.yaml:36:43: faults[1].restart_after: must be > 0"},
	{"pause without for", map[int]string{37: "  - {at: 300ms, pause: n1}"}, "t.yaml:37:5: faults[2].for: is required"},
	{"drift out of range", map[int]string{38: "  - {at: 0s, clock: n2, drift_ppm: 2e6}"},
		"t.yaml:38:36: faults[3].drift_ppm: 2e6 is out of range [-1000000,1000000]"},
	{"clock without change", map[int]string{38: "  - {at: 0s, clock: n2}"}, "t.yaml:38:5: faults[3]: clock needs skew, drift_ppm or both"},
	{"unknown behaviour", map[int]string{39: "  - {at: 0s, byzantine: n2, behaviour: lie}"},
		`t.yaml:39:40: faults[4].behaviour: protocol fake has no Byzantine behaviour "lie" (it has vote-any, equivocate)`},
	{"unknown command", map[int]string{42: "  - {at: 900ms, operator: {node: n1, command: demote}}"},
		`t.yaml:42:47: faults[7].operator.command: protocol fake has no operator command "demote" (it has promote)`},
	{"heal with fields", map[int]string{41: "  - {at: 600ms, heal: {all: true}}"},
		"t.yaml:41:24: faults[6].heal: heal takes no fields; write heal: {}"},
	{"heal false", map[int]string{41: "  - {at: 600ms, heal: false}"}, "t.yaml:41:23: faults[6].heal: must be {} or true, not a boolean (false)"},
	{"cut to itself", map[int]string{40: "  - {at: 400ms, cut: {from: n0, to: n0}}"},
		"t.yaml:40:37: faults[5].cut.to: must differ from from (n0)"},
	{"faults not a list", map[int]string{34: "faults: {}", 35: "", 36: "", 37: "", 38: "", 39: "", 40: "", 41: "", 42: ""},
		"t.yaml:34:9: faults: must be a list, not a mapping"},
	{"unknown check", map[int]string{43: "checks: [single-primary, bogus]"},
		`t.yaml:43:26: checks[1]: protocol fake has no check "bogus" (it has single-primary, durable-writes, linearizable)`},
	{"duplicate check", map[int]string{43: "checks: [linearizable, linearizable]"},
		"t.yaml:43:24: checks[1]: linearizable is listed twice"},
	{"no checks", map[int]string{43: "checks: []"}, "t.yaml:43:9: checks: needs at least one name"},
	{"expected violation not checked", map[int]string{43: "checks: [linearizable]"},
		`t.yaml:45:15: expect.violation[0]: "single-primary" is not in checks (linearizable)`},
	{"expect bare violation", map[int]string{44: "expect: violation", 45: ""},
		"t.yaml:44:9: expect: say which checks must fail: expect: {violation: [check, ...]}"},
	{"expect unknown verdict", map[int]string{44: "expect: pass", 45: ""},
		`t.yaml:44:9: expect: "pass" is not one of hold, no-progress`},
	{"expect wrong type", map[int]string{44: "expect: 3", 45: ""},
		"t.yaml:44:9: expect: must be hold, no-progress or {violation: [check, ...]}, not a number (3)"},
	{"config unknown field", map[int]string{8: "  failovr: auto"}, "t.yaml:8:3: config.failovr: unknown field (did you mean failover?)"},
	{"config unexported field", map[int]string{8: "  internal: 1"},
		"t.yaml:8:3: config.internal: unknown field (known fields: heartbeat, failover, failover_timeout, tuning, peers, weights)"},
	{"config duration without unit", map[int]string{7: "  heartbeat: 50"}, "t.yaml:7:14: config.heartbeat: 50 needs a unit, e.g. 50ms or 50s"},
	{"config wrong type", map[int]string{8: "  failover: [auto]"}, "t.yaml:8:13: config.failover: must be a string, not a list"},
	{"config nested overflow", map[int]string{8: "  tuning: {batch: 300}"}, "t.yaml:8:19: config.tuning.batch: 300 is too large (at most 255)"},
	{"config nested unknown", map[int]string{8: "  tuning: {skip: 1}"},
		"t.yaml:8:12: config.tuning.skip: unknown field (known fields: batch, factor, strict)"},
	{"config validate field", map[int]string{9: "  failover_timeout: 10ms"},
		"t.yaml:9:21: config.failover_timeout: must be longer than heartbeat (50ms)"},
	{"config validate enum", map[int]string{8: "  failover: sometimes"}, `t.yaml:8:13: config.failover: "sometimes" is not auto or manual`},
	{"config validate defaulted field", map[int]string{7: "  heartbeat: 200ms", 9: ""},
		"t.yaml:7:3: config.failover_timeout: must be longer than heartbeat (200ms)"},
	{"config validate own field error", map[int]string{8: "  tuning: {factor: 11}"},
		"t.yaml:8:20: config.tuning.factor: must be at most 10"},
	{"config validate key-prefixed error", map[int]string{7: "  heartbeat: 2h"},
		"t.yaml:7:14: config.heartbeat: 2h0m0s is longer than an hour"},
	{"config validate plain error", map[int]string{8: "  peers: [a, b, c, d]"}, "t.yaml:7:3: config: at most 3 peers"},
	{"config not a mapping", map[int]string{6: "config: fast", 7: "", 8: "", 9: ""},
		"t.yaml:6:9: config: must be a mapping (key: value), not a string (\"fast\")"},
	{"bad name", map[int]string{1: "name: Split_Brain"},
		`t.yaml:1:7: name: "Split_Brain" is not a valid name: use 1 to 64 lowercase letters, digits and dashes`},
	{"missing name", map[int]string{1: ""}, "t.yaml:2:1: name: is required"},
	{"empty title", map[int]string{2: `title: ""`}, "t.yaml:2:8: title: must not be empty"},
	{"two-line title", map[int]string{2: `title: "a\nb"`}, "t.yaml:2:8: title: must be one line (simrun list shows it)"},
	{"unknown protocol", map[int]string{5: "protocol: zab"},
		`t.yaml:5:11: protocol: unknown protocol "zab" ({registered})`},
	{"home of missing client", map[int]string{25: "  home: {c0: n0, c9: n1}"},
		"t.yaml:25:18: workload.home.c9: client c9 does not exist (clients are c0..c1)"},
	{"home on a client", map[int]string{25: "  home: {c0: c1}"},
		"t.yaml:25:14: workload.home.c0: c1 is a client, not a node (nodes are n0..n2)"},
	{"write without value", map[int]string{27: "    - {at: 120ms, client: c0, op: write, key: x}"},
		"t.yaml:27:7: workload.ops[0].value: is required"},
	{"read with value", map[int]string{28: `    - {at: 350ms, client: c1, op: read, key: x, value: "2"}`},
		"t.yaml:28:49: workload.ops[1].value: a read takes no value"},
	{"empty value", map[int]string{27: `    - {at: 120ms, client: c0, op: write, key: x, value: ""}`},
		"t.yaml:27:57: workload.ops[0].value: must not be empty"},
	{"unknown op", map[int]string{28: "    - {at: 350ms, client: c1, op: delete, key: x}"},
		`t.yaml:28:35: workload.ops[1].op: "delete" is not one of read, write`},
	{"op of missing client", map[int]string{11: "clients: 0"},
		"t.yaml:25:10: workload.home.c0: client c0 does not exist (there are no clients)"},
	{"random rate zero", map[int]string{30: "    rate: 0"}, "t.yaml:30:11: workload.random.rate: must be > 0"},
	{"random stop after end", map[int]string{33: "    stop: 2s"},
		"t.yaml:33:11: workload.random.stop: 2s must be after start (0s) and at most the duration (1s)"},
	{"retries out of range", map[int]string{24: "  retries: 101"}, "t.yaml:24:12: workload.retries: 101 is out of range [0,100]"},
	{"anchor", map[int]string{12: "seed: &s 7"}, "t.yaml:12:7: seed: anchors (&name) are not supported in scenario files"},
	{"tag", map[int]string{12: "seed: !!int 7"}, "t.yaml:12:7: seed: tags (!!type) are not supported in scenario files"},
	{"two documents", map[int]string{44: "---\nexpect: hold", 45: ""},
		"t.yaml:44:1: a scenario file holds one YAML document; remove the second `---`"},
}

// TestLoadBad checks each bad input gives exactly one *Error with the
// promised file, line, column, field and message.
func TestLoadBad(t *testing.T) {
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load("t.yaml", []byte(replaceLines(goodYAML, c.lines)), nil)
			// The registry grows as protocols land; read it at test time.
			assertError(t, err, strings.ReplaceAll(c.want, "{registered}", registeredText()))
		})
	}
}

// TestErrorFields checks the *Error fields themselves, which the CLI and
// editors may read instead of the string.
func TestErrorFields(t *testing.T) {
	_, err := Load("split.yaml", []byte(replaceLines(goodYAML, map[int]string{36: "  - {at: 200ms, crash: n7}"})), nil)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("not an *Error: %v", err)
	}
	want := Error{File: "split.yaml", Line: 36, Col: 24, Field: "faults[1].crash", Msg: "node n7 does not exist (nodes are n0..n2)"}
	if *e != want {
		t.Errorf("error = %+v, want %+v", *e, want)
	}
	wrapped := fmt.Errorf("run: %w", err)
	if !errors.As(wrapped, &e) {
		t.Error("errors.As does not find a wrapped *Error")
	}
}

// TestLoadWholeFileErrors checks inputs that are wrong as a whole.
func TestLoadWholeFileErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"", "e.yaml:1:1: the file is empty; a scenario needs at least name, title, teaches, protocol, nodes, duration, checks, expect"},
		{"# only a comment\n", "e.yaml:1:1: the file is empty; a scenario needs at least name, title, teaches, protocol, nodes, duration, checks, expect"},
		{"- a\n- b\n", "e.yaml:1:1: a scenario is a mapping of fields (name: ..., title: ...), not a list"},
		{"just words", `e.yaml:1:1: a scenario is a mapping of fields (name: ..., title: ...), not a string ("just words")`},
		{"name: [", "e.yaml:1:7: invalid YAML: sequence end token ']' not found"},
		{strings.Repeat("#", maxSourceBytes+1), "e.yaml:1:1: file is 1048577 bytes; the limit is 1048576"},
	}
	for _, c := range cases {
		_, err := Load("e.yaml", []byte(c.src), nil)
		assertError(t, err, c.want)
	}
}

// TestLoadFile checks reading from disk and the error for a missing file.
func TestLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, []byte(goodYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := LoadFile(path, nil); err != nil || s.File != path {
		t.Fatalf("LoadFile = %v, %v", s, err)
	}
	_, err := LoadFile(path+".missing", nil)
	assertError(t, err, path+".missing: cannot read: no such file or directory")
}

// TestSourceRoundTrip checks that loading the stored Source again gives
// the same scenario, which is what replay relies on.
func TestSourceRoundTrip(t *testing.T) {
	s, err := Load("good.yaml", []byte(goodYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Load("good.yaml", s.Source, nil)
	if err != nil || !sameScenario(s, again) {
		t.Errorf("reloading Source: %v", err)
	}
}

// FuzzLoad checks that no input makes Load panic, that every failure is one
// *Error pointing inside the file, and that any scenario that loads also
// takes a --set and reloads from its Source unchanged (what replay needs).
func FuzzLoad(f *testing.F) {
	for _, name := range catalogNames() {
		data, err := catalogFS.ReadFile(catalogDir + "/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(goodYAML))
	for _, c := range badCases {
		f.Add([]byte(replaceLines(goodYAML, c.lines)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load("fuzz.yaml", data, nil)
		if err != nil {
			checkFileError(t, err, data)
			return
		}
		_ = s.ScheduleText()
		set, err := Load("fuzz.yaml", data, []string{"seed=5"})
		if err != nil {
			t.Fatalf("a loadable scenario rejects --set seed=5: %v", err)
		}
		if set.Seed != 5 {
			t.Fatalf("--set seed=5 gave seed %d", set.Seed)
		}
		set.Seed = s.Seed
		if !sameScenario(s, set) {
			t.Fatalf("--set seed=5 changed more than the seed; Source:\n%s", set.Source)
		}
	})
}

// checkFileError asserts err is one *Error about the file, at a position
// inside it.
func checkFileError(t *testing.T, err error, data []byte) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error is %T, not *Error: %v", err, err)
	}
	// YAML breaks lines at \n, \r\n and a lone \r.
	lines := strings.Count(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") + strings.Count(string(data), "\r") -
		strings.Count(string(data), "\r\n") + 1
	if e.File != "fuzz.yaml" || e.Line < 1 || e.Col < 1 || e.Line > lines || e.Msg == "" {
		t.Fatalf("bad error (file has %d lines): %+v", lines, *e)
	}
}
