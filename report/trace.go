package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"simrun/sim"
)

// traceLineMax bounds one trace line; a message rendered canonically is
// far smaller.
const traceLineMax = 4 << 20

// traceCut is the part of a trace a Lamport diagram draws: records
// [First, First+len(Records)) of Total, so the picture can say what it
// left out.
type traceCut struct {
	Records []sim.Record
	First   int
	Total   int
	// Why says what the cut is centred on, for the note on the picture.
	Why string
}

// readTraceCut reads at most budget records of the trace at path, starting
// a quarter of the budget before the first record at or after focus, so
// the diagram shows what led up to the focus too. It reads the file twice
// but decodes only the records it keeps: the first pass reads each line's
// time alone, which keeps a million-event trace cheap.
func readTraceCut(path string, focus time.Duration, budget int) (traceCut, error) {
	var cut traceCut
	focusIdx := -1
	err := scanLines(path, func(i int, line []byte) (bool, error) {
		cut.Total = i + 1
		if focusIdx < 0 {
			t, err := lineTime(line)
			if err != nil {
				return false, fmt.Errorf("%s: record %d: %w", path, i, err)
			}
			if t >= focus {
				focusIdx = i
			}
		}
		return true, nil
	})
	if err != nil {
		return cut, err
	}
	if focusIdx < 0 {
		focusIdx = cut.Total
	}
	cut.First = max(0, min(focusIdx-budget/4, cut.Total-budget))
	err = scanLines(path, func(i int, line []byte) (bool, error) {
		if i < cut.First {
			return true, nil
		}
		if i >= cut.First+budget {
			return false, nil
		}
		var rec sim.Record
		if err := json.Unmarshal(line, &rec); err != nil {
			return false, fmt.Errorf("%s: record %d: %w", path, i, err)
		}
		cut.Records = append(cut.Records, rec)
		return true, nil
	})
	return cut, err
}

// scanLines calls fn with each non-blank line of the file and its index
// until fn returns false or an error.
func scanLines(path string, fn func(i int, line []byte) (bool, error)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 256<<10), traceLineMax)
	i := 0
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		more, err := fn(i, line)
		if err != nil || !more {
			return err
		}
		i++
	}
	return sc.Err()
}

// timeKey is how sim.Record writes its time.
var timeKey = []byte(`"t":`)

// lineTime reads the "t" field of a trace line without decoding the rest.
func lineTime(line []byte) (time.Duration, error) {
	at := bytes.Index(line, timeKey)
	if at < 0 {
		return 0, fmt.Errorf("no time field")
	}
	rest := line[at+len(timeKey):]
	end := bytes.IndexAny(rest, ",}")
	if end < 0 {
		return 0, fmt.Errorf("bad time field")
	}
	t, err := strconv.ParseInt(string(rest[:end]), 10, 64)
	return time.Duration(t), err
}
