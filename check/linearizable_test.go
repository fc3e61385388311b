// Linearizable must flag stale reads and reads of failed writes with readable
// evidence, accept concurrent and unknown-outcome histories, check keys
// independently, report timeouts honestly and draw failing histories.
package check

import (
	"bytes"
	"cmp"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func mustLinearizable(t *testing.T, h History) LinResult {
	t.Helper()
	res := Linearizable(h)
	if !res.OK || res.Illegal || res.TimedOut {
		t.Fatalf("want linearizable, got %+v", res.Result)
	}
	return res
}

func mustIllegal(t *testing.T, h History) LinResult {
	t.Helper()
	res := Linearizable(h)
	if res.OK || !res.Illegal || res.TimedOut || !res.Safety || res.Name != "linearizable" {
		t.Fatalf("want an illegal history, got %+v", res)
	}
	return res
}

func TestLinearizableStaleRead(t *testing.T) {
	h := History{
		w("c0", "x", "1", 100, 120, OK),
		w("c1", "x", "2", 300, 320, OK),
		r("c0", "x", "1", 350, 360, OK),
	}
	res := mustIllegal(t, h)
	wantDetail(t, res.Detail, "key x: c0 read 1 at 350ms after x=2 was acknowledged at 320ms (c1)")
	if !reflect.DeepEqual(res.FailedKeys, []string{"x"}) {
		t.Errorf("FailedKeys = %v, want [x]", res.FailedKeys)
	}
}

func TestLinearizableStaleReadOfAbsentKey(t *testing.T) {
	h := History{w("c0", "x", "1", 0, 10, OK), r("c1", "x", "", 20, 30, OK)}
	res := mustIllegal(t, h)
	wantDetail(t, res.Detail, "c1 read nothing at 20ms after x=1 was acknowledged at 10ms")
}

func TestLinearizableConcurrentReadSeesEither(t *testing.T) {
	h := History{
		w("c0", "x", "1", 0, 10, OK),
		w("c1", "x", "2", 20, 60, OK),
		r("c2", "x", "1", 30, 40, OK), // before the write of 2 takes effect
		r("c3", "x", "2", 45, 50, OK), // after it does
		r("c4", "x", "2", 70, 80, OK),
	}
	mustLinearizable(t, h)
}

func TestLinearizableUnknownWriteObservedLater(t *testing.T) {
	h := History{
		w("c0", "x", "1", 0, 10, OK),
		w("c1", "x", "2", 20, 30, Unknown), // client gave up at 30ms
		r("c2", "x", "1", 150, 160, OK),    // not applied yet ...
		r("c2", "x", "2", 200, 210, OK),    // ... now it is
		r("c3", "x", "zzz", 0, 500, Unknown),
	}
	mustLinearizable(t, h)
}

func TestLinearizableFailedWriteObserved(t *testing.T) {
	h := History{
		w("c0", "x", "1", 0, 10, OK),
		w("c1", "x", "2", 20, 30, Fail),
		r("c2", "x", "2", 40, 50, OK),
	}
	res := mustIllegal(t, h)
	wantDetail(t, res.Detail, "key x: c2 read 2 at 40ms but no write of 2 took effect", "c1's write of 2 failed at 30ms")
}

func TestLinearizableReadFromTheFuture(t *testing.T) {
	h := History{r("c0", "x", "1", 0, 10, OK), w("c1", "x", "1", 20, 30, OK)}
	res := mustIllegal(t, h)
	wantDetail(t, res.Detail, "c0 read 1 at 0ms", "before any write of 1 was invoked (c1 at 20ms)")
}

func TestLinearizableKeysAreIndependent(t *testing.T) {
	good := History{
		w("c0", "x", "1", 0, 10, OK),
		w("c1", "y", "2", 20, 30, OK),
		r("c0", "x", "1", 40, 50, OK), // would be stale if x and y shared a register
		r("c1", "y", "2", 40, 50, OK),
	}
	mustLinearizable(t, good)

	bad := append(good, r("c2", "y", "", 60, 70, OK))
	res := mustIllegal(t, bad)
	if !reflect.DeepEqual(res.FailedKeys, []string{"y"}) {
		t.Errorf("FailedKeys = %v, want [y]", res.FailedKeys)
	}
	wantDetail(t, res.Detail, "key y: c2 read nothing")
	if strings.Contains(res.Detail, "key x") {
		t.Errorf("detail blames the good key x: %q", res.Detail)
	}
}

func TestLinearizableWriteVisualization(t *testing.T) {
	bad := History{w("c0", "x", "1", 0, 10, OK), w("c1", "x", "2", 20, 30, OK), r("c0", "x", "1", 40, 50, OK)}
	var buf bytes.Buffer
	if err := mustIllegal(t, bad).WriteVisualization(&buf); err != nil {
		t.Fatal(err)
	}
	if html := strings.ToLower(buf.String()); !strings.Contains(html, "<html") || !strings.Contains(html, "read(x)") {
		t.Errorf("visualisation lacks <html or the read of x (%d bytes)", buf.Len())
	}
	good := History{w("c0", "x", "1", 0, 10, OK)}
	if err := mustLinearizable(t, good).WriteVisualization(&buf); err == nil {
		t.Error("visualising a linearizable history succeeded, want an error")
	}
}

// A search too big for its bound must come back as timed out and not OK,
// never as a pass. Twenty concurrent writes give porcupine 2^20 orders to try
// before it can reject a read of a value nobody wrote; 1ns is far too little.
func TestLinearizableTimeoutIsNotOK(t *testing.T) {
	var h History
	for i := range 20 {
		h = append(h, w("c"+string(rune('a'+i)), "x", string(rune('A'+i)), 0, 1000, OK))
	}
	h = append(h, r("z", "x", "nobody", 2000, 2010, OK))
	res := linearizable(h, time.Nanosecond)
	if res.OK || !res.TimedOut || res.Illegal {
		t.Fatalf("want a timed-out, not-OK result, got %+v", res.Result)
	}
	wantDetail(t, res.Detail, "timed out (unknown)")
}

// Checking keys one by one must reach exactly the verdict, failing keys,
// detail and evidence of porcupine checking every key at once, and draw
// the same visualisation. Random histories over three keys and three
// values, with overlapping, failed and unknown operations, give both.
func TestLinearizableKeyByKeyMatchesAtOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	outcomes := []Outcome{OK, OK, OK, Fail, Unknown}
	illegal := 0
	for i := range 400 {
		var h History
		for range 2 + rng.IntN(12) {
			client := "c" + strconv.Itoa(rng.IntN(4))
			key := string(rune('x' + rng.IntN(3)))
			value := strconv.Itoa(rng.IntN(3))
			inv := rng.IntN(200)
			comp := inv + 1 + rng.IntN(60)
			o := outcomes[rng.IntN(len(outcomes))]
			if rng.IntN(2) == 0 {
				h = append(h, w(client, key, value, inv, comp, o))
			} else {
				h = append(h, r(client, key, value, inv, comp, o))
			}
		}
		got, want := Linearizable(h), linearizableAtOnce(h, linTimeoutMax)
		if got.TimedOut || want.TimedOut {
			t.Fatalf("history %d timed out", i)
		}
		if !reflect.DeepEqual(got.Result, want.Result) || got.Illegal != want.Illegal || !slices.Equal(got.FailedKeys, want.FailedKeys) {
			t.Fatalf("history %d: key by key %+v (failed %v), at once %+v (failed %v)", i, got.Result, got.FailedKeys, want.Result, want.FailedKeys)
		}
		if got.Illegal {
			illegal++
			var a, b bytes.Buffer
			if err := errors.Join(got.WriteVisualization(&a), want.WriteVisualization(&b)); err != nil {
				t.Fatal(err)
			}
			// Porcupine's page lists partial linearizations in map order,
			// so two drawings of one history differ in bytes, not in size.
			if !strings.Contains(a.String(), "<html") || a.Len() != b.Len() {
				t.Fatalf("history %d: visualisations of %d and %d bytes", i, a.Len(), b.Len())
			}
		}
	}
	if illegal < 50 || illegal > 350 {
		t.Fatalf("%d of 400 random histories are illegal; want a mix", illegal)
	}
}

