package scenarios

import (
	"errors"
	"fmt"
	"strings"
)

// Error is the one error a bad scenario produces. It names the file (or the
// --set override the bad value came from), the position, the field path and
// what is wrong, so a person can fix the input without reading our code; the
// CLI recognises it with errors.As and exits with code 2 (bad input).
//
// Error() renders `FILE:LINE:COL: FIELD: MSG`. Parts that are unknown are
// left out: Line is 0 for errors without a position in a file (an override,
// a missing file) and Field is empty for errors that belong to no field (a
// YAML syntax error, an empty file).
type Error struct {
	File  string // the file name given to Load, or "--set path=value"
	Line  int    // 1-based; 0 when there is no position
	Col   int    // 1-based; 0 when there is no position
	Field string // e.g. "faults[2].crash"; empty when no field applies
	Msg   string // what is wrong, for a person
}

// Error renders the error in the compiler-like form editors can jump to.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// FieldError lets a protocol's Config.Validate point at one of its own
// fields, so the scenario error lands on that line instead of on `config`.
// Field is the path below `config`, in YAML keys ("failover_timeout",
// "peers[1].addr").
//
// Protocol packages must not import scenarios (see DESIGN.md), so Load
// accepts any error with a `ConfigField() string` method, found with
// errors.As; FieldError is simply the ready-made one. A protocol can declare
// its own two-method type instead.
type FieldError struct {
	Field string // path below `config`, in YAML keys
	Msg   string // what is wrong
}

// Error renders the field and the message, like every error in this package.
func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// ConfigField names the config field at fault; Load looks for this method.
func (e *FieldError) ConfigField() string { return e.Field }

// configFielder is what a Validate error implements to point at a field.
type configFielder interface {
	error
	ConfigField() string
}

// fieldOfConfigError splits a Validate error into the field it points at
// (empty when it points at none) and the message to show.
func fieldOfConfigError(err error) (field, msg string) {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field, fe.Msg
	}
	var cf configFielder
	if errors.As(err, &cf) {
		field = cf.ConfigField()
		return field, strings.TrimPrefix(err.Error(), field+": ")
	}
	return "", err.Error()
}
