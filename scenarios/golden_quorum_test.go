package scenarios

// The quorum scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("anti-entropy", "a706c150edab1272")
	pin("quorum-overlap", "78743bdfb3843b42")
	pin("quorum-stale-read", "10448b0546205af2")
	pin("read-repair", "f94b751d50c0280c")
}
