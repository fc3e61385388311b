package scenarios

// The primary/backup scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("failover-manual", "5cb236d69e2c2642")
	pin("split-brain", "416eeebccfaa3a57")
}
