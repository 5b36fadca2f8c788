package httpxtest

import (
	"fmt"
	"testing"
)

// recorder is a testing.TB that keeps the errors reported to it.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestCheckIDsReportsEachElementWithoutAnID(t *testing.T) {
	type link struct{ ID string }
	id := func(l link) string { return l.ID }
	for _, tc := range []struct {
		list []link
		want int
	}{
		{nil, 0},
		{[]link{{"1"}, {"2"}}, 0},
		{[]link{{"1"}, {""}, {""}}, 2},
	} {
		r := &recorder{TB: t}
		CheckIDs(r, "List", tc.list, id)
		if len(r.errors) != tc.want {
			t.Errorf("CheckIDs(%+v) reported %q, want %d errors", tc.list, r.errors, tc.want)
		}
	}
}
