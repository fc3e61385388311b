package sim

import (
	"slices"
	"testing"
	"time"
)

// timerUser exercises Timer the way protocols do: a raw timer next to a
// never-armed Timer, and a Timer re-armed before it fires.
type timerUser struct {
	idle, retry Timer
	fired       *[]string
	armedAfter  bool
}

func (u *timerUser) Start(env Env) {
	env.SetTimer(10*time.Millisecond, "raw") // likely TimerID 0: the trap
	u.idle.Stop(env)                         // never armed: must cancel nothing
	u.retry.Set(env, 20*time.Millisecond, "first")
	u.retry.Set(env, 30*time.Millisecond, "second") // replaces "first"
}

func (u *timerUser) Receive(Env, NodeID, Message) {}

func (u *timerUser) Timer(env Env, tag any) {
	*u.fired = append(*u.fired, tag.(string))
	if tag == "second" {
		u.retry.Fired()
		u.armedAfter = u.retry.Armed()
	}
}

// TestTimerRearmAndZeroStop: stopping an unarmed Timer leaves other
// timers alone, Set replaces the pending timer, and Fired disarms it.
func TestTimerRearmAndZeroStop(t *testing.T) {
	var fired []string
	u := &timerUser{fired: &fired}
	w := New(Config{Seed: 1, Deadline: time.Second, MaxEvents: 100})
	w.AddNode("n0", Server, func(NodeID) Node { return u })
	w.Run()
	if want := []string{"raw", "second"}; !slices.Equal(fired, want) {
		t.Fatalf("fired %v, want %v", fired, want)
	}
	if u.armedAfter {
		t.Fatal("Armed() is true after Fired()")
	}
}

// deadlineNode restarts a 100ms deadline at 10, 20, ... 50ms and records
// when it expires.
type deadlineNode struct {
	d       Deadline
	expired *[]time.Duration
}

func (n *deadlineNode) Start(env Env) {
	n.d.Set(env, 100*time.Millisecond, "deadline")
	for i := 1; i <= 5; i++ {
		env.SetTimer(time.Duration(i)*10*time.Millisecond, "restart")
	}
}
func (n *deadlineNode) Receive(Env, NodeID, Message) {}
func (n *deadlineNode) Timer(env Env, tag any) {
	switch tag {
	case "restart":
		n.d.Set(env, 100*time.Millisecond, "deadline")
	case "deadline":
		if n.d.Expired(env, "deadline") {
			*n.expired = append(*n.expired, env.Now())
		}
	}
}

// TestDeadlineMovesWithoutCancelling: restarting a Deadline five times
// cancels no timer, and it expires once, 100ms after the last restart.
func TestDeadlineMovesWithoutCancelling(t *testing.T) {
	var expired []time.Duration
	w := New(Config{Seed: 1, Deadline: time.Second, MaxEvents: 100})
	w.AddNode("n0", Server, func(NodeID) Node { return &deadlineNode{expired: &expired} })
	res := w.Run()
	if len(expired) != 1 || expired[0] != 150*time.Millisecond {
		t.Fatalf("expired at %v, want once at 150ms", expired)
	}
	if res.Cancelled != 0 {
		t.Fatalf("%d timers cancelled, want 0", res.Cancelled)
	}
}
