package scenarios

// The Paxos and Multi-Paxos scenarios' hashes at seed 1 (see goldenHashes).
func init() {
	pin("paxos-dueling", "cc857914c03eddb7")
	pin("paxos-dueling-backoff", "548f934b78bdca57")
	pin("paxos-byzantine-acceptor", "02f53362e2aa0a25")
	pin("paxos-amnesia", "d469291740f5e333")
	pin("paxos-crash-recover", "09d75878eef9ed15")
	pin("multipaxos-leader-change", "abce01eca847724d")
	pin("multipaxos-swarm", "ededf390bebc8024")
}
