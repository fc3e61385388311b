// Package quorum is Dynamo-style leaderless replication: every key lives on
// N replicas, a write completes when W of them hold it, a read when R of
// them answered, and two background mechanisms — read repair and Merkle-tree
// anti-entropy — bring replicas that missed a write back in line.
//
// Why it exists: it is the other answer to replication, with no leader to
// elect, and it shows the quorum arithmetic plainly. With W+R <= N a read
// quorum can miss a completed write (scenario quorum-stale-read); with
// W+R > N it always meets it (quorum-overlap), yet the store is still not
// linearizable in general, because a read that overlaps a write may see it
// while a later read does not. Replicas that missed writes converge by read
// repair (read-repair) and by anti-entropy, which compares Merkle trees so
// that only differing key ranges cross the network (anti-entropy).
//
// The protocol, in brief. The server a client's request lands on (its home)
// coordinates it. Key k's preference list is N servers, starting at
// hash(k) mod the number of servers. A write gets a new version and is sent
// (Put) to the whole preference list; the W-th acknowledgement answers the
// client. A read asks the whole list (Get); the R-th answer returns the
// newest version seen, and with read repair on, every replica that answered
// with an older version (then, or later) gets the newest written back. A
// coordinator that is a replica answers itself at once, without the
// network. A request that misses its quorum within RequestTimeout gets no
// answer: some replicas may hold it, so the client must record "unknown".
// There is no hinted handoff and no sloppy quorum.
//
// Versions are (counter, writer) pairs, not vector clocks. The counter is a
// Lamport clock (a coordinator's new version is newer than every version it
// has seen), the writer's name breaks ties, so versions are totally
// ordered: "newest" is always defined, read repair and anti-entropy need no
// siblings, and the clients of package workload, which expect one value per
// read, work unchanged. The price is the one last-writer-wins pays: of two
// concurrent writes one is silently discarded, where vector clocks would
// keep both as siblings for the application to merge.
//
// Anti-entropy. Every AntiEntropy interval a replica opens a session with
// its next peer, round robin. Each keeps, per peer, a binary Merkle tree of
// depth MerkleDepth over the keys both replicate; leaf i covers the keys
// whose hash starts with i. The initiator sends its root hash; whoever
// finds a mismatch answers with the hashes of the differing nodes'
// children, level by level (AEHashes), and at the leaves sends its entries
// of the differing leaves (AEEntries). The other side keeps what is newer
// and sends back only its entries that are newer or missing. Every message
// is counted at a compact wire size (8-byte hashes, length-prefixed
// strings) and compared with a full sync: all shared entries, one way.
//
// Observations (Kind: Data): "preload": PreloadFact at every boot; "apply":
// ApplyFact whenever a replica's entry changes; "coordinate": CoordFact when
// a coordinator answers a client; "anti-entropy": AEFact per exchange
// message. Check turns them into stale-read, convergence, anti-entropy and
// linearizable verdicts; Story into readable lines.
package quorum
