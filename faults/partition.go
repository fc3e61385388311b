package faults

import (
	"fmt"
	"strconv"
	"strings"

	"simrun/sim"
)

// Partition is a set of directed cuts with the words a story uses for it.
// It is data, so a schedule can hold it, a report can print it and a
// shrinker can drop it. Invariant: no cut joins a node to itself.
type Partition struct {
	// Cuts lists [from, to] pairs whose from→to direction is cut.
	Cuts [][2]sim.NodeID
	// Text describes the shape: "{n0,c0} | {n1,c1}".
	Text string
}

// Describe gives the shape in words; with no Text it lists the cuts.
func (p Partition) Describe() string {
	if p.Text != "" {
		return p.Text
	}
	parts := make([]string, len(p.Cuts))
	for i, c := range p.Cuts {
		parts[i] = fmt.Sprintf("%d-x->%d", c[0], c[1])
	}
	return strings.Join(parts, " ")
}

// namer returns name, or one that prints the bare NodeID when name is nil,
// so shapes can be built in tests without a World.
func namer(name func(sim.NodeID) string) func(sim.NodeID) string {
	if name != nil {
		return name
	}
	return func(id sim.NodeID) string { return strconv.Itoa(int(id)) }
}

// set renders nodes as "{n0,n1}".
func set(nodes []sim.NodeID, name func(sim.NodeID) string) string {
	parts := make([]string, len(nodes))
	for i, id := range nodes {
		parts[i] = name(id)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// ValidateGroups says why groups cannot partition all: a group that is
// empty, a node not in all, or a node in two groups. Groups panics on
// these, so a scenario loader calls this first to report them as errors.
func ValidateGroups(all []sim.NodeID, groups [][]sim.NodeID) error {
	member := make(map[sim.NodeID]int, len(all)) // node -> group index+1; 0 = unplaced
	for _, id := range all {
		member[id] = 0
	}
	for g, group := range groups {
		if len(group) == 0 {
			return fmt.Errorf("partition group %d is empty", g)
		}
		for _, id := range group {
			prev, ok := member[id]
			switch {
			case !ok:
				return fmt.Errorf("partition group %d names node %d, which is not among the nodes partitioned", g, id)
			case prev != 0:
				return fmt.Errorf("node %d is in partition groups %d and %d", id, prev-1, g)
			}
			member[id] = g + 1
		}
	}
	return nil
}

// Groups cuts all into the given groups, both ways between every two
// groups; the nodes of all listed in no group form one more group
// together. Nodes not in all are untouched: connected to everyone. It
// panics on groups that ValidateGroups rejects.
func Groups(all []sim.NodeID, groups [][]sim.NodeID, name func(sim.NodeID) string) Partition {
	if err := ValidateGroups(all, groups); err != nil {
		panic("faults: Groups: " + err.Error())
	}
	var rest []sim.NodeID
	for _, id := range all {
		if !listed(groups, id) {
			rest = append(rest, id)
		}
	}
	if len(rest) > 0 {
		groups = append(groups[:len(groups):len(groups)], rest)
	}
	return split(groups, namer(name))
}

func listed(groups [][]sim.NodeID, id sim.NodeID) bool {
	for _, g := range groups {
		for _, m := range g {
			if m == id {
				return true
			}
		}
	}
	return false
}

// split cuts every node of each group from every node of every other
// group, in group order then member order, and names the shape.
func split(groups [][]sim.NodeID, name func(sim.NodeID) string) Partition {
	var p Partition
	texts := make([]string, len(groups))
	for gi, a := range groups {
		texts[gi] = set(a, name)
		for gj, b := range groups {
			if gi == gj {
				continue
			}
			for _, x := range a {
				for _, y := range b {
					p.Cuts = append(p.Cuts, [2]sim.NodeID{x, y})
				}
			}
		}
	}
	p.Text = strings.Join(texts, " | ")
	return p
}

// Isolate cuts x off from every other node of all, both ways: the classic
// lone node (often the old leader). Pass only the servers to leave clients
// connected to everyone; pass clients too to isolate x from them as well.
func Isolate(all []sim.NodeID, x sim.NodeID, name func(sim.NodeID) string) Partition {
	return Groups(all, [][]sim.NodeID{{x}}, name)
}

// Halves splits the servers into a first half servers[:n/2] and a second
// half servers[n/2:] (for odd n the first is the minority), and puts each
// client on its home server's side: clients[i]'s home is home[i]. This is
// the split-brain shape, where each side keeps its own clients. It panics
// when fewer than 2 servers are given, len(home) != len(clients) or a home
// is not a server.
func Halves(servers, clients, home []sim.NodeID, name func(sim.NodeID) string) Partition {
	if len(servers) < 2 || len(home) != len(clients) {
		panic(fmt.Sprintf("faults: Halves needs >= 2 servers and a home per client (got %d servers, %d clients, %d homes)",
			len(servers), len(clients), len(home)))
	}
	first := append([]sim.NodeID(nil), servers[:len(servers)/2]...)
	second := append([]sim.NodeID(nil), servers[len(servers)/2:]...)
	for i, c := range clients {
		switch {
		case contains(first, home[i]):
			first = append(first, c)
		case contains(second, home[i]):
			second = append(second, c)
		default:
			panic(fmt.Sprintf("faults: Halves: client %d's home %d is not a server", c, home[i]))
		}
	}
	return split([][]sim.NodeID{first, second}, namer(name))
}

// contains reports whether id is in ids (ids are short: a linear scan).
func contains(ids []sim.NodeID, id sim.NodeID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// RingReach is the ring distance MajorityRing lets each of n servers see:
// the smallest k with 2k+1 > n/2, so that a node and its k neighbours on
// each side form a majority.
func RingReach(n int) int {
	k := 0
	for 2*(2*k+1) <= n {
		k++
	}
	return k
}

// MajorityRing places the servers on a ring (in the given order) and lets
// each see only itself and its RingReach(n) nearest neighbours on each
// side: every node sees a majority, yet no two see the same one, so no
// single majority can agree on who is in charge. It needs n >= 4 (for
// n = 3 the only majority window is the whole ring); clients are left
// connected to everyone.
func MajorityRing(servers []sim.NodeID, name func(sim.NodeID) string) (Partition, error) {
	n := len(servers)
	if n < 4 {
		return Partition{}, fmt.Errorf("majority ring needs at least 4 servers (got %d): with fewer, every node's majority is the same set", n)
	}
	k := RingReach(n)
	var p Partition
	for i, a := range servers {
		for j, b := range servers {
			if d := min((i-j+n)%n, (j-i+n)%n); d > k {
				p.Cuts = append(p.Cuts, [2]sim.NodeID{a, b})
			}
		}
	}
	p.Text = fmt.Sprintf("majority ring %s, each sees %d neighbour(s) either side", set(servers, namer(name)), k)
	return p, nil
}

// Bridge splits the servers other than bridge into two halves that cannot
// talk to each other, while bridge talks to both: with 5 servers each side
// plus the bridge is a majority, the shape that makes a leader flap. It
// panics when bridge is not among at least 3 servers. Clients are left
// connected to everyone.
func Bridge(servers []sim.NodeID, bridge sim.NodeID, name func(sim.NodeID) string) Partition {
	if len(servers) < 3 || !contains(servers, bridge) {
		panic(fmt.Sprintf("faults: Bridge needs >= 3 servers including the bridge %d (got %v)", bridge, servers))
	}
	var others []sim.NodeID
	for _, id := range servers {
		if id != bridge {
			others = append(others, id)
		}
	}
	nm := namer(name)
	p := split([][]sim.NodeID{others[:len(others)/2], others[len(others)/2:]}, nm)
	p.Text += " bridged by " + nm(bridge)
	return p
}

// OneWay cuts only from→to: to still hears nothing from from, but from
// hears to. Asymmetric faults are where "I can reach you" stops meaning
// "you can reach me".
func OneWay(from, to sim.NodeID, name func(sim.NodeID) string) Partition {
	if from == to {
		panic("faults: OneWay from a node to itself")
	}
	nm := namer(name)
	return Partition{Cuts: [][2]sim.NodeID{{from, to}}, Text: nm(from) + " -x-> " + nm(to) + " (one-way)"}
}
