package scenarios

// The primary/backup scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("failover-manual", "253d21c21cde4170")
	pin("split-brain", "af54b4438666e9d3")
}
