package sim

import "sort"

// Storage is a node's durable key-value store: the only state that
// survives a crash-recover restart. Writes become durable at Sync; a crash
// that loses unsynced writes (a disk without fsync) drops what came after
// the last Sync, and a crash that loses the disk drops everything.
//
// Values are stored as given, not copied: treat a value as immutable once
// it has been Put (store a fresh slice or struct on each change).
type Storage interface {
	// Get returns the latest value written under key, synced or not.
	Get(key string) (value any, ok bool)
	// Put writes value under key; it is durable after the next Sync.
	Put(key string, value any)
	// Delete removes key; durable after the next Sync.
	Delete(key string)
	// Sync makes every earlier Put and Delete durable.
	Sync()
	// Keys lists the present keys in sorted order.
	Keys() []string
}

// tombstone marks a pending delete in memStorage.pending.
type tombstone struct{}

// memStorage is the kernel's Storage.
type memStorage struct {
	durable map[string]any
	// pending holds writes since the last Sync; a tombstone value is a
	// delete. Invariant: a key in pending shadows the same key in durable.
	pending map[string]any
}

func newStorage() *memStorage {
	return &memStorage{durable: map[string]any{}, pending: map[string]any{}}
}

func (s *memStorage) Get(key string) (any, bool) {
	if v, ok := s.pending[key]; ok {
		if _, dead := v.(tombstone); dead {
			return nil, false
		}
		return v, true
	}
	v, ok := s.durable[key]
	return v, ok
}

func (s *memStorage) Put(key string, value any) { s.pending[key] = value }

func (s *memStorage) Delete(key string) { s.pending[key] = tombstone{} }

func (s *memStorage) Sync() {
	for k, v := range s.pending { // order irrelevant: each key written once
		if _, dead := v.(tombstone); dead {
			delete(s.durable, k)
		} else {
			s.durable[k] = v
		}
	}
	clear(s.pending)
}

func (s *memStorage) Keys() []string {
	seen := map[string]bool{}
	for k := range s.durable {
		seen[k] = true
	}
	for k, v := range s.pending {
		_, dead := v.(tombstone)
		seen[k] = !dead
	}
	keys := make([]string, 0, len(seen))
	for k, live := range seen {
		if live {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// crash applies what a crash does to the disk: unsynced writes survive
// (the OS flushed them) unless loseUnsynced; wipe loses everything.
func (s *memStorage) crash(loseUnsynced, wipe bool) {
	switch {
	case wipe:
		clear(s.durable)
		clear(s.pending)
	case loseUnsynced:
		clear(s.pending)
	default:
		s.Sync()
	}
}
