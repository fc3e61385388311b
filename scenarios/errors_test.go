package scenarios

import (
	"errors"
	"fmt"
	"testing"
)

// TestErrorFormat checks the rendering with and without position and
// field, since editors and people parse it.
func TestErrorFormat(t *testing.T) {
	cases := []struct {
		e    Error
		want string
	}{
		{Error{File: "x.yaml", Line: 3, Col: 7, Field: "network.loss", Msg: "1.5 is out of range [0,1]"}, "x.yaml:3:7: network.loss: 1.5 is out of range [0,1]"},
		{Error{File: "x.yaml", Line: 1, Col: 4, Msg: "invalid YAML: oops"}, "x.yaml:1:4: invalid YAML: oops"},
		{Error{File: "--set duration=-1s", Field: "duration", Msg: "must be > 0"}, "--set duration=-1s: duration: must be > 0"},
		{Error{File: "missing.yaml", Msg: "cannot read: no such file or directory"}, "missing.yaml: cannot read: no such file or directory"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
}

// TestFieldOfConfigError checks how Validate errors are split into a
// field and a message, including wrapped ones.
func TestFieldOfConfigError(t *testing.T) {
	cases := []struct {
		err        error
		field, msg string
	}{
		{&FieldError{Field: "a.b", Msg: "bad"}, "a.b", "bad"},
		{fmt.Errorf("wrapped: %w", &FieldError{Field: "a", Msg: "bad"}), "a", "bad"},
		{ownFieldError{field: "x", msg: "worse"}, "x", "worse"},
		{errors.New("plain"), "", "plain"},
	}
	for _, c := range cases {
		field, msg := fieldOfConfigError(c.err)
		if field != c.field || msg != c.msg {
			t.Errorf("fieldOfConfigError(%v) = %q, %q; want %q, %q", c.err, field, msg, c.field, c.msg)
		}
	}
}