// TestLinOpsOrderIsTheStableSort checks that ordering op indices gives
// porcupine the ops in the order a stable sort of the kept ops by key,
// invocation and client gives (what linOps did before it sorted indices),
// ties in recorded order included: same client, key and invocation time.
func TestLinOpsOrderIsTheStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	outcomes := []Outcome{OK, OK, Fail, Unknown}
	for i := range 300 {
		var h History
		for range 1 + rng.IntN(20) {
			client, key := "c"+strconv.Itoa(rng.IntN(3)), string(rune('x'+rng.IntN(3)))
			inv := rng.IntN(8) // few times: many ties
			o := outcomes[rng.IntN(len(outcomes))]
			if rng.IntN(2) == 0 {
				h = append(h, w(client, key, strconv.Itoa(len(h)), inv, inv+1+rng.IntN(5), o))
			} else {
				h = append(h, r(client, key, strconv.Itoa(len(h)), inv, inv+1+rng.IntN(5), o))
			}
		}
		kept := slices.DeleteFunc(slices.Clone(h), func(op Op) bool {
			return op.Outcome == Fail || (op.Outcome == Unknown && op.Kind == kindRead)
		})
		slices.SortStableFunc(kept, func(a, b Op) int {
			return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.Invoke, b.Invoke), cmp.Compare(a.Client, b.Client))
		})
		_, ops := linOps(h, false)
		if len(ops) != len(kept) {
			t.Fatalf("history %d: %d ops, want %d", i, len(ops), len(kept))
		}
		for j, op := range ops {
			in := op.Input.(kvInput)
			// Every op's value is unique (its position), so the value
			// names the op; reads carry it as their output.
			want := kept[j]
			if in.key != want.Key || op.Call != int64(want.Invoke) || (in.write && in.value != want.Value) || (!in.write && op.Output != want.Output) {
				t.Fatalf("history %d, op %d: %+v, want %+v", i, j, op, want)
			}
		}
	}
}
