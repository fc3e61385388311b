package faults

import (
	"fmt"
	"strings"
	"testing"

	"simrun/sim"
)

// name prints servers 0..4 as n0..n4 and higher ids as clients c0, c1...
func name(id sim.NodeID) string {
	if id < 5 {
		return fmt.Sprintf("n%d", id)
	}
	return fmt.Sprintf("c%d", id-5)
}

func ids(n int) []sim.NodeID {
	out := make([]sim.NodeID, n)
	for i := range out {
		out[i] = sim.NodeID(i)
	}
	return out
}

// applied returns a network of n nodes with p applied.
func applied(n int, p Partition) *Network {
	net := NewNetwork(sim.NewStream(1, "net"), n, Link{})
	net.Apply(p)
	return net
}

// sides checks connectivity against a side assignment: nodes on the same
// side (or with side 0, meaning untouched) reach each other, others do not.
func sides(t *testing.T, net *Network, side []int) {
	t.Helper()
	for a := range side {
		for b := range side {
			want := side[a] == 0 || side[b] == 0 || side[a] == side[b]
			if got := net.Connected(sim.NodeID(a), sim.NodeID(b)); got != want {
				t.Errorf("Connected(%d,%d) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// TestGroups checks that listed groups are cut from each other both ways,
// the unlisted nodes of all form one more group, and the text names them.
func TestGroups(t *testing.T) {
	p := Groups(ids(5), [][]sim.NodeID{{0, 1}, {2}}, name)
	if p.Describe() != "{n0,n1} | {n2} | {n3,n4}" {
		t.Errorf("Describe() = %q", p.Describe())
	}
	sides(t, applied(6, p), []int{1, 1, 2, 3, 3, 0})
	for want, groups := range map[string][][]sim.NodeID{
		"group 1 is empty":          {{0}, {}},
		"names node 9":              {{9}},
		"in partition groups 0 and": {{0, 1}, {1}},
	} {
		if err := ValidateGroups(ids(5), groups); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ValidateGroups(%v) = %v, want %q", groups, err, want)
		}
	}
}

// TestIsolate checks that the isolated node loses everyone in all, both
// ways, while a node left out of all (a client) still reaches everyone.
func TestIsolate(t *testing.T) {
	p := Isolate(ids(5), 2, name)
	if p.Text != "{n2} | {n0,n1,n3,n4}" {
		t.Errorf("Text = %q", p.Text)
	}
	sides(t, applied(6, p), []int{1, 1, 2, 1, 1, 0})
}

// TestHalves checks that servers split first half / second half and each
// client follows its home server.
func TestHalves(t *testing.T) {
	p := Halves(ids(5), []sim.NodeID{5, 6}, []sim.NodeID{4, 0}, name)
	if p.Text != "{n0,n1,c1} | {n2,n3,n4,c0}" {
		t.Errorf("Text = %q", p.Text)
	}
	sides(t, applied(7, p), []int{1, 1, 2, 2, 2, 2, 1})
}

// TestMajorityRing checks, for every ring size from 4 to 9, that each
// server sees a strict majority (itself included) and that no two servers
// see the same set; and that 3 servers are refused.
func TestMajorityRing(t *testing.T) {
	for n := 4; n <= 9; n++ {
		p, err := MajorityRing(ids(n), nil)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		net := applied(n, p)
		seen := map[string]sim.NodeID{}
		for a := range n {
			var sees []sim.NodeID
			for b := range n {
				if net.Connected(sim.NodeID(a), sim.NodeID(b)) != net.Connected(sim.NodeID(b), sim.NodeID(a)) {
					t.Errorf("n=%d: ring cut %d-%d is one-way", n, a, b)
				}
				if net.Connected(sim.NodeID(a), sim.NodeID(b)) {
					sees = append(sees, sim.NodeID(b))
				}
			}
			if 2*len(sees) <= n {
				t.Errorf("n=%d: node %d sees %v, not a majority", n, a, sees)
			}
			key := fmt.Sprint(sees)
			if other, dup := seen[key]; dup {
				t.Errorf("n=%d: nodes %d and %d both see %v", n, other, a, sees)
			}
			seen[key] = sim.NodeID(a)
		}
	}
	if _, err := MajorityRing(ids(3), nil); err == nil {
		t.Error("MajorityRing of 3 servers: want an error")
	}
	p, _ := MajorityRing(ids(5), name)
	if p.Text != "majority ring {n0,n1,n2,n3,n4}, each sees 1 neighbour(s) either side" {
		t.Errorf("Text = %q", p.Text)
	}
}

// TestBridge checks that the two halves cannot talk but the bridge talks
// to both, and clients stay connected to all.
func TestBridge(t *testing.T) {
	p := Bridge(ids(5), 2, name)
	if p.Text != "{n0,n1} | {n3,n4} bridged by n2" {
		t.Errorf("Text = %q", p.Text)
	}
	sides(t, applied(6, p), []int{1, 1, 0, 2, 2, 0})
}

// TestOneWayAndHeal checks that a one-way cut is asymmetric and that Heal
// restores every direction of every partition applied.
func TestOneWayAndHeal(t *testing.T) {
	net := applied(5, OneWay(0, 1, name))
	if net.Connected(0, 1) || !net.Connected(1, 0) {
		t.Errorf("one-way 0->1: Connected(0,1)=%v Connected(1,0)=%v, want false, true",
			net.Connected(0, 1), net.Connected(1, 0))
	}
	if ds, reason := net.Route(0, 0, 1, Msg{}, nil); len(ds) != 0 || reason != "partition" {
		t.Errorf("Route across the cut = %v %q, want a partition drop", ds, reason)
	}
	net.Apply(Bridge(ids(5), 2, name))
	net.Heal()
	sides(t, net, []int{1, 1, 1, 1, 1})
	if got := OneWay(3, 4, name).Describe(); got != "n3 -x-> n4 (one-way)" {
		t.Errorf("Describe() = %q", got)
	}
	if got := (Partition{Cuts: [][2]sim.NodeID{{0, 1}, {1, 0}}}).Describe(); got != "0-x->1 1-x->0" {
		t.Errorf("Describe() of bare cuts = %q", got)
	}
}
