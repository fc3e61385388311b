package faults

import (
	"strings"
	"testing"
	"time"

	"simrun/sim"
)

// TestDescribe checks the words each kind of action gets in traces and
// stories, and that Text overrides them.
func TestDescribe(t *testing.T) {
	cases := map[string]Action{
		"partition {n0,c0} | {n1,c1}": {Kind: KindPartition, Partition: Halves([]sim.NodeID{0, 1},
			[]sim.NodeID{5, 6}, []sim.NodeID{0, 1}, name)},
		"heal all partitions":                               {Kind: KindHeal},
		"crash n0 (restart after 1s, unsynced writes lost)": {Kind: KindCrash, RestartAfter: time.Second, LoseUnsynced: true},
		"crash n2 (no restart, disk lost)":                  {Kind: KindCrash, Node: 2, Wipe: true, LoseUnsynced: true},
		"pause n1 for 200ms":                                {Kind: KindPause, Node: 1, For: 200 * ms},
		"clock n3 skew -50ms drift +200ppm":                 {Kind: KindClock, Node: 3, Skew: -50 * ms, DriftPPM: 200},
		"byzantine n4 equivocate":                           {Kind: KindByzantine, Node: 4, Behaviour: "equivocate"},
		"byzantine n4 double-vote for 1s":                   {Kind: KindByzantine, Node: 4, Behaviour: "double-vote", For: time.Second},
		`operator -> n0 faults.Ping{N:3}`:                   {Kind: KindOperator, Command: Ping{N: 3}},
		"the old leader sleeps":                             {Kind: KindPause, For: ms, Text: "the old leader sleeps"},
	}
	for want, a := range cases {
		if got := a.Describe(name); got != want {
			t.Errorf("Describe(%+v) = %q, want %q", a, got, want)
		}
	}
}

// TestScheduleValidate checks that each bad action is refused with its
// index and kind in the message, and a good schedule passes.
func TestScheduleValidate(t *testing.T) {
	bad := map[string]Action{
		"faults[1].crash: node 7 does not exist (nodes are 0..4)":  {Kind: KindCrash, Node: 7},
		"faults[1].partition: node 5 does not exist":               {Kind: KindPartition, Partition: OneWay(0, 5, nil)},
		"faults[1].pause: a pause needs a duration > 0":            {Kind: KindPause, Node: 1},
		"faults[1].clock: drift -1000000ppm":                       {Kind: KindClock, DriftPPM: -1_000_000},
		"faults[1].byzantine: a byzantine fault needs a behaviour": {Kind: KindByzantine},
		"faults[1].operator: an operator action needs a command":   {Kind: KindOperator},
		"faults[1].crash: restart_after -1s is negative":           {Kind: KindCrash, RestartAfter: -time.Second},
		"faults[1].heal: time -1ms is negative":                    {Kind: KindHeal, At: -ms},
		"faults[1].reboot: unknown fault kind":                     {Kind: "reboot"},
	}
	for want, a := range bad {
		err := Schedule{{Kind: KindHeal}, a}.Validate(5)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Validate(%+v) = %v, want %q", a, err, want)
		}
	}
	good := Schedule{{Kind: KindCrash, Node: 4}, {Kind: KindPause, Node: 0, For: ms}, {Kind: KindHeal}}
	if err := good.Validate(5); err != nil {
		t.Errorf("Validate(good) = %v", err)
	}
}

// TestInstallRefusesBadSchedule checks that Install asserts what Validate
// rejects instead of scheduling a crash of a node that does not exist.
func TestInstallRefusesBadSchedule(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "node 9 does not exist") {
			t.Errorf("recovered %v, want a panic naming node 9", r)
		}
	}()
	w := sim.New(sim.Config{Deadline: time.Second, MaxEvents: 10})
	w.AddNode("n0", sim.Server, func(sim.NodeID) sim.Node { return &pingNode{} })
	Install(w, nil, Schedule{{Kind: KindCrash, Node: 9}})
}

// TestWindows checks when each fault is said to be in force: partitions
// (stacked) until the next heal, crash until restart or open, pause for its
// length, a clock change until the next one on that node, a Byzantine
// behaviour for its For, an operator command as an instant; heals make no
// window; out-of-order actions come out ordered by start.
func TestWindows(t *testing.T) {
	s := Schedule{
		{At: 3 * time.Second, Kind: KindHeal},
		{At: time.Second, Kind: KindPartition, Partition: OneWay(0, 1, name)},
		{At: 2 * time.Second, Kind: KindPartition, Partition: OneWay(1, 0, name)},
		{At: 4 * time.Second, Kind: KindPartition, Partition: OneWay(2, 0, name)},
		{At: 500 * ms, Kind: KindCrash, Node: 2, RestartAfter: time.Second},
		{At: 600 * ms, Kind: KindCrash, Node: 3},
		{At: 700 * ms, Kind: KindPause, Node: 1, For: 200 * ms},
		{At: 800 * ms, Kind: KindClock, Node: 1, Skew: ms},
		{At: 900 * ms, Kind: KindClock, Node: 2, Skew: ms},
		{At: 5 * time.Second, Kind: KindClock, Node: 1},
		{At: 6 * time.Second, Kind: KindByzantine, Node: 4, Behaviour: "lie", For: time.Second},
		{At: 7 * time.Second, Kind: KindOperator, Node: 0, Command: Ping{}},
	}
	type w struct {
		kind       Kind
		start, end time.Duration
	}
	want := []w{
		{KindCrash, 500 * ms, 1500 * ms}, {KindCrash, 600 * ms, Open}, {KindPause, 700 * ms, 900 * ms},
		{KindClock, 800 * ms, 5 * time.Second}, {KindClock, 900 * ms, Open},
		{KindPartition, time.Second, 3 * time.Second}, {KindPartition, 2 * time.Second, 3 * time.Second},
		{KindPartition, 4 * time.Second, Open}, {KindClock, 5 * time.Second, Open},
		{KindByzantine, 6 * time.Second, 7 * time.Second}, {KindOperator, 7 * time.Second, 7 * time.Second},
	}
	got := s.Windows(name)
	if len(got) != len(want) {
		t.Fatalf("got %d windows %+v, want %d", len(got), got, len(want))
	}
	for i, g := range got {
		if g.Kind != want[i].kind || g.Start != want[i].start || g.End != want[i].end {
			t.Errorf("window %d = %+v, want %+v", i, g, want[i])
		}
	}
	if got[0].Text != "crash n2 (restart after 1s)" {
		t.Errorf("window text %q", got[0].Text)
	}
}
