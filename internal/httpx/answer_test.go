package httpx

import (
	"errors"
	"strings"
	"testing"
)

func TestDecodeJSONRefusesAnswersThatAreNotObjects(t *testing.T) {
	for body, answer := range map[string]string{
		"":             "an empty body",
		"  \n":         "an empty body",
		"null":         "null",
		"<html>":       "a body that does not decode",
		`{"id":[1]}`:   "a body that does not decode",
		`["not", "1"]`: "a body that does not decode",
	} {
		var out struct{ ID string }
		err := DecodeJSON("Jira", "GET", "/config/L1", []byte(body), &out)
		var unusable *UnusableAnswerError
		if !errors.As(err, &unusable) || unusable.Answer != answer || !MayHaveBeenApplied(err) {
			t.Errorf("DecodeJSON(%q) = %v, want an unusable answer: %s", body, err, answer)
		}
	}
	var out struct{ ID string }
	if err := DecodeJSON("Jira", "GET", "/config/L1", []byte(`{"ID":"L1","unknown":true}`), &out); err != nil || out.ID != "L1" {
		t.Errorf("a good answer: %v, %+v", err, out)
	}
}

func TestCheckID(t *testing.T) {
	if err := CheckID("Jira", "GET", "/config/L1", "outgoing link", "L1", "L1"); err != nil {
		t.Errorf("the link asked for: %v", err)
	}
	if err := CheckID("Jira", "POST", "/config", "outgoing link", "L9", ""); err != nil {
		t.Errorf("any link: %v", err)
	}
	for _, tc := range []struct{ got, want, message string }{
		{"", "L1", `GET /config/L1: Jira answered with an object without an id instead of the outgoing link "L1". Nothing was taken`},
		{"L2", "L1", `GET /config/L1: Jira answered with the object "L2" instead of the outgoing link "L1". Nothing was taken`},
		{"", "", `GET /config/L1: Jira answered with an object without an id instead of the outgoing link with its id. Nothing was taken`},
	} {
		err := CheckID("Jira", "GET", "/config/L1", "outgoing link", tc.got, tc.want)
		if err == nil || !strings.HasPrefix(err.Error(), tc.message) || !strings.HasSuffix(err.Error(), "answers in its place") {
			t.Errorf("CheckID(%q, %q) = %v, want %q…", tc.got, tc.want, err, tc.message)
		}
	}
	items := []string{"a", ""}
	if err := CheckIDs("Jira", "GET", "/config", "outgoing link", items, func(s string) string { return s }); err == nil ||
		!strings.Contains(err.Error(), "a list holding an object without an id instead of a list of outgoing links with their ids") {
		t.Errorf("CheckIDs = %v", err)
	}
}
