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
