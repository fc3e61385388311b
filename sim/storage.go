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

// memStorage is the kernel's Storage. Writes go straight into data; each
// unsynced write also leaves an undo record, so Sync is just forgetting the
// undo log and losing unsynced writes is replaying it backwards.
type memStorage struct {
	data map[string]any
	// undo holds, oldest first, what each write since the last Sync
	// replaced. Invariant: replaying undo backwards over data yields the
	// state at the last Sync.
	undo []undoRecord
}

// undoRecord is the value a key had before an unsynced write.
type undoRecord struct {
	key     string
	prev    any
	present bool
}

func newStorage() *memStorage {
	return &memStorage{data: map[string]any{}}
}

func (s *memStorage) Get(key string) (any, bool) {
	v, ok := s.data[key]
	return v, ok
}

func (s *memStorage) remember(key string) {
	prev, present := s.data[key]
	s.undo = append(s.undo, undoRecord{key: key, prev: prev, present: present})
}

func (s *memStorage) Put(key string, value any) {
	s.remember(key)
	s.data[key] = value
}

func (s *memStorage) Delete(key string) {
	s.remember(key)
	delete(s.data, key)
}

func (s *memStorage) Sync() {
	clear(s.undo) // drop references for the garbage collector
	s.undo = s.undo[:0]
}

func (s *memStorage) Keys() []string {
	keys := make([]string, 0, len(s.data))
	for k := range s.data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// crash applies what a crash does to the disk: unsynced writes survive
// (the OS flushed them) unless loseUnsynced; wipe loses everything.
func (s *memStorage) crash(loseUnsynced, wipe bool) {
	switch {
	case wipe:
		clear(s.data)
	case loseUnsynced:
		for i := len(s.undo) - 1; i >= 0; i-- {
			u := s.undo[i]
			if u.present {
				s.data[u.key] = u.prev
			} else {
				delete(s.data, u.key)
			}
		}
	}
	s.Sync()
}
