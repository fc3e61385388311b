// Shared builders that keep the checker tests short: times are given in ms.
package check

import (
	"strings"
	"testing"
	"time"
)

// msT converts a test's millisecond literal to virtual time.
func msT(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// w builds a write of key=value by client over [inv, comp] ms.
func w(client, key, value string, inv, comp int, o Outcome) Op {
	return Op{Client: client, Server: "n0", Kind: kindWrite, Key: key, Value: value, Invoke: msT(inv), Complete: msT(comp), Outcome: o}
}

// r builds a read of key that returned out, by client over [inv, comp] ms.
func r(client, key, out string, inv, comp int, o Outcome) Op {
	return Op{Client: client, Server: "n0", Kind: kindRead, Key: key, Output: out, Invoke: msT(inv), Complete: msT(comp), Outcome: o}
}

// wantDetail fails the test unless detail mentions every piece of evidence.
func wantDetail(t *testing.T, detail string, evidence ...string) {
	t.Helper()
	for _, e := range evidence {
		if !strings.Contains(detail, e) {
			t.Errorf("detail %q does not mention %q", detail, e)
		}
	}
}
