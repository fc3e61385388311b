package sim

import (
	"hash/fnv"
	"math/rand/v2"
)

// NewStream returns the random stream named name for the run seed. Streams
// with different names are independent: adding a draw to the network's
// stream does not shift any node's timeouts. The name is stable across
// versions ("net", "node/n3", "nemesis"), so a seed keeps its meaning.
func NewStream(seed uint64, name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}
