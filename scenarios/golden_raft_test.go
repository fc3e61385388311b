package scenarios

// The Raft scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("raft-byzantine-equivocation", "a4431baa9ed39462")
	pin("raft-byzantine-voter", "ffe963ea4e4a244e")
	pin("raft-crash-recover", "720c72fb3450dd8e")
	pin("raft-figure8-correct", "34369662e1d6bd32")
	pin("raft-figure8", "543d3fc447e97a6b")
	pin("raft-lost-disk", "8c5b9aa928bca538")
	pin("raft-partial-partition", "4c150152c89ebba6")
	pin("raft-partition", "86a6bbc0828eef9e")
	pin("raft-prevote-checkquorum", "753fc48c50c48da7")
	pin("raft-readindex", "421504633fa9193c")
	pin("raft-split-vote-randomized", "14d2afa0452054d1")
	pin("raft-split-vote", "c1df48e37ffe013b")
	pin("raft-stale-read", "f760ab8bd3ec32d5")
	pin("raft-swarm", "8ebea4b4cdad0f5b")
}
