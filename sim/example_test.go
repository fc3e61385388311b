package sim_test

import (
	"fmt"
	"time"

	"simrun/sim"
)

// Ping is the message of the example protocol.
type Ping struct{ N int }

// pinger is a whole protocol in a few lines: node 0 pings node 1 every
// 100ms; node 1 answers; both record what they saw as observations.
type pinger struct{ sent int }

func (p *pinger) Start(env sim.Env) {
	if env.ID() == 0 {
		env.SetTimer(100*time.Millisecond, "tick")
	}
}

func (p *pinger) Receive(env sim.Env, from sim.NodeID, msg sim.Message) {
	ping := msg.(Ping)
	env.Observe(sim.Observation{Kind: "got", Data: ping.N})
	if env.ID() == 1 {
		env.Send(from, Ping{N: ping.N})
	}
}

func (p *pinger) Timer(env sim.Env, tag any) {
	p.sent++
	env.Send(env.Peers()[0], Ping{N: p.sent})
	env.SetTimer(100*time.Millisecond, "tick")
}

// Example runs a two-node ping protocol for 350 simulated milliseconds and
// prints what each node observed and when.
func Example() {
	w := sim.New(sim.Config{Seed: 1, Deadline: 350 * time.Millisecond, MaxEvents: 1000})
	for _, name := range []string{"n0", "n1"} {
		w.AddNode(name, sim.Server, func(sim.NodeID) sim.Node { return &pinger{} })
	}
	res := w.Run()
	for _, o := range res.Observations {
		fmt.Printf("%v %s got ping %v\n", o.Time, res.Names[o.Node], o.Data)
	}
	fmt.Println("ended by", res.End)
	// Output:
	// 110ms n1 got ping 1
	// 120ms n0 got ping 1
	// 210ms n1 got ping 2
	// 220ms n0 got ping 2
	// 310ms n1 got ping 3
	// 320ms n0 got ping 3
	// ended by deadline
}
