package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
)

type statusErr int

func (s statusErr) Error() string   { return http.StatusText(int(s)) }
func (s statusErr) HTTPStatus() int { return int(s) }

type object struct{ id, name, clientID string }

func TestCreateOnce(t *testing.T) {
	sent := object{name: "Exchange", clientID: "c"}
	created := &object{"created", "Exchange", "c"}
	ours := &object{"found", "Exchange", "c"}
	someoneElses := &object{"theirs", "Exchange", "other"}
	network := errors.New("connection reset by peer")
	unusable := &UnusableAnswerError{Service: "Jira", Answer: "an empty body", Want: "the link"}
	nameTaken := statusErr(409)
	for _, tc := range []struct {
		name        string
		sendErrs    []error // the answer of each send, in turn
		lookup      *object
		lookupErr   error
		want        string // the id returned
		wantErr     error
		wantTaken   *NameTakenError
		wantSends   int
		wantLookups int
	}{
		{name: "success", sendErrs: []error{nil}, want: "created", wantSends: 1},
		{name: "rejected: no lookup, no retry", sendErrs: []error{statusErr(400)}, wantErr: statusErr(400), wantSends: 1},
		{name: "throttled: not applied", sendErrs: []error{statusErr(429)}, wantErr: statusErr(429), wantSends: 1},
		{name: "5xx, created after all: adopted", sendErrs: []error{statusErr(502)}, lookup: ours, want: "found", wantSends: 1, wantLookups: 1},
		{name: "unusable answer: looked up and adopted", sendErrs: []error{unusable}, lookup: ours, want: "found", wantSends: 1, wantLookups: 1},
		{
			name: "5xx, someone else's object under the name: left alone", sendErrs: []error{statusErr(503)}, lookup: someoneElses,
			wantErr: statusErr(503), wantTaken: &NameTakenError{ID: "theirs", Differences: []string{"clientId"}}, wantSends: 1, wantLookups: 1,
		},
		{name: "network error, not created: sent again", sendErrs: []error{network, nil}, want: "created", wantSends: 2, wantLookups: 1},
		{name: "sent again, lost again: looked up again", sendErrs: []error{network, network}, wantErr: network, wantSends: 2, wantLookups: 2},
		{name: "lookup fails too: the create's error", sendErrs: []error{statusErr(503)}, lookupErr: statusErr(503), wantErr: statusErr(503), wantSends: 1, wantLookups: 1},
		{
			name: "name refused: the holder is named", sendErrs: []error{nameTaken}, lookup: someoneElses,
			wantErr: nameTaken, wantTaken: &NameTakenError{ID: "theirs"}, wantSends: 1, wantLookups: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sends, lookups := 0, 0
			got, err := CreateOnce(context.Background(), Creation[object]{
				Send: func(context.Context) (*object, error) {
					err := tc.sendErrs[sends]
					sends++
					if err != nil {
						return nil, err
					}
					return created, nil
				},
				Lookup: func(context.Context) (*object, error) {
					lookups++
					return tc.lookup, tc.lookupErr
				},
				Differences: differences(sent),
				ID:          func(o *object) string { return o.id },
				NameTaken:   func(err error) bool { return errors.Is(err, nameTaken) },
			})
			if !errors.Is(err, tc.wantErr) || (err == nil && got.id != tc.want) || (err != nil && got != nil) {
				t.Errorf("CreateOnce = %v, %v; want %q, %v", got, err, tc.want, tc.wantErr)
			}
			var taken *NameTakenError
			if errors.As(err, &taken) != (tc.wantTaken != nil) ||
				(taken != nil && (taken.ID != tc.wantTaken.ID || !slices.Equal(taken.Differences, tc.wantTaken.Differences))) {
				t.Errorf("error %#v, want a NameTakenError like %#v", err, tc.wantTaken)
			}
			if sends != tc.wantSends || lookups != tc.wantLookups {
				t.Errorf("sends, lookups = %d, %d; want %d, %d", sends, lookups, tc.wantSends, tc.wantLookups)
			}
		})
	}
}

func differences(sent object) func(*object) []string {
	return func(found *object) []string {
		if found.clientID != sent.clientID {
			return []string{"clientId"}
		}
		return nil
	}
}

// TestCreateOnceInterrupted interrupts an apply while the create is in flight: the server may have
// committed it, so the lookup still runs (on a context the interruption does not cancel), and
// what it finds comes back with the error, for Terraform to record.
func TestCreateOnceInterrupted(t *testing.T) {
	for _, tc := range []struct {
		name  string
		found *object
	}{
		{"committed: returned with the error", &object{"found", "Exchange", "c"}},
		{"not committed: nothing, and not sent again", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, interrupt := context.WithCancel(context.Background())
			sends := 0
			got, err := CreateOnce(ctx, Creation[object]{
				Send: func(ctx context.Context) (*object, error) {
					sends++
					interrupt() // SIGINT while the POST is in flight
					return nil, fmt.Errorf("POST /config: %w", ctx.Err())
				},
				Lookup: func(lookupCtx context.Context) (*object, error) {
					if err := lookupCtx.Err(); err != nil {
						return nil, err
					}
					return tc.found, nil
				},
				Differences: differences(object{clientID: "c"}),
				ID:          func(o *object) string { return o.id },
				NameTaken:   func(error) bool { return false },
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want the interruption", err)
			}
			if got != tc.found {
				t.Errorf("CreateOnce returned %v, want %v", got, tc.found)
			}
			if sends != 1 {
				t.Errorf("%d creates sent after an interruption, want 1", sends)
			}
		})
	}
}

func TestNameTakenErrorSaysWhatHappened(t *testing.T) {
	refused := &NameTakenError{ID: "L1", Err: errors.New("Jira answered 400 Bad Request: name: a configuration with this name already exists")}
	if want := `Jira answered 400 Bad Request: name: a configuration with this name already exists; the object with id "L1" holds this name`; refused.Error() != want {
		t.Errorf("refused name:\n%s\nwant\n%s", refused, want)
	}
	differs := &NameTakenError{ID: "L1", Differences: []string{"clientId", "scopes"}, Err: statusErr(503)}
	if want := `the create may have reached the server before it failed (Service Unavailable), but the object with id "L1" holds this name ` +
		`and differs from what was sent in clientId, scopes: someone else made it, so it was left alone`; differs.Error() != want {
		t.Errorf("differing object:\n%s\nwant\n%s", differs, want)
	}
	if !errors.Is(differs, statusErr(503)) {
		t.Error("the create's error does not unwrap")
	}
}
