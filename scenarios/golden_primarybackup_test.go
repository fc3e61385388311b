package scenarios

// The primary/backup scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("failover-manual", "9bf2917f2bb0f336")
	pin("split-brain", "3aca10056965df97")
}
