package check

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/anishathalye/porcupine"
)

// kvInput is the porcupine input of one KV operation. A read's output is the
// string it returned; a write's output is nil.
type kvInput struct {
	write bool
	key   string
	value string
}

// kvModel is a single-register model per key: the state is the key's value,
// "" when absent. Partitioning by key lets porcupine check keys separately,
// which is both sound (keys are independent) and what keeps big histories
// tractable.
func kvModel() porcupine.Model {
	return porcupine.Model{
		Partition: partitionByKey,
		Init:      func() any { return "" },
		Step: func(state, input, output any) (bool, any) {
			in := input.(kvInput)
			if in.write {
				return true, in.value
			}
			return output.(string) == state.(string), state
		},
		DescribeOperation: func(input, output any) string {
			in := input.(kvInput)
			if in.write {
				return fmt.Sprintf("write(%s, %s)", in.key, strconv.Quote(in.value))
			}
			return fmt.Sprintf("read(%s) -> %s", in.key, describeValue(output.(string)))
		},
		DescribeState: func(state any) string { return describeValue(state.(string)) },
	}
}

// describeValue quotes a value for the visualisation, naming absence.
func describeValue(v string) string {
	if v == "" {
		return "absent"
	}
	return strconv.Quote(v)
}

// partitionByKey groups operations by key in order of first appearance, so
// with ops sorted by key, partition i is the i-th key.
func partitionByKey(history []porcupine.Operation) [][]porcupine.Operation {
	var parts [][]porcupine.Operation
	index := make(map[string]int)
	for _, op := range history {
		key := op.Input.(kvInput).key
		i, ok := index[key]
		if !ok {
			i = len(parts)
			index[key] = i
			parts = append(parts, nil)
		}
		parts[i] = append(parts[i], op)
	}
	return parts
}

// linOps turns the history into porcupine operations, sorted by key then
// invocation, with the sorted keys they cover. Failed ops are left out (they
// took no effect); an unknown read is dropped (it constrains nothing); an
// unknown write returns after every other event, because it may take effect
// at any time after its invocation. With describe, each operation carries
// its client, server and outcome for porcupine's visualisation; a verdict
// does not need them.
func linOps(h History, describe bool) (keys []string, ops []porcupine.Operation) {
	kept := make([]int, 0, len(h)) // indices into h, so sorting moves ints, not whole ops
	var horizon int64
	for i := range h {
		op := &h[i]
		op.mustValid()
		horizon = max(horizon, int64(op.Complete)+1)
		if op.Outcome == Fail || (op.Outcome == Unknown && op.Kind == kindRead) {
			continue
		}
		kept = append(kept, i)
	}
	// By key, invocation and client; the index last keeps recorded order
	// for ties, as a stable sort would.
	slices.SortFunc(kept, func(i, j int) int {
		a, b := &h[i], &h[j]
		return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.Invoke, b.Invoke), cmp.Compare(a.Client, b.Client), cmp.Compare(i, j))
	})
	clients := clientIDs(h, kept)
	ops = make([]porcupine.Operation, 0, len(kept))
	for _, i := range kept {
		op := &h[i]
		if len(keys) == 0 || keys[len(keys)-1] != op.Key {
			keys = append(keys, op.Key)
		}
		ops = append(ops, porcupineOp(op, clients[op.Client], horizon, describe))
	}
	return keys, ops
}

// porcupineOp converts one kept op; horizon is the return time of an
// unknown write.
func porcupineOp(op *Op, clientID int, horizon int64, describe bool) porcupine.Operation {
	in := kvInput{write: op.Kind == kindWrite, key: op.Key, value: op.Value}
	var out any = op.Output
	ret := int64(op.Complete)
	if in.write {
		out = nil
		if op.Outcome == Unknown {
			ret = horizon
		}
	}
	pop := porcupine.Operation{ClientId: clientID, Input: in, Call: int64(op.Invoke), Output: out, Return: ret}
	if describe {
		pop.Metadata = fmt.Sprintf("client %s, server %s, %s", op.Client, op.Server, op.Outcome)
	}
	return pop
}

// clientIDs numbers the clients of h[kept] in name order: porcupine wants small ints
// and the numbering must not depend on history order.
func clientIDs(h History, kept []int) map[string]int {
	names := make([]string, 0, len(kept))
	for _, i := range kept {
		names = append(names, h[i].Client)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	ids := make(map[string]int, len(names))
	for i, n := range names {
		ids[n] = i
	}
	return ids
}
