package scenarios

// The Paxos and Multi-Paxos scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("paxos-dueling", "60c81729bf1c65f9")
	pin("paxos-dueling-backoff", "79e587c754697e56")
	pin("paxos-byzantine-acceptor", "70e277241d89d746")
	pin("paxos-amnesia", "3b396d04aa714afc")
	pin("paxos-crash-recover", "7d7372afcff84c73")
	pin("multipaxos-leader-change", "4fff8606696b1d7d")
	pin("multipaxos-swarm", "81aa5a5b3af6a4ff")
}
