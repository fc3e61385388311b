package twogenerals

import (
	"slices"
	"strings"
	"testing"
	"time"

	"simrun/sim"
)

// Purpose: the bounded search the two-generals scenario relies on. For
// every k from 1 to 8, enumerating all 2^k drop schedules finds exactly one
// in which one general attacks alone — the one that loses the last message
// and nothing before it — and exactly one in which both attack (nothing
// lost). It logs the schedule it found for each k.
func TestExploreFindsTheLastMessage(t *testing.T) {
	for k := 1; k <= 8; k++ {
		cfg := Config{Messages: k, DecideAt: time.Second}
		outs := Explore(cfg)
		if len(outs) != 1<<k {
			t.Fatalf("k=%d: %d schedules, want %d", k, len(outs), 1<<k)
		}
		f := summarize(cfg, outs)
		if f.Alone != 1 || f.Both != 1 || !slices.Equal(f.Drop, []int{k}) {
			t.Errorf("k=%d: %+v, want one disagreement, dropping only message %d", k, f, k)
		}
		alone := "A"
		for _, o := range outs {
			if o.AttackB && !o.AttackA {
				alone = "B"
			}
		}
		t.Logf("k=%d: %d schedules; one general (%s) attacks alone when the link drops %v", k, len(outs), alone, f.Drop)
	}
}

// Purpose: a full run with search plays the schedule found, and agreement
// fails naming who attacked; with no losses agreement holds.
func TestSearchRunViolatesAgreement(t *testing.T) {
	play := func(cfg Config) sim.Result {
		w := sim.New(sim.Config{Seed: 1, Deadline: 2 * time.Second, MaxEvents: 1000, Network: sim.FixedLatency(10 * time.Millisecond)})
		f := New(cfg, []sim.NodeID{0, 1})
		w.AddNode("n0", sim.Server, f)
		w.AddNode("n1", sim.Server, f)
		return w.Run()
	}
	res := play(Config{Messages: 4, Search: true, DecideAt: time.Second})
	r := Check(res, Checks)[0]
	if r.OK || !r.Safety || !strings.Contains(r.Detail, "n1 attacks") {
		t.Errorf("search run: %+v, want agreement to fail with n1 attacking", r)
	}
	story := strings.Join(Story(res), "\n")
	if !strings.Contains(story, "sends message 4; the link loses it") || !strings.Contains(story, "one alone in 1") {
		t.Errorf("story misses the lost message or the search:\n%s", story)
	}
	if r := Check(play(Config{Messages: 4, DecideAt: time.Second}), Checks)[0]; !r.OK {
		t.Errorf("no losses: %+v", r)
	}
}

// Purpose: bad settings are errors naming the yaml key.
func TestConfigValidate(t *testing.T) {
	for key, c := range map[string]Config{
		"messages:":  {Messages: 0, DecideAt: time.Second},
		"decide_at:": {Messages: 2},
		"drop:":      {Messages: 2, Drop: []int{3}, DecideAt: time.Second},
	} {
		if err := c.Validate(); err == nil || !strings.HasPrefix(err.Error(), key) {
			t.Errorf("%s: got %v", key, err)
		}
	}
	if err := (&Config{Messages: 2, Drop: []int{1}, Search: true, DecideAt: time.Second}).Validate(); err == nil {
		t.Error("drop with search accepted")
	}
}
