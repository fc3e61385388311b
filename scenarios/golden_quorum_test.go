package scenarios

// The quorum scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("anti-entropy", "fd7b901331ed69a0")
	pin("quorum-overlap", "dac63d0b0c32e64a")
	pin("quorum-stale-read", "5842fab28b9377a2")
	pin("read-repair", "825aa9542676aeea")
}
