package sim

import (
	"math"
	"sync"
	"testing"
)

type canonInner struct {
	Key   string
	Vals  []int
	skip  int // unexported: not part of the wire form
	Bytes []byte
}

type canonMsg struct {
	Term  int
	Inner *canonInner
	Tags  map[string]int
	Any   any
	Next  *canonMsg // a recursive type
	Ratio float64
}

// TestCanonicalShape: the text names the type and every exported field,
// follows pointers, quotes strings and skips unexported state.
func TestCanonicalShape(t *testing.T) {
	m := canonMsg{Term: 3, Inner: &canonInner{Key: "x", Vals: []int{1, 2}, skip: 9, Bytes: []byte("ab")},
		Tags: map[string]int{"b": 2, "a": 1}, Any: 7, Next: &canonMsg{Term: 4}, Ratio: 0.5}
	got := Canonical(m)
	want := `sim.canonMsg{Term:3 Inner:&{Key:"x" Vals:[1 2] Bytes:"ab"} Tags:map["a":1 "b":2] Any:int7 ` +
		`Next:&{Term:4 Inner:nil Tags:map[] Any:nil Next:nil Ratio:0} Ratio:0.5}`
	if got != want {
		t.Fatalf("Canonical =\n%s\nwant\n%s", got, want)
	}
}

// TestCanonicalMapOrder: a map's random iteration order never reaches
// the text, so two equal values always render the same.
func TestCanonicalMapOrder(t *testing.T) {
	big := map[int]string{}
	for i := 0; i < 200; i++ {
		big[i] = string(rune('a' + i%26))
	}
	first := Canonical(big)
	for i := 0; i < 20; i++ {
		if got := Canonical(big); got != first {
			t.Fatalf("map rendered differently on try %d", i)
		}
	}
}

// TestCanonicalMapKeyTies: distinct keys that render alike (pointers to
// equal values, NaNs) must not let map order reach the text either.
func TestCanonicalMapKeyTies(t *testing.T) {
	ptrs := map[*int]string{}
	nans := map[float64]int{}
	for i := 0; i < 50; i++ {
		ptrs[new(int)] = string(rune('a' + i%26))
		nans[math.NaN()] = i
	}
	firstPtrs, firstNaNs := Canonical(ptrs), Canonical(nans)
	for i := 0; i < 20; i++ {
		if Canonical(ptrs) != firstPtrs || Canonical(nans) != firstNaNs {
			t.Fatalf("map with tied keys rendered differently on try %d", i)
		}
	}
}

// TestCanonicalConcurrent: sweeps encode on several goroutines at once;
// building and using the encoder cache must be safe (run with -race).
func TestCanonicalConcurrent(t *testing.T) {
	type fresh struct{ A, B int }
	var wg sync.WaitGroup
	out := make([]string, 8)
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = Canonical(fresh{A: 1, B: 2})
		}()
	}
	wg.Wait()
	for _, s := range out {
		if s != out[0] {
			t.Fatalf("concurrent encodings differ: %q vs %q", s, out[0])
		}
	}
}

// TestEncodeNoAllocs: encoding a plain message on the event loop's
// path allocates nothing once its type is known.
func TestEncodeNoAllocs(t *testing.T) {
	w := New(Config{Seed: 1, Deadline: 1, MaxEvents: 1})
	msg := canonInner{Key: "k", Vals: []int{1, 2, 3}}
	w.encode(msg, "")
	allocs := testing.AllocsPerRun(100, func() { w.encode(msg, "") })
	if allocs > 1 { // boxing msg into the any parameter may cost one
		t.Fatalf("encode allocates %v times per call", allocs)
	}
}
