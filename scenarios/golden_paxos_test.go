package scenarios

// The Paxos and Multi-Paxos scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("paxos-dueling", "cc857914c03eddb7")
	pin("paxos-dueling-backoff", "548f934b78bdca57")
	pin("paxos-byzantine-acceptor", "02f53362e2aa0a25")
	pin("paxos-amnesia", "d469291740f5e333")
	pin("paxos-crash-recover", "09d75878eef9ed15")
	pin("multipaxos-leader-change", "4b051c80c7a45639")
	pin("multipaxos-swarm", "baf58f0ea77eb854")
}
