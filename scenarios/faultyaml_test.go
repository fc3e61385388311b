package scenarios

import (
	"reflect"
	"strings"
	"testing"
)

// TestFaultsYAMLRoundTrip checks that every kind of fault, rendered with
// FaultsYAML and loaded back as an override, is the same Fault: the swarm
// generator and the shrinker rely on it to build scenario variants.
func TestFaultsYAMLRoundTrip(t *testing.T) {
	base, err := Load("t.yaml", []byte(goodYAML), nil)
	if err != nil {
		t.Fatal(err)
	}
	extra := []string{
		"{at: 1ms, partition: {isolate: c1}}", "{at: 2ms, partition: {halves: true}}",
		"{at: 3ms, partition: {majority_ring: true}}", "{at: 4ms, partition: {bridge: n1}}",
		"{at: 5ms, crash: n0}", "{at: 500ms, crash: n1, restart_after: 1m30s, wipe: true}",
		"{at: 6ms, clock: n0, skew: 3ms, drift_ppm: -12.5}", "{at: 7ms, clock: n1, drift_ppm: 1000000}",
	}
	more, err := Load("t.yaml", []byte(goodYAML), []string{"faults=[" + strings.Join(extra, ", ") + "]"})
	if err != nil {
		t.Fatal(err)
	}
	all := append(append([]Fault{}, base.Faults...), more.Faults...)
	text := FaultsYAML(all)
	again, err := Load("t.yaml", []byte(goodYAML), []string{"faults=" + text})
	if err != nil {
		t.Fatalf("rendered faults do not load: %v\n%s", err, text)
	}
	if !reflect.DeepEqual(again.Faults, all) {
		t.Errorf("round trip changed the faults:\nrendered %s\nwant %+v\ngot  %+v", text, all, again.Faults)
	}
	if got := FaultsYAML(nil); got != "[]" {
		t.Errorf("empty schedule renders as %q, want []", got)
	}
}

// TestNameYAMLQuotes checks that names YAML would misread are quoted, so a
// behaviour called "true" or "1e3" stays a string.
func TestNameYAMLQuotes(t *testing.T) {
	for in, want := range map[string]string{"n0": "n0", "vote-any": "vote-any", "true": `"true"`,
		"1e3": `"1e3"`, "a b": `"a b"`, "x,y": `"x,y"`} {
		if got := nameYAML(in); got != want {
			t.Errorf("nameYAML(%q) = %s, want %s", in, got, want)
		}
	}
}
