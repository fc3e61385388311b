package delivery

import (
	"encoding/binary"
	"hash/fnv"
	"math/rand/v2"

	"simrun/sim"
)

// Increment asks the counter to add Amount, once, as request ID of its
// sender. MAC is zero on a plain channel.
type Increment struct {
	ID     uint64
	Amount int64
	MAC    uint64
}

// Ack tells a sender its request ID was applied (or already had been).
type Ack struct {
	ID  uint64
	MAC uint64
}

// Corrupt flips one of the low 16 bits of the id or the amount, leaving the
// MAC as it was: a plausible lie (an arbitrary link's corruption) that a
// plain receiver cannot tell from the truth.
func (m Increment) Corrupt(r *rand.Rand) sim.Message {
	bit := r.IntN(32)
	if bit < 16 {
		m.ID ^= 1 << bit
	} else {
		m.Amount ^= 1 << (bit - 16)
	}
	return m
}

// Corrupt flips one of the low 8 bits of the id: an Ack for another request.
func (m Ack) Corrupt(r *rand.Rand) sim.Message {
	m.ID ^= 1 << r.IntN(8)
	return m
}

// mac authenticates a message: a keyed FNV-1a hash over the sender's
// pre-shared key, the sender's name, the message kind and its fields. It
// stands for HMAC: the simulated link never knows a key, so any keyed
// hash that changes with every field does the job, and this one is cheap
// and deterministic.
func mac(sender, kind string, id uint64, amount int64) uint64 {
	h := fnv.New64a()
	h.Write([]byte("key-of-" + sender + "/")) // the pre-shared key
	h.Write([]byte(sender + "/" + kind + "/"))
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], id)
	binary.LittleEndian.PutUint64(b[8:], uint64(amount))
	h.Write(b[:])
	return h.Sum64()
}
