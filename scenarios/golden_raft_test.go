package scenarios

// The Raft scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("raft-byzantine-equivocation", "803138cde7d7d178")
	pin("raft-byzantine-voter", "f2d1f542f6ae2bab")
	pin("raft-crash-recover", "cee835d1f1a668ef")
	pin("raft-figure8-correct", "becb036a20aee202")
	pin("raft-figure8", "75ead242273f704c")
	pin("raft-lost-disk", "567157a53b6376cb")
	pin("raft-partial-partition", "0db5dd4991a028a4")
	pin("raft-partition", "57c8b7eff9411fcf")
	pin("raft-prevote-checkquorum", "7455abdf2b3f4e88")
	pin("raft-readindex", "1038cea69465cacf")
	pin("raft-split-vote-randomized", "7beb4ab6ff71813a")
	pin("raft-split-vote", "9414eaeef8079d01")
	pin("raft-stale-read", "200b596ef60de157")
	pin("raft-swarm", "bcc72b1df4e97c2b")
}
