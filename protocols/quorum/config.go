package quorum

import (
	"fmt"
	"strings"
	"time"
)

// Config holds the knobs a scenario turns: the quorum sizes, whether reads
// repair, how often anti-entropy runs, and a preloaded data set.
type Config struct {
	// N is how many replicas hold each key (its preference list); W and R
	// are how many of them must answer before a write or read completes.
	// W+R > N makes every read quorum meet every write quorum.
	N int `yaml:"n"`
	W int `yaml:"w"`
	R int `yaml:"r"`
	// ReadRepair: a read that sees differing versions writes the newest
	// back to the replicas that answered with older ones.
	ReadRepair bool `yaml:"read_repair"`
	// AntiEntropy is how often each replica starts a Merkle-tree exchange
	// with its next peer (round robin); 0 turns anti-entropy off.
	AntiEntropy time.Duration `yaml:"anti_entropy"`
	// MerkleDepth is the depth of the binary Merkle tree: 2^MerkleDepth
	// leaves, each a range of the key-hash space. Deeper trees send fewer
	// entries per difference and more hashes per exchange.
	MerkleDepth int `yaml:"merkle_depth"`
	// RequestTimeout bounds how long a coordinator waits for its quorum
	// (and for late replies to repair); a request that misses its quorum
	// gets no reply at all, because some replicas may have applied it: the
	// client's own timeout then records it as unknown, never as failed.
	RequestTimeout time.Duration `yaml:"request_timeout"`
	// Preload gives every replica keys k0..k{Preload-1} at boot, all at
	// version 1@preload, as if restored from one snapshot: the way to start
	// a run with 10,000 keys without 10,000 client writes.
	Preload int `yaml:"preload"`
	// PreloadValueBytes pads each preloaded value to this length (0: the
	// two-byte "v0"). Merkle exchange pays off in proportion to entry
	// size, so a scenario can say what its entries weigh.
	PreloadValueBytes int `yaml:"preload_value_bytes"`
}

// merkleDepthMax bounds the tree: 2^20 leaves is more than any scenario
// needs and keeps one tree's memory at a few megabytes.
const merkleDepthMax = 20

// DefaultConfig is Dynamo's classic setting: N=3, W=2, R=2, read repair on,
// anti-entropy every 500ms over 4,096-leaf trees.
func DefaultConfig() *Config {
	return &Config{N: 3, W: 2, R: 2, ReadRepair: true, AntiEntropy: 500 * time.Millisecond,
		MerkleDepth: 12, RequestTimeout: 200 * time.Millisecond}
}

// Validate reports the first impossible setting, naming its yaml key.
func (c *Config) Validate() error {
	switch {
	case c.N < 1:
		return fmt.Errorf("n: must be >= 1 (got %d)", c.N)
	case c.W < 1 || c.W > c.N:
		return fmt.Errorf("w: must be in [1, n=%d] (got %d)", c.N, c.W)
	case c.R < 1 || c.R > c.N:
		return fmt.Errorf("r: must be in [1, n=%d] (got %d)", c.N, c.R)
	case c.AntiEntropy < 0:
		return fmt.Errorf("anti_entropy: must be >= 0, 0 for off (got %v)", c.AntiEntropy)
	case c.MerkleDepth < 1 || c.MerkleDepth > merkleDepthMax:
		return fmt.Errorf("merkle_depth: must be in [1, %d] (got %d)", merkleDepthMax, c.MerkleDepth)
	case c.RequestTimeout <= 0:
		return fmt.Errorf("request_timeout: must be > 0 (got %v)", c.RequestTimeout)
	case c.Preload < 0 || c.Preload > 1_000_000:
		return fmt.Errorf("preload: must be in [0, 1000000] (got %d)", c.Preload)
	case c.PreloadValueBytes < 0 || c.PreloadValueBytes > 4096:
		return fmt.Errorf("preload_value_bytes: must be in [0, 4096] (got %d)", c.PreloadValueBytes)
	}
	return nil
}

// PreloadValue is the value every preloaded key starts with: "v0", padded
// with dots to PreloadValueBytes.
func (c *Config) PreloadValue() string { return preloadValue(c.PreloadValueBytes) }

func preloadValue(size int) string {
	if size <= 2 {
		return "v0"
	}
	return "v0" + strings.Repeat(".", size-2)
}

// ValidateNodes checks n against the real cluster (Validate alone cannot
// see it): each key needs n distinct replicas, so n larger than the node
// count fails to load with a position instead of panicking in New.
func (c Config) ValidateNodes(nodes []string) error {
	if c.N > len(nodes) {
		return fmt.Errorf("n: must be at most the %d nodes (got %d)", len(nodes), c.N)
	}
	// Every node keeps one tree per peer, about 16 bytes per leaf: bound
	// the cluster's trees so a big cluster with deep trees is refused
	// rather than exhausting the machine.
	trees := int64(len(nodes)) * int64(len(nodes)-1)
	if bytes := trees * 16 << c.MerkleDepth; c.AntiEntropy > 0 && bytes > merkleBytesMax {
		return fmt.Errorf("merkle_depth: %d nodes keep %d trees of 2^%d leaves, about %d MiB; at most %d MiB (lower merkle_depth)",
			len(nodes), trees, c.MerkleDepth, bytes>>20, merkleBytesMax>>20)
	}
	return nil
}

// merkleBytesMax bounds the memory all Merkle trees of a run may take.
const merkleBytesMax = 4 << 30
