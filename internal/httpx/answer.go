package httpx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// UnusableAnswerError is a success whose body is not what the request asked for: empty, null, not
// the expected JSON, an object without its id or with another object's id, or one without a block
// its type requires. A read reports it and takes nothing from it, so the last known state stays;
// a create treats it like a lost answer (MayHaveBeenApplied), since the object may well exist.
type UnusableAnswerError struct {
	Service      string // "Jira", "External Data"
	Method, Path string
	// Answer says what came, e.g. "an empty body" or `the outgoing link "L2"`. It never quotes the
	// body, which may hold secrets.
	Answer string
	// Want says what was asked for, e.g. `the outgoing link "L1"`.
	Want string
	// Err is the decoding error, if there was one.
	Err error
}

func (e *UnusableAnswerError) Error() string {
	answer := e.Answer
	if e.Err != nil {
		answer += " (" + e.Err.Error() + ")"
	}
	msg := fmt.Sprintf("%s answered with %s instead of %s. Nothing was taken from this answer; if this persists, "+
		"check whether something between the provider and %s (a proxy or gateway) answers in its place",
		e.Service, answer, e.Want, e.Service)
	if e.Method != "" {
		msg = e.Method + " " + e.Path + ": " + msg
	}
	return msg
}

func (e *UnusableAnswerError) Unwrap() error { return e.Err }

// DecodeJSON decodes the body of a successful answer of service to method path into out. An empty
// body, JSON null or a body that does not decode is an *UnusableAnswerError, never a zero value
// taken for an answer.
func DecodeJSON(service, method, path string, body []byte, out any) error {
	unusable := func(answer string, err error) error {
		return &UnusableAnswerError{Service: service, Method: method, Path: path, Answer: answer, Want: "the expected JSON", Err: err}
	}
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return unusable("an empty body", nil)
	case bytes.Equal(trimmed, []byte("null")):
		return unusable("null", nil)
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		return unusable("a body that does not decode", err)
	}
	return nil
}

// CheckID returns an *UnusableAnswerError unless the id of the noun (such as "outgoing link") that
// service answered to method path is set and, when want is set, is want: an answer about another
// object, or about none, must not be taken for the one asked for.
func CheckID(service, method, path, noun, got, want string) error {
	e := &UnusableAnswerError{Service: service, Method: method, Path: path, Want: fmt.Sprintf("the %s with its id", noun)}
	if want != "" {
		e.Want = fmt.Sprintf("the %s %q", noun, want)
	}
	switch {
	case got == "":
		e.Answer = "an object without an id"
	case want != "" && got != want:
		e.Answer = fmt.Sprintf("the object %q", got)
	default:
		return nil
	}
	return e
}

// CheckIDs returns an *UnusableAnswerError when an object in a list that service answered to
// method path has no id: it could be neither adopted nor imported.
func CheckIDs[T any](service, method, path, noun string, items []T, id func(T) string) error {
	for _, item := range items {
		if id(item) == "" {
			return &UnusableAnswerError{Service: service, Method: method, Path: path,
				Answer: "a list holding an object without an id", Want: fmt.Sprintf("a list of %ss with their ids", noun)}
		}
	}
	return nil
}

// FieldErrors writes the field errors of an answer (messages by field name) for an error's
// message, sorted by field: "name: taken; too long".
func FieldErrors(fields map[string][]string) []string {
	var parts []string
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		parts = append(parts, field+": "+strings.Join(fields[field], "; "))
	}
	return parts
}
