package raft

import (
	"fmt"
	"slices"
	"strings"

	"simrun/sim"
)

// Single-server membership change (§6; Ongaro's dissertation §4.1): a
// configuration is a log entry naming the voting members. A server uses
// the latest configuration in its log, committed or not, and a leader
// proposes a change only when the previous one has committed and an entry
// of its own term has committed too, so any two successive majorities
// overlap. Adding or removing one server at a time needs no joint
// consensus.

// ChangeMembers is an operator's request to add or remove one server. It
// may be sent to any server: a follower forwards it to the leader it knows.
type ChangeMembers struct {
	Add  bool   `json:"add,omitempty"`
	Node string `json:"node"`
}

// commandNodesMax bounds the server names operator commands can address
// (add-n0 .. add-n9, remove-n0 .. remove-n9): the list must be finite so
// the scenario loader can reject a misspelt command.
const commandNodesMax = 10

// Commands lists the operator commands Command understands.
var Commands = func() []string {
	var out []string
	for i := range commandNodesMax {
		out = append(out, fmt.Sprintf("add-n%d", i), fmt.Sprintf("remove-n%d", i))
	}
	return out
}()

// Command maps an operator command ("add-n3", "remove-n0") to the message
// to inject at the chosen server.
func Command(name string) (sim.Message, error) {
	if !slices.Contains(Commands, name) {
		return nil, fmt.Errorf("unknown command %q (raft has add-nK and remove-nK for K in 0..%d)", name, commandNodesMax-1)
	}
	op, node, _ := strings.Cut(name, "-")
	return ChangeMembers{Add: op == "add", Node: node}, nil
}

// KindConfig: a leader appended a new configuration; Data is a ConfigFact.
const KindConfig = "raft.config"

// ConfigFact records a configuration change appended at Index in Term.
type ConfigFact struct {
	Term    uint64
	Index   uint64
	Members []string
}

// initConfig sets the configuration from Config.Members (every server
// when empty), then from the latest configuration entry in the log.
func (n *node) initConfig(env sim.Env) {
	n.member = make([]bool, len(n.servers))
	for i, s := range n.servers {
		n.member[i] = len(n.cfg.Members) == 0 || slices.Contains(n.cfg.Members, env.NameOf(s))
	}
	n.confIndex = 0
	for i := n.lastIndex(); i > 0; i-- {
		if len(n.log[i-1].Members) > 0 {
			n.useConfig(env, i)
			return
		}
	}
}

// useConfig makes the configuration entry at index the current one.
func (n *node) useConfig(env sim.Env, index uint64) {
	n.confIndex = index
	members := n.log[index-1].Members
	for i, s := range n.servers {
		n.member[i] = slices.Contains(members, env.NameOf(s))
	}
}

// noteAppended picks up a configuration among entries just appended from
// index on (§6: a server uses a configuration as soon as it is in its log).
func (n *node) noteAppended(env sim.Env, from uint64) {
	for i := n.lastIndex(); i >= from && i > 0; i-- {
		if len(n.log[i-1].Members) > 0 {
			n.useConfig(env, i)
			return
		}
	}
}

// noteTruncated falls back to an older configuration when the current
// one was deleted with the log's tail.
func (n *node) noteTruncated(env sim.Env) {
	if n.confIndex > n.lastIndex() {
		n.initConfig(env)
	}
}

// isMember reports whether the server at position i votes.
func (n *node) isMember(i int) bool { return n.member[i] }

// selfMember reports whether this server votes in its own configuration.
func (n *node) selfMember() bool { return n.member[n.pos(n.id)] }

// onChangeMembers proposes a change as leader, or forwards it to the
// leader. Refused (silently: the operator reads the story) while another
// change is uncommitted, before the leader committed an entry of its term,
// or when the change changes nothing.
func (n *node) onChangeMembers(env sim.Env, m ChangeMembers) {
	if n.role != leader {
		if n.leader != none && n.leader != n.id {
			env.Send(n.leader, m)
		}
		return
	}
	if n.confIndex > n.commit || !n.termCommitted() {
		return
	}
	target := n.posByName(env, m.Node)
	if target < 0 || n.member[target] == m.Add || !m.Add && n.memberCount() == 1 {
		return // no such server, nothing would change, or no voter would be left
	}
	var members []string
	for i, s := range n.servers {
		if i == target && m.Add || i != target && n.member[i] {
			members = append(members, env.NameOf(s))
		}
	}
	index := n.appendLocal(env, Entry{Term: n.term, Members: members})
	env.Observe(sim.Observation{Kind: KindConfig, Data: ConfigFact{Term: n.term, Index: index, Members: members}})
}

// memberCount is the number of voting members.
func (n *node) memberCount() int {
	c := 0
	for _, m := range n.member {
		if m {
			c++
		}
	}
	return c
}

// posByName is the position of the named server, or -1.
func (n *node) posByName(env sim.Env, name string) int {
	for i, s := range n.servers {
		if env.NameOf(s) == name {
			return i
		}
	}
	return -1
}
