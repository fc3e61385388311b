package scenarios

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"
)

// fakeConfig stands in for a protocol config in tests: durations, an enum
// and a cross-field rule that Validate reports with a FieldError.
type fakeConfig struct {
	Heartbeat       time.Duration `yaml:"heartbeat"`
	Failover        string        `yaml:"failover"`
	FailoverTimeout time.Duration `yaml:"failover_timeout"`
	Tuning          *fakeTuning   `yaml:"tuning"`
	Peers           []string      `yaml:"peers"`
	Weights         map[string]int
	internal        int
}

// fakeTuning is a nested config struct.
type fakeTuning struct {
	Batch  uint8   `yaml:"batch"`
	Factor float64 `yaml:"factor"`
	Strict bool    `yaml:"strict"`
	Skip   int     `yaml:"-"`
}

// Validate reports the errors a real protocol config would.
func (c *fakeConfig) Validate() error {
	switch {
	case c.Failover != "auto" && c.Failover != "manual":
		return &FieldError{Field: "failover", Msg: fmt.Sprintf("%q is not auto or manual", c.Failover)}
	case c.Heartbeat > time.Hour:
		return fmt.Errorf("heartbeat: %v is longer than an hour", c.Heartbeat)
	case c.FailoverTimeout <= c.Heartbeat:
		return &FieldError{Field: "failover_timeout", Msg: fmt.Sprintf("must be longer than heartbeat (%v)", c.Heartbeat)}
	case c.Tuning != nil && c.Tuning.Factor > 10:
		return ownFieldError{field: "tuning.factor", msg: "must be at most 10"}
	case len(c.Peers) > 3:
		return errors.New("at most 3 peers")
	}
	return nil
}

// ownFieldError is how a protocol that cannot import scenarios points at a
// field: any error with a ConfigField method.
type ownFieldError struct{ field, msg string }

func (e ownFieldError) Error() string       { return e.field + ": " + e.msg }
func (e ownFieldError) ConfigField() string { return e.field }

// newFakeConfig returns the defaults, as a protocol's NewConfig does.
func newFakeConfig() Config {
	return &fakeConfig{Heartbeat: 50 * time.Millisecond, Failover: "auto", FailoverTimeout: 150 * time.Millisecond}
}

// fakeProtocol is the protocol the table tests use, so that they do not
// depend on any real protocol.
var fakeProtocol = Protocol{
	Name:       "fake",
	NewConfig:  newFakeConfig,
	Checks:     []string{"single-primary", "durable-writes", "linearizable"},
	Behaviours: []string{"vote-any", "equivocate"},
	Commands:   []string{"promote"},
}

// TestMain registers the test protocols, and a primarybackup stand-in only
// while no real one is registered, so the catalogue loads both before and
// after the real protocol is wired in.
func TestMain(m *testing.M) {
	Register(fakeProtocol)
	Register(Protocol{Name: "noconfig", Checks: []string{"agreement"}})
	if _, ok := Lookup("primarybackup"); !ok {
		Register(Protocol{
			Name:      "primarybackup",
			NewConfig: newFakeConfig,
			Checks:    []string{"single-primary", "durable-writes", "linearizable"},
			Commands:  []string{"promote"},
		})
	}
	os.Exit(m.Run())
}

// TestRegisterPanicsOnProgrammingErrors checks that a duplicate or empty
// name is caught at init time, not silently shadowed.
func TestRegisterPanicsOnProgrammingErrors(t *testing.T) {
	for _, p := range []Protocol{fakeProtocol, {}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%q) did not panic", p.Name)
				}
			}()
			Register(p)
		}()
	}
}

// TestProtocolsSorted checks the listing is sorted and complete, since it
// reaches error messages and `simrun` output.
func TestProtocolsSorted(t *testing.T) {
	names := Protocols()
	if !slices.IsSorted(names) {
		t.Errorf("Protocols() = %v, not sorted", names)
	}
	for _, want := range []string{"fake", "noconfig", "primarybackup"} {
		if !slices.Contains(names, want) {
			t.Errorf("Protocols() = %v, missing %s", names, want)
		}
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup(nope) found something")
	}
}

// TestConfigDecoding checks that config is decoded strictly over the
// defaults into nested structs, pointers, slices and maps.
func TestConfigDecoding(t *testing.T) {
	src := replaceLines(goodYAML, map[int]string{
		7: "  heartbeat: 20ms",
		8: "  tuning: {batch: 8, factor: 2.5, strict: true}\n  peers: [a, b]\n  weights: {x: 1, y: 2}",
	})
	s, err := Load("t.yaml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := s.Config.(*fakeConfig)
	want := &fakeConfig{
		Heartbeat: 20 * time.Millisecond, Failover: "auto", FailoverTimeout: 150 * time.Millisecond,
		Tuning: &fakeTuning{Batch: 8, Factor: 2.5, Strict: true},
		Peers:  []string{"a", "b"}, Weights: map[string]int{"x": 1, "y": 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("config = %+v %+v, want %+v %+v", got, got.Tuning, want, want.Tuning)
	}
}

// TestNoConfigProtocol checks that a protocol without config rejects one
// and accepts none.
func TestNoConfigProtocol(t *testing.T) {
	src := "name: a\ntitle: T\nteaches: x\nprotocol: noconfig\nnodes: 1\nduration: 1s\nchecks: [agreement]\nexpect: hold\n"
	s, err := Load("t.yaml", []byte(src), nil)
	if err != nil || s.Config != nil {
		t.Fatalf("Load = %v, %v; want no config and no error", s, err)
	}
	_, err = Load("t.yaml", []byte(src+"config: {x: 1}\n"), nil)
	assertError(t, err, "t.yaml:9:9: config: protocol noconfig takes no config")
}
