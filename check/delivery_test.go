package check

import (
	"strings"
	"testing"
)

// Purpose: a request applied twice fails applied-once, naming it and both
// times; distinct requests (same id, different senders) pass.
func TestAppliedOnce(t *testing.T) {
	good := []Applied{{Node: "n0", Sender: "n1", ID: 1, Amount: 1, At: msT(10)}, {Node: "n0", Sender: "n2", ID: 1, Amount: 1, At: msT(12)}}
	if r := AppliedOnce(good); !r.OK || !r.Safety {
		t.Fatalf("distinct requests failed: %+v", r)
	}
	bad := append(good, Applied{Node: "n0", Sender: "n1", ID: 1, Amount: 1, At: msT(70)})
	r := AppliedOnce(bad)
	if r.OK || !r.Safety {
		t.Fatalf("a request applied twice passed: %+v", r)
	}
	wantDetail(t, r.Detail, "n1#1", "10ms", "70ms")
}

// Purpose: integrity rejects an apply of a request never sent (a forged
// sender or a corrupted id), one applied before it was sent, and one with
// another amount; it accepts applies that match what was sent.
func TestIntegrity(t *testing.T) {
	sent := []Sent{{Sender: "n1", ID: 1, Amount: 1, At: msT(20)}, {Sender: "n1", ID: 2, Amount: 1, At: msT(40)}}
	ok := []Applied{{Node: "n0", Sender: "n1", ID: 1, Amount: 1, At: msT(30)}}
	if r := Integrity(sent, ok); !r.OK {
		t.Fatalf("honest apply failed: %+v", r)
	}
	cases := map[string]Applied{
		"never sent it":   {Node: "n0", Sender: "n2", ID: 1, Amount: 1, At: msT(30)},  // forged sender
		"n1 sent 1":       {Node: "n0", Sender: "n1", ID: 1, Amount: 17, At: msT(30)}, // corrupted amount
		"n1 never sent i": {Node: "n0", Sender: "n1", ID: 2, Amount: 1, At: msT(30)},  // before it was sent
	}
	for want, a := range cases {
		r := Integrity(sent, []Applied{a})
		if r.OK || !r.Safety || !strings.Contains(r.Detail, want) {
			t.Errorf("apply %+v: got %+v, want a failure saying %q", a, r, want)
		}
	}
}

// Purpose: a request never applied fails delivered, which is liveness.
func TestDelivered(t *testing.T) {
	sent := []Sent{{Sender: "n1", ID: 1, Amount: 1, At: msT(20)}, {Sender: "n1", ID: 2, Amount: 1, At: msT(40)}}
	applies := []Applied{{Node: "n0", Sender: "n1", ID: 1, Amount: 1, At: msT(30)}}
	r := Delivered(sent, applies)
	if r.OK || r.Safety {
		t.Fatalf("a lost request passed (or counted as safety): %+v", r)
	}
	wantDetail(t, r.Detail, "n1#2", "1 of 2")
	if r := Delivered(sent[:1], applies); !r.OK {
		t.Errorf("all applied, still failed: %+v", r)
	}
}
