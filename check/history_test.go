// History plumbing: outcome names, stable sorting and a strict JSONL round trip.
package check

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestOutcomeJSON(t *testing.T) {
	for _, o := range []Outcome{OK, Fail, Unknown} {
		b, err := json.Marshal(o)
		if err != nil || string(b) != `"`+o.String()+`"` {
			t.Fatalf("Marshal(%v) = %s, %v", o, b, err)
		}
		var back Outcome
		if err := json.Unmarshal(b, &back); err != nil || back != o {
			t.Fatalf("Unmarshal(%s) = %v, %v", b, back, err)
		}
	}
	var o Outcome
	if err := json.Unmarshal([]byte(`"maybe"`), &o); err == nil {
		t.Error(`Unmarshal("maybe") succeeded, want an error`)
	}
	if _, err := json.Marshal(Outcome(9)); err == nil {
		t.Error("Marshal(Outcome(9)) succeeded, want an error")
	}
}

func TestSortedIsStableByInvokeThenClient(t *testing.T) {
	h := History{
		w("c1", "x", "a", 10, 20, OK),
		w("c0", "x", "b", 10, 20, OK),
		w("c0", "y", "c", 5, 20, OK),
		w("c0", "x", "d", 10, 20, OK),
	}
	got := h.Sorted()
	var values []string
	for _, op := range got {
		values = append(values, op.Value)
	}
	if want := []string{"c", "b", "d", "a"}; !reflect.DeepEqual(values, want) {
		t.Errorf("Sorted values = %v, want %v", values, want)
	}
	if h[0].Value != "a" {
		t.Error("Sorted modified its receiver")
	}
}

func TestHistoryJSONLRoundTrip(t *testing.T) {
	h := History{w("c0", "x", "1", 0, 10, OK), r("c1", "x", "", 5, 15, Unknown), w("c2", "y", "2", 7, 9, Fail)}
	var buf bytes.Buffer
	if err := WriteHistoryJSONL(&buf, h); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != len(h) {
		t.Fatalf("wrote %d lines, want %d:\n%s", n, len(h), buf.String())
	}
	if !strings.Contains(buf.String(), `"outcome":"unknown"`) {
		t.Errorf("outcome not written by name:\n%s", buf.String())
	}
	back, err := ReadHistoryJSONL(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, h) {
		t.Errorf("round trip changed the history:\n got %+v\nwant %+v", back, h)
	}
}

func TestReadHistoryJSONLRejectsBadLines(t *testing.T) {
	good := `{"client":"c0","server":"n0","kind":"write","key":"x","value":"1","invoke_ns":0,"complete_ns":1,"outcome":"ok"}`
	cases := map[string]string{
		"unknown field": `{"client":"c0","kind":"read","key":"x","invoke_ns":0,"complete_ns":1,"outcome":"ok","colour":"red"}`,
		"bad kind":      `{"client":"c0","kind":"put","key":"x","invoke_ns":0,"complete_ns":1,"outcome":"ok"}`,
		"empty write":   `{"client":"c0","kind":"write","key":"x","invoke_ns":0,"complete_ns":1,"outcome":"ok"}`,
		"bad outcome":   `{"client":"c0","kind":"read","key":"x","invoke_ns":0,"complete_ns":1,"outcome":"maybe"}`,
		"time reversed": `{"client":"c0","kind":"read","key":"x","invoke_ns":5,"complete_ns":1,"outcome":"ok"}`,
	}
	for name, bad := range cases {
		_, err := ReadHistoryJSONL(strings.NewReader(good + "\n\n" + bad + "\n"))
		if err == nil || !strings.Contains(err.Error(), "line 3") {
			t.Errorf("%s: err = %v, want an error naming line 3", name, err)
		}
	}
}
