package workload

import (
	"testing"

	"simrun/sim"
)

// TestTxnTagText: the tag text is part of every commit run's hash, so it
// must stay "kind/txn".
func TestTxnTagText(t *testing.T) {
	if got := (TxnTag{Kind: "vote", Txn: "t1"}).String(); got != "vote/t1" {
		t.Fatalf("TxnTag = %q, want vote/t1", got)
	}
}

// TestScriptedNo matches the transaction and the voter, and nothing else.
func TestScriptedNo(t *testing.T) {
	txns := []Txn{{ID: "t1", VoteNo: []string{"n2"}}, {ID: "t2"}}
	for _, tc := range []struct {
		txn, server string
		want        bool
	}{{"t1", "n2", true}, {"t1", "n1", false}, {"t2", "n2", false}, {"t3", "n2", false}} {
		if got := ScriptedNo(txns, tc.txn, tc.server); got != tc.want {
			t.Errorf("ScriptedNo(%s, %s) = %v, want %v", tc.txn, tc.server, got, tc.want)
		}
	}
}

// TestServerID resolves script names by position in the cluster.
func TestServerID(t *testing.T) {
	if got := ServerID([]sim.NodeID{4, 7, 9}, "n1"); got != 7 {
		t.Fatalf("ServerID(n1) = %d, want 7", got)
	}
}
