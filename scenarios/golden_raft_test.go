package scenarios

// The Raft scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("raft-byzantine-equivocation", "92dda80adb950749")
	pin("raft-byzantine-voter", "c71f0537b94138b7")
	pin("raft-crash-recover", "fc8f8f83dd98dcdf")
	pin("raft-figure8-correct", "a015e30bad2da86c")
	pin("raft-figure8", "08bcaae653bd13d2")
	pin("raft-lost-disk", "8726b14f28fcb363")
	pin("raft-partial-partition", "d66d886acc88d73d")
	pin("raft-partition", "f0dfc9e6529208af")
	pin("raft-prevote-checkquorum", "39fdb9084d92cb93")
	pin("raft-readindex", "4abc119b451aea97")
	pin("raft-split-vote-randomized", "2601fd45777f88fa")
	pin("raft-split-vote", "6c2e250cecfa7875")
	pin("raft-stale-read", "749576749757e2c5")
	pin("raft-swarm", "b4d192ed75a21c09")
}
