package crdt

// Observation kinds this protocol records; Check and Story read exactly
// these.
const (
	KindIncrement = "increment"
	KindState     = "state"
)

// IncrementFact is the Data of an "increment" observation: a replica
// added Delta to its own entry; Value is the counter's value after.
type IncrementFact struct {
	ID    string
	Delta int64
	Value int64
}

// StateFact is the Data of a "state" observation: a replica's state
// changed. Cause is "increment" (Detail: its ID) or "merge" (Detail: the
// replica whose push grew it). A replica's final state is its last one.
type StateFact struct {
	State  State
	Cause  string
	Detail string
}
