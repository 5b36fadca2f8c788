package httpx

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

type statusErr int

func (s statusErr) Error() string   { return http.StatusText(int(s)) }
func (s statusErr) HTTPStatus() int { return int(s) }

func TestCreateOnce(t *testing.T) {
	created := &struct{ id string }{"created"}
	found := &struct{ id string }{"found"}
	network := errors.New("connection reset by peer")
	for _, tc := range []struct {
		name        string
		createErrs  []error // the answer of each create call, in turn
		lookup      *struct{ id string }
		lookupErr   error
		want        string
		wantErr     error
		wantCreates int
		wantLookups int
	}{
		{name: "success", createErrs: []error{nil}, want: "created", wantCreates: 1},
		{name: "rejected: no lookup, no retry", createErrs: []error{statusErr(400)}, wantErr: statusErr(400), wantCreates: 1},
		{name: "throttled: not applied", createErrs: []error{statusErr(429)}, wantErr: statusErr(429), wantCreates: 1},
		{name: "5xx, created after all: adopted", createErrs: []error{statusErr(502)}, lookup: found, want: "found", wantCreates: 1, wantLookups: 1},
		{name: "network error, not created: sent again", createErrs: []error{network, nil}, want: "created", wantCreates: 2, wantLookups: 1},
		{name: "lookup fails too: the create's error", createErrs: []error{statusErr(503)}, lookupErr: statusErr(503), wantErr: statusErr(503), wantCreates: 1, wantLookups: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			creates, lookups := 0, 0
			got, err := CreateOnce(context.Background(),
				func() (*struct{ id string }, error) {
					err := tc.createErrs[creates]
					creates++
					if err != nil {
						return nil, err
					}
					return created, nil
				},
				func() (*struct{ id string }, error) {
					lookups++
					return tc.lookup, tc.lookupErr
				})
			if !errors.Is(err, tc.wantErr) || (err == nil && got.id != tc.want) {
				t.Errorf("CreateOnce = %v, %v; want %q, %v", got, err, tc.want, tc.wantErr)
			}
			if creates != tc.wantCreates || lookups != tc.wantLookups {
				t.Errorf("creates, lookups = %d, %d; want %d, %d", creates, lookups, tc.wantCreates, tc.wantLookups)
			}
		})
	}
}
