package lww

import "time"

// Observation kinds this protocol records; Check and Story read exactly
// these.
const (
	KindIncrement = "increment"
	KindApply     = "apply"
)

// Register is one LWW write: the counter value and the stamp it won with.
// It is a plain value so it can travel in messages and facts.
type Register struct {
	Set    bool          // false: the initial, never-written register (value 0), which every write beats
	Value  int64         // the counter's value
	Stamp  time.Duration // the writer's local clock when it wrote
	Writer string        // the replica that wrote it; breaks ties between equal stamps
	Inc    string        // the increment that wrote it ("i3")
}

// beats reports whether r wins over o by the LWW rule: the larger stamp,
// and on equal stamps the larger writer name, so every replica picks the
// same winner whatever the order it hears writes in.
func (r Register) beats(o Register) bool {
	switch {
	case !r.Set:
		return false
	case !o.Set:
		return true
	case r.Stamp != o.Stamp:
		return r.Stamp > o.Stamp
	}
	return r.Writer > o.Writer
}

// IncrementFact is the Data of an "increment" observation: a replica read
// its register and wrote Value = read value + Delta, stamped by its clock.
type IncrementFact struct {
	ID        string
	Delta     int64
	Read      string // the increment whose write it read ("" = initial value)
	ReadValue int64
	ReadStamp time.Duration
	Value     int64
	Stamp     time.Duration
}

// ApplyFact is the Data of an "apply" observation: a replica met a write
// for the first time and kept it (it now holds it) or discarded it because
// the write it holds beats it. The final register of a replica is the last
// write it kept.
type ApplyFact struct {
	Write Register
	From  string // the replica it came from (itself for its own increment)
	Kept  bool
	Held  Register // what the replica held before; the winner when discarded
}
