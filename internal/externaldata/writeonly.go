package externaldata

import "encoding/json"

// WriteOnly is a secret the API accepts but never returns. A request either leaves the stored
// value alone (Keep: the field is omitted), removes it (Clear: null) or replaces it (Set).
type WriteOnly struct {
	op    writeOp
	value string
}

type writeOp uint8

const (
	keep writeOp = iota
	clear
	set
)

// Keep leaves the stored secret as it is. It is the zero value, and what answers always hold.
func Keep() WriteOnly { return WriteOnly{} }

// Clear removes the stored secret.
func Clear() WriteOnly { return WriteOnly{op: clear} }

// Set replaces the stored secret with value.
func Set(value string) WriteOnly { return WriteOnly{op: set, value: value} }

// IsZero reports Keep, which omitzero leaves out of a request.
func (w WriteOnly) IsZero() bool { return w.op == keep }

// Value is the secret being set, and whether there is one.
func (w WriteOnly) Value() (string, bool) { return w.value, w.op == set }

// MarshalJSON writes null for Clear and the value for Set; Keep is omitted by omitzero.
func (w WriteOnly) MarshalJSON() ([]byte, error) {
	if w.op == set {
		return json.Marshal(w.value)
	}
	return []byte("null"), nil
}

// UnmarshalJSON ignores what an answer holds: the API never returns a secret, and one that did
// must not be taken for the stored value.
func (w *WriteOnly) UnmarshalJSON([]byte) error {
	*w = Keep()
	return nil
}

// String keeps the secret out of logs and error messages that print the struct.
func (w WriteOnly) String() string {
	switch w.op {
	case set:
		return "(secret)"
	case clear:
		return "(cleared)"
	}
	return "(kept)"
}
